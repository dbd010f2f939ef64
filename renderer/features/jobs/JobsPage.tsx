// SPDX-License-Identifier: Apache-2.0
/**
 * Every training job of one cluster or of all of them: each training kind a cluster serves is
 * followed live through the sync engine (and read from the cache offline), summarised (phase
 * from conditions, replicas, GPUs, times), filtered, searched and sorted. Slices that are stale
 * or forbidden are named in one banner instead of failing the page.
 */
import { useEffect, useMemo, useState } from 'react';
import { create } from 'zustand';
import { jobPhases, phaseTone, replicaText } from '../../../shared/kube/training-job-summary';
import { trainingKindKey } from '../../../shared/kube/training-kinds';
import { useRouter, type Route } from '../../app/router';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { age } from '../../lib/format';
import { useClusters } from '../../lib/clusters.store';
import { syncedAt, useClusterScope } from '../../lib/use-cluster-scope';
import { useSlices } from '../../lib/sync/use-slices';
import { filterChoices, filterJobs, formatDuration, jobRows, jobSlices, noFilters, sliceProblems, type JobFilters, type JobRow } from './jobs-filter';
import { ClusterScopeSelect } from '../../components/ClusterScopeSelect';

const columns: Column<JobRow>[] = [
  { id: 'kind', title: 'Kind', width: 120, text: (r) => r.kind.title },
  { id: 'name', title: 'Name', text: (r) => r.object.metadata.name },
  { id: 'namespace', title: 'Namespace', width: 105, text: (r) => r.object.metadata.namespace ?? '' },
  { id: 'cluster', title: 'Cluster', width: 90, text: (r) => r.clusterName },
  {
    id: 'phase',
    title: 'Phase',
    width: 105,
    text: (r) => r.summary.phase,
    render: (r) => (
      <span
        className={`pill ${phaseTone(r.summary.phase)}`}
        title={[r.summary.reason, r.summary.message].filter(Boolean).join(': ')}
        data-phase={r.summary.phase}
      >
        {r.summary.phase}
      </span>
    ),
  },
  { id: 'reason', title: 'Reason', width: 150, hiddenByDefault: true, text: (r) => r.summary.reason ?? '' },
  {
    id: 'replicas',
    title: 'Replicas (active/wanted)',
    width: 180,
    text: (r) => r.summary.replicas.map(replicaText).join(' · '),
  },
  { id: 'gpus', title: 'GPUs', width: 55, align: 'right', text: (r) => (r.summary.gpus ? String(r.summary.gpus) : ''), sortValue: (r) => r.summary.gpus },
  {
    id: 'age',
    title: 'Age',
    width: 50,
    align: 'right',
    text: (r) => age(r.object.metadata.creationTimestamp),
    sortValue: (r) => -Date.parse(r.object.metadata.creationTimestamp ?? '1970-01-01'),
  },
  {
    id: 'duration',
    title: 'Duration',
    width: 80,
    align: 'right',
    text: (r) => formatDuration(r.summary.durationMs),
    sortValue: (r) => r.summary.durationMs ?? -1,
  },
  { id: 'message', title: 'Message', text: (r) => r.summary.message ?? '' },
];

/** The filters outlive the page, so coming back from a job keeps them. */
const useJobFilters = create<{ filters: JobFilters; setFilters(f: JobFilters): void }>((set) => ({
  filters: noFilters,
  setFilters: (filters) => set({ filters }),
}));

/** The page for a `jobs` route. */
export function JobsPage({ route }: { route: Extract<Route, { page: 'jobs' }> }) {
  const go = useRouter((s) => s.go);
  const list = useClusters((s) => s.list);
  const { filters, setFilters } = useJobFilters();
  // cluster|kind slices whose cross-namespace list was forbidden: narrowed to the context's namespace
  const [narrowed, setNarrowed] = useState<Set<string>>(new Set());

  const { scope, usable, nameOf, kindsByCluster } = useClusterScope(route.clusterId);

  const specs = useMemo(() => {
    const served = usable.flatMap((c) => {
      const k = kindsByCluster[c.id];
      return k && 'keys' in k ? [{ id: c.id, served: k.keys }] : [];
    });
    return jobSlices(served, (clusterId, kind) =>
      narrowed.has(`${clusterId}|${trainingKindKey(kind)}`) ? usable.find((c) => c.id === clusterId)?.namespace : undefined,
    );
  }, [usable, kindsByCluster, narrowed]);
  const { rows: tagged, slices } = useSlices(specs);

  useEffect(() => {
    const add = slices.filter(
      (s) =>
        s.status?.freshness === 'forbidden' &&
        !s.req.namespace &&
        !narrowed.has(`${s.req.clusterId}|${s.tag}`) &&
        usable.find((c) => c.id === s.req.clusterId)?.namespace,
    );
    if (add.length) setNarrowed(new Set([...narrowed, ...add.map((s) => `${s.req.clusterId}|${s.tag}`)]));
  }, [slices, narrowed, usable]);

  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, []);
  const rows = useMemo(() => jobRows(tagged, nameOf, now), [tagged, nameOf, now]);
  const shown = useMemo(() => filterJobs(rows, filters), [rows, filters]);
  const choices = useMemo(() => filterChoices(rows), [rows]);
  const problems = useMemo(() => sliceProblems(slices, nameOf), [slices, nameOf]);
  const narrowedClusters = useMemo(() => {
    const ids = new Set([...narrowed].map((k) => k.split('|')[0] ?? ''));
    return usable.filter((c) => ids.has(c.id)).map((c) => ({ name: c.displayName, namespace: c.namespace ?? '' }));
  }, [narrowed, usable]);
  const discoveryErrors = usable.flatMap((c) => {
    const k = kindsByCluster[c.id];
    return k && 'error' in k ? [{ name: c.displayName, message: k.error.message }] : [];
  });
  const broken = scope.filter((c) => c.problems.length > 0);
  const waitingKinds = usable.some((c) => !kindsByCluster[c.id]);
  const loading = waitingKinds || slices.some((s) => !s.loaded);
  const syncing = slices.some((s) => s.status?.freshness === 'syncing');

  const currentId = list?.currentId;
  const newJobCluster = route.clusterId ?? currentId;
  const set = (f: Partial<JobFilters>) => setFilters({ ...filters, ...f });
  const open = (r: JobRow) =>
    go({
      page: 'job',
      clusterId: r.clusterId,
      kind: { group: r.kind.group, version: r.kind.version, resource: r.kind.resource },
      namespace: r.object.metadata.namespace ?? '',
      name: r.object.metadata.name,
    });

  return (
    <div className="page jobs-page" data-testid="jobs-page">
      <header className="page-head">
        <h1>Training jobs</h1>
        <ClusterScopeSelect
          testId="jobs-scope"
          value={route.clusterId}
          onChange={(clusterId) => go(clusterId ? { page: 'jobs', clusterId } : { page: 'jobs' })}
        />
        {!loading && problems.length === 0 && slices.length > 0 && (
          <span className={`pill ${syncing ? 'progress' : 'ok'} small`} data-testid="freshness" data-freshness={syncing ? 'syncing' : 'live'}>
            {syncing ? 'syncing…' : 'live'}
          </span>
        )}
        <span className="spacer" />
        <button
          className="btn primary"
          data-testid="new-job"
          disabled={!newJobCluster}
          title={newJobCluster ? `Create a training job in ${nameOf(newJobCluster)}` : 'Choose a cluster first'}
          onClick={() => newJobCluster && go({ page: 'job-new', clusterId: newJobCluster })}
        >
          New job
        </button>
      </header>

      {(problems.length > 0 || discoveryErrors.length > 0 || broken.length > 0 || narrowedClusters.length > 0) && (
        <div className="jobs-banner" data-testid="jobs-freshness">
          {problems.map((p) => (
            <div
              key={`${p.clusterName}|${p.freshness}`}
              className={`note ${p.freshness === 'forbidden' ? 'forbidden' : p.freshness === 'error' ? 'error' : p.freshness === 'snapshot' ? 'snapshot' : 'stale'}`}
              role={p.freshness === 'forbidden' || p.freshness === 'error' ? 'alert' : 'status'}
              data-freshness={p.freshness}
            >
              <strong>{p.clusterName}</strong>
              {p.freshness === 'forbidden' && <> — not allowed to list {p.kinds.join(', ')}. </>}
              {p.freshness === 'error' && <> — could not list {p.kinds.join(', ')}. </>}
              {p.freshness === 'snapshot' && <> — a snapshot taken {syncedAt(p.lastSyncedAt)}, read-only. </>}
              {(p.freshness === 'offline' || p.freshness === 'reconnecting') && (
                <>
                  {' '}
                  — {p.freshness === 'offline' ? 'offline' : 'reconnecting'}: {p.kinds.length} kinds shown as MLDeck saw them at {syncedAt(p.lastSyncedAt)}
                  .{' '}
                </>
              )}
              {p.reason && p.freshness !== 'snapshot' && <span className="muted">{p.reason}</span>}
            </div>
          ))}
          {narrowedClusters.map((c) => (
            <div key={c.name} className="note info" role="status">
              <strong>{c.name}</strong> — listing jobs across namespaces is not allowed; showing namespace {c.namespace}.
            </div>
          ))}
          {discoveryErrors.map((d) => (
            <div key={d.name} className="note error" role="alert">
              <strong>{d.name}</strong> — could not learn which training kinds it serves: {d.message}
            </div>
          ))}
          {broken.map((c) => (
            <div key={c.id} className="note error" role="alert">
              <strong>{c.displayName}</strong> — cannot connect: {c.problems.join('; ')}
            </div>
          ))}
        </div>
      )}

      <div className="jobs-filters" role="group" aria-label="Filters">
        <select
          className="input"
          aria-label="Phase"
          data-testid="filter-phase"
          value={filters.phase}
          onChange={(e) => set({ phase: e.target.value as JobFilters['phase'] })}
        >
          <option value="">Any phase</option>
          {jobPhases.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
        <select className="input" aria-label="Kind" data-testid="filter-kind" value={filters.kind} onChange={(e) => set({ kind: e.target.value })}>
          <option value="">Any kind</option>
          {choices.kinds.map((k) => (
            <option key={k.key} value={k.key}>
              {k.title}
            </option>
          ))}
        </select>
        <select
          className="input"
          aria-label="Namespace"
          data-testid="filter-namespace"
          value={filters.namespace}
          onChange={(e) => set({ namespace: e.target.value })}
        >
          <option value="">Any namespace</option>
          {choices.namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        <label className="check">
          <input type="checkbox" data-testid="filter-gpus" checked={filters.gpusOnly} onChange={(e) => set({ gpusOnly: e.target.checked })} /> Uses GPUs
        </label>
        {(filters.phase || filters.kind || filters.namespace || filters.gpusOnly) && (
          <button className="btn ghost" onClick={() => setFilters(noFilters)}>
            Clear filters
          </button>
        )}
      </div>

      <VirtualTable
        testId="jobs-table"
        rows={shown}
        columns={columns}
        rowKey={(r) => r.key}
        onOpen={open}
        storageKey="training-jobs"
        filterPlaceholder="Search jobs…"
        emptyText={
          loading ? 'Loading…' : rows.length ? 'No job matches the filters.' : usable.length === 0 ? 'No cluster to read jobs from.' : 'No training jobs here.'
        }
      />
    </div>
  );
}
