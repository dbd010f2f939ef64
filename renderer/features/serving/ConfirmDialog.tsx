// SPDX-License-Identifier: Apache-2.0
/** A confirmation for a rollout step: what will happen, then Confirm or Cancel. */
import type { ReactNode } from 'react';

/** The dialog; `busy` disables the buttons while the step runs. */
export function ConfirmDialog(props: {
  title: string;
  children: ReactNode;
  confirm: string;
  busy: boolean;
  onConfirm(): void;
  onCancel(): void;
  danger?: boolean;
}) {
  return (
    <div className="sv-dialog-backdrop" onClick={() => !props.busy && props.onCancel()}>
      <div className="sv-dialog" role="dialog" aria-modal="true" aria-label={props.title} onClick={(e) => e.stopPropagation()} data-testid="confirm-dialog">
        <strong>{props.title}</strong>
        <div>{props.children}</div>
        <div className="sv-dialog-buttons">
          <button className="btn" onClick={props.onCancel} disabled={props.busy}>
            Cancel
          </button>
          <button className={`btn ${props.danger ? 'danger-fill' : 'primary'}`} data-testid="confirm" onClick={props.onConfirm} disabled={props.busy}>
            {props.busy ? 'Working…' : props.confirm}
          </button>
        </div>
      </div>
    </div>
  );
}
