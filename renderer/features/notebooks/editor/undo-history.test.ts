// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the notebook editor's undo history: merging of text edits, groups, the redo stack, the bound. */
import { describe, expect, it } from 'vitest';
import { maxUndoSteps, UndoHistory } from './undo-history';

describe('UndoHistory', () => {
  it('merges consecutive text edits of one cell into one step until the group is broken', () => {
    const h = new UndoHistory();
    let text: string;
    const set = (t: string) => () => (text = t);
    h.recordSource('a', set(''), set('x'));
    h.recordSource('a', set('x'), set('xy'));
    text = 'xy';
    expect(h.undo()).toBe(true);
    expect(text).toBe('');
    expect(h.redo()).toBe(true);
    expect(text).toBe('xy');
    h.breakGroup();
    h.recordSource('a', set('xy'), set('xyz'));
    text = 'xyz';
    h.undo();
    expect(text).toBe('xy');
  });

  it('does not merge edits of different cells or after another operation', () => {
    const h = new UndoHistory();
    const log: string[] = [];
    h.recordSource(
      'a',
      () => log.push('undo a'),
      () => log.push('redo a'),
    );
    h.recordSource(
      'b',
      () => log.push('undo b'),
      () => log.push('redo b'),
    );
    h.record({ undo: () => log.push('undo op'), redo: () => log.push('redo op') });
    h.recordSource(
      'b',
      () => log.push('undo b2'),
      () => log.push('redo b2'),
    );
    while (h.undo());
    expect(log).toEqual(['undo b2', 'undo op', 'undo b', 'undo a']);
  });

  it('drops the redo stack on a new operation and keeps at most the bound of steps', () => {
    const h = new UndoHistory();
    h.record({ undo: () => undefined, redo: () => undefined });
    h.undo();
    expect(h.canRedo()).toBe(true);
    h.record({ undo: () => undefined, redo: () => undefined });
    expect(h.canRedo()).toBe(false);
    for (let i = 0; i < maxUndoSteps + 20; i++) h.record({ undo: () => undefined, redo: () => undefined });
    let n = 0;
    while (h.undo()) n++;
    expect(n).toBe(maxUndoSteps);
    expect(h.undo()).toBe(false);
    expect(h.canUndo()).toBe(false);
  });
});
