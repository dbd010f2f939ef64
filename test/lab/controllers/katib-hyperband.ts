// SPDX-License-Identifier: Apache-2.0
/**
 * Katib's `hyperband` suggestion service (pkg/suggestion/v1beta1/hyperband/service.py, v0.19),
 * played step for step. Its state lives where upstream keeps it: the algorithm settings the
 * service answers with (`eta`, `s_max`, `r_l`, `b_l`, `r`, `n`, `current_s`, `current_i`,
 * `resource_name`, `evaluating_trials`), which the Suggestion's `status.algorithmSettings` holds
 * and which override the experiment's settings on the next call.
 *
 * One call answers one batch. With `evaluating_trials` 0 it is a bracket's first rung (the
 * "master bracket"): `request` random samples with `resource_name` set to int(r). Otherwise it is
 * the next rung of the bracket: of the last `evaluating_trials` trials (all must have succeeded,
 * else no answer), the best ceil(ceil(request·eta^−i)/eta) by the objective go on with their
 * assignments and `resource_name` = int(r·eta^(i+1)). After the bracket's last rung the next
 * bracket (s − 1) starts; after s = 0 the service answers nothing more (the end).
 */
import { suggest, type Assignment, type Parameter } from './katib-algorithms.ts';

/** A trial as the service sees it (oldest first). */
export interface HyperbandTrial {
  assignments: Assignment[];
  /** The objective value by the metric strategy, when observed. */
  objective?: number;
  succeeded: boolean;
}

/** One call's answer: the batch (or the end) and the settings to keep. */
export interface HyperbandAnswer {
  suggestions: Assignment[][] | 'end';
  settings: Record<string, string>;
}

interface Param {
  eta: number;
  s_max: number;
  r_l: number;
  b_l: number;
  r: number;
  n: number;
  current_s: number;
  current_i: number;
  resource_name: string;
  evaluating_trials: number;
  /** r came back from the settings (Python's int) rather than from the formula (a float). */
  rIsInt: boolean;
}

/** Python's str() of a float (2.0 → "2.0"). */
function pyFloat(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/** `HyperBandParam.convert`: the settings with upstream's defaults filled in. */
export function convert(settings: Record<string, string>): Param {
  const num = (k: string, d: number, int = false) => (settings[k] === undefined ? d : int ? Math.trunc(Number(settings[k])) : Number(settings[k]));
  const p: Param = {
    eta: num('eta', 3),
    s_max: num('s_max', -1, true),
    r_l: num('r_l', -1),
    b_l: num('b_l', -1),
    r: num('r', -1, true),
    n: num('n', -1, true),
    current_s: num('current_s', -2, true),
    current_i: num('current_i', -1, true),
    resource_name: settings['resource_name'] ?? '',
    evaluating_trials: num('evaluating_trials', 0, true),
    rIsInt: settings['r'] !== undefined,
  };
  if (p.current_s === -1) return p;
  if (p.eta <= 0) p.eta = 3;
  if (p.s_max < 0) p.s_max = Math.trunc(Math.log(p.r_l) / Math.log(p.eta));
  if (p.b_l < 0) p.b_l = (p.s_max + 1) * p.r_l;
  if (p.current_s < 0) p.current_s = p.s_max;
  if (p.current_i < 0) p.current_i = 0;
  if (p.n < 0) p.n = Math.ceil((p.s_max + 1) * (p.eta ** p.current_s / (p.current_s + 1)));
  if (p.r < 0) {
    p.r = p.r_l * p.eta ** -p.current_s;
    p.rIsInt = false;
  }
  return p;
}

/** `HyperBandParam.generate`: the settings the service answers with (strings as Python prints them). */
function generate(p: Param): Record<string, string> {
  return {
    eta: pyFloat(p.eta),
    s_max: String(p.s_max),
    r_l: pyFloat(p.r_l),
    b_l: pyFloat(p.b_l),
    r: p.rIsInt ? String(p.r) : pyFloat(p.r),
    n: String(p.n),
    current_s: String(p.current_s),
    current_i: String(p.current_i),
    resource_name: p.resource_name,
    evaluating_trials: String(p.evaluating_trials),
  };
}

/** The settings of a call: the experiment's, overridden by the Suggestion status' (upstream's merge). */
export function mergedSettings(experiment: Record<string, string>, suggestionStatus: { name: string; value: string }[] | undefined): Record<string, string> {
  return { ...experiment, ...Object.fromEntries((suggestionStatus ?? []).map((s) => [s.name, s.value])) };
}

function newBracket(p: Param): void {
  p.current_s -= 1;
  p.current_i = 0;
  if (p.current_s >= 0) {
    p.n = Math.ceil((p.s_max + 1) * (p.eta ** p.current_s / (p.current_s + 1)));
    p.r = p.r_l * p.eta ** -p.current_s;
    p.rIsInt = false;
  }
}

/**
 * One `GetSuggestions` call: `request` trials asked, `trials` every trial so far (oldest first),
 * `seed` and `index` seed the master bracket's random samples. Answers [] when the rung before
 * has not all succeeded (upstream raises and the controller asks again).
 */
export function hyperbandSuggest(
  settings: Record<string, string>,
  input: { request: number; trials: HyperbandTrial[]; maximize: boolean; params: Parameter[]; seed: string; index: number },
): HyperbandAnswer {
  const p = convert(settings);
  if (p.current_s < 0) return { suggestions: 'end', settings };
  p.n = input.request; // upstream: "This is a hack to get request number."
  let batch: Assignment[][];
  if (p.evaluating_trials === 0) {
    const r = Math.trunc(p.r);
    batch = Array.from({ length: p.n }, (_, k) =>
      (suggest('random', input.params, input.seed, input.index + k) ?? []).map((a) => (a.name === p.resource_name ? { name: a.name, value: String(r) } : a)),
    );
  } else {
    const latest = input.trials.slice(-p.evaluating_trials);
    if (latest.some((t) => !t.succeeded)) return { suggestions: [], settings };
    const nI = Math.ceil(p.n * p.eta ** -p.current_i);
    const top = Math.ceil(nI / p.eta);
    p.current_i += 1;
    if (p.current_i > p.current_s) newBracket(p);
    const rI = Math.trunc(p.r * p.eta ** p.current_i);
    const value = (t: HyperbandTrial) => t.objective ?? Number.NaN;
    const sorted = [...latest].sort((a, b) => (input.maximize ? value(b) - value(a) : value(a) - value(b)));
    batch = sorted.slice(0, top).map((t) => t.assignments.map((a) => (a.name === p.resource_name ? { name: a.name, value: String(rI) } : a)));
  }
  p.evaluating_trials = p.current_i < p.current_s ? batch.length : 0;
  if (p.evaluating_trials === 0) newBracket(p);
  return { suggestions: batch, settings: generate(p) };
}

/** The settings a hyperband experiment must have (upstream's `ValidateAlgorithmSettings`), as a problem or undefined. */
export function hyperbandProblem(settings: Record<string, string>, params: Parameter[], parallelTrialCount: number): string | undefined {
  if (settings['r_l'] === undefined || settings['resource_name'] === undefined) return 'r_l and resource_name must be set.';
  const rl = Number(settings['r_l']);
  if (!Number.isFinite(rl) || rl < 0) return 'r_l must be a positive float number.';
  let eta = settings['eta'] === undefined ? 3 : Math.trunc(Number(settings['eta']));
  if (!(eta > 0)) eta = 3;
  const maxParallel = Math.ceil(eta ** Math.trunc(Math.log(rl) / Math.log(eta)));
  if (parallelTrialCount < maxParallel) return `parallelTrialCount must be not less than ${maxParallel}.`;
  if (!params.some((p) => p.name === settings['resource_name'])) return 'value of resource_name setting must be in parameters.';
  return undefined;
}
