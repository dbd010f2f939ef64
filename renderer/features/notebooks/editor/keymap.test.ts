// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { keyAction, type KeyPress } from './keymap';

const k = (key: string, mods: Partial<KeyPress> = {}): KeyPress => ({ key, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

describe("Jupyter's keys", () => {
  it('runs with Shift+Enter, Ctrl+Enter and Alt+Enter in both modes', () => {
    for (const mode of ['command', 'edit'] as const) {
      expect(keyAction(k('Enter', { shiftKey: true }), mode)).toBe('run-advance');
      expect(keyAction(k('Enter', { ctrlKey: true }), mode)).toBe('run');
      expect(keyAction(k('Enter', { altKey: true }), mode)).toBe('run-insert');
    }
    expect(keyAction(k('Enter', { metaKey: true }), 'edit', true)).toBe('run');
  });
  it('saves with Ctrl+S, or Cmd+S on a Mac, in both modes', () => {
    expect(keyAction(k('s', { ctrlKey: true }), 'edit')).toBe('save');
    expect(keyAction(k('S', { ctrlKey: true }), 'command')).toBe('save');
    expect(keyAction(k('s', { metaKey: true }), 'command', true)).toBe('save');
    expect(keyAction(k('s', { metaKey: true }), 'command', false)).toBeUndefined();
  });
  it('switches modes with Enter and Escape', () => {
    expect(keyAction(k('Enter'), 'command')).toBe('edit');
    expect(keyAction(k('Enter'), 'edit')).toBeUndefined(); // a new line in the editor
    expect(keyAction(k('Escape'), 'edit')).toBe('command');
  });
  it('reads single letters only in command mode', () => {
    expect(keyAction(k('a'), 'command')).toBe('insert-above');
    expect(keyAction(k('b'), 'command')).toBe('insert-below');
    expect(keyAction(k('d'), 'command')).toBe('delete-first');
    expect(keyAction(k('m'), 'command')).toBe('to-markdown');
    expect(keyAction(k('y'), 'command')).toBe('to-code');
    expect(keyAction(k('r'), 'command')).toBe('to-raw');
    expect(keyAction(k('z'), 'command')).toBe('undo');
    expect(keyAction(k('Z', { shiftKey: true }), 'command')).toBe('redo');
    expect(keyAction(k('j'), 'command')).toBe('select-down');
    expect(keyAction(k('ArrowUp'), 'command')).toBe('select-up');
    expect(keyAction(k('ArrowDown', { shiftKey: true }), 'command')).toBe('extend-down');
    for (const key of ['a', 'b', 'd', 'm', 'z', 'j']) expect(keyAction(k(key), 'edit')).toBeUndefined();
    expect(keyAction(k('c', { ctrlKey: true }), 'command')).toBeUndefined();
  });
  it('splits with Ctrl+Shift+- in edit mode', () => {
    expect(keyAction(k('_', { ctrlKey: true, shiftKey: true, code: 'Minus' }), 'edit')).toBe('split');
    expect(keyAction(k('-', { ctrlKey: true, shiftKey: true }), 'command')).toBeUndefined();
  });
});
