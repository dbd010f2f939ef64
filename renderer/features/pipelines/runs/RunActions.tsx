// SPDX-License-Identifier: Apache-2.0
/**
 * A run's actions in its row: terminate (running), retry (failed or canceled), clone, archive or
 * restore, delete; each asks first in the one confirmation dialog, and what KFP or a multi-user
 * profile refused is shown with its reason.
 */
import { useState } from 'react';
import { type AppError, asAppError } from '../../../../shared/errors';
import type { RunActionRequest, RunSummary } from '../../../../shared/features/pipelines/runs.contract';
import { ConfirmDialog } from '../../../components/ConfirmDialog';
import { ErrorNote } from '../../../components/ErrorNote';
import { notify } from '../../../lib/notify';
import { runActions } from './runs-model';
import { runChanges } from './use-runs';

type Action = RunActionRequest['action'];

const words: Record<Action, { label: string; confirm: string; busy: string; what(name: string): string; danger: boolean }> = {
  terminate: { label: 'Terminate', confirm: 'Terminate', busy: 'Terminating…', what: (n) => `Stop ${n}: its running steps are killed.`, danger: true },
  retry: {
    label: 'Retry',
    confirm: 'Retry',
    busy: 'Retrying…',
    what: (n) => `Run the failed steps of ${n} again; the steps that succeeded are kept.`,
    danger: false,
  },
  archive: { label: 'Archive', confirm: 'Archive', busy: 'Archiving…', what: (n) => `Move ${n} to the archived runs (it can be restored).`, danger: false },
  unarchive: { label: 'Restore', confirm: 'Restore', busy: 'Restoring…', what: (n) => `Bring ${n} back from the archived runs.`, danger: false },
  delete: { label: 'Delete', confirm: 'Delete', busy: 'Deleting…', what: (n) => `Delete ${n} and its record in KFP. This cannot be undone.`, danger: true },
};

/** The row's buttons and their dialogs. */
export function RunActions(props: { run: RunSummary; onDone(): void; onClone(r: RunSummary): void }) {
  const { run } = props;
  const [asking, setAsking] = useState<Action | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const can = runActions(run);
  const offered: Action[] = [
    ...(can.terminate ? (['terminate'] as const) : []),
    ...(can.retry ? (['retry'] as const) : []),
    ...(can.archive ? (['archive'] as const) : []),
    ...(can.unarchive ? (['unarchive'] as const) : []),
    'delete',
  ];
  const doIt = async (action: Action) => {
    try {
      await runChanges.run({ clusterId: run.clusterId, runId: run.runId, action });
      notify('success', `${words[action].label}: ${run.displayName}`, 'KFP accepted it.');
      setAsking(undefined);
      setError(undefined);
      props.onDone();
    } catch (e) {
      setError(asAppError(e));
    }
  };
  return (
    <>
      {offered.map((a) => (
        <button key={a} className={`btn small${words[a].danger ? ' danger' : ''}`} data-testid={`run-${a}`} onClick={() => setAsking(a)}>
          {words[a].label}
        </button>
      ))}
      <button className="btn small" data-testid="run-clone" onClick={() => props.onClone(run)}>
        Clone
      </button>
      {asking && (
        <ConfirmDialog
          title={`${words[asking].label} ${run.displayName}?`}
          confirm={words[asking].confirm}
          busyLabel={words[asking].busy}
          danger={words[asking].danger}
          {...(asking === 'delete' ? { typeName: { name: run.displayName, prompt: 'Type the run’s name to delete it', ariaLabel: 'Run name' } } : {})}
          onConfirm={() => doIt(asking)}
          onCancel={() => {
            setAsking(undefined);
            setError(undefined);
          }}
        >
          <p>{words[asking].what(run.displayName)}</p>
          {error && <ErrorNote error={error} />}
        </ConfirmDialog>
      )}
    </>
  );
}
