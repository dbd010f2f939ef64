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
import { ageColumn } from '../../components/list/age-column';
import { ClusterProblemNotes } from '../../components/list/ClusterProblemNotes';
import { FilterBar } from '../../components/list/FilterBar';
import { FilterSelect, NamespaceFilter } from '../../components/list/FilterSelect';
import { ListPageHeader } from '../../components/list/ListPageHeader';
import { emptyListText, listNotes } from '../../lib/list-notes';
import { splitByServed } from '../../lib/list-scope';
import { useClusterList, type ClusterListSpec } from '../../lib/use-cluster-list';
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
  type ServerSliceTag,
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
  ageColumn((r) => r.object.metadata.creationTimestamp),
];

/** The filters outlive the page. */
const useServerFilters = create<{ filters: ServerFilters; setFilters(f: ServerFilters): void }>((set) => ({
  filters: noServerFilters,
  setFilters: (filters) => set({ filters }),
}));

/** Notebooks and pods of each cluster that serves Notebooks, narrowed together. */
const serverList: ClusterListSpec<ServerSliceTag> = {
  slices: ({ usable, kindsByCluster }, narrowedNamespace) =>
    serverSlices(
      splitByServed(usable, kindsByCluster, notebookKindKey).serving.map((c) => c.id),
      (id) => narrowedNamespace(id, id),
    ),
  keyOf: (s) => s.req.clusterId,
  problems: serverSliceProblems,
};

/** The page for a `notebooks` route. */
export function NotebookServersPage({ route }: { route: Extract<Route, { page: 'notebooks' }> }) {
  const go = useRouter((s) => s.go);
  const { filters, setFilters } = useServerFilters();
  const { usable, nameOf, kindsByCluster, rows: tagged, loading, freshness, noteInput } = useClusterList(route.clusterId, serverList);
  const { serving, notServing } = splitByServed(usable, kindsByCluster, notebookKindKey);

  const now = useNow();
  const rows = useMemo(() => serverRows(tagged, nameOf, now), [tagged, nameOf, now]);
  const shown = useMemo(() => filterServers(rows, filters), [rows, filters]);
  const namespaces = useMemo(() => serverNamespaces(rows), [rows]);
  const notes = listNotes({ ...noteInput, notes: notServingNotes(notServing) }, serverNoteWords);
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
          title: (name) => `Create a notebook server in ${name}`,
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
        <NamespaceFilter value={filters.namespace} namespaces={namespaces} onChange={(namespace) => set({ namespace })} />
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
                : emptyListText(noteInput, usable.length, 'No notebook servers here.')
        }
      />
    </div>
  );
}
