// SPDX-License-Identifier: Apache-2.0
/**
 * Every Kubeflow notebook server of one cluster or of all of them: Notebooks and their pods
 * followed live through the sync engine (and read from the cache offline), each summarised as
 * the Jupyter web app does (ready, waiting with the reason, stopped, terminating, error), with
 * image, CPU, memory, GPUs, volumes, last activity and age; filtered by namespace and status and
 * searched. Where listing across namespaces is forbidden, the context's namespace is shown.
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import { notebookStatuses, notebookTone, serverTypeTitle } from '../../../shared/kube/notebook-summary';
import { useRouter, type Route } from '../../app/router';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { age } from '../../lib/format';
import { ClusterProblemNotes } from '../../components/list/ClusterProblemNotes';
import { FilterBar } from '../../components/list/FilterBar';
import { FilterSelect } from '../../components/list/FilterSelect';
import { ListPageHeader } from '../../components/list/ListPageHeader';
import { useClusters } from '../../lib/clusters.store';
import { listNotes } from '../../lib/list-notes';
import { discoveryErrors, listProgress, splitByServed } from '../../lib/list-scope';
import { useNarrowedSlices } from '../../lib/sync/use-narrowed-slices';
import { useClusterScope } from '../../lib/use-cluster-scope';
import { useNow } from '../../lib/use-now';
import {
  filterServers,
  noServerFilters,
  notebookKindKey,
  notServingNotes,
  requestLimit,
  serverNamespaces,
  serverNoteWords,
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

/** A cluster's Notebooks and pods are narrowed together. */
const narrowKey = (s: { req: { clusterId: string } }) => s.req.clusterId;

/** The page for a `notebooks` route. */
export function NotebookServersPage({ route }: { route: Extract<Route, { page: 'notebooks' }> }) {
  const go = useRouter((s) => s.go);
  const list = useClusters((s) => s.list);
  const { filters, setFilters } = useServerFilters();
  const { scope, usable, nameOf, kindsByCluster } = useClusterScope(route.clusterId);
  const { serving, notServing } = splitByServed(usable, kindsByCluster, notebookKindKey);

  // a cluster whose cross-namespace list was forbidden is narrowed to the context's namespace
  const {
    rows: tagged,
    slices,
    narrowedClusterIds,
  } = useNarrowedSlices(
    (narrowed) =>
      serverSlices(
        serving.map((c) => c.id),
        (id) => (narrowed.has(id) ? usable.find((c) => c.id === id)?.namespace : undefined),
      ),
    usable,
    narrowKey,
  );

  const now = useNow();
  const rows = useMemo(() => serverRows(tagged, nameOf, now), [tagged, nameOf, now]);
  const shown = useMemo(() => filterServers(rows, filters), [rows, filters]);
  const namespaces = useMemo(() => serverNamespaces(rows), [rows]);
  const problems = useMemo(() => serverSliceProblems(slices, nameOf), [slices, nameOf]);
  const notes = listNotes(
    {
      problems,
      narrowed: usable.filter((c) => narrowedClusterIds.has(c.id)),
      notes: notServingNotes(notServing),
      discoveryErrors: discoveryErrors(usable, kindsByCluster),
      broken: scope.filter((c) => c.problems.length > 0),
    },
    serverNoteWords,
  );
  const { loading, freshness } = listProgress(usable, kindsByCluster, slices, problems.length);
  const set = (f: Partial<ServerFilters>) => setFilters({ ...filters, ...f });

  return (
    <div className="page notebook-servers-page" data-testid="notebook-servers-page">
      <ListPageHeader
        title="Notebook servers"
        scopeTestId="notebooks-scope"
        clusterId={route.clusterId}
        onScope={(clusterId) => go(clusterId ? { page: 'notebooks', clusterId } : { page: 'notebooks' })}
        freshness={freshness}
        create={{
          testId: 'new-notebook-server',
          label: 'New server',
          clusterId: route.clusterId ?? list?.currentId,
          title: (id) => `Create a notebook server in ${nameOf(id)}`,
          onCreate: (id) => go({ page: 'notebook-new', clusterId: id, ...(filters.namespace ? { namespace: filters.namespace } : {}) }),
        }}
      />

      <ClusterProblemNotes notes={notes} testId="notebooks-freshness" className="jobs-banner" />

      <FilterBar active={!!(filters.status || filters.namespace)} onClear={() => setFilters(noServerFilters)}>
        <FilterSelect
          label="Status"
          testId="filter-status"
          any="Any status"
          value={filters.status}
          choices={notebookStatuses}
          onChange={(status) => set({ status })}
        />
        <FilterSelect
          label="Namespace"
          testId="filter-namespace"
          any="Any namespace"
          value={filters.namespace}
          choices={namespaces}
          onChange={(namespace) => set({ namespace })}
        />
      </FilterBar>

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
