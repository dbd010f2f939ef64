// SPDX-License-Identifier: Apache-2.0
/**
 * Every PersistentVolumeClaim of one cluster or of all of them, followed live through the sync
 * engine (and read from the cache offline): capacity, storage class, access modes, status, and
 * the pods and notebook servers that mount it; filtered by namespace and searched. Opening a
 * claim shows its browser (`VolumeBrowser`) under the list.
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import { useRouter, type Route } from '../../app/router';
import { ClusterScopeSelect } from '../../components/ClusterScopeSelect';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { ageColumn } from '../../components/list/age-column';
import { ClusterProblemNotes } from '../../components/list/ClusterProblemNotes';
import { FilterBar } from '../../components/list/FilterBar';
import { NamespaceFilter } from '../../components/list/FilterSelect';
import { emptyListText, listNotes } from '../../lib/list-notes';
import { useClusterList, type ClusterListSpec } from '../../lib/use-cluster-list';
import {
  usedByText,
  volumeNamespaces,
  volumeNoteWords,
  volumeRows,
  volumeSliceProblems,
  volumeSlices,
  type VolumeRow,
  type VolumeSliceTag,
} from './volumes-model';
import { VolumeBrowser } from './VolumeBrowser';
import './volumes.css';

const columns: Column<VolumeRow>[] = [
  { id: 'name', title: 'Name', width: 200, text: (r) => r.name },
  { id: 'namespace', title: 'Namespace', width: 110, text: (r) => r.namespace },
  { id: 'cluster', title: 'Cluster', width: 80, text: (r) => r.clusterName },
  {
    id: 'status',
    title: 'Status',
    width: 90,
    text: (r) => r.phase,
    render: (r) => <span className={`pill small ${r.phase === 'Bound' ? 'ok' : r.phase === 'Lost' ? 'bad' : 'progress'}`}>{r.phase || 'unknown'}</span>,
  },
  { id: 'capacity', title: 'Capacity', width: 80, align: 'right', text: (r) => r.capacity },
  { id: 'class', title: 'Storage class', width: 120, text: (r) => r.storageClass },
  { id: 'modes', title: 'Access', width: 80, text: (r) => r.accessModes.join(', ') },
  { id: 'notebooks', title: 'Notebook servers', width: 150, text: (r) => r.notebooks.join(', ') },
  { id: 'pods', title: 'Mounted by', text: (r) => usedByText(r) },
  ageColumn((r) => r.object.metadata.creationTimestamp),
];

/** The namespace filter outlives the page. */
const useVolumeFilter = create<{ namespace: string; set(namespace: string): void }>((set) => ({ namespace: '', set: (namespace) => set({ namespace }) }));

const volumeList: ClusterListSpec<VolumeSliceTag> = {
  slices: ({ usable }, narrowedNamespace) =>
    volumeSlices(
      usable.map((c) => c.id),
      (id) => narrowedNamespace(id, id),
    ),
  keyOf: (s) => s.req.clusterId,
  problems: volumeSliceProblems,
};

/** The page for a `volumes` route. */
export function VolumesPage({ route }: { route: Extract<Route, { page: 'volumes' }> }) {
  const go = useRouter((s) => s.go);
  const filter = useVolumeFilter();
  const { usable, nameOf, rows: tagged, loading, freshness, noteInput } = useClusterList(route.clusterId, volumeList);
  const rows = useMemo(() => volumeRows(tagged, nameOf), [tagged, nameOf]);
  const shown = useMemo(() => rows.filter((r) => !filter.namespace || r.namespace === filter.namespace), [rows, filter.namespace]);
  const namespaces = useMemo(() => volumeNamespaces(rows), [rows]);
  const notes = listNotes(noteInput, volumeNoteWords);
  const open = route.claim ? rows.find((r) => r.clusterId === route.clusterId && r.namespace === route.namespace && r.name === route.claim) : undefined;

  return (
    <div className="page volumes-page" data-testid="volumes-page">
      <header className="page-head">
        <h1>Volumes</h1>
        <ClusterScopeSelect
          testId="volumes-scope"
          value={route.clusterId}
          onChange={(clusterId) => go(clusterId ? { page: 'volumes', clusterId } : { page: 'volumes' })}
        />
        {freshness && (
          <span className={`pill ${freshness === 'syncing' ? 'progress' : 'ok'} small`} data-testid="freshness" data-freshness={freshness}>
            {freshness === 'syncing' ? 'syncing…' : 'live'}
          </span>
        )}
      </header>
      <ClusterProblemNotes notes={notes} testId="volumes-freshness" className="jobs-banner" />
      <FilterBar active={!!filter.namespace} onClear={() => filter.set('')}>
        <NamespaceFilter value={filter.namespace} namespaces={namespaces} onChange={filter.set} />
      </FilterBar>
      <VirtualTable
        testId="volumes-table"
        rows={shown}
        columns={columns}
        rowKey={(r) => r.key}
        selectedKey={open?.key}
        onOpen={(r) => go({ page: 'volumes', clusterId: r.clusterId, namespace: r.namespace, claim: r.name })}
        storageKey="volumes"
        filterPlaceholder="Search volumes…"
        emptyText={loading ? 'Loading…' : rows.length ? 'No volume matches the filter.' : emptyListText(noteInput, usable.length, 'No volumes here.')}
      />
      {route.clusterId && route.namespace && route.claim && (
        <section className="vol-open" data-testid="volume-open-panel">
          <h2>
            {route.claim} <span className="muted small">in {route.namespace}</span>
          </h2>
          {open && (
            <p className="muted small">
              {open.capacity} · {open.storageClass || 'no storage class'} · {open.accessModes.join(', ')} · {open.phase}
              {open.pods.length ? ` · mounted by ${usedByText(open)}` : ' · not mounted'}
            </p>
          )}
          <VolumeBrowser
            key={`${route.clusterId}|${route.namespace}/${route.claim}`}
            claim={{ clusterId: route.clusterId, namespace: route.namespace, claim: route.claim }}
            writableAllowed={!open || !open.accessModes.every((m) => m === 'ROX')}
          />
        </section>
      )}
    </div>
  );
}
