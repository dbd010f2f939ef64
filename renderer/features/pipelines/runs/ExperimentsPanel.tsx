// SPDX-License-Identifier: Apache-2.0
/**
 * Experiments on one cluster or all: a table (archived ones on request) whose rows open their
 * runs; make one (in a profile namespace of a multi-user KFP); archive, restore, delete (by typing
 * its name), each refusal shown with its reason.
 */
import { useState } from 'react';
import { type AppError, asAppError } from '../../../../shared/errors';
import type { ClusterExperiments, ExperimentSummary } from '../../../../shared/features/pipelines/runs.contract';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorNote } from '../../../components/ErrorNote';
import { notify } from '../../../lib/notify';
import { runChanges } from './use-runs';

type Action = 'archive' | 'unarchive' | 'delete';

function NewExperiment(props: { clusters: Extract<ClusterExperiments, { ok: true }>[]; clusterName(id: string): string; onMade(): void }) {
  const [clusterId, setClusterId] = useState(props.clusters[0]?.clusterId ?? '');
  const one = props.clusters.find((c) => c.clusterId === clusterId);
  const [name, setName] = useState('');
  const [namespace, setNamespace] = useState('');
  const [error, setError] = useState<AppError | undefined>();
  const [busy, setBusy] = useState(false);
  const ns = one?.multiUser ? namespace || one.namespaces[0] || '' : undefined;
  const make = async () => {
    setBusy(true);
    try {
      await runChanges.createExperiment(clusterId, name.trim(), '', ns);
      notify('success', `Experiment ${name.trim()} made`, props.clusterName(clusterId));
      setName('');
      setError(undefined);
      props.onMade();
    } catch (e) {
      setError(asAppError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="runs-new-experiment">
      {props.clusters.length > 1 && (
        <select className="input" aria-label="Cluster of the experiment" value={clusterId} onChange={(e) => setClusterId(e.target.value)}>
          {props.clusters.map((c) => (
            <option key={c.clusterId} value={c.clusterId}>
              {props.clusterName(c.clusterId)}
            </option>
          ))}
        </select>
      )}
      {one?.multiUser && (
        <select className="input" aria-label="Namespace of the experiment" value={ns} onChange={(e) => setNamespace(e.target.value)}>
          {one.namespaces.map((n) => (
            <option key={n}>{n}</option>
          ))}
        </select>
      )}
      <input className="input" data-testid="experiment-name" placeholder="New experiment name" value={name} onChange={(e) => setName(e.target.value)} />
      <button className="btn" data-testid="experiment-create" disabled={busy || !name.trim() || !clusterId} onClick={() => void make()}>
        {busy ? 'Making…' : 'Make experiment'}
      </button>
      {error && <ErrorNote error={error} />}
    </div>
  );
}

/** The panel. */
export function ExperimentsPanel(props: {
  clusters: ClusterExperiments[] | undefined;
  clusterName(id: string): string;
  showCluster: boolean;
  onOpen(e: ExperimentSummary): void;
  onChanged(): void;
}) {
  const [archived, setArchived] = useState(false);
  const [asking, setAsking] = useState<{ e: ExperimentSummary; action: Action } | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const ok = (props.clusters ?? []).filter((c): c is Extract<ClusterExperiments, { ok: true }> => c.ok);
  const rows = ok.flatMap((c) => c.experiments).filter((e) => (e.storageState === 'ARCHIVED') === archived);
  const act = async () => {
    if (!asking) return;
    try {
      await runChanges.experiment({ clusterId: asking.e.clusterId, experimentId: asking.e.experimentId, action: asking.action });
      setAsking(undefined);
      setError(undefined);
      props.onChanged();
    } catch (e) {
      setError(asAppError(e));
    }
  };
  return (
    <div data-testid="experiments-panel">
      {ok.length > 0 && <NewExperiment clusters={ok} clusterName={props.clusterName} onMade={props.onChanged} />}
      <label className="check small">
        <input type="checkbox" checked={archived} onChange={(e) => setArchived(e.target.checked)} /> Archived experiments
      </label>
      <table className="table pipelines-table" data-testid="experiments-table">
        <thead>
          <tr>
            <th>Name</th>
            {props.showCluster && <th>Cluster</th>}
            <th>Namespace</th>
            <th>Created</th>
            <th>Last run</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                {archived ? 'No archived experiments.' : 'No experiments.'}
              </td>
            </tr>
          )}
          {rows.map((e) => (
            <tr
              key={`${e.clusterId}/${e.experimentId}`}
              className="clickable"
              data-testid="experiment-row"
              data-name={e.displayName}
              onClick={() => props.onOpen(e)}
            >
              <td className="pipelines-name" title={e.description}>
                {e.displayName}
              </td>
              {props.showCluster && <td>{props.clusterName(e.clusterId)}</td>}
              <td>{e.namespace || '—'}</td>
              <td>{e.createdAt ? new Date(e.createdAt).toLocaleString() : '—'}</td>
              <td>{e.lastRunCreatedAt ? new Date(e.lastRunCreatedAt).toLocaleString() : '—'}</td>
              <td onClick={(ev) => ev.stopPropagation()}>
                {e.storageState === 'AVAILABLE' ? (
                  <button className="btn small" onClick={() => setAsking({ e, action: 'archive' })}>
                    Archive
                  </button>
                ) : (
                  <button className="btn small" onClick={() => setAsking({ e, action: 'unarchive' })}>
                    Restore
                  </button>
                )}
                <button className="btn small danger" data-testid="experiment-delete" onClick={() => setAsking({ e, action: 'delete' })}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {asking && (
        <ConfirmDialog
          title={`${asking.action === 'delete' ? 'Delete' : asking.action === 'archive' ? 'Archive' : 'Restore'} experiment ${asking.e.displayName}?`}
          confirm={asking.action === 'delete' ? 'Delete' : asking.action === 'archive' ? 'Archive' : 'Restore'}
          danger={asking.action === 'delete'}
          {...(asking.action === 'delete'
            ? { typeName: { name: asking.e.displayName, prompt: 'Type the experiment’s name to delete it', ariaLabel: 'Experiment name' } }
            : {})}
          onConfirm={act}
          onCancel={() => {
            setAsking(undefined);
            setError(undefined);
          }}
        >
          <p>
            {asking.action === 'delete'
              ? 'KFP deletes the experiment; its runs stay in KFP without it.'
              : asking.action === 'archive'
                ? 'KFP archives the experiment and its runs; recurring runs in it are disabled.'
                : 'KFP brings the experiment back (its runs stay archived until restored).'}
          </p>
          {error && <ErrorNote error={error} />}
        </ConfirmDialog>
      )}
    </div>
  );
}
