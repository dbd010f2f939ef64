// SPDX-License-Identifier: Apache-2.0
/**
 * What the notebook's keys and toolbar do: run (and advance or insert), insert, delete, move,
 * change type, copy, cut, paste, undo, split, select. Written against a small context (the
 * model, the editor's selection and its setters), so the editor component stays about layout.
 */
import type { KeyAction } from './keymap';
import type { CellView, NotebookModel } from './notebook-model';
import type { KernelControls } from './NotebookToolbar';

/** Edit mode (a cell's editor has the keys) or command mode (the notebook has them). */
export type Mode = 'command' | 'edit';

/** How to make a cell the active one. */
export interface ActivateOptions {
  mode?: Mode;
  /** Keep the selection's other end (Shift+Up/Down). */
  extend?: boolean;
  cursor?: number | 'start' | 'end';
}

/** What the commands work on. */
export interface CommandContext {
  model: NotebookModel;
  /** The active cell and the cell ids now. */
  state(): { activeId: string | undefined; ids: readonly string[] };
  /** The editor's props now. */
  props(): { readOnly?: boolean | undefined; kernel?: KernelControls | undefined; onSave?: (() => void) | undefined };
  selectedIds(): string[];
  activate(id: string | undefined, opts?: ActivateOptions): void;
  reveal(id: string): void;
  run(ids: string[]): void;
  setLastIndex(i: number): void;
  onClipboard(has: boolean): void;
  selectRange(anchorId: string, activeId: string): void;
  confirmRestart(): void;
}

/** Cells copied or cut (kept across notebooks, like Jupyter's cell clipboard). */
let clipboard: { type: CellView['type']; source: string }[] = [];

/** Whether cells were copied. */
export function hasClipboard(): boolean {
  return clipboard.length > 0;
}

/** The notebook's commands. */
export function notebookCommands(ctx: CommandContext) {
  const ro = () => !!ctx.props().readOnly;
  const insertAt = (index: number, type: CellView['type'] = 'code', mode: Mode = 'command') => {
    if (ro()) return;
    const id = ctx.model.insertCell(index, type);
    ctx.activate(id, { mode });
  };
  return {
    runAdvance() {
      const sel = ctx.selectedIds();
      ctx.run(sel);
      const list = ctx.state().ids;
      const last = sel[sel.length - 1];
      const i = last ? list.indexOf(last) : -1;
      if (i < 0) return;
      if (i === list.length - 1) insertAt(list.length, 'code', 'edit');
      else ctx.activate(list[i + 1]);
    },
    runInPlace() {
      ctx.run(ctx.selectedIds());
      ctx.activate(ctx.state().activeId);
    },
    runInsert() {
      const sel = ctx.selectedIds();
      ctx.run(sel);
      const last = sel[sel.length - 1];
      if (last) insertAt(ctx.state().ids.indexOf(last) + 1, 'code', 'edit');
    },
    runAll() {
      ctx.run([...ctx.state().ids]);
    },
    save() {
      ctx.props().onSave?.();
    },
    insertAbove() {
      const { activeId, ids } = ctx.state();
      insertAt(Math.max(0, activeId ? ids.indexOf(activeId) : 0));
    },
    insertBelow() {
      const { activeId, ids } = ctx.state();
      insertAt((activeId ? ids.indexOf(activeId) : -1) + 1);
    },
    deleteSelected() {
      if (ro()) return;
      const sel = ctx.selectedIds();
      const list = ctx.state().ids;
      const first = sel[0] ? list.indexOf(sel[0]) : -1;
      ctx.model.deleteCells(sel);
      const after = ctx.model.ids;
      const at = Math.max(0, Math.min(first, after.length - 1));
      ctx.setLastIndex(at);
      ctx.activate(after[at]);
    },
    setType(type: CellView['type']) {
      if (ro()) return;
      for (const id of ctx.selectedIds()) ctx.model.setCellType(id, type);
    },
    move(delta: number) {
      if (ro()) return;
      const sel = ctx.selectedIds();
      const order = delta < 0 ? sel : [...sel].reverse();
      const list = ctx.state().ids;
      const edge = delta < 0 ? list.indexOf(sel[0] ?? '') : list.indexOf(sel[sel.length - 1] ?? '');
      if (edge < 0 || (delta < 0 && edge === 0) || (delta > 0 && edge === list.length - 1)) return;
      for (const id of order) ctx.model.moveCell(id, delta);
      const { activeId } = ctx.state();
      if (activeId) ctx.reveal(activeId);
    },
    copy() {
      clipboard = ctx.selectedIds().flatMap((id) => {
        const c = ctx.model.cell(id);
        return c ? [{ type: c.type, source: c.source }] : [];
      });
      ctx.onClipboard(clipboard.length > 0);
    },
    cut() {
      if (ro()) return;
      this.copy();
      this.deleteSelected();
    },
    paste(above: boolean) {
      if (ro() || !clipboard.length) return;
      const { activeId, ids: list } = ctx.state();
      let at = activeId ? list.indexOf(activeId) + (above ? 0 : 1) : list.length;
      let lastId: string | undefined;
      for (const c of clipboard) lastId = ctx.model.insertCell(at++, c.type, c.source);
      ctx.activate(lastId);
    },
    undo() {
      if (!ro()) ctx.model.undo();
    },
    redo() {
      if (!ro()) ctx.model.redo();
    },
    interrupt() {
      ctx.props().kernel?.interrupt();
    },
  };
}

/** The commands of {@link notebookCommands}. */
export type NotebookCommands = ReturnType<typeof notebookCommands>;

/**
 * Acts on key actions; keys pressed twice (D D, I I, 0 0) act on the second press within 800 ms.
 * @returns a function that acts and says whether the key was used
 */
export function keyActions(ctx: CommandContext, commands: NotebookCommands): (action: KeyAction | undefined, offset?: number) => boolean {
  let lastKey: { action: string; at: number } | undefined;
  return (action, offset = 0) => {
    const { activeId: a, ids: list } = ctx.state();
    const twice = (name: string) => {
      const now = Date.now();
      const was = lastKey;
      lastKey = { action: name, at: now };
      if (was && was.action === name && now - was.at < 800) {
        lastKey = undefined;
        return true;
      }
      return false;
    };
    const i = a ? list.indexOf(a) : -1;
    switch (action) {
      case 'save':
        commands.save();
        return true;
      case 'run-advance':
        commands.runAdvance();
        return true;
      case 'run':
        commands.runInPlace();
        return true;
      case 'run-insert':
        commands.runInsert();
        return true;
      case 'edit':
        if (a && !ctx.props().readOnly) ctx.activate(a, { mode: 'edit', cursor: 'end' });
        return true;
      case 'command':
        ctx.activate(a);
        return true;
      case 'select-up':
        if (i > 0) ctx.activate(list[i - 1]);
        return true;
      case 'select-down':
        if (i >= 0 && i < list.length - 1) ctx.activate(list[i + 1]);
        return true;
      case 'extend-up':
        if (i > 0) ctx.activate(list[i - 1], { extend: true });
        return true;
      case 'extend-down':
        if (i >= 0 && i < list.length - 1) ctx.activate(list[i + 1], { extend: true });
        return true;
      case 'select-all':
        if (list.length) {
          ctx.selectRange(list[0] as string, list[list.length - 1] as string);
        }
        return true;
      case 'insert-above':
        commands.insertAbove();
        return true;
      case 'insert-below':
        commands.insertBelow();
        return true;
      case 'delete-first':
        if (twice('d')) commands.deleteSelected();
        return true;
      case 'interrupt-first':
        if (twice('i')) commands.interrupt();
        return true;
      case 'restart-first':
        if (twice('0') && ctx.props().kernel && !ctx.props().readOnly) ctx.confirmRestart();
        return true;
      case 'to-markdown':
        commands.setType('markdown');
        return true;
      case 'to-code':
        commands.setType('code');
        return true;
      case 'to-raw':
        commands.setType('raw');
        return true;
      case 'undo':
        commands.undo();
        return true;
      case 'redo':
        commands.redo();
        return true;
      case 'copy':
        commands.copy();
        return true;
      case 'cut':
        commands.cut();
        return true;
      case 'paste-below':
        commands.paste(false);
        return true;
      case 'paste-above':
        commands.paste(true);
        return true;
      case 'split':
        if (a && !ctx.props().readOnly) {
          ctx.model.splitCell(a, offset);
          const next = ctx.model.ids[ctx.model.indexOf(a) + 1];
          ctx.activate(next, { mode: 'edit', cursor: 'start' });
        }
        return true;
      default:
        return false;
    }
  };
}
