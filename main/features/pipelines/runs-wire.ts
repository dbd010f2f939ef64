// SPDX-License-Identifier: Apache-2.0
/**
 * KFP's run, experiment and recurring-run answers (v2beta1 JSON) mapped to what MLDeck shows,
 * and a recurring run's trigger both ways (KFP sends int64 fields such as `interval_second` and
 * `max_concurrency` as strings).
 */
import {
  runStates,
  type ExperimentSummary,
  type RecurringRunSummary,
  type RecurringTrigger,
  type RunDetail,
  type RunState,
  type RunSummary,
} from '../../../shared/features/pipelines/runs.contract';

/** A run as KFP answers it. */
export interface WireRun {
  run_id?: string;
  display_name?: string;
  description?: string;
  experiment_id?: string;
  namespace?: string;
  storage_state?: string;
  pipeline_version_reference?: { pipeline_id?: string; pipeline_version_id?: string };
  pipeline_version_id?: string;
  runtime_config?: { parameters?: Record<string, unknown>; pipeline_root?: string };
  service_account?: string;
  created_at?: string;
  scheduled_at?: string;
  finished_at?: string;
  state?: string;
  error?: { message?: string };
  recurring_run_id?: string;
  state_history?: { update_time?: string; state?: string; error?: { message?: string } }[];
}

/** An experiment as KFP answers it. */
export interface WireExperiment {
  experiment_id?: string;
  display_name?: string;
  description?: string;
  namespace?: string;
  storage_state?: string;
  created_at?: string;
  last_run_created_at?: string;
}

/** A recurring run as KFP answers it. */
export interface WireRecurringRun {
  recurring_run_id?: string;
  display_name?: string;
  description?: string;
  namespace?: string;
  experiment_id?: string;
  pipeline_version_reference?: { pipeline_id?: string; pipeline_version_id?: string };
  runtime_config?: { parameters?: Record<string, unknown> };
  max_concurrency?: string | number;
  trigger?: {
    cron_schedule?: { cron?: string; start_time?: string; end_time?: string };
    periodic_schedule?: { interval_second?: string | number; start_time?: string; end_time?: string };
  };
  mode?: string;
  status?: string;
  no_catchup?: boolean;
  created_at?: string;
  updated_at?: string;
  error?: { message?: string };
}

/** KFP writes the zero time for "not yet". */
const time = (t: string | undefined) => (!t || t.startsWith('1970-01-01') ? '' : t);

function stateOf(s: string | undefined): RunState {
  return (runStates as readonly string[]).includes(s ?? '') ? (s as RunState) : 'RUNTIME_STATE_UNSPECIFIED';
}

/** A run for lists; `namespace` is the stream's when KFP leaves it out. */
export function runSummary(clusterId: string, namespace: string, r: WireRun): RunSummary {
  return {
    clusterId,
    namespace: r.namespace || namespace,
    runId: r.run_id ?? '',
    displayName: r.display_name ?? '',
    description: r.description ?? '',
    experimentId: r.experiment_id ?? '',
    pipelineId: r.pipeline_version_reference?.pipeline_id ?? '',
    pipelineVersionId: r.pipeline_version_reference?.pipeline_version_id ?? r.pipeline_version_id ?? '',
    recurringRunId: r.recurring_run_id ?? '',
    state: stateOf(r.state),
    storageState: r.storage_state === 'ARCHIVED' ? 'ARCHIVED' : 'AVAILABLE',
    createdAt: time(r.created_at),
    scheduledAt: time(r.scheduled_at),
    finishedAt: time(r.finished_at),
    error: r.error?.message ?? '',
  };
}

/** A run with its parameters and history (without `origin`). */
export function runDetail(clusterId: string, r: WireRun): Omit<RunDetail, 'origin'> {
  return {
    ...runSummary(clusterId, '', r),
    parameters: r.runtime_config?.parameters ?? {},
    pipelineRoot: r.runtime_config?.pipeline_root ?? '',
    serviceAccount: r.service_account ?? '',
    stateHistory: (r.state_history ?? []).map((h) => ({ time: time(h.update_time), state: stateOf(h.state), error: h.error?.message ?? '' })),
  };
}

/** An experiment for lists. */
export function experimentSummary(clusterId: string, e: WireExperiment): ExperimentSummary {
  return {
    clusterId,
    experimentId: e.experiment_id ?? '',
    displayName: e.display_name ?? '',
    description: e.description ?? '',
    namespace: e.namespace ?? '',
    storageState: e.storage_state === 'ARCHIVED' ? 'ARCHIVED' : 'AVAILABLE',
    createdAt: time(e.created_at),
    lastRunCreatedAt: time(e.last_run_created_at),
  };
}

/** A recurring run's trigger as MLDeck words it. */
export function triggerOf(t: WireRecurringRun['trigger']): RecurringTrigger | undefined {
  if (t?.cron_schedule?.cron) return { kind: 'cron', cron: t.cron_schedule.cron };
  const s = Number(t?.periodic_schedule?.interval_second ?? NaN);
  if (Number.isFinite(s) && s > 0) return { kind: 'periodic', intervalSeconds: s };
  return undefined;
}

/** A trigger as KFP takes it. */
export function wireTrigger(t: RecurringTrigger, startTime?: string, endTime?: string): NonNullable<WireRecurringRun['trigger']> {
  const bounds = { ...(startTime ? { start_time: startTime } : {}), ...(endTime ? { end_time: endTime } : {}) };
  return t.kind === 'cron' ? { cron_schedule: { cron: t.cron, ...bounds } } : { periodic_schedule: { interval_second: String(t.intervalSeconds), ...bounds } };
}

/** A recurring run for lists. */
export function recurringSummary(clusterId: string, r: WireRecurringRun): RecurringRunSummary {
  const sched = r.trigger?.cron_schedule ?? r.trigger?.periodic_schedule;
  return {
    clusterId,
    namespace: r.namespace ?? '',
    recurringRunId: r.recurring_run_id ?? '',
    displayName: r.display_name ?? '',
    description: r.description ?? '',
    experimentId: r.experiment_id ?? '',
    pipelineId: r.pipeline_version_reference?.pipeline_id ?? '',
    pipelineVersionId: r.pipeline_version_reference?.pipeline_version_id ?? '',
    parameters: r.runtime_config?.parameters ?? {},
    trigger: triggerOf(r.trigger),
    startTime: time(sched?.start_time),
    endTime: time(sched?.end_time),
    maxConcurrency: Number(r.max_concurrency ?? 1) || 1,
    catchup: r.no_catchup !== true,
    enabled: (r.status ?? r.mode) === 'ENABLED' || (r.status === undefined && r.mode === 'ENABLE'),
    createdAt: time(r.created_at),
    updatedAt: time(r.updated_at),
    error: r.error?.message ?? '',
  };
}
