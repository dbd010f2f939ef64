// SPDX-License-Identifier: Apache-2.0
/**
 * The notebook editor's undo and redo stacks: each entry knows how to undo and redo one cell
 * operation; consecutive text edits of one cell are merged into one step until the group is
 * broken (another operation, an undo or redo, or {@link UndoHistory.breakGroup}). At most 500
 * steps are kept.
 */

/** One undoable operation. */
export interface UndoEntry {
  undo(): void;
  redo(): void;
  /** setSource entries typed in one go are merged. */
  sourceOf?: string;
}

/** How many steps are kept. */
export const maxUndoSteps = 500;

/** Undo and redo stacks with merging of text edits. */
export class UndoHistory {
  private undoStack: UndoEntry[] = [];
  private redoStack: UndoEntry[] = [];
  private mergeSource = false;

  /** Records an operation that was just applied (the redo stack is dropped). */
  record(e: UndoEntry): void {
    this.undoStack.push(e);
    if (this.undoStack.length > maxUndoSteps) this.undoStack.shift();
    this.redoStack = [];
    if (!e.sourceOf) this.mergeSource = false;
  }

  /**
   * Records a text edit of a cell that was just applied: merged into the last step when the
   * last step edited the same cell's text in the same group.
   */
  recordSource(id: string, undo: () => void, redo: () => void): void {
    const top = this.undoStack[this.undoStack.length - 1];
    if (this.mergeSource && top?.sourceOf === id) {
      top.redo = redo;
      this.redoStack = [];
    } else this.record({ sourceOf: id, undo, redo });
    this.mergeSource = true;
  }

  /** Ends the current run of text edits, so the next edit is its own undo step. */
  breakGroup(): void {
    this.mergeSource = false;
  }

  /** Undoes the last operation; false when there is none. */
  undo(): boolean {
    const e = this.undoStack.pop();
    if (!e) return false;
    this.mergeSource = false;
    e.undo();
    this.redoStack.push(e);
    return true;
  }

  /** Redoes the last undone operation; false when there is none. */
  redo(): boolean {
    const e = this.redoStack.pop();
    if (!e) return false;
    this.mergeSource = false;
    e.redo();
    this.undoStack.push(e);
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
}
