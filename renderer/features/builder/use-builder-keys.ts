// SPDX-License-Identifier: Apache-2.0
/**
 * The builder's keyboard: Ctrl/⌘+Z undo, Ctrl/⌘+Shift+Z or Ctrl+Y redo, Ctrl/⌘+C and V copy and
 * paste tasks (Delete is React Flow's). Keys typed into a field are left to the field.
 */
import { useCallback, type KeyboardEvent } from 'react';
import { useBuilder } from './builder.store';

function inField(target: EventTarget): boolean {
  const el = target as HTMLElement;
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName);
}

/** The page's key handler. */
export function useBuilderKeys() {
  return useCallback((e: KeyboardEvent) => {
    if (inField(e.target) || !(e.ctrlKey || e.metaKey)) return;
    const s = useBuilder.getState();
    const key = e.key.toLowerCase();
    if (key === 'z' && !e.shiftKey) s.undo();
    else if ((key === 'z' && e.shiftKey) || key === 'y') s.redo();
    else if (key === 'c') s.copy();
    else if (key === 'v') s.paste();
    else return;
    e.preventDefault();
  }, []);
}
