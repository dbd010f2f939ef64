// SPDX-License-Identifier: Apache-2.0
/**
 * The one confirmation dialog: what will happen, optionally a box where the user types the
 * object's name (Delete is enabled only when it matches), then Confirm or Cancel. Escape and a
 * click outside cancel unless the step is running; while `onConfirm`'s promise runs (or `busy`
 * is set) the buttons are disabled and Confirm says `busyLabel`.
 */
import { useEffect, useState, type ReactNode } from 'react';

/** The dialog. */
export function ConfirmDialog(props: {
  /** The dialog's accessible name (default: the title, when it is text). */
  label?: string;
  title: ReactNode;
  children: ReactNode;
  /** The confirm button's text. */
  confirm: string;
  busyLabel?: string;
  danger?: boolean;
  /** The name the user must type to confirm, and what the box is called. */
  typeName?: { name: string; prompt: string; ariaLabel: string };
  busy?: boolean;
  onConfirm(): Promise<void> | void;
  onCancel(): void;
}) {
  const [typed, setTyped] = useState('');
  const [running, setRunning] = useState(false);
  const busy = running || props.busy === true;
  const { onCancel } = props;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => e.key === 'Escape' && !busy && onCancel();
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [busy, onCancel]);
  const confirm = () => {
    const r = props.onConfirm();
    if (r instanceof Promise) {
      setRunning(true);
      void r.finally(() => setRunning(false));
    }
  };
  const mismatch = props.typeName !== undefined && typed !== props.typeName.name;
  return (
    <div className="dialog-backdrop" onClick={() => !busy && props.onCancel()}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={props.label ?? (typeof props.title === 'string' ? props.title : undefined)}
        onClick={(e) => e.stopPropagation()}
        data-testid="confirm-dialog"
      >
        <h3>{props.title}</h3>
        <div className="dialog-body">{props.children}</div>
        {props.typeName && (
          <label className="field">
            {props.typeName.prompt}
            <input
              className="input mono"
              aria-label={props.typeName.ariaLabel}
              value={typed}
              autoFocus
              onChange={(e) => setTyped(e.target.value)}
              spellCheck={false}
            />
          </label>
        )}
        <div className="dialog-buttons">
          <button className="btn" onClick={props.onCancel} disabled={busy}>
            Cancel
          </button>
          <button className={`btn ${props.danger ? 'danger-fill' : 'primary'}`} data-testid="confirm" disabled={mismatch || busy} onClick={confirm}>
            {busy ? (props.busyLabel ?? 'Working…') : props.confirm}
          </button>
        </div>
      </div>
    </div>
  );
}
