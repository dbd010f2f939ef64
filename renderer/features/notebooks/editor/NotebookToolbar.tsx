// SPDX-License-Identifier: Apache-2.0
/** The notebook's toolbar: save, cell operations, run and kernel controls, cell type, kernel status. */
import { useState, useSyncExternalStore, type ReactNode } from 'react';
import type { KernelStatus } from '../../../../shared/features/notebooks/notebooks.contract';
import type { CellView, NotebookModel } from './notebook-model';

/** The kernel as the toolbar and the keys use it. */
export interface KernelControls {
  status: KernelStatus;
  run(cellIds: string[]): void;
  interrupt(): void;
  restart(): void;
}

const statusClass: Record<KernelStatus, string> = {
  idle: 'ok',
  busy: 'busy',
  starting: 'progress',
  restarting: 'progress',
  autorestarting: 'warn',
  reconnecting: 'warn',
  dead: 'error',
  disconnected: 'error',
  unknown: 'neutral',
};

/** What the toolbar does; the notebook editor gives these. */
export interface ToolbarActions {
  save?: (() => void) | undefined;
  addBelow(): void;
  cut(): void;
  copy(): void;
  paste(): void;
  canPaste: boolean;
  moveUp(): void;
  moveDown(): void;
  run(): void;
  runAll(): void;
  setType(type: CellView['type']): void;
}

/** The toolbar. */
export function NotebookToolbar(props: {
  model: NotebookModel;
  subscribe: (l: () => void) => () => void;
  activeId: string | undefined;
  kernel?: KernelControls | undefined;
  readOnly: boolean;
  actions: ToolbarActions;
  extra?: ReactNode;
}) {
  const { model, kernel, readOnly, actions: a } = props;
  const dirty = useSyncExternalStore(props.subscribe, () => model.dirty);
  const activeType = useSyncExternalStore(props.subscribe, () => (props.activeId ? model.cell(props.activeId)?.type : undefined));
  const [confirmRestart, setConfirmRestart] = useState(false);
  const kernelUsable = !!kernel && !['dead', 'disconnected', 'unknown'].includes(kernel.status);
  const edit = !readOnly;
  return (
    <div className="nb-toolbar" data-testid="nb-toolbar" role="toolbar" aria-label="Notebook">
      <button className="btn" data-testid="nb-save" onClick={a.save} disabled={!a.save || readOnly} title="Save (Ctrl/Cmd+S)">
        Save{dirty ? ' •' : ''}
      </button>
      <span className="nb-sep" />
      <button className="btn" data-testid="nb-add-cell" onClick={a.addBelow} disabled={!edit} title="Insert a cell below (B)" aria-label="Insert a cell below">
        +
      </button>
      <button className="btn" onClick={a.cut} disabled={!edit || !props.activeId} title="Cut cells (X)" aria-label="Cut cells" data-testid="nb-cut">
        Cut
      </button>
      <button className="btn" onClick={a.copy} disabled={!props.activeId} title="Copy cells (C)" aria-label="Copy cells" data-testid="nb-copy">
        Copy
      </button>
      <button
        className="btn"
        onClick={a.paste}
        disabled={!edit || !a.canPaste}
        title="Paste cells below (V)"
        aria-label="Paste cells below"
        data-testid="nb-paste"
      >
        Paste
      </button>
      <button className="btn" onClick={a.moveUp} disabled={!edit || !props.activeId} title="Move up" aria-label="Move the cell up" data-testid="nb-move-up">
        ↑
      </button>
      <button
        className="btn"
        onClick={a.moveDown}
        disabled={!edit || !props.activeId}
        title="Move down"
        aria-label="Move the cell down"
        data-testid="nb-move-down"
      >
        ↓
      </button>
      <span className="nb-sep" />
      <button
        className="btn"
        data-testid="nb-run"
        onClick={a.run}
        disabled={readOnly || !props.activeId}
        title="Run the cell and select the next (Shift+Enter)"
      >
        ▶ Run
      </button>
      <button className="btn" data-testid="nb-run-all" onClick={a.runAll} disabled={readOnly || !kernelUsable} title="Run all cells">
        ▶▶ Run all
      </button>
      <button
        className="btn"
        data-testid="nb-interrupt"
        onClick={() => kernel?.interrupt()}
        disabled={readOnly || !kernelUsable}
        title="Interrupt the kernel (I, I)"
        aria-label="Interrupt the kernel"
      >
        ■
      </button>
      <button
        className="btn"
        data-testid="nb-restart"
        onClick={() => setConfirmRestart(true)}
        disabled={readOnly || !kernel || kernel.status === 'disconnected'}
        title="Restart the kernel (0, 0)"
        aria-label="Restart the kernel"
      >
        ↻
      </button>
      <select
        className="input"
        data-testid="nb-cell-type"
        aria-label="Cell type"
        value={activeType ?? ''}
        disabled={!edit || !activeType}
        onChange={(e) => a.setType(e.target.value as CellView['type'])}
      >
        {!activeType && <option value="">—</option>}
        <option value="code">Code</option>
        <option value="markdown">Markdown</option>
        <option value="raw">Raw</option>
      </select>
      <span className="nb-spacer" />
      {props.extra}
      <span
        className={`nb-kernel-status ${kernel ? statusClass[kernel.status] : 'neutral'}`}
        data-testid="nb-kernel-status"
        data-status={kernel?.status ?? 'none'}
      >
        <span className="nb-kernel-dot" aria-hidden="true" />
        {kernel ? `Kernel ${kernel.status}` : 'No kernel'}
      </span>
      {confirmRestart && (
        <RestartDialog
          onCancel={() => setConfirmRestart(false)}
          onConfirm={() => {
            setConfirmRestart(false);
            kernel?.restart();
          }}
        />
      )}
    </div>
  );
}

/** Asks before restarting: the kernel's variables are lost. */
export function RestartDialog(props: { onCancel(): void; onConfirm(): void }) {
  return (
    <div className="nb-dialog-backdrop" onMouseDown={props.onCancel}>
      <div
        className="nb-dialog"
        role="dialog"
        aria-modal="true"
        aria-label="Restart the kernel"
        data-testid="nb-restart-dialog"
        onMouseDown={(e) => e.stopPropagation()}
        onKeyDown={(e) => {
          e.stopPropagation();
          if (e.key === 'Escape') props.onCancel();
        }}
      >
        <h3>Restart the kernel?</h3>
        <p>All variables and imports of the running kernel are lost. Outputs stay in the notebook.</p>
        <div className="nb-dialog-buttons">
          <button className="btn" onClick={props.onCancel}>
            Cancel
          </button>
          <button className="btn primary" onClick={props.onConfirm} autoFocus data-testid="nb-restart-confirm">
            Restart
          </button>
        </div>
      </div>
    </div>
  );
}
