// SPDX-License-Identifier: Apache-2.0
/**
 * Every training job of one cluster or of all of them: each training kind a cluster serves is
 * followed live through the sync engine (and read from the cache offline), summarised (phase
 * from conditions, replicas, GPUs, times), filtered, searched and sorted. Slices that are stale
 * or forbidden are named in one banner instead of failing the page.
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import { jobPhases, phaseTone, replicaText } from '../../../shared/kube/training-job-summary';
import { trainingKindKey } from '../../../shared/kube/training-kinds';
import { useRouter, type Route } from '../../app/router';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { ageColumn } from '../../components/list/age-column';
import { ClusterProblemNotes } from '../../components/list/ClusterProblemNotes';
import { FilterBar } from '../../components/list/FilterBar';
import { FilterSelect, NamespaceFilter } from '../../components/list/FilterSelect';
import { ListPageHeader } from '../../components/list/ListPageHeader';
import { emptyListText, listNotes } from '../../lib/list-notes';
import { useClusterList, type ClusterListSpec } from '../../lib/use-cluster-list';
import { useNow } from '../../lib/use-now';
import {
  filterChoices,
  filterJobs,
  formatDuration,
  jobNoteWords,
  jobRows,
  jobSlices,
  jobSliceProblems,
  noFilters,
  type JobFilters,
  type JobRow,
} from './jobs-filter';

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
  ageColumn((r) => r.object.metadata.creationTimestamp),
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

/** Each training kind each cluster serves; a cluster|kind slice is narrowed on its own. */
const jobList: ClusterListSpec<string> = {
  slices: ({ usable, kindsByCluster }, narrowedNamespace) =>
    jobSlices(
      usable.flatMap((c) => {
        const k = kindsByCluster[c.id];
        return k && 'keys' in k ? [{ id: c.id, served: k.keys }] : [];
      }),
      (clusterId, kind) => narrowedNamespace(clusterId, `${clusterId}|${trainingKindKey(kind)}`),
    ),
  keyOf: (s) => `${s.req.clusterId}|${s.tag}`,
  problems: jobSliceProblems,
};

/** The page for a `jobs` route. */
export function JobsPage({ route }: { route: Extract<Route, { page: 'jobs' }> }) {
  const go = useRouter((s) => s.go);
  const { filters, setFilters } = useJobFilters();
  const { usable, nameOf, rows: tagged, loading, freshness, noteInput } = useClusterList(route.clusterId, jobList);

  const now = useNow();
  const rows = useMemo(() => jobRows(tagged, nameOf, now), [tagged, nameOf, now]);
  const shown = useMemo(() => filterJobs(rows, filters), [rows, filters]);
  const choices = useMemo(() => filterChoices(rows), [rows]);
  const notes = listNotes(noteInput, jobNoteWords);

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
      <ListPageHeader
        title="Training jobs"
        scopeTestId="jobs-scope"
        clusterId={route.clusterId}
        onScope={(clusterId) => go(clusterId ? { page: 'jobs', clusterId } : { page: 'jobs' })}
        freshness={freshness}
        create={{
          testId: 'new-job',
          label: 'New job',
          title: (name) => `Create a training job in ${name}`,
          onCreate: (id) => go({ page: 'job-new', clusterId: id }),
        }}
      />

      <ClusterProblemNotes notes={notes} testId="jobs-freshness" className="jobs-banner" />

      <FilterBar active={!!(filters.phase || filters.kind || filters.namespace || filters.gpusOnly)} onClear={() => setFilters(noFilters)}>
        <FilterSelect label="Phase" testId="filter-phase" any="Any phase" value={filters.phase} choices={jobPhases} onChange={(phase) => set({ phase })} />
        <FilterSelect
          label="Kind"
          testId="filter-kind"
          any="Any kind"
          value={filters.kind}
          choices={choices.kinds.map((k) => ({ value: k.key, label: k.title }))}
          onChange={(kind) => set({ kind })}
        />
        <NamespaceFilter value={filters.namespace} namespaces={choices.namespaces} onChange={(namespace) => set({ namespace })} />
        <label className="check">
          <input type="checkbox" data-testid="filter-gpus" checked={filters.gpusOnly} onChange={(e) => set({ gpusOnly: e.target.checked })} /> Uses GPUs
        </label>
      </FilterBar>

      <VirtualTable
        testId="jobs-table"
        rows={shown}
        columns={columns}
        rowKey={(r) => r.key}
        onOpen={open}
        storageKey="training-jobs"
        filterPlaceholder="Search jobs…"
        emptyText={
          loading
            ? 'Loading…'
            : rows.length
              ? 'No job matches the filters.'
              : usable.length === 0
                ? 'No cluster to read jobs from.'
                : emptyListText(noteInput, usable.length, 'No training jobs here.')
        }
      />
    </div>
  );
}
