// SPDX-License-Identifier: Apache-2.0
/**
 * A KFP run as the v2beta1 API answers it, and the parts of its Argo Workflow the run page
 * reads (node messages and phases, loop drivers' iteration counts, the namespace), mapped to the
 * run page's shapes.
 */
import type { RunDetail, RunParameter, TaskPod } from '../../../shared/features/pipelines/run-details.contract';
import type { KfpOrigin } from '../../../shared/features/pipelines/pipelines.contract';
import { markCached } from './run-details-cache-hits';
import { placeTasks, runState, type WireTask } from './run-details-tasks';

/** A run as KFP answers it. */
export interface WireRun {
  run_id?: string;
  experiment_id?: string;
  display_name?: string;
  description?: string;
  state?: string;
  error?: { code?: number; message?: string };
  created_at?: string;
  scheduled_at?: string;
  finished_at?: string;
  pipeline_version_reference?: { pipeline_id?: string; pipeline_version_id?: string };
  pipeline_spec?: unknown;
  runtime_config?: { parameters?: Record<string, unknown> };
  run_details?: { task_details?: WireTask[] };
}

/** The Workflow nodes the page reads. */
export interface WireWorkflow {
  metadata?: { name?: string; namespace?: string };
  status?: { message?: string; nodes?: Record<string, { phase?: string; message?: string; outputs?: { parameters?: { name?: string; value?: string }[] } }> };
}

const ACTIVE = new Set(['PENDING', 'RUNNING', 'CANCELING', 'PAUSED', 'RUNTIME_STATE_UNSPECIFIED']);

/** Whether a run in this state can still change. */
export const isActive = (state: string | undefined) => ACTIVE.has(runState(state));

/** Failure messages of a Workflow's nodes by node id. */
export function nodeMessages(wf: WireWorkflow | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const [id, n] of Object.entries(wf?.status?.nodes ?? {})) if (n.message && (n.phase === 'Failed' || n.phase === 'Error')) out.set(id, n.message);
  return out;
}

/** The iteration counts a Workflow's loop drivers output (`iteration-count`), by node id. */
export function iterationCounts(wf: WireWorkflow | undefined): Map<string, number> {
  const out = new Map<string, number>();
  for (const [id, n] of Object.entries(wf?.status?.nodes ?? {})) {
    const v = n.outputs?.parameters?.find((p) => p.name === 'iteration-count')?.value;
    const count = v === undefined || v.trim() === '' ? NaN : Number(v);
    if (Number.isInteger(count) && count >= 0) out.set(id, count);
  }
  return out;
}

/** The phases of a Workflow's nodes by node id (undefined without the Workflow). */
export function nodePhases(wf: WireWorkflow | undefined): Map<string, string> | undefined {
  if (!wf?.status?.nodes) return undefined;
  return new Map(Object.entries(wf.status.nodes).map(([id, n]) => [id, n.phase ?? '']));
}

/** The run page's run, from KFP's run, the version read for its spec and names, and the Workflow. */
export function runDetail(
  clusterId: string,
  r: WireRun,
  version: { spec: unknown; versionName: string; pipelineName: string },
  wf: WireWorkflow | undefined,
  namespace: string,
  origin: KfpOrigin,
): RunDetail {
  const wire = r.run_details?.task_details ?? [];
  const placed = placeTasks(wire, nodeMessages(wf));
  const cacheProblem = markCached(placed.tasks, wire, version.spec, nodePhases(wf));
  const counts = iterationCounts(wf);
  for (const t of placed.tasks) {
    const n = counts.get(t.nodeId);
    if (n !== undefined) t.iterationCount = n;
  }
  const parameters: RunParameter[] = Object.entries(r.runtime_config?.parameters ?? {})
    .map(([name, v]) => ({ name, value: JSON.stringify(v) }))
    .sort((a, b) => a.name.localeCompare(b.name));
  const state = runState(r.state);
  const failedTask = placed.tasks.find((t) => t.role === 'node' && t.state === 'FAILED' && t.message && t.executors.length > 0);
  const wfMessage = wf?.status?.message && !/^child '.*' failed$/.test(wf.status.message) ? wf.status.message : '';
  const error = r.error?.message || (failedTask ? `${failedTask.graphId} failed: ${failedTask.message}` : '') || wfMessage;
  return {
    clusterId,
    runId: r.run_id ?? '',
    displayName: r.display_name ?? '',
    description: r.description ?? '',
    state,
    error: state === 'FAILED' || r.error?.message ? error : '',
    experimentId: r.experiment_id ?? '',
    pipelineId: r.pipeline_version_reference?.pipeline_id ?? '',
    versionId: r.pipeline_version_reference?.pipeline_version_id ?? '',
    versionName: version.versionName,
    pipelineName: version.pipelineName,
    namespace: wf?.metadata?.namespace ?? namespace,
    workflowName: wf?.metadata?.name ?? placed.workflow,
    createdAt: r.created_at ?? '',
    scheduledAt: r.scheduled_at ?? '',
    finishedAt: r.finished_at && !r.finished_at.startsWith('1970') ? r.finished_at : '',
    parameters,
    spec: version.spec ?? null,
    tasks: placed.tasks,
    pods: [],
    podsProblem: '',
    cacheProblem,
    unplaced: placed.unplaced,
    // KFP stores a run's end before its tasks' last states: still changing until they settle
    active: isActive(state) || placed.tasks.some((t) => t.state === 'RUNNING' || t.state === 'PENDING'),
    origin,
  };
}

/** Puts the run's executor pods on it and on each task (by the executors' node ids). */
export function withPods(run: RunDetail, pods: readonly TaskPod[]): RunDetail {
  const podOf = new Map(pods.map((p) => [p.nodeId, p.name]));
  for (const t of run.tasks) t.pods = t.executors.map((id) => podOf.get(id) ?? '').filter(Boolean);
  run.pods = [...pods];
  return run;
}
