// SPDX-License-Identifier: Apache-2.0
/**
 * The driven Katib's trial controller and the types the Katib loops share. A trial's run (its
 * rendered `runSpec`: a batch Job, a Training Operator job…) is created with the trial as
 * controller and run by the real controllers; the trial moves through Created/Running and ends
 * Succeeded, Failed or EarlyStopped from the run's conditions and its reports. Its primary pods
 * print the metric function's curve (katib-observation.ts), one epoch per `epochMs` (the pods'
 * `mldeck.dev/sim-duration` spread over the epochs, else 2 s). With `earlyStoppingRules` (set at
 * creation by medianstop) a trial is stopped at the first report from `startStep` on that breaks
 * the rule, as Katib's metrics collector does: EarlyStopped (`TrialEarlyStopped`), metrics
 * observed so far. On completion the run is deleted unless `retainRun`, as upstream.
 */
import { isTrue, now, sameJson, setJobCondition, type KubeflowCondition } from './conditions.ts';
import {
  curveValue,
  epochs,
  observedMetrics,
  quality,
  stopsAt,
  type Assignment,
  type EarlyStoppingRule,
  type Metric,
  type Parameter,
} from './katib-algorithms.ts';
import type { MetricsCollectorSpec } from './katib-collectors.ts';
import { epochsPassed, goDurationMs, serveTrialLog, writeTrialLog, type TrialOutput } from './katib-observation.ts';
import { controllerRef, KubeError, type KObject, type Kube, type Manifest, type Resource } from './kube.ts';
import type { Pod } from './pods.ts';
import { kf } from './reconciler.ts';

/** An experiment's objective. */
export interface Objective {
  type: 'maximize' | 'minimize';
  goal?: number;
  objectiveMetricName: string;
  additionalMetricNames?: string[];
  metricStrategies?: { name: string; value: 'min' | 'max' | 'latest' }[];
}

/** The parts of an Experiment spec the lab reads. */
export interface ExperimentSpec {
  objective: Objective;
  algorithm: { algorithmName: string; algorithmSettings?: { name: string; value: string }[] };
  earlyStopping?: { algorithmName?: string; algorithmSettings?: { name: string; value: string }[] };
  parameters: Parameter[];
  trialTemplate: {
    retain?: boolean;
    trialSpec?: Record<string, unknown>;
    trialParameters?: { name: string; reference: string }[];
    primaryContainerName?: string;
    primaryPodLabels?: Record<string, string>;
    successCondition?: string;
    failureCondition?: string;
  };
  parallelTrialCount?: number;
  maxTrialCount?: number;
  maxFailedTrialCount?: number;
  resumePolicy?: string;
  metricsCollectorSpec?: unknown;
}

/** Experiment status as `UpdateExperimentStatus` writes it. */
export interface ExperimentStatus {
  startTime?: string;
  completionTime?: string;
  lastReconcileTime?: string;
  conditions?: KubeflowCondition[];
  currentOptimalTrial?: { bestTrialName?: string; parameterAssignments?: Assignment[]; observation?: { metrics?: Metric[] } };
  [list: string]: unknown;
}

/** A Trial's spec. */
export interface TrialSpec {
  objective: Objective;
  parameterAssignments: Assignment[];
  earlyStoppingRules?: EarlyStoppingRule[];
  runSpec: Record<string, unknown> & { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string } };
  primaryContainerName?: string;
  successCondition?: string;
  failureCondition?: string;
  retainRun?: boolean;
  metricsCollector?: unknown;
  labels?: Record<string, string>;
}

/** A Trial's status. */
export interface TrialStatus {
  startTime?: string;
  completionTime?: string;
  conditions?: KubeflowCondition[];
  observation?: { metrics: Metric[] };
}

export type Experiment = KObject<ExperimentSpec, ExperimentStatus>;
export type Trial = KObject<TrialSpec, TrialStatus>;
type Run = KObject<unknown, { conditions?: { type: string; status: string; reason?: string; message?: string }[] }>;

export const expLabel = 'katib.kubeflow.org/experiment';
export const trialLabel = 'katib.kubeflow.org/trial';

/** The resource of a run's apiVersion/kind (plural = lower-case kind + "s", true for every kind Katib runs). */
function runResource(apiVersion: string, kind: string): Resource {
  const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
  return { group, version, plural: `${kind.toLowerCase()}s`, namespaced: true };
}

/** The objective with a strategy for every metric (Katib's defaulting webhook). */
export function objectiveWithStrategies(o: Objective): Objective {
  const names = [o.objectiveMetricName, ...(o.additionalMetricNames ?? [])];
  const have = new Map((o.metricStrategies ?? []).map((s) => [s.name, s.value]));
  return {
    ...o,
    metricStrategies: names.map((n) => ({ name: n, value: have.get(n) ?? (n === o.objectiveMetricName ? (o.type === 'maximize' ? 'max' : 'min') : 'latest') })),
  };
}

/** Renders the trial template with the assignments, as Katib's trial template generator. */
export function renderRun(exp: Experiment, trialName: string, assignments: Assignment[], failPods: boolean): TrialSpec['runSpec'] {
  const tt = exp.spec?.trialTemplate;
  let text = JSON.stringify(tt?.trialSpec ?? {});
  for (const tp of tt?.trialParameters ?? []) {
    const v = assignments.find((a) => a.name === tp.reference)?.value ?? '';
    text = text.split(`\${trialParameters.${tp.name}}`).join(v);
  }
  text = text
    .split('${trialSpec.Name}')
    .join(trialName)
    .split('${trialSpec.Namespace}')
    .join(exp.metadata.namespace ?? '');
  const run = JSON.parse(text) as TrialSpec['runSpec'];
  run.metadata = { ...(run.metadata ?? {}), name: trialName, namespace: exp.metadata.namespace };
  const podLabels = { [trialLabel]: trialName, [expLabel]: exp.metadata.name, ...(failPods ? { 'mldeck.dev/sim-outcome': 'failed' } : {}) };
  const addLabels = (tpl: unknown) => {
    if (!tpl || typeof tpl !== 'object') return;
    const t = tpl as { metadata?: { labels?: Record<string, string> } };
    t.metadata = { ...(t.metadata ?? {}), labels: { ...(t.metadata?.labels ?? {}), ...podLabels } };
  };
  const spec = run['spec'] as Record<string, unknown> | undefined;
  if (spec?.['template']) addLabels(spec['template']);
  for (const [k, v] of Object.entries(spec ?? {})) {
    if (!k.endsWith('ReplicaSpecs') || !v || typeof v !== 'object') continue;
    for (const rs of Object.values(v as Record<string, { template?: unknown }>)) addLabels(rs.template);
  }
  return run;
}

/** The trial's objective value by the objective metric's strategy, if it has one. */
export function objectiveValue(t: Trial): number | undefined {
  const o = t.spec?.objective;
  const m = t.status?.observation?.metrics.find((x) => x.name === o?.objectiveMetricName);
  if (!o || !m) return undefined;
  const strat = o.metricStrategies?.find((s) => s.name === o.objectiveMetricName)?.value ?? 'latest';
  return Number(strat === 'min' ? m.min : strat === 'max' ? m.max : m.latest);
}

/** The trial's state as the experiment controller counts it. */
export function trialState(t: Trial): 'killed' | 'failed' | 'succeeded' | 'earlyStopped' | 'running' | 'metricsUnavailable' | 'pending' {
  const c = t.status?.conditions;
  if (isTrue(c, 'Killed')) return 'killed';
  if (isTrue(c, 'Failed')) return 'failed';
  if (isTrue(c, 'Succeeded')) return 'succeeded';
  if (isTrue(c, 'EarlyStopped')) return 'earlyStopped';
  if (isTrue(c, 'Running')) return 'running';
  if (isTrue(c, 'MetricsUnavailable')) return 'metricsUnavailable';
  return 'pending';
}

/** What the trial's pods print: the inputs of the metric function. */
export function trialOutput(exp: Experiment, trial: Trial): TrialOutput {
  const o = trial.spec?.objective ?? exp.spec?.objective;
  const assignments = trial.spec?.parameterAssignments ?? [];
  return {
    trialName: trial.metadata.name,
    metricNames: o ? [o.objectiveMetricName, ...(o.additionalMetricNames ?? [])] : [],
    quality: quality(exp.spec?.parameters ?? [], assignments),
    header: `Katib trial ${trial.metadata.name}, ${assignments.map((a) => `${a.name}: ${a.value}`).join(', ')}`,
    totalEpochs: epochs,
    collector: trial.spec?.metricsCollector as MetricsCollectorSpec | undefined,
  };
}

function isPrimary(pod: Pod, trial: Trial): boolean {
  const name = trial.spec?.primaryContainerName;
  return !name || (pod.spec?.containers ?? []).some((c) => c.name === name);
}

/** Reconciles one trial: its run, its pods' reports, its conditions and observation. */
export async function reconcileTrial(kube: Kube, exp: Experiment, trial: Trial, pods: Pod[]): Promise<void> {
  if (trial.metadata.deletionTimestamp || !trial.spec) return;
  const ns = trial.metadata.namespace ?? '';
  const runSpec = trial.spec.runSpec;
  const r = runResource(runSpec.apiVersion, runSpec.kind);
  const st: TrialStatus = structuredClone(trial.status ?? {});
  let conds = st.conditions ?? [];
  const finished = ['Succeeded', 'Failed', 'Killed', 'EarlyStopped'].some((t) => isTrue(conds, t));
  if (finished) {
    if (!trial.spec.retainRun && (await kube.get<Run>(r, ns, trial.metadata.name))) await kube.delete(r, ns, trial.metadata.name);
    return;
  }
  conds = setJobCondition(conds, 'Created', 'True', 'TrialCreated', 'Trial is created');
  st.startTime ??= now();
  let run = await kube.get<Run>(r, ns, trial.metadata.name);
  if (!run) {
    // the Training Operator names pods <run>-<replica type>-<index>: serve their logs before they exist
    const replicaSpecs = Object.entries((runSpec['spec'] as Record<string, unknown> | undefined) ?? {}).filter(([k]) => k.endsWith('ReplicaSpecs'));
    for (const [, specs] of replicaSpecs)
      for (const [type, rs] of Object.entries((specs ?? {}) as Record<string, { replicas?: number }>))
        for (let i = 0; i < (rs.replicas ?? 1); i++)
          await serveTrialLog(kube, trial, { metadata: { name: `${trial.metadata.name}-${type.toLowerCase()}-${i}`, namespace: ns } }, trialOutput(exp, trial));
    const body: Manifest = {
      ...runSpec,
      metadata: { ...(runSpec.metadata ?? {}), name: trial.metadata.name, namespace: ns, ownerReferences: [controllerRef(trial)] },
    };
    try {
      run = await kube.create<Run>(r, body);
    } catch (e) {
      const msg = e instanceof KubeError ? e.message : String(e);
      conds = setJobCondition(conds, 'Failed', 'True', 'TrialFailed', `Trial has failed. Job message: ${msg}`);
      st.completionTime = now();
    }
  }
  const rc = run?.status?.conditions ?? [];
  const ok = rc.find((c) => (c.type === 'Complete' || c.type === 'Succeeded') && c.status === 'True');
  const bad = rc.find((c) => c.type === 'Failed' && c.status === 'True');
  // reports: epochs passed on the primary pods (all of them once the run succeeded), cut at an early stop
  const out = trialOutput(exp, trial);
  const primary = pods.filter((p) => isPrimary(p, trial) && !p.metadata.deletionTimestamp);
  const epochMs = (p: Pod) => (goDurationMs(p.metadata.annotations?.['mldeck.dev/sim-duration']) ?? 2000 * epochs) / epochs;
  let reported = ok ? epochs : Math.max(0, ...primary.map((p) => epochsPassed(p, epochMs(p), epochs)));
  const rule = trial.spec.earlyStoppingRules?.[0];
  const curve = rule ? Array.from({ length: reported }, (_, i) => curveValue(rule.name, out.quality, out.trialName, i + 1)) : [];
  const stoppedAt = rule && !bad ? stopsAt(rule, curve) : undefined;
  if (stoppedAt !== undefined) reported = stoppedAt;
  for (const p of primary)
    if (p.status?.startTime) await writeTrialLog(kube, trial, p, out, reported, bad && !ok ? `RuntimeError: ${bad.message ?? 'training failed'}` : undefined);
  if (reported > 0) st.observation = { metrics: observedMetrics(out.metricNames, out.quality, out.trialName, reported) };
  if (stoppedAt !== undefined) {
    conds = setJobCondition(conds, 'EarlyStopped', 'True', 'TrialEarlyStopped', 'Trial is early stopped');
    st.completionTime = now();
  } else if (ok) {
    conds = setJobCondition(conds, 'Succeeded', 'True', 'TrialSucceeded', 'Trial has succeeded');
    st.completionTime = now();
  } else if (bad) {
    conds = setJobCondition(
      conds,
      'Failed',
      'True',
      `TrialFailed${bad.reason ? `. Job reason: ${bad.reason}` : ''}`,
      `Trial has failed${bad.message ? `. Job message: ${bad.message}` : ''}`,
    );
    st.completionTime = now();
  } else if (run) {
    conds = setJobCondition(conds, 'Running', 'True', 'TrialRunning', 'Trial is running');
  }
  st.conditions = conds;
  if (sameJson(st, trial.status ?? {})) return;
  await kube.patchStatus(kf.trials, ns, trial.metadata.name, st);
  const last = conds.at(-1);
  if (last && last.type !== trial.status?.conditions?.at(-1)?.type && ['Succeeded', 'Failed', 'EarlyStopped'].includes(last.type)) {
    const word = { Succeeded: 'succeeded', Failed: 'failed', EarlyStopped: 'been early stopped' }[last.type as 'Succeeded'];
    await kube.event(
      { ...trial, apiVersion: 'kubeflow.org/v1beta1', kind: 'Trial' },
      last.type === 'Failed' ? 'Warning' : 'Normal',
      { Succeeded: 'JobSucceeded', Failed: 'JobFailed', EarlyStopped: 'TrialEarlyStopped' }[last.type as 'Succeeded'],
      `Job ${trial.metadata.name} has ${word}`,
      'trial-controller',
    );
  }
}
