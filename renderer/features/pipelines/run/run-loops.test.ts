// SPDX-License-Identifier: Apache-2.0
/** ParallelFor loops on the run graph: all iterations or one picked, nested loops, the drawer's instance, and a task served from the cache. */
import { describe, expect, it } from 'vitest';
import { graphOf } from '../../../../shared/kfp/testing/edit-helpers';
import { runGraphView, runShape, withRunCounts } from './run-graph-model';
import { loopChains, loopView, nextFailed, picksFor, rawItemCount, shownInstance, withPick } from './run-loops';
import { boxStateText, iterationText, loopSummaryText } from './run-view-model';
import { task } from '../../../../shared/features/pipelines/run-task.fixture';

/** The seeded sweep mid-run: four iterations, the third failed, the fourth running. */
const sweepTasks = [
  task('for-loop-1', 'FAILED'),
  ...[0, 1, 2, 3].map((i) => task('for-loop-1', (['SUCCEEDED', 'SUCCEEDED', 'FAILED', 'RUNNING'] as const)[i] ?? 'SUCCEEDED', [i], 'iteration')),
  task('for-loop-1/score', 'SUCCEEDED', [0]),
  task('for-loop-1/score', 'SUCCEEDED', [1], 'node', { cached: true }),
  task('for-loop-1/score', 'FAILED', [2], 'node', { message: 'OOMKilled' }),
  task('for-loop-1/score', 'RUNNING', [3]),
];

describe('a loop frame', () => {
  const sweep = runShape(graphOf('lab/sweep--v1'));
  const at = (picks: Map<string, number>, collapsed = new Set<string>()) => runGraphView(sweep, sweepTasks, collapsed, picks);
  const item = (v: ReturnType<typeof at>, id: string) => v.items.find((i) => i.id === id);

  it('shows all its iterations: each with its state, the task counting them', () => {
    const v = at(new Map());
    expect(item(v, 'for-loop-1')?.loop).toEqual({
      iterations: [
        { index: 0, state: 'SUCCEEDED' },
        { index: 1, state: 'SUCCEEDED' },
        { index: 2, state: 'FAILED' },
        { index: 3, state: 'RUNNING' },
      ],
      total: 4,
      picked: null,
    });
    expect(item(v, 'for-loop-1/score')).toMatchObject({ state: 'FAILED', instances: 4, cached: 1, counts: { SUCCEEDED: 2, FAILED: 1, RUNNING: 1 } });
    expect(boxStateText(item(v, 'for-loop-1/score') ?? ({} as never))).toBe('Failed · 2 succeeded, 1 failed, 1 running (1 cached)');
    expect(loopSummaryText(item(v, 'for-loop-1')?.loop ?? ({} as never))).toBe('4 iterations: 2 succeeded, 1 failed, 1 running');
  });

  it('with an iteration picked, its boxes show that iteration; the layout stays the same structure', () => {
    const all = at(new Map());
    const third = at(new Map([['for-loop-1', 2]]));
    expect(item(third, 'for-loop-1')).toMatchObject({ state: 'FAILED', loop: { picked: 2 } });
    expect(item(third, 'for-loop-1/score')).toMatchObject({ state: 'FAILED', instances: 1, message: 'OOMKilled', counts: { FAILED: 1 } });
    const second = at(new Map([['for-loop-1', 1]]));
    expect(item(second, 'for-loop-1')?.state).toBe('SUCCEEDED');
    expect(item(second, 'for-loop-1/score')).toMatchObject({ state: 'SUCCEEDED', instances: 1, cached: 1, message: '' });
    expect(boxStateText(item(second, 'for-loop-1/score') ?? ({} as never))).toBe('Cached');
    // an iteration not started yet
    expect(item(at(new Map([['for-loop-1', 7]])), 'for-loop-1/score')).toMatchObject({ state: 'NOT_STARTED', instances: 0 });
    expect(third.items.map((i) => [i.id, i.parent, i.collapsed])).toEqual(all.items.map((i) => [i.id, i.parent, i.collapsed]));
    expect(third.edges).toEqual(all.edges);
    // what is outside the loop is as before
    expect(item(third, 'pick-best')).toEqual(item(all, 'pick-best'));
  });

  it('collapsed, it is one box in the picked iteration’s state', () => {
    const v = at(new Map([['for-loop-1', 0]]), new Set(['for-loop-1']));
    expect(item(v, 'for-loop-1')).toMatchObject({ collapsed: true, state: 'SUCCEEDED', loop: { picked: 0 } });
    expect(item(v, 'for-loop-1/score')).toBeUndefined();
  });

  it("a loop over a pipeline parameter counts its iterations from the run's value, else the default", () => {
    expect(sweep.items.find((i) => i.id === 'for-loop-1')).toMatchObject({ iterationCount: 4, iterationParam: 'learning_rates' });
    const counted = withRunCounts(sweep, [{ name: 'learning_rates', value: '[0.1,0.2,0.3,0.4,0.5,0.6]' }]);
    const started = [task('for-loop-1', 'RUNNING'), task('for-loop-1', 'RUNNING', [0], 'iteration'), task('for-loop-1', 'RUNNING', [1], 'iteration')];
    const loop = runGraphView(counted, started, new Set()).items.find((i) => i.id === 'for-loop-1')?.loop;
    expect(loop?.total).toBe(6);
    expect(loopSummaryText(loop ?? ({} as never))).toBe('6 iterations: 4 not started, 2 running');
    expect(withRunCounts(sweep, [])).toBe(sweep);
    expect(withRunCounts(sweep, [{ name: 'learning_rates', value: '[1,2,3,4]' }])).toBe(sweep);
    expect(withRunCounts(runShape(graphOf('lab/training--v1')), [{ name: 'learning_rate', value: '0.1' }]).items).toHaveLength(3);
  });

  it('words iterations as a user counts them', () => {
    expect(iterationText(2, 10)).toBe('iteration 3 of 10');
    expect(loopSummaryText({ iterations: [{ index: 0, state: 'RUNNING' }], total: 3, picked: null })).toBe('3 iterations: 2 not started, 1 running');
    expect(loopSummaryText({ iterations: [], total: 0, picked: null })).toBe('no iterations yet');
  });
});

describe('nested loops', () => {
  const loops = runShape(graphOf('loops'));
  const inner = 'for-loop-1/for-loop-2';
  const shard = 'for-loop-1/for-loop-2/shard-score';
  const tasks = [
    ...[0, 1].flatMap((i) => [task('for-loop-1', 'SUCCEEDED', [i], 'iteration'), task(inner, i === 1 ? 'FAILED' : 'SUCCEEDED', [i])]),
    ...[0, 1].flatMap((i) => [0, 1, 2].map((j) => task(inner, i === 1 && j === 2 ? 'FAILED' : 'SUCCEEDED', [i, j], 'iteration'))),
    ...[0, 1].flatMap((i) => [0, 1, 2].map((j) => task(shard, i === 1 && j === 2 ? 'FAILED' : 'SUCCEEDED', [i, j]))),
  ];

  it('chains the loops holding each item, outermost first', () => {
    const chains = loopChains(loops.items);
    expect(chains.get(shard)).toEqual(['for-loop-1', inner]);
    expect(chains.get(inner)).toEqual(['for-loop-1']);
    expect(chains.get('for-loop-4/condition-5/say')).toEqual(['for-loop-4']);
    expect(chains.get('load')).toEqual([]);
  });

  it("an inner loop lists its iterations within the outer loop's pick", () => {
    expect(loopView(inner, ['for-loop-1'], tasks, new Map()).iterations).toEqual([
      { index: 0, state: 'SUCCEEDED' },
      { index: 1, state: 'SUCCEEDED' },
      { index: 2, state: 'FAILED' },
    ]);
    expect(loopView(inner, ['for-loop-1'], tasks, new Map([['for-loop-1', 0]])).iterations.map((i) => i.state)).toEqual([
      'SUCCEEDED',
      'SUCCEEDED',
      'SUCCEEDED',
    ]);
    const v = runGraphView(loops, tasks, new Set(), new Map([['for-loop-1', 1]]));
    expect(v.items.find((i) => i.id === shard)).toMatchObject({ instances: 3, state: 'FAILED' });
    const one = runGraphView(
      loops,
      tasks,
      new Set(),
      new Map([
        ['for-loop-1', 1],
        [inner, 0],
      ]),
    );
    expect(one.items.find((i) => i.id === shard)).toMatchObject({ instances: 1, state: 'SUCCEEDED' });
  });

  it('a loop over a constant list knows its length before its iterations start', () => {
    const v = runGraphView(loops, [], new Set());
    expect(v.items.find((i) => i.id === 'for-loop-4')?.loop).toEqual({ iterations: [], total: 2, picked: null });
    expect(rawItemCount('[1, 2, 3]')).toBe(3);
    expect(rawItemCount('{"a": 1}')).toBeUndefined();
    expect(rawItemCount('not json')).toBeUndefined();
  });

  it("a loop over a task's output knows its length from its driver, before its iterations start", () => {
    const started = [task('for-loop-1', 'SUCCEEDED', [], 'driver', { iterationCount: 6 }), task('for-loop-1', 'RUNNING', [0], 'iteration')];
    expect(loopView('for-loop-1', [], started, new Map())).toEqual({ iterations: [{ index: 0, state: 'RUNNING' }], total: 6, picked: null });
    // without the driver's count only the iterations listed are known
    expect(loopView('for-loop-1', [], started.slice(1), new Map()).total).toBe(1);
    // an inner loop's driver in another outer iteration does not count
    const inner = [
      task('outer/inner', 'SUCCEEDED', [1], 'driver', { iterationCount: 9 }),
      task('outer/inner', 'SUCCEEDED', [0], 'driver', { iterationCount: 3 }),
    ];
    expect(loopView('outer/inner', ['outer'], inner, new Map([['outer', 0]])).total).toBe(3);
  });

  it('picks: set, cleared, set along a chain for one instance', () => {
    const p = withPick(new Map(), 'for-loop-1', 1);
    expect([...p]).toEqual([['for-loop-1', 1]]);
    expect([...withPick(p, 'for-loop-1', null)]).toEqual([]);
    expect([...picksFor(p, ['for-loop-1', inner], [0, 2])]).toEqual([
      ['for-loop-1', 0],
      [inner, 2],
    ]);
  });

  it("the drawer's instance: the one picked, else a failed one among those the picks allow", () => {
    const shards = tasks.filter((t) => t.graphId === shard);
    const chain = ['for-loop-1', inner];
    expect(shownInstance(shards, chain, new Map()).iterations).toEqual([1, 2]);
    expect(shownInstance(shards, chain, new Map([['for-loop-1', 0]])).iterations).toEqual([0, 0]);
    expect(
      shownInstance(
        shards,
        chain,
        new Map([
          ['for-loop-1', 0],
          [inner, 1],
        ]),
      ).current?.iterations,
    ).toEqual([0, 1]);
    // an iteration not listed yet: nothing to show but where it will be
    expect(
      shownInstance(
        shards,
        chain,
        new Map([
          ['for-loop-1', 5],
          [inner, 1],
        ]),
      ),
    ).toEqual({ current: undefined, iterations: [5, 1] });
    expect(shownInstance([task('train', 'SUCCEEDED')], [], new Map()).iterations).toEqual([]);
  });

  it('next failed: the first failed after the one shown, wrapping', () => {
    const view = {
      iterations: [0, 1, 2, 3].map((index) => ({ index, state: index % 2 ? ('FAILED' as const) : ('SUCCEEDED' as const) })),
      total: 4,
      picked: null,
    };
    expect(nextFailed(view, null)).toBe(1);
    expect(nextFailed(view, 1)).toBe(3);
    expect(nextFailed(view, 3)).toBe(1);
    expect(nextFailed({ ...view, iterations: [{ index: 0, state: 'SUCCEEDED' }] }, null)).toBeUndefined();
  });
});
