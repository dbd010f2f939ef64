// SPDX-License-Identifier: Apache-2.0
/** Which tasks KFP served from its cache: by the Workflow's node phases, else by counting skipped executors (task details recorded from the lab's KFP 2.17). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachingOn, markCached, skippedExecutors } from './run-details-cache-hits';
import { placeTasks, type WireTask } from './run-details-tasks';
import { runDetail, type WireRun } from './run-details-wire';

const recorded = JSON.parse(readFileSync(join(__dirname, 'testing', 'run-task-details.json'), 'utf8')) as Record<string, WireTask[]>;

/** The recorded `training` run with its executors in `skipped` skipped (as KFP reports a cache hit). */
function training(skipped: number): WireTask[] {
  let left = skipped;
  return (recorded.training ?? []).map((t) => (/^executor/.test(t.display_name ?? '') && left-- > 0 ? { ...t, state: 'SKIPPED' } : t));
}

/** A spec of the training pipeline with caching on for some of its tasks (wrapped as KFP gives it with a platform spec). */
const spec = (cached: string[]) => ({
  pipeline_spec: {
    root: {
      dag: {
        tasks: Object.fromEntries(['prepare-data', 'train', 'evaluate'].map((n) => [n, { cachingOptions: cached.includes(n) ? { enableCache: true } : {} }])),
      },
    },
  },
});

const cachedOf = (tasks: ReturnType<typeof placeTasks>['tasks']) =>
  tasks
    .filter((t) => t.role === 'node' && t.executors.length > 0)
    .map((t) => `${t.graphId} ${String(t.cached)}`)
    .sort();

describe('tasks served from the cache', () => {
  it('none when no executor was skipped', () => {
    const { tasks } = placeTasks(training(0));
    expect(skippedExecutors(training(0))).toBe(0);
    expect(markCached(tasks, training(0), spec(['train']), undefined)).toBe('');
    expect(cachedOf(tasks)).toEqual(['evaluate false', 'prepare-data false', 'train false']);
  });

  it("by the Workflow's phases: the task whose executor node was skipped", () => {
    const { tasks } = placeTasks(training(1));
    const train = tasks.find((t) => t.role === 'node' && t.graphId === 'train');
    const phases = new Map(tasks.flatMap((t) => t.executors).map((id) => [id, id === train?.executors[0] ? 'Skipped' : 'Succeeded']));
    expect(markCached(tasks, training(1), spec([]), phases)).toBe('');
    expect(cachedOf(tasks)).toEqual(['evaluate false', 'prepare-data false', 'train true']);
  });

  it('without the Workflow: as many skipped executors as tasks with caching on marks those', () => {
    const { tasks } = placeTasks(training(2));
    expect(markCached(tasks, training(2), spec(['prepare-data', 'evaluate']), undefined)).toBe('');
    expect(cachedOf(tasks)).toEqual(['evaluate true', 'prepare-data true', 'train false']);
  });

  it('without the Workflow: as many skipped executors as succeeded tasks marks them all', () => {
    const { tasks } = placeTasks(training(3));
    expect(markCached(tasks, training(3), null, undefined)).toBe('');
    expect(cachedOf(tasks)).toEqual(['evaluate true', 'prepare-data true', 'train true']);
  });

  it('without the Workflow and counts that do not match: none marked either way, and said', () => {
    const { tasks } = placeTasks(training(2));
    expect(markCached(tasks, training(2), spec(['train']), undefined)).toBe(
      "KFP served 2 of this run's tasks from its cache; which ones is said only by the run's Argo Workflow, which could not be read.",
    );
    // not known to have run either: an earlier run's producer is never taken from them
    expect(cachedOf(tasks)).toEqual(['evaluate undefined', 'prepare-data undefined', 'train undefined']);
  });

  it('reads caching from the IR, inside groups too', () => {
    const ir = {
      root: { dag: { tasks: { 'for-loop-1': { componentRef: { name: 'comp-for-loop-1' } } } } },
      components: { 'comp-for-loop-1': { dag: { tasks: { score: { cachingOptions: { enableCache: true } } } } } },
    };
    expect(cachingOn(ir, 'for-loop-1/score')).toBe(true);
    expect(cachingOn(ir, 'for-loop-1')).toBe(false);
    expect(cachingOn(ir, 'nope/score')).toBe(false);
    expect(cachingOn(undefined, 'x')).toBe(false);
  });

  it("the run's page: its tasks marked from the Workflow's node phases", () => {
    const wire = training(1);
    const { tasks, workflow } = placeTasks(wire);
    const train = tasks.find((t) => t.role === 'node' && t.graphId === 'train');
    const nodes = Object.fromEntries(tasks.flatMap((t) => t.executors).map((id) => [id, { phase: id === train?.executors[0] ? 'Skipped' : 'Succeeded' }]));
    const r: WireRun = { run_id: 'r1', state: 'SUCCEEDED', run_details: { task_details: wire } };
    const run = runDetail('c', r, { spec: spec([]), versionName: '', pipelineName: '' }, { metadata: { name: workflow }, status: { nodes } }, 'kubeflow', {
      kind: 'gateway',
      url: 'https://kf',
    });
    expect(run.cacheProblem).toBe('');
    expect(run.tasks.filter((t) => t.cached).map((t) => t.graphId)).toEqual(['train']);
  });
});
