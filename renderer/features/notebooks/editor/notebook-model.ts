// SPDX-License-Identifier: Apache-2.0
/**
 * The notebook being edited: its cells as immutable views (a changed cell is a new object, so
 * React re-renders only that cell), cell operations with undo and redo, outputs as a kernel
 * sends them (streams merged as Jupyter does, bounded per cell), run states, and the
 * document to save (nbformat 4.5: cell ids, text as lists of lines).
 *
 * MLDeck never trusts a notebook: `metadata.trusted` (cells and notebook) and the notebook's
 * signature are dropped on load and never written.
 */
import type { MultilineString, NbOutput, NotebookDoc } from '../../../../shared/notebook/nbformat';
import { appendStreamText, splitLines } from './nb-text';
import { capStreams, joinText, loadOutput, maxStreamCharsPerCell, saveOutput, streamLength, untrusted } from './nb-outputs';

export { maxStreamCharsPerCell } from './nb-outputs';

/** A code cell waiting for the kernel, or running. */
export type CellRunState = 'queued' | 'running';

/** One cell as the editor shows it (immutable: every change makes a new object). */
export interface CellView {
  id: string;
  type: 'code' | 'markdown' | 'raw';
  source: string;
  /** Code cells only (empty for the others); stream text is one string. */
  outputs: NbOutput[];
  executionCount: number | null;
  runState?: CellRunState;
  metadata: Record<string, unknown>;
  /** Markdown and raw cells: attached files by name (`attachment:<name>` in the text). */
  attachments?: Record<string, Record<string, unknown>>;
}

const idPattern = /^[a-zA-Z0-9-_]{1,64}$/;

/** A fresh cell id (a UUID v4, as JupyterLab makes them; works outside secure contexts too). */
export function newCellId(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

interface UndoEntry {
  undo(): void;
  redo(): void;
  /** setSource entries typed in one go are merged. */
  sourceOf?: string;
}

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
  private undoStack: UndoEntry[] = [];
  private redoStack: UndoEntry[] = [];
  private mergeSource = false;
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
    const { nbformat: _f, nbformat_minor, metadata, cells, ...rest } = doc;
    m.docExtra = rest;
    m.minor = Math.max(5, Number.isInteger(nbformat_minor) ? nbformat_minor : 5);
    m.docMetadata = untrusted(metadata);
    delete m.docMetadata.signature;
    delete m.docMetadata.orig_nbformat;
    delete m.docMetadata.orig_nbformat_minor;
    for (const c of cells ?? []) {
      const { id: givenId, cell_type, source, metadata: cellMeta, ...cellRest } = c as unknown as Record<string, unknown> & { cell_type: string };
      let id = typeof givenId === 'string' && idPattern.test(givenId) && !m.byId.has(givenId) ? givenId : newCellId();
      while (m.byId.has(id)) id = newCellId();
      const type: CellView['type'] = cell_type === 'markdown' || cell_type === 'raw' ? cell_type : 'code';
      const view: CellView = { id, type, source: joinText(source as MultilineString), outputs: [], executionCount: null, metadata: untrusted(cellMeta) };
      if (type === 'code') {
        const outputs = Array.isArray(cellRest.outputs) ? (cellRest.outputs as NbOutput[]) : [];
        view.outputs = outputs.map(loadOutput);
        view.executionCount = typeof cellRest.execution_count === 'number' ? cellRest.execution_count : null;
      } else if (cellRest.attachments && typeof cellRest.attachments === 'object') {
        view.attachments = cellRest.attachments as Record<string, Record<string, unknown>>;
      }
      delete cellRest.outputs;
      delete cellRest.execution_count;
      delete cellRest.attachments;
      if (Object.keys(cellRest).length) m.extras.set(id, cellRest);
      m.list.push(view);
      m.byId.set(id, view);
    }
    return m;
  }

  /** The document to save: nbformat 4.5+, text as lists of lines, metadata and unknown keys kept, never `trusted`. */
  toDoc(): NotebookDoc {
    const cells = this.list.map((c) => {
      const extra = this.extras.get(c.id) ?? {};
      const metadata = untrusted(c.metadata);
      if (c.type === 'code') {
        return {
          ...extra,
          cell_type: 'code' as const,
          execution_count: c.executionCount,
          id: c.id,
          metadata,
          outputs: c.outputs.map(saveOutput),
          source: splitLines(c.source),
        };
      }
      const cell: NotebookDoc['cells'][number] = { ...extra, cell_type: c.type, id: c.id, metadata, source: splitLines(c.source) };
      if (c.attachments) (cell as { attachments?: unknown }).attachments = c.attachments;
      return cell;
    });
    return { ...this.docExtra, nbformat: 4, nbformat_minor: this.minor, metadata: { ...this.docMetadata }, cells };
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
    const top = this.undoStack[this.undoStack.length - 1];
    if (this.mergeSource && top?.sourceOf === id) {
      top.redo = () => this.setSourceRaw(id, text);
      this.redoStack = [];
    } else {
      const old = before.source;
      this.record({ sourceOf: id, undo: () => this.setSourceRaw(id, old), redo: () => this.setSourceRaw(id, text) });
    }
    this.mergeSource = true;
    this.changed(true, false);
  }

  /** Ends the current run of text edits, so the next edit is its own undo step. */
  breakUndoGroup(): void {
    this.mergeSource = false;
  }

  /** Adds a cell at `index` (clamped); returns its id. */
  insertCell(index: number, type: CellView['type'], source = ''): string {
    const view: CellView = { id: newCellId(), type, source, outputs: [], executionCount: null, metadata: {} };
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
    const added: CellView = { id: newCellId(), type: cell.type, source: tail, outputs: [], executionCount: null, metadata: {} };
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
    const after = this.withType(before, type);
    this.replace(after);
    this.record({
      undo: () => {
        const { runState: _r, ...rest } = before;
        this.replace(rest);
      },
      redo: () => this.replace(this.withType(this.byId.get(id) ?? before, type)),
    });
    this.changed(true, false);
  }

  /** Undoes the last cell operation; false when there is none. */
  undo(): boolean {
    const e = this.undoStack.pop();
    if (!e) return false;
    this.mergeSource = false;
    e.undo();
    this.redoStack.push(e);
    this.changed(true, true);
    return true;
  }

  /** Redoes the last undone operation; false when there is none. */
  redo(): boolean {
    const e = this.redoStack.pop();
    if (!e) return false;
    this.mergeSource = false;
    e.redo();
    this.undoStack.push(e);
    this.changed(true, true);
    return true;
  }

  /** Whether there is an operation to undo. */
  canUndo(): boolean {
    return this.undoStack.length > 0;
  }

  /** Whether there is an operation to redo. */
  canRedo(): boolean {
    return this.redoStack.length > 0;
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

  private withType(c: CellView, type: CellView['type']): CellView {
    const next: CellView = { id: c.id, type, source: c.source, outputs: [], executionCount: null, metadata: c.metadata };
    if (type !== 'code' && c.attachments) next.attachments = c.attachments;
    return next;
  }

  /** The newest state of a cell that may have been removed since (removed cells keep their last view). */
  private latest(c: CellView): CellView {
    return this.byId.get(c.id) ?? c;
  }

  private record(e: UndoEntry): void {
    this.undoStack.push(e);
    if (this.undoStack.length > 500) this.undoStack.shift();
    this.redoStack = [];
    if (!e.sourceOf) this.mergeSource = false;
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
