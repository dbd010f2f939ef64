// SPDX-License-Identifier: Apache-2.0
/**
 * Katib experiments of one cluster or all of them: phase (and the condition behind it),
 * algorithm, objective, best value so far, trials (running / succeeded / failed / early-stopped),
 * duration and age; filters by phase, algorithm and namespace, and search. Each cluster that
 * serves Katib is followed live through a sync slice, so the list reads offline from the cache.
 */
import { useMemo } from 'react';
import { create } from 'zustand';
import { useRouter, type Route } from '../../app/router';
import { VirtualTable, type Column } from '../../components/VirtualTable';
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
  durationText,
  experimentChoices,
  experimentNoteWords,
  experimentPhases,
  experimentRows,
  experimentSliceProblems,
  experimentSlices,
  experimentsKey,
  experimentTone,
  filterExperiments,
  noExperimentFilters,
  objectiveText,
  trialCountsText,
  type ExperimentFilters,
  type ExperimentRow,
} from './katib-list-model';
import './katib.css';

const columns: Column<ExperimentRow>[] = [
  { id: 'name', title: 'Name', width: 170, text: (r) => r.s.name },
  { id: 'namespace', title: 'Namespace', width: 105, text: (r) => r.s.namespace },
  { id: 'cluster', title: 'Cluster', width: 80, text: (r) => r.clusterName },
  {
    id: 'phase',
    title: 'Status',
    width: 100,
    text: (r) => r.s.phase,
    render: (r) => (
      <span className={`pill ${experimentTone(r.s.phase)}`} title={[r.s.reason, r.s.message].filter(Boolean).join(': ')} data-phase={r.s.phase}>
        {r.s.phase}
      </span>
    ),
  },
  { id: 'algorithm', title: 'Algorithm', width: 140, text: (r) => r.s.algorithm + (r.s.earlyStopping ? ` + ${r.s.earlyStopping}` : '') },
  { id: 'objective', title: 'Objective', width: 190, text: (r) => objectiveText(r.s) },
  {
    id: 'best',
    title: 'Best so far',
    width: 90,
    align: 'right',
    text: (r) => (r.s.best ? String(r.s.best.value) : ''),
    sortValue: (r) => r.s.best?.value ?? -Infinity,
  },
  {
    id: 'trials',
    title: 'Trials (run/ok/fail/stop)',
    width: 160,
    text: (r) => trialCountsText(r.s),
    sortValue: (r) => r.s.trials.total,
  },
  {
    id: 'total',
    title: 'Trials',
    width: 70,
    align: 'right',
    hiddenByDefault: true,
    text: (r) => `${r.s.trials.total}${r.s.maxTrials ? ` / ${r.s.maxTrials}` : ''}`,
    sortValue: (r) => r.s.trials.total,
  },
  {
    id: 'duration',
    title: 'Duration',
    width: 80,
    align: 'right',
    text: (r) => durationText(r.s.durationMs),
    sortValue: (r) => r.s.durationMs ?? -1,
  },
  ageColumn((r) => r.s.created, 60),
  { id: 'reason', title: 'Reason', width: 180, hiddenByDefault: true, text: (r) => r.s.reason },
];

/** The filters outlive the page, so coming back from an experiment keeps them. */
const useExperimentFilters = create<{ filters: ExperimentFilters; setFilters(f: ExperimentFilters): void }>((set) => ({
  filters: noExperimentFilters,
  setFilters: (filters) => set({ filters }),
}));

/** One Experiment slice per cluster that serves Katib, narrowed on its own. */
const experimentList: ClusterListSpec<string> = {
  slices: ({ usable, kindsByCluster }, narrowedNamespace) =>
    experimentSlices(
      splitByServed(usable, kindsByCluster, experimentsKey).serving.map((c) => c.id),
      (id) => narrowedNamespace(id, id),
    ),
  keyOf: (s) => s.req.clusterId,
  problems: experimentSliceProblems,
};

/** The page for a `katib` route. */
export function KatibPage({ route }: { route: Extract<Route, { page: 'katib' }> }) {
  const go = useRouter((s) => s.go);
  const { filters, setFilters } = useExperimentFilters();
  const { usable, nameOf, kindsByCluster, rows: tagged, loading, freshness, noteInput } = useClusterList(route.clusterId, experimentList);
  const { serving } = splitByServed(usable, kindsByCluster, experimentsKey);
  const now = useNow();
  const rows = useMemo(() => experimentRows(tagged, nameOf, now), [tagged, nameOf, now]);
  const shown = useMemo(() => filterExperiments(rows, filters), [rows, filters]);
  const choices = useMemo(() => experimentChoices(rows), [rows]);
  const notes = listNotes({ ...noteInput, broken: [] }, experimentNoteWords);
  const set = (f: Partial<ExperimentFilters>) => setFilters({ ...filters, ...f });

  return (
    <div className="page katib-page" data-testid="katib-page">
      <ListPageHeader
        title="Tuning"
        scopeTestId="katib-scope"
        clusterId={route.clusterId}
        onScope={(clusterId) => go(clusterId ? { page: 'katib', clusterId } : { page: 'katib' })}
        freshness={freshness}
        create={{
          testId: 'new-experiment',
          label: 'New experiment',
          title: (name) => `Create a Katib experiment in ${name}`,
          onCreate: (id) => go({ page: 'experiment-new', clusterId: id }),
        }}
      />
      <ClusterProblemNotes notes={notes} testId="katib-freshness" />
      <FilterBar active={!!(filters.phase || filters.algorithm || filters.namespace)} onClear={() => setFilters(noExperimentFilters)}>
        <FilterSelect
          label="Status"
          testId="filter-phase"
          any="Any status"
          value={filters.phase}
          choices={experimentPhases}
          onChange={(phase) => set({ phase })}
        />
        <FilterSelect
          label="Algorithm"
          testId="filter-algorithm"
          any="Any algorithm"
          value={filters.algorithm}
          choices={choices.algorithms}
          onChange={(algorithm) => set({ algorithm })}
        />
        <NamespaceFilter value={filters.namespace} namespaces={choices.namespaces} onChange={(namespace) => set({ namespace })} />
      </FilterBar>
      <VirtualTable
        testId="katib-table"
        rows={shown}
        columns={columns}
        rowKey={(r) => r.key}
        onOpen={(r) => go({ page: 'experiment', clusterId: r.clusterId, namespace: r.s.namespace, name: r.s.name })}
        storageKey="katib-experiments"
        filterPlaceholder="Search experiments…"
        emptyText={
          loading
            ? 'Loading…'
            : rows.length
              ? 'No experiment matches the filters.'
              : serving.length === 0
                ? 'No cluster here serves Katib.'
                : emptyListText(noteInput, usable.length, 'No Katib experiments here.')
        }
      />
    </div>
  );
}
