// SPDX-License-Identifier: Apache-2.0
/**
 * Driven Katib v1beta1 controllers (experiment, suggestion, trial). For each Experiment it
 * keeps a Suggestion `<exp>` and the algorithm's Deployment and Service `<exp>-<algorithm>`
 * (images as in the default katib-config), creates Trials `<exp>-<8 chars>` (pbt: named and
 * labelled by the service) up to `parallelTrialCount`/`maxTrialCount` with parameter assignments
 * from the experiment's algorithm (katib-suggestions.ts: grid, random, hyperband, pbt and the
 * optimisers; hyperband's state kept in the Suggestion's `status.algorithmSettings` as upstream) and, with medianstop, the
 * early-stopping rule of that moment; renders each trial's `trialTemplate.trialSpec`
 * (`${trialParameters.x}`, `${trialSpec.Name}`, `${trialSpec.Namespace}`) into its run, labels
 * the run's pods `katib.kubeflow.org/trial` (the pod webhook's job); katib-trial.ts runs each
 * trial (reports, observation, early stop, run deletion).
 * Experiment status follows `UpdateExperimentStatus`: trial lists and counts,
 * `currentOptimalTrial`, and completion by goal, max failed trials, max trials or the end of
 * the grid. Lab convention: the annotation `mldeck.dev/sim-trial-failure-rate: "0.2"` on an
 * Experiment makes that share of its trials' pods fail; `mldeck.dev/lab-unmanaged: "true"` makes
 * the lab leave an Experiment alone (B6 writes its 5,000 trials itself). Trials are listed in
 * the namespaces of managed experiments only, so such a namespace's trials are not listed again
 * every tick (a list of 5,000 trials a second kept lab-a's API server busy through B6).
 */
import { isTrue, now, sameJson, setJobCondition, type KubeflowCondition } from './conditions.ts';
import { controllerRef, core, type KObject, type Kube, type Manifest } from './kube.ts';
import { curveValue, medianStopRule, quality, unit, type Assignment, type EarlyStoppingRule, type Observed } from './katib-algorithms.ts';
import { nextSuggestions, serviceLabels, type SuggestionAnswer } from './katib-suggestions.ts';
import {
  expLabel,
  objectiveValue,
  objectiveWithStrategies,
  reconcileTrial,
  renderRun,
  trialLabel,
  trialState,
  type Experiment,
  type ExperimentStatus,
  type Trial,
} from './katib-trial.ts';
import { groupByLabel, suffix, type Pod } from './pods.ts';
import { kf, reconcileEach, type Reconciler } from './reconciler.ts';

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

/** The medianstop rule for trials created now (Katib asks the early-stopping service at creation). */
function earlyStoppingRule(exp: Experiment, trials: Trial[]): EarlyStoppingRule | undefined {
  const es = exp.spec?.earlyStopping;
  if (!es || es.algorithmName !== 'medianstop' || !exp.spec) return undefined;
  const settings = Object.fromEntries((es.algorithmSettings ?? []).map((s) => [s.name, s.value]));
  const startStep = Number(settings['start_step'] ?? 4);
  const name = exp.spec.objective.objectiveMetricName;
  const params = exp.spec.parameters;
  const succeeded = trials
    .filter((t) => trialState(t) === 'succeeded')
    .map((t) => ({
      firstValues: Array.from({ length: startStep }, (_, i) => curveValue(name, quality(params, t.spec?.parameterAssignments ?? []), t.metadata.name, i + 1)),
    }));
  return medianStopRule({ name, maximize: exp.spec.objective.type === 'maximize' }, succeeded, settings);
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
  // a finished experiment whose maxTrialCount was raised restarts when its resume policy allows (IsCompletedExperimentRestartable)
  const maxReached = conds.find((c) => c.type === 'Succeeded' && c.status === 'True')?.reason === 'ExperimentMaxTrialsReached';
  if (
    maxReached &&
    (spec.resumePolicy === 'LongRunning' || spec.resumePolicy === 'FromVolume') &&
    (spec.maxTrialCount ?? 0) > ((st['trials'] as number | undefined) ?? 0)
  ) {
    conds = [
      ...conds.filter((c) => c.type !== 'Succeeded' && c.type !== 'Failed'),
      {
        type: 'Restarting',
        status: 'True',
        reason: 'ExperimentRestarting',
        message: 'Experiment is restarted',
        lastUpdateTime: now(),
        lastTransitionTime: now(),
      },
    ];
    delete st.completionTime;
  }
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
  const history: Observed[] = trials.flatMap((t) => {
    const v = objectiveValue(t);
    return v === undefined ? [] : [{ assignments: t.spec?.parameterAssignments ?? [], objective: maximize ? v : -v }];
  });
  const activeCount = n('running') + n('pending');
  const doneCount = n('succeeded') + n('failed') + n('killed') + n('earlyStopped') + n('metricsUnavailable');
  const failedCount = n('failed') + n('metricsUnavailable');
  let suggestionEnd = false;
  const created: { name: string; parameterAssignments: Assignment[]; labels?: Record<string, string> }[] = [];
  const sugStatus = suggestion?.status as Parameters<typeof nextSuggestions>[4];
  let algorithmSettings = sugStatus?.algorithmSettings ?? spec.algorithm.algorithmSettings ?? [];
  if (!completed && !goalReached) {
    const max = spec.maxTrialCount ?? Number.MAX_SAFE_INTEGER;
    const want = Math.min((spec.parallelTrialCount ?? 3) - activeCount, max - trials.length);
    const seed = exp.metadata.uid ?? exp.metadata.name;
    const failRate = Number(exp.metadata.annotations?.['mldeck.dev/sim-trial-failure-rate'] ?? 0);
    const answer: SuggestionAnswer = want > 0 ? nextSuggestions(exp, trials, history, want, sugStatus) : { items: [] };
    const batch = answer.items;
    if (batch === 'end') suggestionEnd = true;
    const rule = batch !== 'end' && batch.length ? earlyStoppingRule(exp, trials) : undefined;
    for (const [i, { assignments, name: given, labels }] of (batch === 'end' ? [] : batch).entries()) {
      const index = trials.length + i;
      const name = given ?? `${exp.metadata.name}-${suffix(`${seed}/${index}`, 8)}`;
      const fail = failRate > 0 && unit(`fail/${seed}/${index}`) < failRate;
      const trial: Manifest = {
        apiVersion: 'kubeflow.org/v1beta1',
        kind: 'Trial',
        metadata: {
          name,
          namespace: ns,
          labels: { [expLabel]: exp.metadata.name, ...labels },
          ownerReferences: [controllerRef({ ...exp, apiVersion: 'kubeflow.org/v1beta1', kind: 'Experiment' })],
        },
        spec: {
          objective: objectiveWithStrategies(spec.objective),
          parameterAssignments: assignments,
          ...(rule ? { earlyStoppingRules: [rule] } : {}),
          runSpec: renderRun(exp, name, assignments, fail),
          metricsCollector: spec.metricsCollectorSpec ?? { collector: { kind: 'StdOut' } },
          primaryContainerName: spec.trialTemplate.primaryContainerName,
          successCondition: spec.trialTemplate.successCondition,
          failureCondition: spec.trialTemplate.failureCondition,
          retainRun: spec.trialTemplate.retain ?? false,
          labels: { [expLabel]: exp.metadata.name },
        },
      };
      if (await kube.create(kf.trials, trial)) created.push({ name, parameterAssignments: assignments, ...(labels ? { labels } : {}) });
    }
    if (answer.algorithmSettings) algorithmSettings = answer.algorithmSettings;
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
  await reconcileSuggestion(kube, exp, suggestion, trials, created, algorithmSettings, !completed && !isTrue(conds, 'Succeeded') && !isTrue(conds, 'Failed'));
}

async function reconcileSuggestion(
  kube: Kube,
  exp: Experiment,
  sug: KObject | undefined,
  trials: Trial[],
  created: { name: string; parameterAssignments: Assignment[]; labels?: Record<string, string> }[],
  algorithmSettings: { name: string; value: string }[],
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
  const all = [
    ...trials.map((t) => ({ name: t.metadata.name, parameterAssignments: t.spec?.parameterAssignments ?? [], labels: serviceLabels(t) })),
    ...created,
  ];
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
    suggestions: all.map((s) => ({ name: s.name, parameterAssignments: s.parameterAssignments, labels: { ...s.labels, [expLabel]: name } })),
    algorithmSettings,
    conditions: conds,
    startTime: (sug.status as { startTime?: string } | undefined)?.startTime ?? now(),
  };
  if (!sameJson({ ...status, lastReconcileTime: undefined }, { ...((sug.status as object | undefined) ?? {}), lastReconcileTime: undefined })) {
    await kube.patchStatus(kf.suggestions, ns, name, { ...status, lastReconcileTime: now() });
  }
  if ((sug.spec as { requests?: number } | undefined)?.requests !== all.length) await kube.patch(kf.suggestions, ns, name, { spec: { requests: all.length } });
}

/** The annotation that makes the lab leave an Experiment alone. */
export const unmanagedAnnotation = 'mldeck.dev/lab-unmanaged';

/** The Katib controllers (experiments, suggestions, trials). */
export const katibReconciler: Reconciler = {
  name: 'katib',
  requires: [kf.experiments, kf.trials, kf.suggestions],
  async tick(kube) {
    const exps = (await kube.list<Experiment>(kf.experiments)).filter((e) => e.metadata.annotations?.[unmanagedAnnotation] !== 'true');
    const namespaces = [...new Set(exps.map((e) => e.metadata.namespace ?? ''))];
    const [trials, sugs, pods] = await Promise.all([
      Promise.all(namespaces.map((namespace) => kube.list<Trial>(kf.trials, { namespace }))).then((lists) => lists.flat()),
      kube.list<KObject>(kf.suggestions),
      kube.list<Pod>(core.pods, { labelSelector: trialLabel }),
    ]);
    const podsByTrial = groupByLabel(pods, trialLabel);
    await reconcileEach(exps, 6, async (exp) => {
      const mine = trials.filter((t) => t.metadata.namespace === exp.metadata.namespace && t.metadata.ownerReferences?.some((o) => o.uid === exp.metadata.uid));
      const full: Experiment = { ...exp, apiVersion: 'kubeflow.org/v1beta1', kind: 'Experiment' };
      await Promise.all(
        mine.map((t) =>
          reconcileTrial(
            kube,
            full,
            t,
            podsByTrial.get(`${t.metadata.namespace ?? ''}/${t.metadata.name}`) ?? [], // groupByLabel keys by namespace/value
          ),
        ),
      );
      const sug = sugs.find((s) => s.metadata.namespace === exp.metadata.namespace && s.metadata.name === exp.metadata.name);
      await reconcileExperiment(kube, full, mine, sug);
    });
    return exps.length;
  },
};
