// SPDX-License-Identifier: Apache-2.0
/**
 * The outputs of a task KFP served from its cache, found in the earlier run that made them (the
 * rules are in kfp-run-outputs.ts): the run's earlier runs of the same pipeline in its namespace,
 * newest first (the runs list), each read as the run page reads it; the first whose task runs the
 * same component on the same pipeline parameters, succeeded and wrote them in its folder (one
 * served from the cache too wrote nothing: an older one made them) gives them. Shared by the run drawer's artifacts and
 * Compare's KFP metrics, each giving the narrow sources below (create-services.ts).
 */
import { AppError, isAppError } from '../../../shared/errors';
import type { RunDetail } from '../../../shared/features/pipelines/run-details.contract';
import type { ListRunsRequest, RunsPage } from '../../../shared/features/pipelines/runs.contract';
import type { ObjectEntry } from './object-reads';
import {
  effectiveParameters,
  newestOutput,
  runRoot,
  sameParameters,
  sameTaskSpec,
  mayBeCached,
  taskPrefix,
  type FoundOutput,
  type RunRoot,
} from './kfp-run-outputs';

/** Runs as the run page reads them. */
export interface KfpRunReader {
  get(req: { clusterId: string; runId: string }): Promise<RunDetail>;
}

/** Earlier runs of a pipeline. */
export interface EarlierKfpRuns {
  /** Ids of the pipeline's runs in the namespace made at or before `before`, newest first (at most `limit`). */
  earlier(q: { clusterId: string; namespace: string; pipelineId: string; before: string; limit: number }): Promise<string[]>;
}

/** How many earlier runs are looked at. */
export const earlierRunsLooked = 20;

/** {@link EarlierKfpRuns} from the runs list (`pipeline-runs:list`); a stream that could not be read is an error. */
export function earlierRunsFrom(list: (req: ListRunsRequest) => Promise<RunsPage>): EarlierKfpRuns {
  return {
    async earlier(q) {
      // no created-at predicate: KFP 2.17 refuses the next page of a timestamp filter (the runs
      // list reads on under a pipeline filter), so the newer runs are passed over here
      const page = await list({
        clusterId: q.clusterId,
        filter: { pipelineId: q.pipelineId, namespace: q.namespace || undefined },
        sort: { key: 'created_at', desc: true },
        pageSize: q.limit,
      });
      const failed = page.streams.find((s) => !s.ok);
      if (failed && !failed.ok) throw AppError.fromData(failed.error);
      if (page.refused[0]) throw new AppError('forbidden', `The runs of ${page.refused[0].namespace} may not be listed: ${page.refused[0].reason}`);
      return page.streams
        .flatMap((s) => (s.ok ? s.runs : []))
        .filter((r) => Date.parse(r.createdAt) <= Date.parse(q.before))
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
        .map((r) => r.runId)
        .slice(0, q.limit);
    },
  };
}

/** What the sources give the lookup. */
export interface CachedOutputsDeps {
  runs: KfpRunReader;
  earlier: EarlierKfpRuns;
  /** Every key below a prefix of the run's store (the store of the run's namespace). */
  list(root: RunRoot, prefix: string): Promise<ObjectEntry[]>;
}

/** Where a cached task's outputs were found, or why not. */
export type CachedOutputs =
  { found: true; run: { runId: string; displayName: string }; root: RunRoot; outputs: Map<string, FoundOutput> } | { found: false; why: string };

/**
 * The outputs of a task of `run` that KFP served from its cache (call it for outputs not found in
 * the run's folder), in the earlier run that made them.
 * @param graphId - the task's graph id (task names from the root DAG; its folder is the last one)
 * @param keys - the output names wanted
 * @param launcherRoot - the `kfp-launcher` ConfigMap's pipeline root of the namespace, if any
 * @returns undefined when the task cannot have been served from the cache (caching off, or it did not succeed)
 */
export async function cachedOutputs(
  deps: CachedOutputsDeps,
  run: RunDetail,
  graphId: string,
  keys: readonly string[],
  launcherRoot: string | undefined,
): Promise<CachedOutputs | undefined> {
  if (!mayBeCached(run.spec, run.tasks, graphId)) return undefined;
  const taskName = graphId.split('/').pop() ?? graphId;
  const lead = `${taskName} succeeded with caching on and wrote nothing in this run's folder: KFP served it from its cache`;
  if (!run.pipelineId) return { found: false, why: `${lead}; the run names no pipeline, so the earlier run that made its outputs is not known.` };
  const scan = sameTaskRuns(deps, run, graphId);
  for await (const other of scan.runs) {
    // the task succeeded there; whether it ran is told by its folder (a run's marks can be counted, not known)
    if (!other.tasks.some((t) => t.graphId === graphId && t.iterations.length === 0 && t.role === 'node' && t.state === 'SUCCEEDED')) continue;
    let root: RunRoot;
    try {
      root = runRoot(other.spec, launcherRoot, other.runId);
    } catch {
      continue;
    }
    const listed = await deps.list(root, taskPrefix(root, taskName));
    const outputs = new Map<string, FoundOutput>();
    for (const k of keys) {
      const f = newestOutput(root, taskName, k, listed);
      if (f) outputs.set(k, f);
    }
    if (outputs.size) return { found: true, run: { runId: other.runId, displayName: other.displayName }, root, outputs };
    // nothing there: it was served from the cache too, and the execution that made them is older still
  }
  return {
    found: false,
    why: `${lead}; none of the ${scan.looked()} earlier runs of its pipeline looked at (at most ${earlierRunsLooked}) ran ${taskName} with the same component and parameters and kept its outputs.`,
  };
}

/**
 * The earlier run whose execution KFP's cache served for a task of `run` that it marks cached (in
 * a ParallelFor too: the same iteration of the same loop): the newest earlier run of the pipeline
 * with the same component and parameters in which that task succeeded and ran (its executor not
 * skipped). Needs no store, so it works for tasks with no artifacts. Undefined when none is found
 * or the run names no pipeline; a run whose tasks were marked before MLDeck told cached from run
 * (`cached` absent) is passed over.
 */
export async function producerRun(
  deps: Pick<CachedOutputsDeps, 'runs' | 'earlier'>,
  run: RunDetail,
  graphId: string,
  iterations: readonly number[],
): Promise<{ runId: string; displayName: string } | undefined> {
  if (!run.pipelineId || instanceOf(run, graphId, iterations)?.cached !== true) return undefined;
  for await (const other of sameTaskRuns(deps, run, graphId).runs) {
    const task = instanceOf(other, graphId, iterations);
    if (task?.state === 'SUCCEEDED' && task.cached === false) return { runId: other.runId, displayName: other.displayName };
  }
  return undefined;
}

/** A run's task instance at a graph id and iteration (`[]`: not in a loop). */
function instanceOf(run: RunDetail, graphId: string, iterations: readonly number[]) {
  return run.tasks.find((t) => t.graphId === graphId && t.role === 'node' && t.iterations.join(',') === iterations.join(','));
}

/**
 * The earlier runs of `run`'s pipeline (newest first, at most {@link earlierRunsLooked}) that run
 * the task with the same component and pipeline parameters: those whose execution KFP's cache can
 * have served; `looked()` says how many runs were listed.
 */
function sameTaskRuns(deps: Pick<CachedOutputsDeps, 'runs' | 'earlier'>, run: RunDetail, graphId: string) {
  let listed = 0;
  async function* runs(): AsyncGenerator<RunDetail> {
    const mine = effectiveParameters(run.spec, run.parameters);
    const ids = await deps.earlier.earlier({
      clusterId: run.clusterId,
      namespace: run.namespace,
      pipelineId: run.pipelineId,
      before: run.createdAt,
      limit: earlierRunsLooked,
    });
    listed = ids.length;
    for (const id of ids) {
      if (id === run.runId) continue;
      let other: RunDetail;
      try {
        other = await deps.runs.get({ clusterId: run.clusterId, runId: id });
      } catch (e) {
        // a run deleted since it was listed is passed over; anything else is said
        if (isAppError(e) && e.code === 'not-found') continue;
        throw e;
      }
      if (sameTaskSpec(run.spec, other.spec, graphId) && sameParameters(mine, effectiveParameters(other.spec, other.parameters))) yield other;
    }
  }
  return { runs: runs(), looked: () => listed };
}
