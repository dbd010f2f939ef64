// SPDX-License-Identifier: Apache-2.0
/**
 * What the experiments list and an experiment's page show of Katib objects: an experiment's
 * phase (from its conditions, as the Katib UI words it), algorithm, objective, best value so far
 * (`currentOptimalTrial` by the objective metric's strategy), trial counts and duration; a trial's
 * phase, parameters, metrics (by each metric's strategy), objective value and duration.
 */
import type { ExperimentObject, KatibCondition, KatibObjective, ObservedMetric, TrialObject } from './katib-objects';

/** An experiment's phase. */
export type ExperimentPhase = 'Created' | 'Running' | 'Restarting' | 'Succeeded' | 'Failed' | 'Unknown';
/** A trial's phase. */
export type TrialPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'EarlyStopped' | 'Killed' | 'MetricsUnavailable';

/** One row of the experiments list. */
export interface ExperimentSummary {
  namespace: string;
  name: string;
  uid: string;
  phase: ExperimentPhase;
  /** The reason of the condition that gives the phase (e.g. `ExperimentMaxTrialsReached`). */
  reason: string;
  message: string;
  algorithm: string;
  earlyStopping: string | undefined;
  objective: { type: 'maximize' | 'minimize'; metric: string; goal: number | undefined };
  best: { trial: string; value: number } | undefined;
  trials: { total: number; running: number; pending: number; succeeded: number; failed: number; earlyStopped: number; killed: number };
  maxTrials: number | undefined;
  parallelTrials: number | undefined;
  startTime: string | undefined;
  completionTime: string | undefined;
  /** Start to completion, or to `nowMs` while running; undefined before it started. */
  durationMs: number | undefined;
  created: string | undefined;
}

/** One trial as the trials table and charts use it. */
export interface TrialSummary {
  name: string;
  phase: TrialPhase;
  /** Parameter values as assigned (strings, as in the CRD). */
  params: Record<string, string>;
  /** Each observed metric's value by its strategy. */
  metrics: Record<string, number>;
  /** The objective metric's value by its strategy; undefined until observed. */
  objective: number | undefined;
  earlyStoppingRule: string | undefined;
  startTime: string | undefined;
  completionTime: string | undefined;
  durationMs: number | undefined;
  created: string | undefined;
}

const isTrue = (conds: KatibCondition[] | undefined, type: string) => conds?.some((c) => c.type === type && c.status === 'True') ?? false;

/** The phase of an experiment and the condition behind it. */
export function experimentPhase(conds: KatibCondition[] | undefined): { phase: ExperimentPhase; condition: KatibCondition | undefined } {
  for (const type of ['Failed', 'Succeeded', 'Restarting', 'Running', 'Created'] as const) {
    const c = conds?.find((x) => x.type === type && x.status === 'True');
    if (c) return { phase: type, condition: c };
  }
  return { phase: 'Unknown', condition: undefined };
}

/** The phase of a trial (Katib's order: killed, failed, succeeded, early stopped, running, metrics unavailable). */
export function trialPhase(conds: KatibCondition[] | undefined): TrialPhase {
  if (isTrue(conds, 'Killed')) return 'Killed';
  if (isTrue(conds, 'Failed')) return 'Failed';
  if (isTrue(conds, 'Succeeded')) return 'Succeeded';
  if (isTrue(conds, 'EarlyStopped')) return 'EarlyStopped';
  if (isTrue(conds, 'Running')) return 'Running';
  if (isTrue(conds, 'MetricsUnavailable')) return 'MetricsUnavailable';
  return 'Pending';
}

/** The strategy of a metric: as set, else max/min for the objective metric by its type, else latest. */
export function metricStrategy(objective: KatibObjective | undefined, metric: string): 'min' | 'max' | 'latest' {
  const set = objective?.metricStrategies?.find((s) => s.name === metric)?.value;
  if (set) return set;
  if (objective && metric === objective.objectiveMetricName) return objective.type === 'maximize' ? 'max' : 'min';
  return 'latest';
}

/** A metric's value by a strategy (NaN-free: undefined when the value is not a number). */
export function metricValue(m: ObservedMetric | undefined, strategy: 'min' | 'max' | 'latest'): number | undefined {
  if (!m) return undefined;
  const v = Number(strategy === 'min' ? m.min : strategy === 'max' ? m.max : m.latest);
  return Number.isFinite(v) ? v : undefined;
}

function duration(start: string | undefined, end: string | undefined, nowMs: number): number | undefined {
  if (!start) return undefined;
  const s = Date.parse(start);
  const e = end ? Date.parse(end) : nowMs;
  return Number.isFinite(s) && Number.isFinite(e) ? Math.max(0, e - s) : undefined;
}

/** An experiment as one row of the list. */
export function summarizeExperiment(o: ExperimentObject, nowMs: number): ExperimentSummary {
  const spec = o.spec ?? {};
  const st = o.status ?? {};
  const { phase, condition } = experimentPhase(st.conditions);
  const objective = spec.objective;
  const metric = objective?.objectiveMetricName ?? '';
  const bestName = st.currentOptimalTrial?.bestTrialName;
  const bestValue = metricValue(
    st.currentOptimalTrial?.observation?.metrics?.find((m) => m.name === metric),
    metricStrategy(objective, metric),
  );
  return {
    namespace: o.metadata.namespace ?? '',
    name: o.metadata.name,
    uid: o.metadata.uid ?? '',
    phase,
    reason: condition?.reason ?? '',
    message: condition?.message ?? '',
    algorithm: spec.algorithm?.algorithmName ?? '',
    earlyStopping: spec.earlyStopping?.algorithmName || undefined,
    objective: { type: objective?.type ?? 'maximize', metric, goal: objective?.goal },
    best: bestName && bestValue !== undefined ? { trial: bestName, value: bestValue } : undefined,
    trials: {
      total: st.trials ?? 0,
      running: st.trialsRunning ?? 0,
      pending: st.trialsPending ?? 0,
      succeeded: st.trialsSucceeded ?? 0,
      failed: st.trialsFailed ?? 0,
      earlyStopped: st.trialsEarlyStopped ?? 0,
      killed: st.trialsKilled ?? 0,
    },
    maxTrials: spec.maxTrialCount,
    parallelTrials: spec.parallelTrialCount,
    startTime: st.startTime,
    completionTime: st.completionTime,
    durationMs: duration(st.startTime, phase === 'Succeeded' || phase === 'Failed' ? st.completionTime : undefined, nowMs),
    created: o.metadata.creationTimestamp,
  };
}

/** A trial as the trials table shows it, its metrics read by the experiment's objective. */
export function summarizeTrial(t: TrialObject, objective: KatibObjective | undefined, nowMs: number): TrialSummary {
  const obj = t.spec?.objective ?? objective;
  const metrics: Record<string, number> = {};
  for (const m of t.status?.observation?.metrics ?? []) {
    const v = metricValue(m, metricStrategy(obj, m.name));
    if (v !== undefined) metrics[m.name] = v;
  }
  const phase = trialPhase(t.status?.conditions);
  const done = phase !== 'Running' && phase !== 'Pending';
  const rule = t.spec?.earlyStoppingRules?.[0];
  return {
    name: t.metadata.name,
    phase,
    params: Object.fromEntries((t.spec?.parameterAssignments ?? []).map((a) => [a.name, a.value])),
    metrics,
    objective: obj ? metrics[obj.objectiveMetricName] : undefined,
    earlyStoppingRule: rule ? `${rule.name} ${rule.comparison} ${rule.value} from step ${rule.startStep ?? 0}` : undefined,
    startTime: t.status?.startTime,
    completionTime: t.status?.completionTime,
    durationMs: duration(t.status?.startTime, done ? t.status?.completionTime : undefined, nowMs),
    created: t.metadata.creationTimestamp,
  };
}

/** The best trial by the objective (maximize: highest), among trials with an objective value. */
export function bestTrial(trials: readonly TrialSummary[], type: 'maximize' | 'minimize'): TrialSummary | undefined {
  let best: TrialSummary | undefined;
  for (const t of trials) {
    if (t.objective === undefined) continue;
    if (!best || (type === 'maximize' ? t.objective > (best.objective as number) : t.objective < (best.objective as number))) best = t;
  }
  return best;
}
