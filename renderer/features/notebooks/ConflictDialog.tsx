// SPDX-License-Identifier: Apache-2.0
/**
 * The dialog shown when a notebook changed on the server since it was opened: cancel, load
 * theirs, save mine as a copy, or overwrite theirs.
 */
import { baseName } from './file-paths';

/** The conflict dialog: the file changed on the server since it was opened. */
export function ConflictDialog(props: {
  path: string;
  serverTime: string | undefined;
  onOverwrite(): void;
  onCopy(): void;
  onReload(): void;
  onCancel(): void;
}) {
  return (
    <div className="dialog-backdrop" onClick={props.onCancel}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label="The notebook changed on the server"
        data-testid="nb-conflict"
        onClick={(e) => e.stopPropagation()}
      >
        <h3>{baseName(props.path)} changed on the server</h3>
        <p>
          Someone (or another tab) saved this notebook after you opened it
          {props.serverTime ? ` (the server’s copy is from ${new Date(props.serverTime).toLocaleString()})` : ''}. Your changes are kept as a draft whatever you
          choose.
        </p>
        <div className="dialog-buttons wrap">
          <button className="btn" onClick={props.onCancel}>
            Cancel
          </button>
          <button className="btn" onClick={props.onReload} data-testid="nb-conflict-reload">
            Discard mine, load theirs
          </button>
          <button className="btn" onClick={props.onCopy} data-testid="nb-conflict-copy">
            Save mine as a copy
          </button>
          <button className="btn danger-fill" onClick={props.onOverwrite} data-testid="nb-conflict-overwrite">
            Overwrite theirs
          </button>
        </div>
      </div>
    </div>
  );
}
