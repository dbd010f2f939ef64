// SPDX-License-Identifier: Apache-2.0
/**
 * Recurring runs on one cluster or all: their schedule (cron or every N seconds), concurrency,
 * catch-up and whether they are enabled; enable, disable, delete (by typing its name); a row opens
 * the runs it made.
 */
import { useState } from 'react';
import { type AppError, asAppError } from '../../../../shared/errors';
import type { ClusterRecurringRuns, RecurringRunSummary, RecurringTrigger } from '../../../../shared/features/pipelines/runs.contract';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorNote } from '../../../components/ErrorNote';
import { runChanges } from './use-runs';

/** A trigger in words. */
export function triggerWords(t: RecurringTrigger | undefined): string {
  if (!t) return 'no schedule';
  if (t.kind === 'cron') return `cron ${t.cron}`;
  const s = t.intervalSeconds;
  return s % 3600 === 0 ? `every ${s / 3600} h` : s % 60 === 0 ? `every ${s / 60} min` : `every ${s} s`;
}

/** The panel. */
export function RecurringPanel(props: {
  clusters: ClusterRecurringRuns[] | undefined;
  clusterName(id: string): string;
  showCluster: boolean;
  onOpen(r: RecurringRunSummary): void;
  onChanged(): void;
}) {
  const [deleting, setDeleting] = useState<RecurringRunSummary | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const rows = (props.clusters ?? []).flatMap((c) => (c.ok ? c.recurringRuns : []));
  const act = async (r: RecurringRunSummary, action: 'enable' | 'disable' | 'delete') => {
    try {
      await runChanges.recurring({ clusterId: r.clusterId, recurringRunId: r.recurringRunId, action });
      setError(undefined);
      setDeleting(undefined);
      props.onChanged();
    } catch (e) {
      setError(asAppError(e));
    }
  };
  return (
    <div data-testid="recurring-panel">
      {error && !deleting && <ErrorNote error={error} />}
      <table className="table pipelines-table" data-testid="recurring-table">
        <thead>
          <tr>
            <th>Name</th>
            {props.showCluster && <th>Cluster</th>}
            <th>Schedule</th>
            <th>At a time</th>
            <th>Catch-up</th>
            <th>Status</th>
            <th>Actions</th>
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && (
            <tr>
              <td colSpan={7} className="muted">
                No recurring runs. Make one from a pipeline version (Create run → Recurring).
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr
              key={`${r.clusterId}/${r.recurringRunId}`}
              className="clickable"
              data-testid="recurring-row"
              data-name={r.displayName}
              onClick={() => props.onOpen(r)}
              title="Show the runs it made"
            >
              <td className="pipelines-name">{r.displayName}</td>
              {props.showCluster && <td>{props.clusterName(r.clusterId)}</td>}
              <td>{triggerWords(r.trigger)}</td>
              <td>{r.maxConcurrency}</td>
              <td>{r.catchup ? 'yes' : 'no'}</td>
              <td data-testid="recurring-status">{r.error ? `error: ${r.error}` : r.enabled ? 'enabled' : 'disabled'}</td>
              <td onClick={(e) => e.stopPropagation()}>
                <button className="btn small" data-testid="recurring-toggle" onClick={() => void act(r, r.enabled ? 'disable' : 'enable')}>
                  {r.enabled ? 'Disable' : 'Enable'}
                </button>
                <button className="btn small danger" data-testid="recurring-delete" onClick={() => setDeleting(r)}>
                  Delete
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {deleting && (
        <ConfirmDialog
          title={`Delete recurring run ${deleting.displayName}?`}
          confirm="Delete"
          danger
          typeName={{ name: deleting.displayName, prompt: 'Type its name to delete it', ariaLabel: 'Recurring run name' }}
          onConfirm={() => act(deleting, 'delete')}
          onCancel={() => {
            setDeleting(undefined);
            setError(undefined);
          }}
        >
          <p>It makes no more runs; the runs it made stay.</p>
          {error && <ErrorNote error={error} />}
        </ConfirmDialog>
      )}
    </div>
  );
}
