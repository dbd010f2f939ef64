// SPDX-License-Identifier: Apache-2.0
/**
 * InferenceServices of one cluster or all of them: ready state (and why not), URL, model format,
 * storageUri, registry version, traffic split, latest revision and age. Each cluster that serves
 * KServe is followed live through a sync slice, so the list reads from the cache offline with the
 * time it last matched the cluster; a cluster where listing across namespaces is forbidden is
 * narrowed to its context's namespace.
 */
import { useMemo } from 'react';
import { stateTone, summarizeIsvc, trafficText, type IsvcSummary } from '../../../shared/serving/isvc-summary';
import { useRouter, type Route } from '../../app/router';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { ageColumn } from '../../components/list/age-column';
import { ClusterProblemNotes } from '../../components/list/ClusterProblemNotes';
import { ListPageHeader } from '../../components/list/ListPageHeader';
import { emptyListText, listNotes } from '../../lib/list-notes';
import { splitByServed } from '../../lib/list-scope';
import { useClusterList, type ClusterListSpec } from '../../lib/use-cluster-list';
import { isvcKey, isvcSliceProblems, isvcSlices, noKserveNotes, servingNoteWords } from './serving-list-model';
import { TrafficBar, shortRevision } from './TrafficBar';
import './serving.css';

/** One row of the list. */
interface ServiceRow {
  key: string;
  clusterId: string;
  clusterName: string;
  s: IsvcSummary;
}

const columns: Column<ServiceRow>[] = [
  { id: 'name', title: 'Name', width: 140, text: (r) => r.s.name },
  { id: 'namespace', title: 'Namespace', width: 100, text: (r) => r.s.namespace },
  { id: 'cluster', title: 'Cluster', width: 75, text: (r) => r.clusterName },
  {
    id: 'ready',
    title: 'Ready',
    width: 85,
    text: (r) => r.s.state,
    render: (r) => (
      <span className={`pill ${stateTone(r.s.state)}`} title={[r.s.reason, r.s.message].filter(Boolean).join(': ')} data-state={r.s.state}>
        {r.s.state}
      </span>
    ),
  },
  { id: 'url', title: 'URL', width: 180, text: (r) => r.s.url ?? '' },
  { id: 'format', title: 'Format', width: 80, text: (r) => r.s.format },
  { id: 'storage', title: 'storageUri', width: 160, text: (r) => r.s.storageUri ?? '' },
  {
    id: 'model',
    title: 'Registry version',
    width: 110,
    hiddenByDefault: true,
    text: (r) => (r.s.model ? `${r.s.model}${r.s.modelVersion ? ` v${r.s.modelVersion}` : ''}` : ''),
  },
  {
    id: 'traffic',
    title: 'Traffic',
    width: 120,
    text: (r) => trafficText(r.s),
    render: (r) => <TrafficBar service={r.s.name} traffic={r.s.traffic} />,
  },
  { id: 'latest', title: 'Latest', width: 70, text: (r) => (r.s.latestCreatedRevision ? shortRevision(r.s.name, r.s.latestCreatedRevision) : '') },
  ageColumn((r) => r.s.createdAt, 60),
  { id: 'message', title: 'Message', hiddenByDefault: true, text: (r) => r.s.message ?? '' },
];

/** One InferenceService slice per cluster that serves KServe, narrowed on its own. */
const isvcList: ClusterListSpec<string> = {
  slices: ({ usable, kindsByCluster }, narrowedNamespace) =>
    isvcSlices(
      splitByServed(usable, kindsByCluster, isvcKey).serving.map((c) => c.id),
      (id) => narrowedNamespace(id, id),
    ),
  keyOf: (s) => s.req.clusterId,
  problems: isvcSliceProblems,
};

/** The page for a `serving` route. */
export function ServingPage({ route }: { route: Extract<Route, { page: 'serving' }> }) {
  const go = useRouter((s) => s.go);
  const { usable, nameOf, kindsByCluster, rows: tagged, loading, freshness, noteInput } = useClusterList(route.clusterId, isvcList);
  const { serving, notServing } = splitByServed(usable, kindsByCluster, isvcKey);

  const rows = useMemo<ServiceRow[]>(
    () =>
      tagged.map((t) => ({
        key: `${t.clusterId}/${t.object.metadata.namespace ?? ''}/${t.object.metadata.name}`,
        clusterId: t.clusterId,
        clusterName: nameOf(t.clusterId),
        s: summarizeIsvc(t.object),
      })),
    [tagged, nameOf],
  );
  // clusters that cannot connect are not named on this page
  const notes = listNotes({ ...noteInput, broken: [], notes: noKserveNotes(!!route.clusterId, notServing) }, servingNoteWords);

  return (
    <div className="page sv-page" data-testid="serving-page">
      <ListPageHeader
        title="Serving"
        scopeTestId="serving-scope"
        clusterId={route.clusterId}
        onScope={(clusterId) => go(clusterId ? { page: 'serving', clusterId } : { page: 'serving' })}
        freshness={freshness}
        create={{
          testId: 'deploy-model',
          label: 'Deploy a model',
          title: (name) => `Deploy a model to ${name}`,
          onCreate: (id) => go({ page: 'deploy', clusterId: id }),
        }}
      />

      <ClusterProblemNotes notes={notes} testId="serving-freshness" />

      <VirtualTable
        testId="serving-table"
        rows={rows}
        columns={columns}
        rowKey={(r) => r.key}
        onOpen={(r) => go({ page: 'inference-service', clusterId: r.clusterId, namespace: r.s.namespace, name: r.s.name })}
        storageKey="inference-services"
        filterPlaceholder="Search InferenceServices…"
        emptyText={
          loading ? 'Loading…' : serving.length === 0 ? 'No cluster here serves KServe.' : emptyListText(noteInput, usable.length, 'No InferenceServices here.')
        }
      />
    </div>
  );
}
