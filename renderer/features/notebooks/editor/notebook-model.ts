// SPDX-License-Identifier: Apache-2.0
/**
 * The notebook being edited: its cells as immutable views (a changed cell is a new object, so
 * React re-renders only that cell), cell operations with undo and redo (`undo-history.ts`),
 * outputs as a kernel sends them (streams merged as Jupyter does, bounded per cell), run states,
 * and the document to save (`notebook-doc.ts`: nbformat 4.5, cell ids, text as lists of lines).
 *
 * MLDeck never trusts a notebook: `metadata.trusted` (cells and notebook) and the notebook's
 * signature are dropped on load and never written.
 */
import type { NbOutput, NotebookDoc } from '../../../../shared/notebook/nbformat';
import { blankCell, withType, type CellRunState, type CellView } from './cell-view';
import { readDoc, writeDoc } from './notebook-doc';
import { appendStreamText } from './nb-text';
import { capStreams, loadOutput, maxStreamCharsPerCell, streamLength } from './nb-outputs';
import { UndoHistory } from './undo-history';

export { maxStreamCharsPerCell } from './nb-outputs';
export { newCellId, type CellRunState, type CellView } from './cell-view';

/** The editor's model of one notebook. */
export class NotebookModel {
  private list: CellView[] = [];
  private readonly byId = new Map<string, CellView>();
  /** Keys of cells that the model does not know (kept as they came). */
  private readonly extras = new Map<string, Record<string, unknown>>();
  private readonly waitingClear = new Set<string>();
  /** Stream characters per cell (kept up to date so that appending does not re-count). */
  private readonly streamChars = new Map<string, number>();
  private readonly listeners = new Set<() => void>();
  private readonly history = new UndoHistory();
  private snapshot: readonly CellView[] | undefined;
  private idsSnapshot: readonly string[] | undefined;
  private lastDirtyVersion = 0;
  private savedVersion = 0;
  private _version = 0;
  private docMetadata: Record<string, unknown> = {};
  private docExtra: Record<string, unknown> = {};
  private minor = 5;

  /** Increments on every change. */
  get version(): number {
    return this._version;
  }

  /**
   * A model of a document. Cells without a valid id, or with an id seen before, get a fresh one
   * (nbformat 4.5); `trusted` flags and the signature are dropped.
   */
  static fromDoc(doc: NotebookDoc): NotebookModel {
    const m = new NotebookModel();
    const d = readDoc(doc);
    m.docExtra = d.extra;
    m.minor = d.minor;
    m.docMetadata = d.metadata;
    for (const [id, extra] of d.extras) m.extras.set(id, extra);
    for (const view of d.cells) {
      m.list.push(view);
      m.byId.set(view.id, view);
    }
    return m;
  }

  /** The document to save: nbformat 4.5+, text as lists of lines, metadata and unknown keys kept, never `trusted`. */
  toDoc(): NotebookDoc {
    return writeDoc({ cells: this.list, extras: this.extras, metadata: this.docMetadata, extra: this.docExtra, minor: this.minor });
  }

  /** The notebook's metadata (kernelspec, language_info, …), without the trust flag. */
  get metadata(): Readonly<Record<string, unknown>> {
    return this.docMetadata;
  }

  /** The cells (a new array after every change). */
  get cells(): readonly CellView[] {
    return (this.snapshot ??= this.list.slice());
  }

  /** The cell ids in order (a new array only when cells are added, removed or moved). */
  get ids(): readonly string[] {
    return (this.idsSnapshot ??= this.list.map((c) => c.id));
  }

  /** Calls `listener` after every change; returns the unsubscribe. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Changed since the last {@link markSaved} (or the load). */
  get dirty(): boolean {
    return this.lastDirtyVersion > this.savedVersion;
  }

  /**
   * The document was saved.
   * @param atVersion - the {@link version} the saved document was taken at (default: now), so
   *   that edits made while saving keep the model dirty
   */
  markSaved(atVersion?: number): void {
    const v = atVersion ?? this._version;
    if (v <= this.savedVersion && atVersion !== undefined) return;
    this.savedVersion = v;
    this.changed(false, false);
  }

  /** The cell with this id. */
  cell(id: string): CellView | undefined {
    return this.byId.get(id);
  }

  /** The position of a cell (-1 when there is none). */
  indexOf(id: string): number {
    const c = this.byId.get(id);
    return c ? this.list.indexOf(c) : -1;
  }

  // ---- undoable edits ----

  /** Replaces a cell's text (consecutive edits of one cell are one undo step). */
  setSource(id: string, text: string): void {
    const before = this.byId.get(id);
    if (!before || before.source === text) return;
    this.replace({ ...before, source: text });
    const old = before.source;
    this.history.recordSource(
      id,
      () => this.setSourceRaw(id, old),
      () => this.setSourceRaw(id, text),
    );
    this.changed(true, false);
  }

  /** Ends the current run of text edits, so the next edit is its own undo step. */
  breakUndoGroup(): void {
    this.history.breakGroup();
  }

  /** Adds a cell at `index` (clamped); returns its id. */
  insertCell(index: number, type: CellView['type'], source = ''): string {
    const view = blankCell(type, source);
    const at = Math.max(0, Math.min(this.list.length, Math.trunc(index)));
    this.insertRaw(at, view);
    this.record({ undo: () => this.removeRaw([view.id]), redo: () => this.insertRaw(at, this.latest(view)) });
    this.changed(true, true);
    return view.id;
  }

  /** Removes cells. */
  deleteCells(ids: string[]): void {
    const wanted = new Set(ids);
    const gone = this.list.map((c, i) => [i, c] as const).filter(([, c]) => wanted.has(c.id));
    if (!gone.length) return;
    const idList = gone.map(([, c]) => c.id);
    this.removeRaw(idList);
    const kept = new Map<string, CellView>(gone.map(([, c]) => [c.id, c]));
    this.record({
      undo: () => {
        for (const [i, c] of gone) this.insertRaw(i, kept.get(c.id) ?? c);
      },
      redo: () => {
        for (const id of idList) {
          const c = this.byId.get(id);
          if (c) kept.set(id, c);
        }
        this.removeRaw(idList);
      },
    });
    this.changed(true, true);
  }

  /** Moves a cell by `delta` places (clamped to the notebook). */
  moveCell(id: string, delta: number): void {
    const from = this.indexOf(id);
    if (from < 0) return;
    const to = Math.max(0, Math.min(this.list.length - 1, from + Math.trunc(delta)));
    if (to === from) return;
    this.moveRaw(id, to);
    this.record({ undo: () => this.moveRaw(id, from), redo: () => this.moveRaw(id, to) });
    this.changed(true, true);
  }

  /**
   * Splits a cell at a character offset: the cell keeps the text before it, a new cell of the
   * same type below gets the rest (outputs stay with the first, as in JupyterLab).
   */
  splitCell(id: string, offset: number): void {
    const cell = this.byId.get(id);
    if (!cell) return;
    const at = Math.max(0, Math.min(cell.source.length, Math.trunc(offset)));
    const whole = cell.source;
    const head = whole.slice(0, at).replace(/\n$/, '');
    const tail = whole.slice(at).replace(/^\n/, '');
    const added = blankCell(cell.type, tail);
    const apply = () => {
      this.setSourceRaw(id, head);
      this.insertRaw(this.indexOf(id) + 1, this.latest(added));
    };
    apply();
    this.record({
      undo: () => {
        const now = this.byId.get(added.id);
        if (now) Object.assign(added, { outputs: now.outputs, executionCount: now.executionCount });
        this.removeRaw([added.id]);
        this.setSourceRaw(id, whole);
      },
      redo: apply,
    });
    this.changed(true, true);
  }

  /** Changes a cell's type (outputs are dropped when it stops being code, as Jupyter does). */
  setCellType(id: string, type: CellView['type']): void {
    const before = this.byId.get(id);
    if (!before || before.type === type) return;
    const after = withType(before, type);
    this.replace(after);
    this.record({
      undo: () => {
        const { runState: _r, ...rest } = before;
        this.replace(rest);
      },
      redo: () => this.replace(withType(this.byId.get(id) ?? before, type)),
    });
    this.changed(true, false);
  }

  /** Undoes the last cell operation; false when there is none. */
  undo(): boolean {
    if (!this.history.undo()) return false;
    this.changed(true, true);
    return true;
  }

  /** Redoes the last undone operation; false when there is none. */
  redo(): boolean {
    if (!this.history.redo()) return false;
    this.changed(true, true);
    return true;
  }

  /** Whether there is an operation to undo. */
  canUndo(): boolean {
    return this.history.canUndo();
  }

  /** Whether there is an operation to redo. */
  canRedo(): boolean {
    return this.history.canRedo();
  }

  // ---- outputs and run state (not undoable) ----

  /** Clears a cell's outputs, now or (`wait`) when its next output arrives. */
  clearOutputs(id: string, wait = false): void {
    const c = this.byId.get(id);
    if (!c) return;
    if (wait) {
      this.waitingClear.add(id);
      return;
    }
    this.waitingClear.delete(id);
    if (!c.outputs.length) return;
    this.replace({ ...c, outputs: [] });
    this.changed(true, false);
  }

  /**
   * Adds an output. A stream after a stream of the same name extends it ('\r' and '\b' as
   * Jupyter shows them); a cell keeps at most {@link maxStreamCharsPerCell} of stream text.
   */
  appendOutput(id: string, output: NbOutput): void {
    const c = this.byId.get(id);
    if (!c || c.type !== 'code') return;
    let outputs = this.waitingClear.delete(id) ? [] : c.outputs.slice();
    let chars = outputs.length ? (this.streamChars.get(id) ?? outputs.reduce((n, x) => n + streamLength(x), 0)) : 0;
    const o = loadOutput(output);
    const last = outputs[outputs.length - 1];
    if (o.output_type === 'stream' && last?.output_type === 'stream' && last.name === o.name) {
      const text = appendStreamText(last.text as string, o.text as string);
      chars += text.length - (last.text as string).length;
      outputs[outputs.length - 1] = { ...last, text };
    } else if (o.output_type === 'stream') {
      const text = appendStreamText('', o.text as string);
      chars += text.length;
      outputs.push({ ...o, text });
    } else outputs.push(o);
    if (chars > maxStreamCharsPerCell) {
      outputs = capStreams(outputs);
      chars = outputs.reduce((n, x) => n + streamLength(x), 0);
    }
    this.replace({ ...c, outputs });
    this.streamChars.set(id, chars);
    this.changed(true, false);
  }

  /** Sets a code cell's execution count. */
  setExecutionCount(id: string, n: number | null): void {
    const c = this.byId.get(id);
    if (!c || c.executionCount === n) return;
    this.replace({ ...c, executionCount: n });
    this.changed(true, false);
  }

  /** Marks a cell queued or running (undefined: neither). Not a change to the document. */
  setRunState(id: string, state: CellRunState | undefined): void {
    const c = this.byId.get(id);
    if (!c || c.runState === state) return;
    const next = { ...c };
    if (state) next.runState = state;
    else delete next.runState;
    this.replace(next);
    this.changed(false, false);
  }

  // ---- internals ----

  /** The newest state of a cell that may have been removed since (removed cells keep their last view). */
  private latest(c: CellView): CellView {
    return this.byId.get(c.id) ?? c;
  }

  private record(e: { undo(): void; redo(): void }): void {
    this.history.record(e);
  }

  private replace(next: CellView): void {
    const prev = this.byId.get(next.id);
    if (!prev) return;
    if (prev.outputs !== next.outputs) this.streamChars.delete(next.id);
    const i = this.list.indexOf(prev);
    this.list[i] = next;
    this.byId.set(next.id, next);
  }

  private setSourceRaw(id: string, text: string): void {
    const c = this.byId.get(id);
    if (c) this.replace({ ...c, source: text });
  }

  private insertRaw(index: number, view: CellView): void {
    if (this.byId.has(view.id)) return;
    this.list.splice(Math.max(0, Math.min(this.list.length, index)), 0, view);
    this.byId.set(view.id, view);
  }

  private removeRaw(ids: string[]): void {
    const drop = new Set(ids);
    this.list = this.list.filter((c) => !drop.has(c.id));
    for (const id of ids) {
      this.byId.delete(id);
      this.waitingClear.delete(id);
    }
  }

  private moveRaw(id: string, to: number): void {
    const c = this.byId.get(id);
    if (!c) return;
    this.list.splice(this.list.indexOf(c), 1);
    this.list.splice(to, 0, c);
  }

  private changed(dirtying: boolean, structural: boolean): void {
    this._version++;
    if (dirtying) this.lastDirtyVersion = this._version;
    this.snapshot = undefined;
    if (structural) this.idsSnapshot = undefined;
    for (const l of [...this.listeners]) l();
  }
}
