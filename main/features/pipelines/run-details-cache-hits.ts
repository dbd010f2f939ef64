// SPDX-License-Identifier: Apache-2.0
/**
 * Which tasks of a run KFP served from its cache. KFP 2.17 runs a task as a DAG node whose one
 * child, its executor, runs only when the driver's `cached-decision` is not true: a cache hit is
 * the task succeeded with its executor node skipped. `run_details.task_details` list each executor
 * (display name `executor`, its state) but not its node id, so which task an executor belongs to is
 * known only from the Workflow's nodes (their phases by id), read when the run has a skipped
 * executor. Without the Workflow, the skipped executors are matched by count: as many as the
 * succeeded tasks with caching on in the spec (or as all succeeded tasks) mark them; any other count
 * cannot be told apart, and is said. Pure.
 */
import type { RunTask } from '../../../shared/features/pipelines/run-details.contract';
import type { WireTask } from './run-details-tasks';

type Obj = Record<string, unknown>;
const asRecord = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

const isExecutor = (t: WireTask) => /^executor(\(\d+\))?$/.test(t.display_name ?? '');

/** How many of KFP's task details are skipped executors (0: nothing was served from the cache). */
export function skippedExecutors(wire: readonly WireTask[]): number {
  return wire.filter((t) => isExecutor(t) && t.state === 'SKIPPED').length;
}

/** Whether caching is on for a task of the spec (a graph id: task names from the root DAG). */
export function cachingOn(spec: unknown, graphId: string): boolean {
  const s = asRecord(spec);
  const ir = asRecord(s?.pipeline_spec) ?? s;
  const components = asRecord(ir?.components) ?? {};
  let dag = asRecord(asRecord(ir?.root)?.dag);
  let task: Obj | undefined;
  for (const name of graphId.split('/')) {
    task = asRecord(asRecord(dag?.tasks)?.[name]);
    if (!task) return false;
    const ref = asRecord(task.componentRef)?.name;
    dag = asRecord(asRecord(typeof ref === 'string' ? components[ref] : undefined)?.dag);
  }
  return asRecord(task?.cachingOptions)?.enableCache === true;
}

/**
 * Marks the tasks KFP served from its cache (`cached: true`, in place).
 * @param phases - the Workflow's node phases by node id, when it could be read
 * @returns why the cached tasks could not be told, '' when they could (or there are none)
 */
export function markCached(tasks: readonly RunTask[], wire: readonly WireTask[], spec: unknown, phases: ReadonlyMap<string, string> | undefined): string {
  const skipped = skippedExecutors(wire);
  const succeeded = tasks.filter((t) => t.role === 'node' && t.executors.length > 0 && t.state === 'SUCCEEDED');
  for (const t of tasks) if (t.role === 'node' && t.executors.length > 0) t.cached = false;
  if (skipped === 0) return '';
  if (phases && succeeded.every((t) => t.executors.every((id) => phases.has(id)))) {
    for (const t of succeeded) t.cached = t.executors.every((id) => phases.get(id) === 'Skipped');
    return '';
  }
  const withCaching = succeeded.filter((t) => cachingOn(spec, t.graphId));
  const hits = skipped === withCaching.length ? withCaching : skipped === succeeded.length ? succeeded : undefined;
  if (hits) {
    for (const t of hits) t.cached = true;
    return '';
  }
  // not known: none is said to have run (an earlier run's producer is looked for among tasks that did)
  for (const t of succeeded) delete t.cached;
  return `KFP served ${skipped} of this run's tasks from its cache; which ones is said only by the run's Argo Workflow, which could not be read.`;
}
