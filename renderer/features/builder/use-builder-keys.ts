// SPDX-License-Identifier: Apache-2.0
/**
 * The builder's keyboard, while the builder is open: Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo,
 * Ctrl/⌘+C and V copy and paste tasks, focus going to the first pasted task (Delete is React Flow's).
 * Keys typed into a field, or while a dialog is open, are left alone.
 */
import { useEffect } from 'react';
import { useBuilder } from './builder.store';
import { focusBoxSoon } from './canvas-focus';

function inField(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null;
  if (!el || typeof el.closest !== 'function') return false;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName) || el.closest('[role="dialog"]') !== null;
}

/** Listens on the document while mounted. */
export function useBuilderKeys(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (inField(e.target) || !(e.ctrlKey || e.metaKey) || e.altKey) return;
      const s = useBuilder.getState();
      const key = e.key.toLowerCase();
      if (key === 'z' && !e.shiftKey) s.undo();
      else if ((key === 'z' && e.shiftKey) || key === 'y') s.redo();
      else if (key === 'c' && s.selection.length > 0 && !window.getSelection()?.toString()) s.copy();
      else if (key === 'v' && s.clipboard.length > 0) {
        s.paste();
        // focus follows the paste to its first task when it was on the canvas (arrows then move it)
        const first = useBuilder.getState().selection[0];
        const el = e.target as HTMLElement | null;
        if (first && (el === document.body || el?.closest?.('.builder-canvas'))) focusBoxSoon(document, first);
      } else return;
      e.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);
}
