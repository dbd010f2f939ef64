// SPDX-License-Identifier: Apache-2.0
/** Placing KFP task details on the graph: Argo's ids and names, loops, retries, conditions (task details recorded from the lab's KFP 2.17). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { argoNodeId, fnv32a, isPodOfNode, nameSegments, placeByName, placeTasks, runState, type WireTask } from './run-details-tasks';

const recorded = JSON.parse(readFileSync(join(__dirname, 'testing', 'run-task-details.json'), 'utf8')) as Record<string, WireTask[]>;
const nodes = (name: string) =>
  placeTasks(recorded[name] ?? [])
    .tasks.filter((t) => t.role === 'node')
    .map((t) => `${t.graphId}${t.iterations.length ? `[${t.iterations.join(',')}]` : ''} ${t.state} ${t.executors.length}`)
    .sort();

describe('Argo names and ids', () => {
  it('hashes node names as Argo does (FNV-32a)', () => {
    expect(fnv32a('sweep-bm686.root')).toBe(450095697);
    expect(argoNodeId('sweep-bm686', 'sweep-bm686.root.for-loop-1.iteration-iterations(0:0)')).toBe('sweep-bm686-2142611462');
    expect(argoNodeId('sweep-bm686', 'sweep-bm686')).toBe('sweep-bm686');
    // UTF-8 bytes beyond ASCII, as Go hashes them
    expect(fnv32a('é.x')).toBe(597982367);
  });

  it('splits names on dots outside an iteration', () => {
    expect(nameSegments('w.root.loop.iteration-iterations(1:{"a":1.5}).x')).toEqual(['w', 'root', 'loop', 'iteration-iterations(1:{"a":1.5})', 'x']);
  });

  it('matches pods to nodes by the hash, whatever the template', () => {
    expect(isPodOfNode('training-fnr92-retry-system-container-impl-374386877', 'training-fnr92', 'training-fnr92-374386877')).toBe(true);
    expect(isPodOfNode('training-fnr92-system-container-impl-374386877', 'training-fnr92', 'training-fnr92-1')).toBe(false);
    expect(isPodOfNode('other-system-container-impl-374386877', 'training-fnr92', 'training-fnr92-374386877')).toBe(false);
  });

  it('places a name: task, driver, executor, iteration and plumbing', () => {
    expect(placeByName(['root'])).toEqual({ role: 'root', graphId: '', iterations: [] });
    expect(placeByName(['root', 'train'])).toEqual({ role: 'node', graphId: 'train', iterations: [] });
    expect(placeByName(['root', 'train-driver'])).toEqual({ role: 'driver', graphId: 'train', iterations: [] });
    expect(placeByName(['root', 'train', 'executor(1)'])).toEqual({ role: 'executor', graphId: 'train', iterations: [] });
    expect(placeByName(['root', 'for-loop-1', 'iteration-iterations(3:3)'])).toEqual({ role: 'iteration', graphId: 'for-loop-1', iterations: [3] });
    expect(placeByName(['root', 'for-loop-1', 'iteration-iterations(3:3)', 'iteration-item', 'score'])).toEqual({
      role: 'node',
      graphId: 'for-loop-1/score',
      iterations: [3],
    });
    expect(placeByName(['root', 'for-loop-1', 'iteration-iterations'])).toEqual({ role: 'internal', graphId: 'for-loop-1', iterations: [] });
  });

  it('reads state words, unknown ones as unspecified', () => {
    expect(runState('SUCCEEDED')).toBe('SUCCEEDED');
    expect(runState('WEIRD')).toBe('RUNTIME_STATE_UNSPECIFIED');
    expect(runState(undefined)).toBe('RUNTIME_STATE_UNSPECIFIED');
  });
});

describe('placeTasks on recorded runs', () => {
  it('a plain run with a retried step', () => {
    expect(nodes('training')).toEqual(['evaluate SUCCEEDED 1', 'prepare-data SUCCEEDED 1', 'train SUCCEEDED 1']);
    expect(placeTasks(recorded.training ?? []).unplaced).toBe(0);
  });

  it('conditions: branches as groups, skipped branches skipped', () => {
    expect(nodes('conditions')).toEqual([
      'condition-branches-1 SUCCEEDED 0',
      'condition-branches-1/condition-2 SKIPPED 0',
      'condition-branches-1/condition-3 SUCCEEDED 0',
      'condition-branches-1/condition-3/announce-2 SUCCEEDED 1',
      'condition-branches-1/condition-4 SKIPPED 0',
      'flip-coin SUCCEEDED 1',
    ]);
  });

  it('a ParallelFor: the same task once per iteration', () => {
    expect(nodes('sweep')).toEqual([
      'for-loop-1 SUCCEEDED 0',
      'for-loop-1/score[0] SUCCEEDED 1',
      'for-loop-1/score[1] SUCCEEDED 1',
      'for-loop-1/score[2] SUCCEEDED 1',
      'for-loop-1/score[3] SUCCEEDED 1',
      'pick-best SUCCEEDED 1',
    ]);
  });

  it("a ParallelFor: each iteration's task entry placed by its executor, whatever the order KFP lists them in", () => {
    const wire = recorded.sweep ?? [];
    const { workflow, tasks } = placeTasks(wire);
    const loop = tasks.find((t) => t.role === 'iteration' && t.iterations[0] === 2);
    const name = (i: number) => `${workflow}.root.for-loop-1.iteration-iterations(${i}:${i}).iteration-item.score`;
    expect(loop).toBeDefined();
    // the score entry whose executor is the third iteration's, failed
    const third = argoNodeId(workflow, `${name(2)}.executor`);
    const marked = wire.map((t) => (t.display_name === 'score' && t.child_tasks?.some((c) => c.pod_name === third) ? { ...t, state: 'FAILED' } : t));
    expect(marked.filter((t) => t.state === 'FAILED')).toHaveLength(1);
    for (const order of [marked, [...marked].reverse()]) {
      const score = placeTasks(order)
        .tasks.filter((t) => t.role === 'node' && t.graphId === 'for-loop-1/score')
        .map((t) => `${t.iterations.join(',')} ${t.state}`)
        .sort();
      expect(score).toEqual(['0 SUCCEEDED', '1 SUCCEEDED', '2 FAILED', '3 SUCCEEDED']);
    }
  });

  it('a failed run: the failed step with the message of its executor, not of its DAG node', () => {
    const placed = placeTasks(recorded.failing ?? []);
    const evaluate = placed.tasks.find((t) => t.role === 'node' && t.graphId === 'evaluate');
    expect(evaluate?.state).toBe('FAILED');
    const messages = new Map([
      [evaluate?.nodeId ?? '', "child 'x' failed"],
      [evaluate?.executors[0] ?? '', 'RuntimeError: boom'],
    ]);
    expect(placeTasks(recorded.failing ?? [], messages).tasks.find((t) => t.taskId === evaluate?.taskId)?.message).toBe('RuntimeError: boom');
  });

  it('counts entries it cannot place, and places nothing without a root', () => {
    expect(placeTasks([{ display_name: 'lonely', child_tasks: [{ pod_name: 'wf-1' }] }])).toEqual({ workflow: 'wf', tasks: [], unplaced: 1 });
    expect(placeTasks([])).toEqual({ workflow: '', tasks: [], unplaced: 0 });
  });
});
