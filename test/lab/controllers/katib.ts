// SPDX-License-Identifier: Apache-2.0
/**
 * Driven Katib v1beta1 controllers (experiment, suggestion, trial). For each Experiment it
 * keeps a Suggestion `<exp>` and the algorithm's Deployment and Service `<exp>-<algorithm>`
 * (images as in the default katib-config), creates Trials `<exp>-<8 chars>` with parameter
 * assignments from katib-algorithms.ts up to `parallelTrialCount`/`maxTrialCount`, renders
 * each trial's `trialTemplate.trialSpec` (`${trialParameters.x}`, `${trialSpec.Name}`,
 * `${trialSpec.Namespace}`) into its run (a batch Job, a Training Operator job… run by the
 * real controllers), labels the run's pods `katib.kubeflow.org/trial` (the pod webhook's job),
 * and moves the trial through Created/Running/Succeeded/Failed from the run's conditions.
 * A succeeded trial gets simulated final metrics (`observation.metrics` min/max/latest).
 * Experiment status follows `UpdateExperimentStatus`: trial lists and counts,
 * `currentOptimalTrial`, and completion by goal, max failed trials, max trials or the end of
 * the grid. Lab convention: the annotation `mldeck.dev/sim-trial-failure-rate: "0.2"` on an
 * Experiment makes that share of its trials' pods fail.
 */
import { isTrue, now, sameJson, setJobCondition, type KubeflowCondition } from './conditions.ts';
import { controllerRef, core, KubeError, type KObject, type Kube, type Manifest, type Resource } from './kube.ts';
import { quality, suggest, trialMetrics, unit, type Assignment, type Metric, type Observed, type Parameter } from './katib-algorithms.ts';
import { suffix } from './pods.ts';
import { kf, reconcileEach, type Reconciler } from './reconciler.ts';

interface Objective {
  type: 'maximize' | 'minimize';
  goal?: number;
  objectiveMetricName: string;
  additionalMetricNames?: string[];
  metricStrategies?: { name: string; value: 'min' | 'max' | 'latest' }[];
}

interface ExperimentSpec {
  objective: Objective;
  algorithm: { algorithmName: string; algorithmSettings?: { name: string; value: string }[] };
  earlyStopping?: unknown;
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

interface ExperimentStatus {
  startTime?: string;
  completionTime?: string;
  lastReconcileTime?: string;
  conditions?: KubeflowCondition[];
  currentOptimalTrial?: { bestTrialName?: string; parameterAssignments?: Assignment[]; observation?: { metrics?: Metric[] } };
  [list: string]: unknown;
}

interface TrialSpec {
  objective: Objective;
  parameterAssignments: Assignment[];
  runSpec: Record<string, unknown> & { apiVersion: string; kind: string; metadata?: { name?: string; namespace?: string } };
  primaryContainerName?: string;
  successCondition?: string;
  failureCondition?: string;
  retainRun?: boolean;
  metricsCollector?: unknown;
  labels?: Record<string, string>;
}

interface TrialStatus {
  startTime?: string;
  completionTime?: string;
  conditions?: KubeflowCondition[];
  observation?: { metrics: Metric[] };
}

type Experiment = KObject<ExperimentSpec, ExperimentStatus>;
type Trial = KObject<TrialSpec, TrialStatus>;
type Run = KObject<unknown, { conditions?: { type: string; status: string; reason?: string; message?: string }[] }>;

/** Suggestion images of the default katib-config (v0.19.0). */
const suggestionImages: Record<string, string> = {
  random: 'suggestion-hyperopt',
  tpe: 'suggestion-hyperopt',
  grid: 'suggestion-optuna',
  'multivariate-tpe': 'suggestion-optuna',
  bayesianoptimization: 'suggestion-skopt',
  cmaes: 'suggestion-goptuna',
  sobol: 'suggestion-goptuna',
  hyperband: 'suggestion-hyperband',
  enas: 'suggestion-enas',
  darts: 'suggestion-darts',
  pbt: 'suggestion-pbt',
};

const expLabel = 'katib.kubeflow.org/experiment';
const trialLabel = 'katib.kubeflow.org/trial';

/** The resource of a run's apiVersion/kind (plural = lower-case kind + "s", true for every kind Katib runs). */
function runResource(apiVersion: string, kind: string): Resource {
  const [group, version] = apiVersion.includes('/') ? (apiVersion.split('/') as [string, string]) : ['', apiVersion];
  return { group, version, plural: `${kind.toLowerCase()}s`, namespaced: true };
}

function objectiveWithStrategies(o: Objective): Objective {
  const names = [o.objectiveMetricName, ...(o.additionalMetricNames ?? [])];
  const have = new Map((o.metricStrategies ?? []).map((s) => [s.name, s.value]));
  return {
    ...o,
    metricStrategies: names.map((n) => ({ name: n, value: have.get(n) ?? (n === o.objectiveMetricName ? (o.type === 'maximize' ? 'max' : 'min') : 'latest') })),
  };
}

/** Renders the trial template with the assignments, as Katib's trial template generator. */
function renderRun(exp: Experiment, trialName: string, assignments: Assignment[], failPods: boolean): TrialSpec['runSpec'] {
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

function objectiveValue(t: Trial): number | undefined {
  const o = t.spec?.objective;
  const m = t.status?.observation?.metrics.find((x) => x.name === o?.objectiveMetricName);
  if (!o || !m) return undefined;
  const strat = o.metricStrategies?.find((s) => s.name === o.objectiveMetricName)?.value ?? 'latest';
  return Number(strat === 'min' ? m.min : strat === 'max' ? m.max : m.latest);
}

async function reconcileTrial(kube: Kube, exp: Experiment, trial: Trial): Promise<void> {
  if (trial.metadata.deletionTimestamp || !trial.spec) return;
  const ns = trial.metadata.namespace ?? '';
  const st: TrialStatus = structuredClone(trial.status ?? {});
  let conds = st.conditions ?? [];
  if (isTrue(conds, 'Succeeded') || isTrue(conds, 'Failed') || isTrue(conds, 'Killed')) return;
  conds = setJobCondition(conds, 'Created', 'True', 'TrialCreated', 'Trial is created');
  st.startTime ??= now();
  const runSpec = trial.spec.runSpec;
  const r = runResource(runSpec.apiVersion, runSpec.kind);
  let run = await kube.get<Run>(r, ns, trial.metadata.name);
  if (!run) {
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
  if (ok) {
    const o = trial.spec.objective;
    const names = [o.objectiveMetricName, ...(o.additionalMetricNames ?? [])];
    st.observation = { metrics: trialMetrics(names, quality(exp.spec?.parameters ?? [], trial.spec.parameterAssignments), trial.metadata.name) };
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
  if (!sameJson(st, trial.status ?? {})) {
    await kube.patchStatus(kf.trials, ns, trial.metadata.name, st);
    const last = conds.at(-1);
    if (last && last.type !== trial.status?.conditions?.at(-1)?.type && (last.type === 'Succeeded' || last.type === 'Failed')) {
      await kube.event(
        { ...trial, apiVersion: 'kubeflow.org/v1beta1', kind: 'Trial' },
        'Normal',
        last.type === 'Succeeded' ? 'JobSucceeded' : 'JobFailed',
        `Job ${trial.metadata.name} has ${last.type === 'Succeeded' ? 'succeeded' : 'failed'}`,
        'trial-controller',
      );
    }
  }
}

function trialState(t: Trial): 'killed' | 'failed' | 'succeeded' | 'earlyStopped' | 'running' | 'metricsUnavailable' | 'pending' {
  const c = t.status?.conditions;
  if (isTrue(c, 'Killed')) return 'killed';
  if (isTrue(c, 'Failed')) return 'failed';
  if (isTrue(c, 'Succeeded')) return 'succeeded';
  if (isTrue(c, 'EarlyStopped')) return 'earlyStopped';
  if (isTrue(c, 'Running')) return 'running';
  if (isTrue(c, 'MetricsUnavailable')) return 'metricsUnavailable';
  return 'pending';
}

async function ensureSuggestionService(kube: Kube, exp: Experiment, active: boolean): Promise<void> {
  const alg = exp.spec?.algorithm.algorithmName ?? 'random';
  const name = `${exp.metadata.name}-${alg}`;
  const ns = exp.metadata.namespace ?? '';
  if (!active) {
    if (exp.spec?.resumePolicy !== 'LongRunning') {
      await kube.delete(core.deployments, ns, name);
      await kube.delete(core.services, ns, name);
    }
    return;
  }
  if (await kube.get(core.deployments, ns, name)) return;
  const labels = { 'katib.kubeflow.org/deployment': name, [expLabel]: exp.metadata.name, 'katib.kubeflow.org/suggestion': exp.metadata.name };
  const owner = [controllerRef({ ...exp, apiVersion: 'kubeflow.org/v1beta1', kind: 'Experiment' })];
  const image = `docker.io/kubeflowkatib/${suggestionImages[alg] ?? 'suggestion-hyperopt'}:v0.19.0`;
  await kube.create(core.deployments, {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: ns, labels, ownerReferences: owner },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            { name: 'suggestion', image, ports: [{ name: 'katib-api', containerPort: 6789 }], resources: { limits: { cpu: '500m', memory: '100Mi' } } },
          ],
        },
      },
    },
  });
  await kube.create(core.services, {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: ns, labels, ownerReferences: owner },
    spec: { selector: labels, ports: [{ name: 'katib-api', port: 6789, targetPort: 6789 }] },
  });
}

async function reconcileExperiment(kube: Kube, exp: Experiment, trials: Trial[], suggestion: KObject | undefined): Promise<void> {
  if (exp.metadata.deletionTimestamp || !exp.spec) return;
  const ns = exp.metadata.namespace ?? '';
  const spec = exp.spec;
  const st: ExperimentStatus = structuredClone(exp.status ?? {});
  let conds = st.conditions ?? [];
  if (!conds.length) {
    conds = setJobCondition(conds, 'Created', 'True', 'ExperimentCreated', 'Experiment is created');
    st.startTime = now();
  }
  trials.sort(
    (a, b) => (a.metadata.creationTimestamp ?? '').localeCompare(b.metadata.creationTimestamp ?? '') || a.metadata.name.localeCompare(b.metadata.name),
  );
  const completed = isTrue(conds, 'Succeeded') || isTrue(conds, 'Failed');
  await ensureSuggestionService(kube, exp, !completed);
  // trials summary
  const lists: Record<string, string[]> = { running: [], pending: [], failed: [], succeeded: [], killed: [], earlyStopped: [], metricsUnavailable: [] };
  let best: Trial | undefined;
  let bestValue = 0;
  let goalReached = false;
  const maximize = spec.objective.type === 'maximize';
  for (const t of trials) {
    lists[trialState(t)]?.push(t.metadata.name);
    const v = objectiveValue(t);
    if (v === undefined || Number.isNaN(v)) continue;
    if (!best || (maximize ? v > bestValue : v < bestValue)) {
      best = t;
      bestValue = v;
    }
    if (spec.objective.goal !== undefined && (maximize ? bestValue >= spec.objective.goal : bestValue <= spec.objective.goal)) goalReached = true;
  }
  for (const [k, v] of Object.entries(lists)) st[`${k}TrialList`] = v.length ? v : undefined;
  const n = (k: string) => lists[k]?.length ?? 0;
  Object.assign(st, {
    trials: trials.length,
    trialsRunning: n('running'),
    trialsPending: n('pending'),
    trialsSucceeded: n('succeeded'),
    trialsFailed: n('failed'),
    trialsKilled: n('killed'),
    trialsEarlyStopped: n('earlyStopped'),
    trialMetricsUnavailable: n('metricsUnavailable'),
  });
  if (best)
    st.currentOptimalTrial = {
      bestTrialName: best.metadata.name,
      parameterAssignments: best.spec?.parameterAssignments ?? [],
      observation: { metrics: best.status?.observation?.metrics ?? [] },
    };
  else st.currentOptimalTrial ??= { bestTrialName: '', parameterAssignments: [], observation: {} };
  // new trials
  const settings = Object.fromEntries((spec.algorithm.algorithmSettings ?? []).map((s) => [s.name, s.value]));
  const history: Observed[] = trials.flatMap((t) => {
    const v = objectiveValue(t);
    return v === undefined ? [] : [{ assignments: t.spec?.parameterAssignments ?? [], objective: maximize ? v : -v }];
  });
  const activeCount = n('running') + n('pending');
  const doneCount = n('succeeded') + n('failed') + n('killed') + n('earlyStopped') + n('metricsUnavailable');
  const failedCount = n('failed') + n('metricsUnavailable');
  let suggestionEnd = false;
  const created: { name: string; parameterAssignments: Assignment[] }[] = [];
  if (!completed && !goalReached) {
    const max = spec.maxTrialCount ?? Number.MAX_SAFE_INTEGER;
    const want = Math.min((spec.parallelTrialCount ?? 3) - activeCount, max - trials.length);
    const seed = exp.metadata.uid ?? exp.metadata.name;
    const failRate = Number(exp.metadata.annotations?.['mldeck.dev/sim-trial-failure-rate'] ?? 0);
    for (let i = 0; i < want; i++) {
      const index = trials.length + i;
      const assignments = suggest(spec.algorithm.algorithmName, spec.parameters, seed, index, history, settings);
      if (!assignments) {
        suggestionEnd = true;
        break;
      }
      const name = `${exp.metadata.name}-${suffix(`${seed}/${index}`, 8)}`;
      const fail = failRate > 0 && unit(`fail/${seed}/${index}`) < failRate;
      const trial: Manifest = {
        apiVersion: 'kubeflow.org/v1beta1',
        kind: 'Trial',
        metadata: {
          name,
          namespace: ns,
          labels: { [expLabel]: exp.metadata.name },
          ownerReferences: [controllerRef({ ...exp, apiVersion: 'kubeflow.org/v1beta1', kind: 'Experiment' })],
        },
        spec: {
          objective: objectiveWithStrategies(spec.objective),
          parameterAssignments: assignments,
          runSpec: renderRun(exp, name, assignments, fail),
          metricsCollector: spec.metricsCollectorSpec ?? { collector: { kind: 'StdOut' } },
          primaryContainerName: spec.trialTemplate.primaryContainerName,
          successCondition: spec.trialTemplate.successCondition,
          failureCondition: spec.trialTemplate.failureCondition,
          retainRun: spec.trialTemplate.retain ?? false,
          labels: { [expLabel]: exp.metadata.name },
        },
      };
      if (await kube.create(kf.trials, trial)) created.push({ name, parameterAssignments: assignments });
    }
    if (created.length) {
      st.pendingTrialList = [...((st.pendingTrialList as string[] | undefined) ?? []), ...created.map((c) => c.name)];
      Object.assign(st, { trials: trials.length + created.length, trialsPending: n('pending') + created.length });
    }
  }
  // completion (UpdateExperimentStatusCondition)
  if (!completed) {
    if (goalReached) {
      conds = setJobCondition(conds, 'Succeeded', 'True', 'ExperimentGoalReached', 'Experiment has succeeded because Objective goal has reached');
    } else if (spec.maxFailedTrialCount !== undefined && failedCount !== 0 && failedCount >= spec.maxFailedTrialCount) {
      conds = setJobCondition(conds, 'Failed', 'True', 'ExperimentFailed', 'Experiment has failed because max failed count has reached');
    } else if (spec.maxTrialCount !== undefined && doneCount >= spec.maxTrialCount) {
      conds = setJobCondition(conds, 'Succeeded', 'True', 'ExperimentMaxTrialsReached', 'Experiment has succeeded because max trial count has reached');
    } else if (suggestionEnd && activeCount === 0 && !created.length) {
      conds = setJobCondition(
        conds,
        'Succeeded',
        'True',
        'ExperimentSuggestionEndReached',
        'Experiment has succeeded because suggestion service has reached the end',
      );
    } else {
      conds = setJobCondition(conds, 'Running', 'True', 'ExperimentRunning', 'Experiment is running');
    }
    if (isTrue(conds, 'Succeeded') || isTrue(conds, 'Failed')) st.completionTime = now();
  }
  st.conditions = conds;
  if (!sameJson(st, exp.status ?? {})) {
    st.lastReconcileTime = now();
    await kube.patchStatus(kf.experiments, ns, exp.metadata.name, st);
  }
  await reconcileSuggestion(kube, exp, suggestion, trials, created, !completed && !isTrue(conds, 'Succeeded') && !isTrue(conds, 'Failed'));
}

async function reconcileSuggestion(
  kube: Kube,
  exp: Experiment,
  sug: KObject | undefined,
  trials: Trial[],
  created: { name: string; parameterAssignments: Assignment[] }[],
  running: boolean,
): Promise<void> {
  const ns = exp.metadata.namespace ?? '';
  const name = exp.metadata.name;
  if (!sug) {
    sug = await kube.create(kf.suggestions, {
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Suggestion',
      metadata: {
        name,
        namespace: ns,
        labels: { [expLabel]: name },
        ownerReferences: [controllerRef({ ...exp, apiVersion: 'kubeflow.org/v1beta1', kind: 'Experiment' })],
      },
      spec: {
        algorithm: exp.spec?.algorithm,
        earlyStopping: exp.spec?.earlyStopping,
        requests: trials.length + created.length,
        resumePolicy: exp.spec?.resumePolicy ?? 'Never',
      },
    });
    if (!sug) return;
  }
  const all = [...trials.map((t) => ({ name: t.metadata.name, parameterAssignments: t.spec?.parameterAssignments ?? [] })), ...created];
  let conds = (sug.status as { conditions?: KubeflowCondition[] } | undefined)?.conditions ?? [];
  conds = setJobCondition(conds, 'Created', 'True', 'SuggestionCreated', 'Suggestion is created');
  if (running) {
    conds = setJobCondition(conds, 'DeploymentReady', 'True', 'DeploymentReady', 'Deployment is ready');
    conds = setJobCondition(conds, 'Running', 'True', 'SuggestionRunning', 'Suggestion is running');
  } else {
    conds = setJobCondition(conds, 'Succeeded', 'True', 'SuggestionSucceeded', 'Suggestion is succeeded');
  }
  const status = {
    suggestionCount: all.length,
    suggestions: all.map((s) => ({ name: s.name, parameterAssignments: s.parameterAssignments, labels: { [expLabel]: name } })),
    algorithmSettings: exp.spec?.algorithm.algorithmSettings ?? [],
    conditions: conds,
    startTime: (sug.status as { startTime?: string } | undefined)?.startTime ?? now(),
  };
  if (!sameJson({ ...status, lastReconcileTime: undefined }, { ...((sug.status as object | undefined) ?? {}), lastReconcileTime: undefined })) {
    await kube.patchStatus(kf.suggestions, ns, name, { ...status, lastReconcileTime: now() });
  }
  if ((sug.spec as { requests?: number } | undefined)?.requests !== all.length) await kube.patch(kf.suggestions, ns, name, { spec: { requests: all.length } });
}

/** The Katib controllers (experiments, suggestions, trials). */
export const katibReconciler: Reconciler = {
  name: 'katib',
  requires: [kf.experiments, kf.trials, kf.suggestions],
  async tick(kube) {
    const [exps, trials, sugs] = await Promise.all([kube.list<Experiment>(kf.experiments), kube.list<Trial>(kf.trials), kube.list<KObject>(kf.suggestions)]);
    await reconcileEach(exps, 6, async (exp) => {
      const mine = trials.filter((t) => t.metadata.namespace === exp.metadata.namespace && t.metadata.ownerReferences?.some((o) => o.uid === exp.metadata.uid));
      const full: Experiment = { ...exp, apiVersion: 'kubeflow.org/v1beta1', kind: 'Experiment' };
      await Promise.all(mine.map((t) => reconcileTrial(kube, full, t)));
      const sug = sugs.find((s) => s.metadata.namespace === exp.metadata.namespace && s.metadata.name === exp.metadata.name);
      await reconcileExperiment(kube, full, mine, sug);
    });
    return exps.length;
  },
};
