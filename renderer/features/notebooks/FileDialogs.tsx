// SPDX-License-Identifier: Apache-2.0
/**
 * The file browser's dialogs: a name for a new entry or a rename (checked as it is typed), and
 * the confirmation before a delete. The caller does the work; a failure is shown in the dialog.
 */
import { useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import type { FileEntry } from '../../../shared/features/notebooks/notebooks.contract';
import { ErrorNote } from '../../components/ErrorNote';
import { nameProblem } from './file-paths';

/** Asks for a name (new entry or rename); the caller does the work. */
export function NameDialog(props: { title: string; initial: string; action: string; onCancel(): void; onDone(name: string): Promise<void> }) {
  const [name, setName] = useState(props.initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | undefined>();
  const problem = nameProblem(name);
  return (
    <div className="dialog-backdrop" onClick={() => !busy && props.onCancel()}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && !busy && props.onCancel()}
        onSubmit={(e) => {
          e.preventDefault();
          if (problem || busy) return;
          setBusy(true);
          setError(undefined);
          props.onDone(name).then(
            () => setBusy(false),
            (err: unknown) => {
              setBusy(false);
              setError(asAppError(err));
            },
          );
        }}
      >
        <h3>{props.title}</h3>
        <label className="field">
          Name
          <input className="input mono" aria-label="Name" value={name} autoFocus onChange={(e) => setName(e.target.value)} spellCheck={false} />
        </label>
        {problem && name !== '' && <div className="small warn-text">{problem}</div>}
        {error && <ErrorNote error={error} />}
        <div className="dialog-buttons">
          <button className="btn" type="button" onClick={props.onCancel} disabled={busy}>
            Cancel
          </button>
          <button className="btn primary" type="submit" disabled={!!problem || busy}>
            {props.action}
          </button>
        </div>
      </form>
    </div>
  );
}

/** Asks before deleting an entry on the server; the caller does the work. */
export function DeleteDialog(props: { entry: FileEntry; onCancel(): void; onConfirm(): Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <div className="dialog-backdrop" onClick={() => !busy && props.onCancel()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={`Delete ${props.entry.name}`} onClick={(e) => e.stopPropagation()}>
        <h3>Delete {props.entry.name}?</h3>
        <p>
          {props.entry.type === 'directory' ? 'The folder' : 'The file'} <strong className="mono">{props.entry.path}</strong> is deleted on the notebook server.
          This cannot be undone from MLDeck.
        </p>
        <div className="dialog-buttons">
          <button className="btn" onClick={props.onCancel} disabled={busy} autoFocus>
            Cancel
          </button>
          <button
            className="btn danger-fill"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void props.onConfirm().finally(() => setBusy(false));
            }}
          >
            Delete
          </button>
        </div>
      </div>
    </div>
  );
}
