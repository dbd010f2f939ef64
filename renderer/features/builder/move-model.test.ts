// SPDX-License-Identifier: Apache-2.0
/** What "Move into…" offers and where a dropped box goes, on pipelines the kfp SDK compiled. */
import { describe, expect, it } from 'vitest';
import { graphOf } from '../../../shared/kfp/testing/edit-helpers';
import { dropTarget, moveTargets } from './move-model';

describe('move model', () => {
  it('offers the frames a task can go into, titled as on the canvas', () => {
    const g = graphOf('built');
    expect(moveTargets(g, ['load'])).toEqual([{ id: 'condition-1', label: 'If judge.Output > threshold (condition-1)' }]);
    expect(moveTargets(g, ['condition-1/say'])).toEqual([{ id: null, label: 'The top level of the pipeline' }]);
    expect(moveTargets(g, [])).toEqual([]);
  });

  it('never offers a chain, the current frame or frames inside the selection', () => {
    const g = graphOf('branches');
    const ids = moveTargets(g, ['condition-6']).map((t) => t.id);
    expect(ids).not.toContain('condition-branches-1');
    expect(ids).not.toContain('condition-6');
    expect(ids).toContain('condition-branches-1/condition-3/condition-2');
    expect(moveTargets(g, ['condition-branches-1']).map((t) => t.id)).toEqual(['condition-6']);
  });

  it('takes the innermost frame a box was dropped in, unless it is already there', () => {
    const g = graphOf('branches');
    expect(
      dropTarget(g, 'condition-6/shell', ['condition-branches-1', 'condition-branches-1/condition-3', 'condition-branches-1/condition-3/condition-2']),
    ).toBe('condition-branches-1/condition-3/condition-2');
    expect(dropTarget(g, 'condition-6/shell', ['condition-6'])).toBeUndefined();
    expect(dropTarget(g, 'condition-6/shell', ['condition-branches-1'])).toBeUndefined();
    expect(dropTarget(g, 'load', [])).toBeUndefined();
    expect(dropTarget(g, 'condition-6', ['condition-6'])).toBeUndefined();
  });
});

describe('a move in the builder store', () => {
  it('is undone and redone as one edit, and a refused move leaves the graph with the reason', async () => {
    const { useBuilder } = await import('./builder.store');
    const { moveItems } = await import('../../../shared/kfp/graph-edit-move');
    const g = graphOf('built');
    const s = useBuilder.getState();
    s.load(g);
    expect(useBuilder.getState().edit((x) => moveItems(x, ['condition-1/say'], null).graph)).toBe(true);
    const moved = useBuilder.getState().history.present;
    expect(moved.nodes.find((n) => n.name === 'say')?.parent).toBeNull();
    useBuilder.getState().undo();
    expect(useBuilder.getState().history.present).toBe(g);
    useBuilder.getState().redo();
    expect(useBuilder.getState().history.present).toBe(moved);
    expect(useBuilder.getState().edit((x) => moveItems(x, ['judge'], 'condition-1').graph)).toBe(false);
    expect(useBuilder.getState().refusal).toMatch(/reads a value of a task being moved/);
    expect(useBuilder.getState().history.present).toBe(moved);
  });
});
