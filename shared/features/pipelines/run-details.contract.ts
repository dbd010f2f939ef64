// SPDX-License-Identifier: Apache-2.0
/**
 * One KFP run's page (`pipeline-run:*`): the run with its parameters, pipeline version and spec,
 * its tasks from `run_details.task_details` placed on the pipeline graph (each task's path of
 * task names and loop iterations, rebuilt from the Argo node ids KFP lists as child tasks), the
 * executor pods behind them, a task's inputs, outputs and events, and previews of its artifacts.
 * Everything read is kept, so a run seen once is shown offline with the time it was seen.
 */
import { z } from 'zod';
import { rpc } from '../../ipc/define';
import { KfpId, type KfpOrigin } from './pipelines.contract';

const ClusterId = z.string().min(1).max(512);

/** A run's or a task's state as KFP words it (`RuntimeState`). */
export type RunState = 'PENDING' | 'RUNNING' | 'SUCCEEDED' | 'SKIPPED' | 'FAILED' | 'CANCELING' | 'CANCELED' | 'PAUSED' | 'RUNTIME_STATE_UNSPECIFIED';

/** What a task of the run is, in the Argo Workflow KFP made of the pipeline. */
export type RunTaskRole =
  /** A task or a group of the pipeline (a node of the graph). */
  | 'node'
  /** One ParallelFor iteration. */
  | 'iteration'
  /** A container task's executor pod. */
  | 'executor'
  /** KFP's driver (resolves inputs; no pod of the user's). */
  | 'driver'
  /** The run itself (`root`, the Workflow). */
  | 'root'
  /** Other plumbing (a loop's iteration list, its item DAG). */
  | 'internal';

/** One entry of `run_details.task_details`, placed. */
export interface RunTask {
  /** KFP's task id. */
  taskId: string;
  /** The Argo node's display name (`train`, `executor`, `for-loop-1`, `iteration-iterations(2:2)`). */
  displayName: string;
  /** The Argo node id (`<workflow>-<fnv32a of its name>`); '' when it could not be placed. */
  nodeId: string;
  role: RunTaskRole;
  /** The graph item it belongs to: the path of task names from the root DAG (`for-loop-1/score`); '' for the run. */
  graphId: string;
  /** The ParallelFor iterations it sits in, outermost first (`[2]` in the third iteration). */
  iterations: number[];
  state: RunState;
  /** ISO times ('' when KFP has none). */
  startedAt: string;
  finishedAt: string;
  /** Argo node ids of its children. */
  children: string[];
  /** The Argo node ids of its executor pods (a container task's node; one per attempt when retried). */
  executors: string[];
  /** The names of those pods that MLDeck saw or kept logs of. */
  pods: string[];
  /** Why it failed, from the Workflow node's message, when the Workflow could be read. */
  message: string;
  /**
   * A task KFP served from its cache: it succeeded with its executor skipped, its outputs those of
   * an earlier execution (absent in runs kept before MLDeck told).
   */
  cached?: boolean;
  /**
   * A ParallelFor's driver: how many iterations the loop has (its Workflow node's `iteration-count`
   * output), known as soon as the driver ran, before the iterations start.
   */
  iterationCount?: number;
}

/** A pipeline parameter of the run. */
export interface RunParameter {
  name: string;
  /** The value as JSON text. */
  value: string;
}

/** A run with its tasks. */
export interface RunDetail {
  clusterId: string;
  runId: string;
  displayName: string;
  description: string;
  state: RunState;
  /** The run's error, in words ('' when none). */
  error: string;
  experimentId: string;
  pipelineId: string;
  versionId: string;
  /** The version's and the pipeline's names ('' when not read). */
  versionName: string;
  pipelineName: string;
  /** Where its pods run (the Workflow's namespace). */
  namespace: string;
  /** The Argo Workflow's name ('' before it exists). */
  workflowName: string;
  createdAt: string;
  scheduledAt: string;
  finishedAt: string;
  parameters: RunParameter[];
  /** The pipeline spec (IR as JSON) the run ran, for its graph; null when KFP gave none. */
  spec: unknown;
  tasks: RunTask[];
  /** The executor pods seen, live or gone (their logs kept). */
  pods: TaskPod[];
  /** Why the pods (and so their logs) could not be read, '' when they could. */
  podsProblem: string;
  /** Why the tasks KFP served from its cache could not be told, '' or absent when they could. */
  cacheProblem?: string;
  /** Entries of task_details that could not be placed on the graph (counted, not hidden). */
  unplaced: number;
  /** Whether the run can still change (refresh it). */
  active: boolean;
  origin: KfpOrigin;
}

export const RunRequest = z.object({ clusterId: ClusterId, runId: KfpId });
/** {@link RunRequest} */
export type RunRequest = z.infer<typeof RunRequest>;

/** An executor pod of a task. */
export interface TaskPod {
  name: string;
  namespace: string;
  /** The Argo node id it runs. */
  nodeId: string;
  node: string;
  phase: string;
  /** The main container's name (the one with the user's logs). */
  container: string;
  /** Why its main container ended, as the kubelet says ('' when running or fine). */
  terminated: string;
  /** Whether the pod still exists (else what MLDeck saw of it, with its logs kept). */
  exists: boolean;
}

/** An event about a task's pod. */
export interface TaskEvent {
  type: string;
  reason: string;
  message: string;
  count: number;
  lastAt: string;
}

/** A parameter value of a task (input or output). */
export interface TaskParameter {
  name: string;
  value: string;
}

/** An artifact of a task. */
export interface TaskArtifact {
  name: string;
  /** `system.Metrics`, … ('' when unknown). */
  schemaTitle: string;
  /** Where it is stored (`minio://mlpipeline/v2/artifacts/…`, `s3://…`); '' when not found. */
  uri: string;
  /** For an input: what produces it (`from train.model`). */
  from: string;
}

export const TaskRequest = z.object({
  clusterId: ClusterId,
  runId: KfpId,
  /** The graph item (`for-loop-1/score`). */
  graphId: z.string().min(1).max(2000),
  /** The iterations it sits in, outermost first. */
  iterations: z.array(z.number().int().min(0).max(1_000_000)).max(32),
});
/** {@link TaskRequest} */
export type TaskRequest = z.infer<typeof TaskRequest>;

/** A task's drawer. */
export interface TaskDetail {
  graphId: string;
  iterations: number[];
  state: RunState;
  message: string;
  inputs: { parameters: TaskParameter[]; artifacts: TaskArtifact[] };
  outputs: { parameters: TaskParameter[]; artifacts: TaskArtifact[] };
  /** Where the inputs and outputs came from, or why they are missing. */
  ioNote: string;
  pods: TaskPod[];
  events: TaskEvent[];
  origin: KfpOrigin;
}

export const ArtifactRequest = z.object({
  clusterId: ClusterId,
  runId: KfpId,
  uri: z.string().min(1).max(4000),
  schemaTitle: z.string().max(200),
});
/** {@link ArtifactRequest} */
export type ArtifactRequest = z.infer<typeof ArtifactRequest>;

/** An artifact's content as the drawer previews it. */
export type ArtifactPreview =
  | { kind: 'metrics'; rows: { name: string; value: number | string }[] }
  | { kind: 'confusion-matrix'; labels: string[]; rows: number[][] }
  | { kind: 'markdown'; text: string }
  | { kind: 'html'; html: string }
  | { kind: 'table'; header: string[]; rows: string[][]; truncated: boolean }
  | { kind: 'text'; text: string; truncated: boolean };

/** A preview with where it came from. */
export type ArtifactContent = ArtifactPreview & { uri: string; bytes: number; origin: KfpOrigin };

export const runDetailsContract = {
  /** The run, its spec and its tasks placed. */
  get: rpc<RunRequest, RunDetail>('pipeline-run:get', RunRequest),
  /** One task (a graph item in an iteration): its inputs and outputs, pods and events. */
  task: rpc<TaskRequest, TaskDetail>('pipeline-run:task', TaskRequest),
};
