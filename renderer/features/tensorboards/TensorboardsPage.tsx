// SPDX-License-Identifier: Apache-2.0
/**
 * Kubeflow TensorBoards of one cluster or all of them, followed live through the sync engine:
 * name, namespace, log directory, status (ready, or waiting with the Deployment's state), age;
 * a TensorBoard is made from a log directory here (prefilled when a job's or run's page sends the
 * user here; the row then links back to it), deleted after confirming, and opened through
 * a tunnel: the page shows the tunnel's link (with its token), which opens TensorBoard in a
 * browser tab or window of its own origin, never inside the app.
 */
import { useMemo, useState } from 'react';
import { useRouter, type Route } from '../../app/router';
import { ClusterScopeSelect } from '../../components/ClusterScopeSelect';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { ageColumn } from '../../components/list/age-column';
import { ClusterProblemNotes } from '../../components/list/ClusterProblemNotes';
import { emptyListText, listNotes } from '../../lib/list-notes';
import { splitByServed } from '../../lib/list-scope';
import { useClusterList, type ClusterListSpec } from '../../lib/use-cluster-list';
import { useClusters } from '../../lib/clusters.store';
import { NewTensorboardForm } from './NewTensorboardForm';
import {
  notServingNotes,
  tensorboardKindKey,
  tensorboardNoteWords,
  tensorboardRows,
  tensorboardSliceProblems,
  tensorboardSlices,
  type TensorboardRow,
} from './tensorboards-model';
import { useTensorboardActions } from './use-tensorboard-actions';
import './tensorboards.css';

const list: ClusterListSpec<'tensorboards'> = {
  slices: ({ usable, kindsByCluster }, narrowedNamespace) =>
    tensorboardSlices(
      splitByServed(usable, kindsByCluster, tensorboardKindKey).serving.map((c) => c.id),
      (id) => narrowedNamespace(id, id),
    ),
  keyOf: (s) => s.req.clusterId,
  problems: tensorboardSliceProblems,
};

/** The page for a `tensorboards` route. */
export function TensorboardsPage({ route }: { route: Extract<Route, { page: 'tensorboards' }> }) {
  const go = useRouter((s) => s.go);
  const currentId = useClusters((s) => s.list?.currentId);
  const { usable, nameOf, kindsByCluster, rows: tagged, loading, freshness, noteInput } = useClusterList(route.clusterId, list);
  const { notServing, serving } = splitByServed(usable, kindsByCluster, tensorboardKindKey);
  const rows = useMemo(() => tensorboardRows(tagged, nameOf), [tagged, nameOf]);
  const notes = listNotes({ ...noteInput, notes: notServingNotes(notServing) }, tensorboardNoteWords);
  const actions = useTensorboardActions();
  const [deleting, setDeleting] = useState<TensorboardRow>();
  const target = route.clusterId ?? currentId;
  const req = (r: TensorboardRow) => ({ clusterId: r.clusterId, namespace: r.namespace, name: r.name });

  const columns: Column<TensorboardRow>[] = [
    { id: 'name', title: 'Name', width: 160, text: (r) => r.name },
    { id: 'namespace', title: 'Namespace', width: 110, text: (r) => r.namespace },
    { id: 'cluster', title: 'Cluster', width: 80, text: (r) => r.clusterName },
    {
      id: 'status',
      title: 'Status',
      width: 150,
      text: (r) => `${r.status.phase} ${r.status.deploymentState ?? ''}`,
      render: (r) => (
        <span className={`pill small ${r.status.ready ? 'ok' : 'progress'}`} data-testid="tensorboard-status" data-phase={r.status.phase}>
          {r.status.phase}
          {!r.status.ready && r.status.deploymentState ? ` (${r.status.deploymentState})` : ''}
        </span>
      ),
    },
    { id: 'logs', title: 'Log directory', width: 260, text: (r) => r.status.logsPath },
    {
      id: 'from',
      title: 'Made from',
      width: 130,
      text: (r) => r.madeFrom?.text ?? '',
      render: (r) =>
        r.madeFrom ? (
          <button
            className="link"
            data-testid="tensorboard-made-from"
            onClick={(e) => {
              e.stopPropagation();
              if (r.madeFrom) go(r.madeFrom.route);
            }}
          >
            {r.madeFrom.text}
          </button>
        ) : null,
    },
    ageColumn((r) => r.object.metadata.creationTimestamp),
    {
      id: 'open',
      title: 'TensorBoard',
      width: 260,
      text: () => '',
      render: (r) => {
        const link = actions.links[r.key];
        return (
          <span className="tb-actions" onClick={(e) => e.stopPropagation()}>
            {link?.url ? (
              <a href={link.url} target="_blank" rel="noreferrer noopener" data-testid="tensorboard-link">
                Open TensorBoard ↗
              </a>
            ) : (
              <button
                className="btn small"
                data-testid="tensorboard-open"
                disabled={!r.status.ready || actions.opening === r.key}
                title={r.status.ready ? 'Open a tunnel to this TensorBoard for your browser' : 'It is not ready yet'}
                onClick={() => void actions.open(r.key, req(r))}
              >
                {actions.opening === r.key ? 'Opening…' : 'Open'}
              </button>
            )}
            <button className="btn ghost small danger" aria-label={`Delete ${r.name}`} onClick={() => setDeleting(r)}>
              Delete
            </button>
          </span>
        );
      },
    },
  ];

  return (
    <div className="page tensorboards-page" data-testid="tensorboards-page">
      <header className="page-head">
        <h1>TensorBoards</h1>
        <ClusterScopeSelect
          testId="tensorboards-scope"
          value={route.clusterId}
          onChange={(clusterId) => go(clusterId ? { page: 'tensorboards', clusterId } : { page: 'tensorboards' })}
        />
        {freshness && (
          <span className={`pill ${freshness === 'syncing' ? 'progress' : 'ok'} small`} data-testid="freshness" data-freshness={freshness}>
            {freshness === 'syncing' ? 'syncing…' : 'live'}
          </span>
        )}
      </header>
      <ClusterProblemNotes notes={notes} testId="tensorboards-freshness" className="jobs-banner" />
      {target && (
        <NewTensorboardForm
          key={`${target}|${route.logs ?? ''}|${route.ns ?? ''}`}
          clusterId={target}
          initialLogsPath={route.logs}
          initialNamespace={route.ns}
          madeFrom={route.from}
          onCreate={actions.create}
        />
      )}
      <VirtualTable
        testId="tensorboards-table"
        rows={rows}
        columns={columns}
        rowKey={(r) => r.key}
        storageKey="tensorboards"
        filterPlaceholder="Search TensorBoards…"
        emptyText={
          loading
            ? 'Loading…'
            : serving.length === 0 && usable.length > 0
              ? 'No cluster here serves Kubeflow TensorBoards.'
              : emptyListText(noteInput, usable.length, 'No TensorBoards here.')
        }
      />
      {deleting && (
        <ConfirmDialog
          title={`Delete TensorBoard ${deleting.name}?`}
          confirm="Delete"
          danger
          onCancel={() => setDeleting(undefined)}
          onConfirm={async () => {
            await actions.remove(req(deleting));
            setDeleting(undefined);
          }}
        >
          <p>Its Deployment and Service go with it; the log directory {deleting.status.logsPath} stays.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
