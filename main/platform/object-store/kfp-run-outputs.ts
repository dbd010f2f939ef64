// SPDX-License-Identifier: Apache-2.0
/**
 * Where a KFP run's task outputs are in the pipeline root, as pure rules the run drawer's
 * artifacts and Compare's KFP metrics share (unit-tested): the run's folder
 * (`<root>/<pipelineInfo.name>/<run id>`, as KFP 2.17's driver makes it), a task's prefix in it,
 * and an output's newest copy in a listing of that prefix (the driver writes an output to
 * `<run folder>/<task name>/<salt>/<output name>`, one salt per execution; a folder artifact has
 * files below that name).
 *
 * A task KFP served from its cache wrote nothing in this run's folder: its outputs are those of
 * the earlier execution, in that run's folder. KFP 2.17's REST API does not say which execution
 * (`run_details.task_details` are filled from the Argo Workflow's nodes: no inputs, outputs or
 * MLMD execution ids; the link is kept in ML Metadata only); it shows the hit only as the task's
 * executor node skipped. So a task with caching on that succeeded without writing its outputs
 * ({@link mayBeCached}) has them looked for among the earlier runs of the pipeline
 * (kfp-cached-outputs.ts): KFP's cache key is the component, its image and command, and its
 * resolved inputs, so a run qualifies when its task and component are the same in its spec
 * ({@link sameTaskSpec}) and its pipeline parameters have the same values ({@link sameParameters}).
 */
import type { RunDetail } from '../../../shared/features/pipelines/run-details.contract';
import type { ObjectEntry } from './object-reads';

/** KFP's default pipeline root (the `mlpipeline` bucket of its object store). */
export const defaultPipelineRoot = 'minio://mlpipeline/v2/artifacts';

/** The run's folder in the pipeline root. */
export interface RunRoot {
  /** `<scheme>://<bucket>/<key prefix>` as KFP writes URIs. */
  uri: string;
  scheme: string;
  bucket: string;
  /** The key prefix, without a trailing `/`. */
  prefix: string;
}

type Obj = Record<string, unknown>;
const asRecord = (v: unknown): Obj | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);

/** The IR object of a run's spec (KFP gives the IR, or `{ pipeline_spec, platform_spec }`). */
export function irOf(spec: unknown): Obj | undefined {
  const s = asRecord(spec);
  return asRecord(s?.pipeline_spec) ?? s;
}

/**
 * The run's folder: the spec's `defaultPipelineRoot`, else the `kfp-launcher` ConfigMap's, else
 * KFP's default; then the pipeline's name and the run id.
 * @throws Error when the root is not an object-store URI or the spec has no pipeline name
 */
export function runRoot(spec: unknown, launcherRoot: string | undefined, runId: string): RunRoot {
  const ir = irOf(spec);
  const specRoot = typeof ir?.defaultPipelineRoot === 'string' ? ir.defaultPipelineRoot : undefined;
  const root = (specRoot || launcherRoot || defaultPipelineRoot).trim();
  const m = /^(minio|s3|s3a):\/\/([^/\s]+)\/?(\S*?)\/*$/.exec(root);
  if (!m) throw new Error(`The pipeline root ${root} is not in an S3-compatible store (gs:// and other stores are not read by MLDeck).`);
  const name = asRecord(ir?.pipelineInfo)?.name;
  if (typeof name !== 'string' || !name) throw new Error('The run’s pipeline spec has no pipelineInfo.name, so its folder in the pipeline root is not known.');
  const prefix = [m[3], name, runId].filter(Boolean).join('/');
  return { uri: `${m[1]}://${m[2]}/${prefix}`, scheme: m[1] ?? 's3', bucket: m[2] ?? '', prefix };
}

/** The prefix a task's outputs are under (with its trailing `/`). */
export const taskPrefix = (root: RunRoot, taskName: string) => `${root.prefix}/${taskName}/`;

/** An output found in a task's folder: its newest copy. */
export interface FoundOutput {
  uri: string;
  size: number;
  lastModified: string | undefined;
  folder: boolean;
  /** How many executions wrote it (loop iterations, retries). */
  copies: number;
}

/**
 * An output's newest copy in a listing of its task's folder (every key below {@link taskPrefix}).
 * @returns undefined when no execution of the task wrote it
 */
export function newestOutput(root: RunRoot, taskName: string, key: string, listed: readonly ObjectEntry[]): FoundOutput | undefined {
  const prefix = taskPrefix(root, taskName);
  // <salt>/<key> (one object) or <salt>/<key>/… (a folder artifact)
  const copies = new Map<string, { entries: ObjectEntry[]; folder: boolean }>();
  for (const o of listed) {
    if (!o.key.startsWith(prefix)) continue;
    const rest = o.key.slice(prefix.length).split('/');
    if (rest.length < 2 || rest[1] !== key) continue;
    const salt = rest[0] ?? '';
    const c = copies.get(salt) ?? { entries: [], folder: false };
    c.entries.push(o);
    if (rest.length > 2) c.folder = true;
    copies.set(salt, c);
  }
  const newest = (c: { entries: ObjectEntry[] }) => c.entries.reduce((m, o) => (o.lastModified && o.lastModified > m ? o.lastModified : m), '');
  const sorted = [...copies.entries()].sort((x, y) => newest(y[1]).localeCompare(newest(x[1])) || x[0].localeCompare(y[0]));
  const [first] = sorted;
  if (!first) return undefined;
  const [salt, c] = first;
  return {
    uri: `${root.scheme}://${root.bucket}/${prefix}${salt}/${key}`,
    size: c.entries.reduce((s, o) => s + o.size, 0),
    lastModified: newest(c) || undefined,
    folder: c.folder,
    copies: sorted.length,
  };
}

/** A task of a spec (a graph id: task names from the root DAG), or undefined. */
function specTask(spec: unknown, graphId: string): Obj | undefined {
  const ir = irOf(spec);
  const components = asRecord(ir?.components) ?? {};
  let dag = asRecord(asRecord(ir?.root)?.dag);
  let task: Obj | undefined;
  for (const name of graphId.split('/')) {
    task = asRecord(asRecord(dag?.tasks)?.[name]);
    if (!task) return undefined;
    const ref = asRecord(task.componentRef)?.name;
    dag = asRecord(asRecord(typeof ref === 'string' ? components[ref] : undefined)?.dag);
  }
  return task;
}

/**
 * Whether KFP may have served a task (a graph item, outside loops) from its cache in this run:
 * caching is on for it in the spec and it succeeded. With its outputs missing from the run's
 * folder, that is what happened (the executor node KFP reports as skipped is not among the run
 * page's tasks, which keep the task's node).
 */
export function mayBeCached(spec: unknown, tasks: RunDetail['tasks'], graphId: string): boolean {
  const caching = asRecord(specTask(spec, graphId)?.cachingOptions)?.enableCache === true;
  return caching && tasks.some((t) => t.graphId === graphId && t.iterations.length === 0 && t.role === 'node' && t.state === 'SUCCEEDED');
}

/** JSON text with keys sorted, so that two specs compare by content. */
function stableJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stableJson).join(',')}]`;
  const o = asRecord(v);
  if (o)
    return `{${Object.keys(o)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  return JSON.stringify(v) ?? 'null';
}

/** What KFP's cache key is made of, for a task (a graph id: task names from the root DAG): its task spec, component and executor; undefined when the spec has no such task. */
export function taskCacheBasis(spec: unknown, graphId: string): string | undefined {
  const ir = irOf(spec);
  const components = asRecord(ir?.components) ?? {};
  const task = specTask(spec, graphId);
  const ref = asRecord(task?.componentRef)?.name;
  const component = asRecord(typeof ref === 'string' ? components[ref] : undefined);
  const label = component?.executorLabel;
  const executors = asRecord(asRecord(asRecord(ir?.deploymentSpec)?.executors));
  const executor = typeof label === 'string' ? executors?.[label] : undefined;
  if (!component || !executor) return undefined;
  // the display name is not part of what runs
  const { taskInfo: _shown, ...taskSpec } = task ?? {};
  return stableJson({ task: taskSpec, component, executor });
}

/** Whether a task of another run's spec runs what this run's does. */
export function sameTaskSpec(spec: unknown, other: unknown, graphId: string): boolean {
  const mine = taskCacheBasis(spec, graphId);
  return mine !== undefined && mine === taskCacheBasis(other, graphId);
}

/** A run's pipeline parameters as they took effect: the spec's defaults, then the run's values (JSON text). */
export function effectiveParameters(spec: unknown, parameters: readonly { name: string; value: string }[]): Map<string, string> {
  const defs = asRecord(asRecord(asRecord(irOf(spec)?.root)?.inputDefinitions)?.parameters) ?? {};
  const out = new Map<string, string>();
  for (const [name, d] of Object.entries(defs)) {
    const dflt = asRecord(d)?.defaultValue;
    if (dflt !== undefined) out.set(name, stableJson(dflt));
  }
  for (const p of parameters) {
    let v: unknown = p.value;
    try {
      v = JSON.parse(p.value);
    } catch {
      // a value that is not JSON text is compared as the string it is
    }
    out.set(p.name, stableJson(v));
  }
  return out;
}

/** Whether two runs' pipeline parameters took the same values. */
export function sameParameters(a: Map<string, string>, b: Map<string, string>): boolean {
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}
