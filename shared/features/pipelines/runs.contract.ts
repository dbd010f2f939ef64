// SPDX-License-Identifier: Apache-2.0
/**
 * KFP runs (v2beta1 REST) on one cluster or all: experiments (list, create, archive, delete),
 * the runs list paged through KFP's own page tokens (filtered by experiment, pipeline, version,
 * state, created time and name, sorted by KFP), one run, a run made from a pipeline version with
 * its runtime parameters checked against the version's root `inputDefinitions`, recurring runs
 * (cron or periodic), and the actions on runs (terminate, retry, archive, unarchive, delete);
 * refusals of a multi-user KFP said with the namespace and why. Lists read while KFP cannot be
 * reached come from the cache with the time they were seen.
 */
import { z } from 'zod';
import type { AppErrorData } from '../../errors';
import { rpc } from '../../ipc/define';
import { DnsLabel } from '../../kube/names';
import { KfpId, type KfpOrigin, type NamespaceRefusal } from './pipelines.contract';

const ClusterId = z.string().min(1).max(512);
/** A run, experiment or recurring run name as KFP keeps it. */
const DisplayName = z.string().trim().min(1, 'Give it a name').max(128, 'At most 128 characters');
const Description = z.string().max(10_000);

/** A run's state as KFP says it. */
export const runStates = ['PENDING', 'RUNNING', 'SUCCEEDED', 'SKIPPED', 'FAILED', 'CANCELING', 'CANCELED', 'PAUSED', 'RUNTIME_STATE_UNSPECIFIED'] as const;
export type RunState = (typeof runStates)[number];
/** The keys KFP sorts runs by. */
export const runSortKeys = ['created_at', 'display_name', 'finished_at', 'state'] as const;
export type RunSortKey = (typeof runSortKeys)[number];

/** What the runs list is narrowed to (every part optional). */
export const RunFilter = z.object({
  experimentId: KfpId.optional(),
  /** KFP cannot filter by pipeline: MLDeck looks through the pages it reads (see {@link RunStream}). */
  pipelineId: KfpId.optional(),
  pipelineVersionId: KfpId.optional(),
  recurringRunId: KfpId.optional(),
  states: z.array(z.enum(runStates)).max(runStates.length).optional(),
  /** ISO times. */
  createdAfter: z.iso.datetime({ offset: true }).optional(),
  createdBefore: z.iso.datetime({ offset: true }).optional(),
  /** Part of the run's name. */
  search: z.string().trim().max(200).optional(),
  /** Archived runs instead of the others. */
  archived: z.boolean().optional(),
  /** Only this profile namespace (multi-user). */
  namespace: DnsLabel.optional(),
});
export type RunFilter = z.infer<typeof RunFilter>;

export const RunSort = z.object({ key: z.enum(runSortKeys), desc: z.boolean() });
export type RunSort = z.infer<typeof RunSort>;

/** Where one stream (a cluster, and a namespace of a multi-user KFP) goes on. */
export const RunCursor = z.object({ clusterId: ClusterId, namespace: z.string().max(63), pageToken: z.string().min(1).max(4096) });
export type RunCursor = z.infer<typeof RunCursor>;

export const ListRunsRequest = z.object({
  /** One cluster, or every cluster when undefined. */
  clusterId: ClusterId.optional(),
  filter: RunFilter,
  sort: RunSort,
  pageSize: z.number().int().min(1).max(200),
  /** The next pages to read; undefined: the first page of every stream. */
  cursors: z.array(RunCursor).max(500).optional(),
});
export type ListRunsRequest = z.infer<typeof ListRunsRequest>;

/** A run as lists show it. */
export interface RunSummary {
  clusterId: string;
  /** The profile namespace (multi-user), '' on a single-user KFP. */
  namespace: string;
  runId: string;
  displayName: string;
  description: string;
  experimentId: string;
  pipelineId: string;
  pipelineVersionId: string;
  recurringRunId: string;
  state: RunState;
  storageState: 'AVAILABLE' | 'ARCHIVED';
  /** ISO times ('' when not yet). */
  createdAt: string;
  scheduledAt: string;
  finishedAt: string;
  /** KFP's error message, '' when none. */
  error: string;
}

/** One stream's page, or why it could not be read. */
export type RunStream =
  | {
      clusterId: string;
      namespace: string;
      ok: true;
      runs: RunSummary[];
      /** '' on the last page. */
      nextPageToken: string;
      /** How many runs KFP counts for the query (before a pipeline filter MLDeck applies). */
      totalSize: number;
      /** How many runs MLDeck read to fill this page (more than `runs` under a pipeline filter). */
      scanned: number;
      origin: KfpOrigin;
    }
  | { clusterId: string; namespace: string; ok: false; error: AppErrorData };

/** A page of runs across streams. */
export interface RunsPage {
  streams: RunStream[];
  /** Namespaces not listed, and why (multi-user). */
  refused: (NamespaceRefusal & { clusterId: string })[];
}

/** A run with what its page starts from. */
export interface RunDetail extends RunSummary {
  /** The runtime parameters it was made with. */
  parameters: Record<string, unknown>;
  pipelineRoot: string;
  serviceAccount: string;
  stateHistory: { time: string; state: RunState; error: string }[];
  origin: KfpOrigin;
}

export const RunRequest = z.object({ clusterId: ClusterId, runId: KfpId });
export type RunRequest = z.infer<typeof RunRequest>;

/** A JSON value typed in a form (parameter values). */
const ParameterValue: z.ZodType<unknown> = z.unknown();

export const CreateRunRequest = z.object({
  clusterId: ClusterId,
  displayName: DisplayName,
  description: Description,
  pipelineId: KfpId,
  versionId: KfpId,
  /** The experiment; undefined: KFP's Default experiment (single-user only). */
  experimentId: KfpId.optional(),
  /** Values by parameter name (numbers, strings, booleans, lists, objects); left out: the default. */
  parameters: z.record(z.string().max(256), ParameterValue),
  /** Check only (parameters, experiment, namespace); nothing is made. */
  dryRun: z.boolean(),
});
export type CreateRunRequest = z.infer<typeof CreateRunRequest>;

/** A problem of a create request, at its field (`displayName`, `experimentId`, `parameters.<name>`, `trigger`…). */
export interface RunFieldProblem {
  field?: string;
  message: string;
}

/** The answer to a create: refused with problems, or made. */
export type CreateOutcome<T> = { problems: RunFieldProblem[]; message: string } | { problems?: undefined; made: T | undefined };

export const RunActionRequest = z.object({
  clusterId: ClusterId,
  runId: KfpId,
  action: z.enum(['terminate', 'retry', 'archive', 'unarchive', 'delete']),
});
export type RunActionRequest = z.infer<typeof RunActionRequest>;

/** An experiment. */
export interface ExperimentSummary {
  clusterId: string;
  experimentId: string;
  displayName: string;
  description: string;
  namespace: string;
  storageState: 'AVAILABLE' | 'ARCHIVED';
  createdAt: string;
  lastRunCreatedAt: string;
}

/** One cluster's experiments, or why they could not be read. */
export type ClusterExperiments =
  | { clusterId: string; ok: true; experiments: ExperimentSummary[]; refused: NamespaceRefusal[]; origin: KfpOrigin; multiUser: boolean; namespaces: string[] }
  | { clusterId: string; ok: false; error: AppErrorData };

export const ExperimentsRequest = z.object({ clusterId: ClusterId.optional() });
export type ExperimentsRequest = z.infer<typeof ExperimentsRequest>;

export const CreateExperimentRequest = z.object({
  clusterId: ClusterId,
  displayName: DisplayName,
  description: Description,
  /** The profile namespace (multi-user). */
  namespace: DnsLabel.optional(),
});
export type CreateExperimentRequest = z.infer<typeof CreateExperimentRequest>;

export const ExperimentActionRequest = z.object({ clusterId: ClusterId, experimentId: KfpId, action: z.enum(['archive', 'unarchive', 'delete']) });
export type ExperimentActionRequest = z.infer<typeof ExperimentActionRequest>;

/** When a recurring run makes runs. */
export const RecurringTrigger = z.discriminatedUnion('kind', [
  /** KFP's cron has seconds first: `0 0 2 * * *`. */
  z.object({ kind: z.literal('cron'), cron: z.string().trim().min(1).max(200) }),
  z.object({
    kind: z.literal('periodic'),
    intervalSeconds: z
      .number()
      .int()
      .min(1)
      .max(366 * 86_400),
  }),
]);
export type RecurringTrigger = z.infer<typeof RecurringTrigger>;

/** A recurring run. */
export interface RecurringRunSummary {
  clusterId: string;
  namespace: string;
  recurringRunId: string;
  displayName: string;
  description: string;
  experimentId: string;
  pipelineId: string;
  pipelineVersionId: string;
  parameters: Record<string, unknown>;
  trigger: RecurringTrigger | undefined;
  startTime: string;
  endTime: string;
  maxConcurrency: number;
  /** Whether missed intervals are run when it is enabled again (KFP's `no_catchup` negated). */
  catchup: boolean;
  enabled: boolean;
  createdAt: string;
  updatedAt: string;
  error: string;
}

/** One cluster's recurring runs. */
export type ClusterRecurringRuns =
  | { clusterId: string; ok: true; recurringRuns: RecurringRunSummary[]; refused: NamespaceRefusal[]; origin: KfpOrigin }
  | { clusterId: string; ok: false; error: AppErrorData };

export const RecurringRunsRequest = z.object({ clusterId: ClusterId.optional(), experimentId: KfpId.optional() });
export type RecurringRunsRequest = z.infer<typeof RecurringRunsRequest>;

export const CreateRecurringRunRequest = z.object({
  clusterId: ClusterId,
  displayName: DisplayName,
  description: Description,
  pipelineId: KfpId,
  versionId: KfpId,
  /** Multi-user KFP needs one: recurring runs live in an experiment's namespace. */
  experimentId: KfpId.optional(),
  parameters: z.record(z.string().max(256), ParameterValue),
  trigger: RecurringTrigger,
  /** ISO times bounding the schedule. */
  startTime: z.iso.datetime({ offset: true }).optional(),
  endTime: z.iso.datetime({ offset: true }).optional(),
  maxConcurrency: z.number().int().min(1).max(10),
  catchup: z.boolean(),
  enabled: z.boolean(),
  dryRun: z.boolean(),
});
export type CreateRecurringRunRequest = z.infer<typeof CreateRecurringRunRequest>;

export const RecurringActionRequest = z.object({ clusterId: ClusterId, recurringRunId: KfpId, action: z.enum(['enable', 'disable', 'delete']) });
export type RecurringActionRequest = z.infer<typeof RecurringActionRequest>;

export const pipelineRunsContract = {
  list: rpc<ListRunsRequest, RunsPage>('pipeline-runs:list', ListRunsRequest),
  run: rpc<RunRequest, RunDetail>('pipeline-runs:run', RunRequest),
  create: rpc<CreateRunRequest, CreateOutcome<RunSummary>>('pipeline-runs:create', CreateRunRequest),
  action: rpc<RunActionRequest, void>('pipeline-runs:action', RunActionRequest),
  experiments: rpc<ExperimentsRequest, { clusters: ClusterExperiments[] }>('pipeline-runs:experiments', ExperimentsRequest),
  createExperiment: rpc<CreateExperimentRequest, ExperimentSummary>('pipeline-runs:create-experiment', CreateExperimentRequest),
  experimentAction: rpc<ExperimentActionRequest, void>('pipeline-runs:experiment-action', ExperimentActionRequest),
  recurringRuns: rpc<RecurringRunsRequest, { clusters: ClusterRecurringRuns[] }>('pipeline-runs:recurring-runs', RecurringRunsRequest),
  createRecurring: rpc<CreateRecurringRunRequest, CreateOutcome<RecurringRunSummary>>('pipeline-runs:create-recurring', CreateRecurringRunRequest),
  recurringAction: rpc<RecurringActionRequest, void>('pipeline-runs:recurring-action', RecurringActionRequest),
};
