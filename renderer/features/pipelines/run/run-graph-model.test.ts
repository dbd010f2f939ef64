// SPDX-License-Identifier: Apache-2.0
/** The run graph's view model: states per box, loops counted by iteration, collapsed groups, edges, and its layout. */
import { describe, expect, it } from 'vitest';
import { graphOf } from '../../../../shared/kfp/testing/edit-helpers';
import { runElkGraph, runGridLayout, runLayoutKey } from './run-graph-layout';
import { combinedState, compareIterations, instancesByItem, runGraphView, runShape } from './run-graph-model';
import { nextRefresh, refreshBounds } from './run-refresh';
import { startCollapsed } from './use-run-graph';
import { stateCountsText } from './run-view-model';
import { task } from '../../../../shared/features/pipelines/run-task.fixture';

describe('states', () => {
  it('shows the worst of several; succeeded with skipped is succeeded', () => {
    expect(combinedState(['SUCCEEDED', 'SKIPPED'])).toBe('SUCCEEDED');
    expect(combinedState(['SKIPPED', 'SKIPPED'])).toBe('SKIPPED');
    expect(combinedState(['SUCCEEDED', 'RUNNING', 'FAILED'])).toBe('FAILED');
    expect(combinedState(['SUCCEEDED', 'RUNNING'])).toBe('RUNNING');
    expect(combinedState([])).toBe('NOT_STARTED');
  });

  it('a task whose driver is done but whose node is not there yet is pending', () => {
    const m = instancesByItem([task('train', 'SUCCEEDED', [], 'driver'), task('eval', 'RUNNING', [], 'driver'), task('prep', 'SUCCEEDED')]);
    expect(m.get('train')?.map((i) => i.state)).toEqual(['PENDING']);
    expect(m.get('eval')?.map((i) => i.state)).toEqual(['RUNNING']);
    expect(m.get('prep')?.map((i) => i.state)).toEqual(['SUCCEEDED']);
  });

  it('orders iterations', () => {
    expect([[2], [0, 1], [0], [10]].sort(compareIterations)).toEqual([[0], [0, 1], [2], [10]]);
  });

  it('words counts', () => {
    expect(stateCountsText({ SUCCEEDED: 3, RUNNING: 1, FAILED: 0 })).toBe('3 succeeded, 1 running');
  });
});

describe('runGraphView', () => {
  const sweep = runShape(graphOf('lab/sweep--v1'));

  it('counts a loop task by iteration and keeps the loop frame', () => {
    const tasks = [
      task('for-loop-1', 'RUNNING'),
      task('for-loop-1/score', 'SUCCEEDED', [0]),
      task('for-loop-1/score', 'SUCCEEDED', [1]),
      task('for-loop-1/score', 'FAILED', [2], 'node', { message: 'OOM' }),
      task('for-loop-1/score', 'RUNNING', [3]),
    ];
    const v = runGraphView(sweep, tasks, new Set());
    const score = v.items.find((i) => i.id === 'for-loop-1/score');
    expect(score).toMatchObject({
      kind: 'task',
      parent: 'for-loop-1',
      state: 'FAILED',
      instances: 4,
      counts: { SUCCEEDED: 2, FAILED: 1, RUNNING: 1 },
      message: 'OOM',
    });
    expect(v.items.find((i) => i.id === 'pick-best')?.state).toBe('NOT_STARTED');
    expect(v.edges).toContainEqual({ id: 'for-loop-1->pick-best', from: 'for-loop-1', to: 'pick-best' });
  });

  it('a collapsed group is one box; edges to what it holds end at it', () => {
    const v = runGraphView(sweep, [task('for-loop-1/score', 'SUCCEEDED', [0])], new Set(['for-loop-1']));
    expect(v.items.map((i) => i.id).sort()).toEqual(['for-loop-1', 'pick-best']);
    expect(v.items.find((i) => i.id === 'for-loop-1')).toMatchObject({ collapsed: true, state: 'SUCCEEDED' });
    expect(v.edges.every((e) => e.from !== e.to)).toBe(true);
  });

  it('lays out: frames hold their items, a grid until ELK answers, a key that ignores states', () => {
    const v = runGraphView(sweep, [], new Set());
    const elk = runElkGraph(v);
    const loop = elk.children?.find((c) => c.id === 'for-loop-1');
    expect(loop?.children?.map((c) => c.id)).toEqual(['for-loop-1/score']);
    const grid = runGridLayout(v);
    expect(Object.keys(grid).sort()).toEqual(v.items.map((i) => i.id).sort());
    expect(runLayoutKey(runGraphView(sweep, [task('pick-best', 'FAILED')], new Set()))).toBe(runLayoutKey(v));
  });

  it('the 300-task pipeline: its sub-pipelines opened as groups, every step a box, placed as the run places them', () => {
    const v = runGraphView(runShape(graphOf('lab/large--v1')), [task('chain-group-2/step-2', 'RUNNING')], new Set());
    expect(v.items.filter((i) => i.kind === 'task')).toHaveLength(300);
    expect(v.items.filter((i) => i.groupKind === 'pipeline')).toHaveLength(10);
    expect(v.items.find((i) => i.id === 'chain-group-2/step-2')).toMatchObject({ parent: 'chain-group-2', state: 'RUNNING' });
  });

  it('a big run starts with its outer groups collapsed, a small one open', () => {
    expect(startCollapsed(runShape(graphOf('lab/large--v1')))).toHaveLength(10);
    expect(startCollapsed(sweep)).toEqual([]);
  });
});

describe('refresh back-off', () => {
  it('soon after a change, doubling while nothing changes, never when done', () => {
    expect(nextRefresh(0, false, true)).toBe(refreshBounds.firstMs);
    expect(nextRefresh(2000, false, true)).toBe(4000);
    expect(nextRefresh(16_000, false, true)).toBe(refreshBounds.maxMs);
    expect(nextRefresh(30_000, true, true)).toBe(refreshBounds.firstMs);
    expect(nextRefresh(2000, true, false)).toBeUndefined();
  });
});
