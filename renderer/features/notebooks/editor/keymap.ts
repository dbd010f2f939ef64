// SPDX-License-Identifier: Apache-2.0
/**
 * Jupyter's keys, as data: which action a key press means in command mode (Esc) or edit mode
 * (Enter). Keys pressed twice (D D, I I, 0 0) are reported once per press as `*-first`; the
 * editor turns two presses within a moment into the action.
 */

/** What a key press asks for. */
export type KeyAction =
  | 'run-advance'
  | 'run'
  | 'run-insert'
  | 'save'
  | 'edit'
  | 'command'
  | 'select-up'
  | 'select-down'
  | 'extend-up'
  | 'extend-down'
  | 'insert-above'
  | 'insert-below'
  | 'delete-first'
  | 'interrupt-first'
  | 'restart-first'
  | 'to-markdown'
  | 'to-code'
  | 'to-raw'
  | 'undo'
  | 'redo'
  | 'copy'
  | 'cut'
  | 'paste-below'
  | 'paste-above'
  | 'split'
  | 'select-all';

/** The parts of a keyboard event the keymap reads. */
export interface KeyPress {
  key: string;
  code?: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
}

/** The action of a key press in a mode, if any. `mac`: Cmd is the primary modifier. */
export function keyAction(e: KeyPress, mode: 'command' | 'edit', mac = false): KeyAction | undefined {
  const primary = mac ? e.metaKey : e.ctrlKey;
  const key = e.key.length === 1 ? e.key.toLowerCase() : e.key;
  if (primary && !e.altKey && key === 's') return 'save';
  if (key === 'Enter') {
    if (e.shiftKey && !primary && !e.altKey) return 'run-advance';
    if (primary && !e.shiftKey && !e.altKey) return 'run';
    if (e.altKey && !primary && !e.shiftKey) return 'run-insert';
    if (mode === 'command' && !e.shiftKey && !primary && !e.altKey) return 'edit';
    return undefined;
  }
  if (mode === 'edit') {
    if (key === 'Escape' && !primary && !e.altKey) return 'command';
    if (primary && e.shiftKey && !e.altKey && (key === '-' || key === '_' || e.code === 'Minus')) return 'split';
    return undefined;
  }
  // command mode: single keys without Ctrl/Cmd/Alt
  if (primary && !e.shiftKey && key === 'a') return 'select-all';
  if (e.ctrlKey || e.metaKey || e.altKey) return undefined;
  if (e.shiftKey) {
    if (key === 'ArrowUp' || key === 'k') return 'extend-up';
    if (key === 'ArrowDown' || key === 'j') return 'extend-down';
    if (key === 'z') return 'redo';
    if (key === 'v') return 'paste-above';
    return undefined;
  }
  switch (key) {
    case 'ArrowUp':
    case 'k':
      return 'select-up';
    case 'ArrowDown':
    case 'j':
      return 'select-down';
    case 'a':
      return 'insert-above';
    case 'b':
      return 'insert-below';
    case 'd':
      return 'delete-first';
    case 'i':
      return 'interrupt-first';
    case '0':
      return 'restart-first';
    case 'm':
      return 'to-markdown';
    case 'y':
      return 'to-code';
    case 'r':
      return 'to-raw';
    case 'z':
      return 'undo';
    case 'c':
      return 'copy';
    case 'x':
      return 'cut';
    case 'v':
      return 'paste-below';
    default:
      return undefined;
  }
}

/** Whether the platform uses Cmd as the primary modifier. */
export function isMac(): boolean {
  return typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);
}
