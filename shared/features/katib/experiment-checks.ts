// SPDX-License-Identifier: Apache-2.0
/**
 * The checks an Experiment gets before it is sent, each problem at its field: the objective,
 * the algorithm's settings (names and values as Katib's suggestion services accept them), the
 * parameters (grid needs a step for doubles; log scale only where the algorithm samples it), the
 * trial counts, the resume policy, the metrics collector and the trial template's parameters.
 * Katib's own webhook checks much of this too; the lab has none, so MLDeck's checks are the ones
 * a user meets first.
 */
import type { FieldProblem } from '../../kube/field-problem';
import type { ExperimentSpec, KatibParameter } from './katib-objects';

/** A setting's type: an integer (with a lower bound), a number in a range, or one of some words. */
type SettingRule = { int: number } | { num: [number, number] } | { oneOf: string[] } | { parameter: true };

/** The algorithms MLDeck offers, with their settings (as in Katib's docs and suggestion services). */
export const algorithmSettings: Record<string, Record<string, SettingRule>> = {
  random: { random_state: { int: 0 } },
  grid: {},
  bayesianoptimization: {
    base_estimator: { oneOf: ['GP', 'RF', 'ET', 'GBRT'] },
    n_initial_points: { int: 0 },
    acq_func: { oneOf: ['gp_hedge', 'LCB', 'EI', 'PI'] },
    acq_optimizer: { oneOf: ['auto', 'sampling', 'lbfgs'] },
    random_state: { int: 0 },
  },
  tpe: { n_EI_candidates: { int: 1 }, random_state: { int: 0 }, gamma: { num: [0, 1] }, prior_weight: { num: [0, Infinity] } },
  'multivariate-tpe': { n_ei_candidates: { int: 1 }, random_state: { int: 0 }, n_startup_trials: { int: 0 } },
  cmaes: { random_state: { int: 0 }, sigma: { num: [0, Infinity] }, restart_strategy: { oneOf: ['none', 'ipop', 'bipop'] } },
  sobol: { random_state: { int: 0 } },
  hyperband: { resource_name: { parameter: true }, eta: { num: [1, Infinity] }, r_l: { int: 1 } },
  pbt: { n_population: { int: 5 }, truncation_threshold: { num: [0, 1] }, resample_probability: { num: [0, 1] }, suggestion_trial_dir: { oneOf: [] } },
};

/** Settings an algorithm cannot do without. */
export const requiredSettings: Record<string, string[]> = { hyperband: ['resource_name', 'r_l'], pbt: ['n_population'] };

/** The early-stopping algorithm Katib ships, with its settings. */
export const earlyStoppingSettings: Record<string, Record<string, SettingRule>> = {
  medianstop: { min_trials_required: { int: 1 }, start_step: { int: 1 } },
};

/** Algorithms that sample a log scale (`distribution: logUniform`). */
export const logScaleAlgorithms = new Set(['random', 'bayesianoptimization', 'tpe', 'multivariate-tpe', 'cmaes']);

/** Algorithms that cannot search categorical or discrete parameters. */
const numericOnly = new Set(['cmaes', 'sobol']);

/** The metrics collectors and what each needs. */
export const collectorKinds = ['StdOut', 'File', 'TensorFlowEvent', 'PrometheusMetric', 'Push'] as const;

const isNum = (s: string | undefined) => s !== undefined && s.trim() !== '' && Number.isFinite(Number(s));
const isInt = (s: string | undefined) => isNum(s) && Number.isInteger(Number(s));

function checkSetting(rule: SettingRule, value: string, params: KatibParameter[]): string | undefined {
  if ('int' in rule) return isInt(value) && Number(value) >= rule.int ? undefined : `must be a whole number of at least ${rule.int}`;
  if ('num' in rule) {
    const [lo, hi] = rule.num;
    return isNum(value) && Number(value) > lo && Number(value) <= hi ? undefined : `must be a number above ${lo}${hi < Infinity ? ` and at most ${hi}` : ''}`;
  }
  if ('parameter' in rule) return params.some((p) => p.name === value) ? undefined : 'must name one of the parameters';
  return rule.oneOf.length === 0 || rule.oneOf.includes(value) ? undefined : `must be one of ${rule.oneOf.join(', ')}`;
}

function checkParameter(p: KatibParameter, i: number, algorithm: string, out: FieldProblem[]): void {
  const at = `spec.parameters[${i}]`;
  const fs = p.feasibleSpace ?? {};
  if (!p.name) out.push({ field: `${at}.name`, message: 'Required value: a parameter needs a name' });
  if (p.parameterType === 'discrete' || p.parameterType === 'categorical') {
    if (!fs.list?.length) out.push({ field: `${at}.feasibleSpace.list`, message: `Required value: a ${p.parameterType} parameter needs a list of values` });
    if (p.parameterType === 'discrete' && fs.list?.some((v) => !isNum(v)))
      out.push({ field: `${at}.feasibleSpace.list`, message: 'a discrete parameter lists numbers; use categorical for words' });
    if (new Set(fs.list).size !== (fs.list ?? []).length) out.push({ field: `${at}.feasibleSpace.list`, message: 'values must be unique' });
    if (numericOnly.has(algorithm)) out.push({ field: `${at}.parameterType`, message: `${algorithm} searches only int and double parameters` });
    return;
  }
  const check = p.parameterType === 'int' ? isInt : isNum;
  const word = p.parameterType === 'int' ? 'a whole number' : 'a number';
  if (!check(fs.min)) out.push({ field: `${at}.feasibleSpace.min`, message: `Required value: min must be ${word}` });
  if (!check(fs.max)) out.push({ field: `${at}.feasibleSpace.max`, message: `Required value: max must be ${word}` });
  if (check(fs.min) && check(fs.max) && Number(fs.min) >= Number(fs.max))
    out.push({ field: `${at}.feasibleSpace.max`, message: 'max must be greater than min' });
  if (fs.step !== undefined && fs.step !== '' && !(check(fs.step) && Number(fs.step) > 0))
    out.push({ field: `${at}.feasibleSpace.step`, message: `step must be ${word} above 0` });
  if (algorithm === 'grid' && p.parameterType === 'double' && !fs.step)
    out.push({ field: `${at}.feasibleSpace.step`, message: 'Required value: grid needs a step for a double parameter' });
  if (fs.distribution === 'logUniform') {
    if (!logScaleAlgorithms.has(algorithm)) out.push({ field: `${at}.feasibleSpace.distribution`, message: `${algorithm} does not sample a log scale` });
    else if (isNum(fs.min) && Number(fs.min) <= 0) out.push({ field: `${at}.feasibleSpace.min`, message: 'a log scale needs min above 0' });
  }
}

function checkSettings(
  where: string,
  name: string,
  table: Record<string, Record<string, SettingRule>>,
  settings: { name: string; value: string }[],
  params: KatibParameter[],
  out: FieldProblem[],
): void {
  const rules = table[name];
  if (!rules) {
    out.push({ field: `${where}.algorithmName`, message: `Unsupported value: "${name}": supported values: ${Object.keys(table).join(', ')}` });
    return;
  }
  settings.forEach((s, i) => {
    const rule = rules[s.name];
    if (!rule) out.push({ field: `${where}.algorithmSettings[${i}].name`, message: `${name} has no setting "${s.name}"` });
    else {
      const bad = checkSetting(rule, s.value, params);
      if (bad) out.push({ field: `${where}.algorithmSettings[${i}].value`, message: `${s.name} ${bad}` });
    }
  });
  for (const req of requiredSettings[name] ?? [])
    if (!settings.some((s) => s.name === req)) out.push({ field: `${where}.algorithmSettings`, message: `Required value: ${name} needs the setting ${req}` });
}

/** Every problem of an Experiment spec, at its field (empty when it may be sent). */
export function checkExperimentSpec(spec: ExperimentSpec | undefined): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (!spec) return [{ field: 'spec', message: 'Required value' }];
  const params = spec.parameters ?? [];
  const algorithm = spec.algorithm?.algorithmName ?? '';
  // objective
  const o = spec.objective;
  if (!o?.objectiveMetricName) out.push({ field: 'spec.objective.objectiveMetricName', message: 'Required value: the metric to optimise' });
  if (o && o.type !== 'maximize' && o.type !== 'minimize') out.push({ field: 'spec.objective.type', message: 'must be maximize or minimize' });
  if (o?.goal !== undefined && !Number.isFinite(o.goal)) out.push({ field: 'spec.objective.goal', message: 'must be a number' });
  const metrics = [o?.objectiveMetricName ?? '', ...(o?.additionalMetricNames ?? [])];
  if (new Set(metrics).size !== metrics.length)
    out.push({ field: 'spec.objective.additionalMetricNames', message: 'metric names must be unique and differ from the objective metric' });
  (o?.metricStrategies ?? []).forEach((s, i) => {
    if (!metrics.includes(s.name))
      out.push({ field: `spec.objective.metricStrategies[${i}].name`, message: `"${s.name}" is not one of the experiment's metrics` });
    if (!['min', 'max', 'latest'].includes(s.value)) out.push({ field: `spec.objective.metricStrategies[${i}].value`, message: 'must be min, max or latest' });
  });
  // algorithm and early stopping
  if (!algorithm) out.push({ field: 'spec.algorithm.algorithmName', message: 'Required value' });
  else checkSettings('spec.algorithm', algorithm, algorithmSettings, spec.algorithm?.algorithmSettings ?? [], params, out);
  if (spec.earlyStopping?.algorithmName)
    checkSettings('spec.earlyStopping', spec.earlyStopping.algorithmName, earlyStoppingSettings, spec.earlyStopping.algorithmSettings ?? [], params, out);
  // parameters
  if (!params.length) out.push({ field: 'spec.parameters', message: 'Required value: at least one parameter to search' });
  params.forEach((p, i) => checkParameter(p, i, algorithm, out));
  const names = params.map((p) => p.name);
  if (new Set(names).size !== names.length) out.push({ field: 'spec.parameters', message: 'parameter names must be unique' });
  // counts and policy
  const count = (field: string, v: number | undefined, min: number) => {
    if (v !== undefined && !(Number.isInteger(v) && v >= min)) out.push({ field, message: `must be a whole number of at least ${min}` });
  };
  count('spec.parallelTrialCount', spec.parallelTrialCount, 1);
  count('spec.maxTrialCount', spec.maxTrialCount, 1);
  count('spec.maxFailedTrialCount', spec.maxFailedTrialCount, 0);
  if (spec.maxTrialCount !== undefined && spec.parallelTrialCount !== undefined && spec.parallelTrialCount > spec.maxTrialCount)
    out.push({ field: 'spec.parallelTrialCount', message: 'must not exceed maxTrialCount' });
  if (spec.maxTrialCount !== undefined && spec.maxFailedTrialCount !== undefined && spec.maxFailedTrialCount > spec.maxTrialCount)
    out.push({ field: 'spec.maxFailedTrialCount', message: 'must not exceed maxTrialCount' });
  if (spec.resumePolicy !== undefined && !['Never', 'LongRunning', 'FromVolume'].includes(spec.resumePolicy))
    out.push({ field: 'spec.resumePolicy', message: 'must be Never, LongRunning or FromVolume' });
  checkCollector(spec, out);
  checkTemplate(spec, out);
  return out;
}

function checkCollector(spec: ExperimentSpec, out: FieldProblem[]): void {
  const mc = spec.metricsCollectorSpec as { collector?: { kind?: string }; source?: { fileSystemPath?: { path?: string; kind?: string } } } | undefined;
  const kind = mc?.collector?.kind;
  if (!kind) return;
  if (!(collectorKinds as readonly string[]).includes(kind) && kind !== 'None' && kind !== 'Custom')
    out.push({ field: 'spec.metricsCollectorSpec.collector.kind', message: `must be one of ${collectorKinds.join(', ')}` });
  const path = mc?.source?.fileSystemPath?.path;
  if ((kind === 'File' || kind === 'TensorFlowEvent') && !path)
    out.push({
      field: 'spec.metricsCollectorSpec.source.fileSystemPath.path',
      message: `Required value: the ${kind === 'File' ? 'file' : 'event directory'} the collector reads`,
    });
  if (path && !path.startsWith('/')) out.push({ field: 'spec.metricsCollectorSpec.source.fileSystemPath.path', message: 'must be an absolute path' });
}

function checkTemplate(spec: ExperimentSpec, out: FieldProblem[]): void {
  const tt = spec.trialTemplate;
  if (!tt?.trialSpec) {
    out.push({ field: 'spec.trialTemplate.trialSpec', message: 'Required value: the job each trial runs' });
    return;
  }
  if (!tt.trialSpec['apiVersion'] || !tt.trialSpec['kind'])
    out.push({ field: 'spec.trialTemplate.trialSpec', message: 'the trial spec needs apiVersion and kind' });
  if (!tt.primaryContainerName)
    out.push({ field: 'spec.trialTemplate.primaryContainerName', message: 'Required value: the container whose output has the metrics' });
  const text = JSON.stringify(tt.trialSpec);
  const used = new Set([...text.matchAll(/\$\{trialParameters\.([^}]+)\}/g)].map((m) => m[1] ?? ''));
  const declared = tt.trialParameters ?? [];
  const paramNames = new Set((spec.parameters ?? []).map((p) => p.name));
  declared.forEach((tp, i) => {
    if (!paramNames.has(tp.reference) && !tp.reference.startsWith('${trialSpec.'))
      out.push({ field: `spec.trialTemplate.trialParameters[${i}].reference`, message: `"${tp.reference}" is not one of the parameters` });
    if (!used.has(tp.name))
      out.push({ field: `spec.trialTemplate.trialParameters[${i}].name`, message: `\${trialParameters.${tp.name}} is used nowhere in the trial spec` });
  });
  for (const u of used)
    if (!declared.some((d) => d.name === u))
      out.push({ field: 'spec.trialTemplate.trialParameters', message: `the trial spec uses \${trialParameters.${u}}, which is not declared` });
  for (const p of spec.parameters ?? [])
    if (!declared.some((d) => d.reference === p.name))
      out.push({ field: 'spec.trialTemplate.trialParameters', message: `the parameter ${p.name} reaches no field of the trial spec` });
}
