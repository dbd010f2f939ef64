// SPDX-License-Identifier: Apache-2.0
/**
 * Every Kubeflow notebook server of one cluster or of all of them: Notebooks and their pods
 * followed live through the sync engine (and read from the cache offline), each summarised as
 * the Jupyter web app does (ready, waiting with the reason, stopped, terminating, error), with
 * image, CPU, memory, GPUs, volumes, last activity and age; filtered by namespace and status and
 * searched. Where listing across namespaces is forbidden, the context's namespace is shown.
 */
import { useEffect, useMemo, useState } from 'react';
import { create } from 'zustand';
import { notebookStatuses, notebookTone, serverTypeTitle } from '../../../shared/kube/notebook-summary';
import { useRouter, type Route } from '../../app/router';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { age } from '../../lib/format';
import { ClusterScopeSelect } from '../../components/ClusterScopeSelect';
import { useClusters } from '../../lib/clusters.store';
import { syncedAt, useClusterScope } from '../../lib/use-cluster-scope';
import { useSlices } from '../../lib/sync/use-slices';
import {
  filterServers,
  noServerFilters,
  notebookKind,
  requestLimit,
  serverNamespaces,
  serverRows,
  serverSliceProblems,
  serverSlices,
  shortImage,
  type ServerFilters,
  type ServerRow,
} from './notebook-servers-model';
import './notebook-servers.css';

/** Ready and stopped servers need no reason beside their status. */
const quiet = (r: ServerRow) => r.summary.status === 'ready' || r.summary.status === 'stopped';

const columns: Column<ServerRow>[] = [
  { id: 'name', title: 'Name', width: 170, text: (r) => r.object.metadata.name },
  { id: 'namespace', title: 'Namespace', width: 100, text: (r) => r.object.metadata.namespace ?? '' },
  { id: 'cluster', title: 'Cluster', width: 80, text: (r) => r.clusterName },
  {
    id: 'status',
    title: 'Status',
    width: 170,
    text: (r) => (quiet(r) ? r.summary.status : `${r.summary.status} ${r.summary.reason}`),
    render: (r) => (
      <span className="nbs-status" title={[r.summary.reason, r.summary.message].filter(Boolean).join(': ')}>
        <span className={`pill ${notebookTone(r.summary.status)}`} data-status={r.summary.status}>
          {r.summary.status}
        </span>
        {!quiet(r) && <span className="muted small">{r.summary.reason}</span>}
      </span>
    ),
  },
  { id: 'message', title: 'Message', width: 220, hiddenByDefault: true, text: (r) => (quiet(r) ? '' : r.summary.message) },
  { id: 'type', title: 'Type', width: 90, hiddenByDefault: true, text: (r) => serverTypeTitle(r.summary.serverType) },
  { id: 'image', title: 'Image', width: 180, text: (r) => shortImage(r.summary.image) },
  { id: 'cpu', title: 'CPU', width: 65, align: 'right', text: (r) => requestLimit(r.summary.cpu) },
  { id: 'memory', title: 'Memory', width: 95, align: 'right', text: (r) => requestLimit(r.summary.memory) },
  {
    id: 'gpus',
    title: 'GPUs',
    width: 55,
    align: 'right',
    text: (r) => (r.summary.gpus.count ? String(r.summary.gpus.count) : ''),
    sortValue: (r) => r.summary.gpus.count,
  },
  {
    id: 'volumes',
    title: 'Volumes',
    text: (r) =>
      r.summary.volumes
        .filter((v) => v.claim)
        .map((v) => v.claim)
        .join(', '),
  },
  {
    id: 'activity',
    title: 'Last activity',
    width: 90,
    align: 'right',
    text: (r) => (r.summary.lastActivity ? `${age(r.summary.lastActivity)} ago` : ''),
    sortValue: (r) => -Date.parse(r.summary.lastActivity ?? '1970-01-01'),
  },
  {
    id: 'age',
    title: 'Age',
    width: 50,
    align: 'right',
    text: (r) => age(r.object.metadata.creationTimestamp),
    sortValue: (r) => -Date.parse(r.object.metadata.creationTimestamp ?? '1970-01-01'),
  },
];

/** The filters outlive the page. */
const useServerFilters = create<{ filters: ServerFilters; setFilters(f: ServerFilters): void }>((set) => ({
  filters: noServerFilters,
  setFilters: (filters) => set({ filters }),
}));

/** The page for a `notebooks` route. */
export function NotebookServersPage({ route }: { route: Extract<Route, { page: 'notebooks' }> }) {
  const go = useRouter((s) => s.go);
  const list = useClusters((s) => s.list);
  const { filters, setFilters } = useServerFilters();
  // clusters whose cross-namespace list was forbidden: narrowed to the context's namespace
  const [narrowed, setNarrowed] = useState<Set<string>>(new Set());

  const { scope, usable, nameOf, kindsByCluster } = useClusterScope(route.clusterId);

  const nbKey = `${notebookKind.group}/${notebookKind.version}/${notebookKind.resource}`;
  const serving = usable.filter((c) => {
    const k = kindsByCluster[c.id];
    return k && 'keys' in k && k.keys.has(nbKey);
  });
  const notServing = usable.filter((c) => {
    const k = kindsByCluster[c.id];
    return k && 'keys' in k && !k.keys.has(nbKey);
  });
  const servingIds = serving.map((c) => c.id).join('\n');
  const specs = useMemo(
    () => serverSlices(servingIds ? servingIds.split('\n') : [], (id) => (narrowed.has(id) ? usable.find((c) => c.id === id)?.namespace : undefined)),
    [servingIds, narrowed, usable],
  );
  const { rows: tagged, slices } = useSlices(specs);

  useEffect(() => {
    const add = slices.filter(
      (s) =>
        s.status?.freshness === 'forbidden' && !s.req.namespace && !narrowed.has(s.req.clusterId) && usable.find((c) => c.id === s.req.clusterId)?.namespace,
    );
    if (add.length) setNarrowed(new Set([...narrowed, ...add.map((s) => s.req.clusterId)]));
  }, [slices, narrowed, usable]);

  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, []);
  const rows = useMemo(() => serverRows(tagged, nameOf, now), [tagged, nameOf, now]);
  const shown = useMemo(() => filterServers(rows, filters), [rows, filters]);
  const namespaces = useMemo(() => serverNamespaces(rows), [rows]);
  const problems = useMemo(() => serverSliceProblems(slices, nameOf), [slices, nameOf]);
  const narrowedClusters = usable.filter((c) => narrowed.has(c.id));
  const discoveryErrors = usable.flatMap((c) => {
    const k = kindsByCluster[c.id];
    return k && 'error' in k ? [{ name: c.displayName, message: k.error.message }] : [];
  });
  const broken = scope.filter((c) => c.problems.length > 0);
  const loading = usable.some((c) => !kindsByCluster[c.id]) || slices.some((s) => !s.loaded);
  const syncing = slices.some((s) => s.status?.freshness === 'syncing');
  const newCluster = route.clusterId ?? list?.currentId;
  const set = (f: Partial<ServerFilters>) => setFilters({ ...filters, ...f });

  return (
    <div className="page notebook-servers-page" data-testid="notebook-servers-page">
      <header className="page-head">
        <h1>Notebook servers</h1>
        <ClusterScopeSelect
          testId="notebooks-scope"
          value={route.clusterId}
          onChange={(clusterId) => go(clusterId ? { page: 'notebooks', clusterId } : { page: 'notebooks' })}
        />
        {!loading && problems.length === 0 && slices.length > 0 && (
          <span className={`pill ${syncing ? 'progress' : 'ok'} small`} data-testid="freshness" data-freshness={syncing ? 'syncing' : 'live'}>
            {syncing ? 'syncing…' : 'live'}
          </span>
        )}
        <span className="spacer" />
        <button
          className="btn primary"
          data-testid="new-notebook-server"
          disabled={!newCluster}
          title={newCluster ? `Create a notebook server in ${nameOf(newCluster)}` : 'Choose a cluster first'}
          onClick={() => newCluster && go({ page: 'notebook-new', clusterId: newCluster, ...(filters.namespace ? { namespace: filters.namespace } : {}) })}
        >
          New server
        </button>
      </header>

      {(problems.length > 0 || discoveryErrors.length > 0 || broken.length > 0 || narrowedClusters.length > 0 || notServing.length > 0) && (
        <div className="jobs-banner" data-testid="notebooks-freshness">
          {problems.map((p) => (
            <div
              key={`${p.clusterId}|${p.freshness}`}
              className={`note ${p.freshness === 'forbidden' ? 'forbidden' : p.freshness === 'error' ? 'error' : p.freshness === 'snapshot' ? 'snapshot' : 'stale'}`}
              role={p.freshness === 'forbidden' || p.freshness === 'error' ? 'alert' : 'status'}
              data-freshness={p.freshness}
            >
              <strong>{p.clusterName}</strong>
              {p.freshness === 'forbidden' && <> — not allowed to list {p.what.join(' and ')}. </>}
              {p.freshness === 'error' && <> — could not list {p.what.join(' and ')}. </>}
              {p.freshness === 'snapshot' && <> — a snapshot taken {syncedAt(p.lastSyncedAt)}, read-only. </>}
              {(p.freshness === 'offline' || p.freshness === 'reconnecting') && (
                <>
                  {' '}
                  — {p.freshness}: {p.what.join(' and ')} shown as MLDeck saw them at {syncedAt(p.lastSyncedAt)}.{' '}
                </>
              )}
              {p.reason && p.freshness !== 'snapshot' && <span className="muted">{p.reason}</span>}
            </div>
          ))}
          {narrowedClusters.map((c) => (
            <div key={c.id} className="note info" role="status">
              <strong>{c.displayName}</strong> — listing notebook servers across namespaces is not allowed; showing namespace {c.namespace}.
            </div>
          ))}
          {notServing.map((c) => (
            <div key={c.id} className="note info" role="status">
              <strong>{c.displayName}</strong> — does not serve Kubeflow Notebooks (kubeflow.org/v1).
            </div>
          ))}
          {discoveryErrors.map((d) => (
            <div key={d.name} className="note error" role="alert">
              <strong>{d.name}</strong> — could not learn whether it serves Notebooks: {d.message}
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
          aria-label="Status"
          data-testid="filter-status"
          value={filters.status}
          onChange={(e) => set({ status: e.target.value as ServerFilters['status'] })}
        >
          <option value="">Any status</option>
          {notebookStatuses.map((s) => (
            <option key={s} value={s}>
              {s}
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
          {namespaces.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
        {(filters.status || filters.namespace) && (
          <button className="btn ghost" onClick={() => setFilters(noServerFilters)}>
            Clear filters
          </button>
        )}
      </div>

      <VirtualTable
        testId="notebook-servers-table"
        rows={shown}
        columns={columns}
        rowKey={(r) => r.key}
        onOpen={(r) => go({ page: 'notebook-server', clusterId: r.clusterId, namespace: r.object.metadata.namespace ?? '', name: r.object.metadata.name })}
        storageKey="notebook-servers"
        filterPlaceholder="Search notebook servers…"
        emptyText={
          loading
            ? 'Loading…'
            : rows.length
              ? 'No server matches the filters.'
              : serving.length === 0
                ? 'No cluster here serves Kubeflow Notebooks.'
                : 'No notebook servers here.'
        }
      />
    </div>
  );
}
