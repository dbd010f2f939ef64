// SPDX-License-Identifier: Apache-2.0
/** The builder's undo history: push, undo, redo, the bound, and pushing after an undo. */
import { describe, expect, it } from 'vitest';
import { pushState, redo, startHistory, undo } from './undo-stack';

describe('undo stack', () => {
  it('undoes and redoes in order', () => {
    let h = startHistory('a');
    h = pushState(h, 'b');
    h = pushState(h, 'c');
    expect(h.present).toBe('c');
    h = undo(h);
    expect(h.present).toBe('b');
    h = undo(h);
    expect(h.present).toBe('a');
    expect(undo(h)).toBe(h);
    h = redo(h);
    expect(h.present).toBe('b');
    h = redo(h);
    expect(h.present).toBe('c');
    expect(redo(h)).toBe(h);
  });

  it('forgets the undone states when a new one is pushed', () => {
    let h = pushState(pushState(startHistory(1), 2), 3);
    h = pushState(undo(undo(h)), 4);
    expect(h).toEqual({ past: [1], present: 4, future: [] });
  });

  it('ignores pushing the present again', () => {
    const h = pushState(startHistory('a'), 'b');
    expect(pushState(h, 'b')).toBe(h);
  });

  it('keeps at most the limit of earlier states', () => {
    let h = startHistory(0);
    for (let i = 1; i <= 10; i++) h = pushState(h, i, 3);
    expect(h.past).toEqual([7, 8, 9]);
    expect(h.present).toBe(10);
  });
});
