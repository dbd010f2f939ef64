// SPDX-License-Identifier: Apache-2.0
/**
 * Parameter suggestions and simulated metrics for the driven Katib controller. Everything is
 * deterministic (seeded by the experiment's uid and the trial index), so a lab run is
 * reproducible. Here: `grid` enumerates the feasible space (every combination, the first
 * parameter varying fastest); `random` samples it (uniform, or log-uniform for
 * `distribution: logUniform`), and so do `hyperband` and `pbt`, which the lab does not model (their
 * resource and population settings are not played). The optimisers (`bayesianoptimization`,
 * `tpe`, `multivariate-tpe`, `cmaes`, `sobol`) are real ones: katib-optimiser.ts runs optuna and
 * scikit-optimize in the lab's venv.
 *
 * The metric function (what tests assert against), for a trial with assignments A and name T:
 * - quality q(A) ∈ [0, 1]: the mean over parameters of max(0, 1 − 2.2·(x − o)²), where x is the
 *   value's position in [0, 1] across the feasible space (log position for logUniform; for a
 *   discrete or categorical value, a hash of the value) and o = 0.25 + 0.5·h(name), a hidden
 *   optimum per parameter name;
 * - noise n(T) = (u(T) − 0.5)·0.03, seeded by the trial's name;
 * - final values: accuracy-like metrics min(0.995, 0.55 + 0.43·q + n); loss-like metrics (name
 *   matching loss|error|rmse|mae|mse|perplexity) max(0.01, 0.08 + 1.2·(1 − q) + n);
 * - the curve over epochs k = 1..K (K = 10): accuracy-like 0.1 + (final − 0.1)·c(k), loss-like
 *   2.3 − (2.3 − final)·c(k), with c(k) = (1 − e^(−4k/K)) / (1 − e^(−4)), so epoch K is the final.
 * Medianstop (`medianStopRule`) is Katib's: the median over succeeded trials of the mean of their
 * first `start_step` objective values, once `min_trials_required` trials succeeded.
 */
import { createHash } from 'node:crypto';

/** An experiment parameter (all values are strings, as in the CRD). */
export interface Parameter {
  name: string;
  parameterType: 'double' | 'int' | 'discrete' | 'categorical';
  feasibleSpace: { min?: string; max?: string; step?: string; list?: string[]; distribution?: string };
}

/** One parameter assignment. */
export interface Assignment {
  name: string;
  value: string;
}

/** A finished trial the algorithm may learn from. */
export interface Observed {
  assignments: Assignment[];
  objective: number;
}

/** A uniform number in [0, 1) derived from a seed. */
export function unit(seed: string): number {
  const d = createHash('sha256').update(seed).digest();
  return d.readUInt32BE(0) / 0x1_0000_0000;
}

function fmt(p: Parameter, x: number): string {
  if (p.parameterType === 'int') return String(Math.round(x));
  return Number(x.toPrecision(6)).toString();
}

/** Maps u ∈ [0,1) to a value of the parameter's feasible space. */
function sample(p: Parameter, u: number): string {
  const fs = p.feasibleSpace;
  if (p.parameterType === 'discrete' || p.parameterType === 'categorical') {
    const list = fs.list ?? [];
    return list[Math.min(list.length - 1, Math.floor(u * list.length))] ?? '';
  }
  const min = Number(fs.min ?? 0);
  const max = Number(fs.max ?? 1);
  const log = fs.distribution === 'logUniform' && min > 0;
  let x = log ? Math.exp(Math.log(min) + u * (Math.log(max) - Math.log(min))) : min + u * (max - min);
  if (p.parameterType === 'int') x = Math.min(max, Math.floor(min + u * (max - min + 1)));
  return fmt(p, x);
}

/** The grid values of one parameter (step, or 4 points for a double without one). */
export function gridValues(p: Parameter): string[] {
  const fs = p.feasibleSpace;
  if (p.parameterType === 'discrete' || p.parameterType === 'categorical') return fs.list ?? [];
  const min = Number(fs.min ?? 0);
  const max = Number(fs.max ?? 1);
  const step = Number(fs.step ?? (p.parameterType === 'int' ? 1 : (max - min) / 3));
  const out: string[] = [];
  for (let x = min; x <= max + step / 1e6 && out.length < 1000; x += step) out.push(fmt(p, x));
  return out;
}

/** How many grid points exist (the product of each parameter's values). */
export function gridSize(params: Parameter[]): number {
  return params.reduce((n, p) => n * Math.max(1, gridValues(p).length), 1);
}

/** The algorithms whose suggestions come from a real optimiser (katib-optimiser.ts). */
export const optimiserAlgorithms = new Set(['bayesianoptimization', 'tpe', 'multivariate-tpe', 'cmaes', 'sobol']);

/**
 * The assignments of the `index`-th suggestion of a grid or random-sampling experiment, or
 * undefined when the algorithm has no more (grid exhausted).
 */
export function suggest(algorithm: string, params: Parameter[], seed: string, index: number): Assignment[] | undefined {
  if (algorithm === 'grid') {
    if (index >= gridSize(params)) return undefined;
    let rest = index;
    return params.map((p) => {
      const vals = gridValues(p);
      const v = vals[rest % vals.length] ?? '';
      rest = Math.floor(rest / Math.max(1, vals.length));
      return { name: p.name, value: v };
    });
  }
  return params.map((p) => ({ name: p.name, value: sample(p, unit(`${seed}/${index}/${p.name}`)) }));
}

/**
 * How good a set of assignments is, in [0, 1]: each numeric parameter has a hidden optimum
 * (derived from its name) and the score falls off quadratically around it.
 */
export function quality(params: Parameter[], assignments: Assignment[]): number {
  if (!params.length) return 0.5;
  let total = 0;
  for (const p of params) {
    const v = assignments.find((a) => a.name === p.name)?.value ?? '';
    const opt = 0.25 + 0.5 * unit(`optimum/${p.name}`);
    let x: number;
    if (p.parameterType === 'discrete' || p.parameterType === 'categorical') {
      x = unit(`value/${p.name}/${v}`);
    } else {
      const min = Number(p.feasibleSpace.min ?? 0);
      const max = Number(p.feasibleSpace.max ?? 1);
      const log = p.feasibleSpace.distribution === 'logUniform' && min > 0;
      x = log ? (Math.log(Number(v)) - Math.log(min)) / (Math.log(max) - Math.log(min) || 1) : (Number(v) - min) / (max - min || 1);
    }
    total += Math.max(0, 1 - 2.2 * (x - opt) ** 2);
  }
  return total / params.length;
}

/** A metric observation as Katib stores it (strings). */
export interface Metric {
  name: string;
  min: string;
  max: string;
  latest: string;
}

/** Epochs every simulated trial reports. */
export const epochs = 10;

/** Is this metric loss-like (lower is better in the simulation)? */
export function lossLike(name: string): boolean {
  return /loss|error|rmse|mae|mse|perplexity/i.test(name);
}

/** A metric's final value for a trial of quality q, seeded by the trial's name. */
export function finalValue(name: string, q: number, trialName: string): number {
  const noise = (unit(`noise/${trialName}`) - 0.5) * 0.03;
  return lossLike(name) ? Math.max(0.01, 0.08 + 1.2 * (1 - q) + noise) : Math.min(0.995, 0.55 + 0.43 * q + noise);
}

/** A metric's value at epoch k (1..epochs), rounded to 4 decimals as the trial prints it. */
export function curveValue(name: string, q: number, trialName: string, k: number): number {
  const f = finalValue(name, q, trialName);
  const c = (1 - Math.exp((-4 * k) / epochs)) / (1 - Math.exp(-4));
  const v = lossLike(name) ? 2.3 - (2.3 - f) * c : 0.1 + (f - 0.1) * c;
  return Number(v.toFixed(4));
}

/** Observation metrics (min, max, latest) over the first `upTo` epochs of the curve. */
export function observedMetrics(names: string[], q: number, trialName: string, upTo: number = epochs): Metric[] {
  return names.map((name) => {
    const vs = Array.from({ length: Math.max(1, upTo) }, (_, i) => curveValue(name, q, trialName, i + 1));
    const r = (x: number) => x.toFixed(4);
    return { name, min: r(Math.min(...vs)), max: r(Math.max(...vs)), latest: r(vs.at(-1) ?? 0) };
  });
}

/** Simulated final metrics of a trial that ran all its epochs. */
export function trialMetrics(names: string[], q: number, seed: string): Metric[] {
  return observedMetrics(names, q, seed, epochs);
}

/** Katib's early stopping rule (trial spec `earlyStoppingRules[]`). */
export interface EarlyStoppingRule {
  name: string;
  value: string;
  comparison: 'less' | 'greater' | 'equal';
  startStep: number;
}

/**
 * Katib's medianstop service: once `min_trials_required` (default 3) trials succeeded, the rule
 * "objective less than (maximize) / greater than (minimize) the median of the succeeded trials'
 * mean over their first `start_step` (default 4) reports", checked from report `start_step` on.
 */
export function medianStopRule(
  objective: { name: string; maximize: boolean },
  succeeded: { firstValues: number[] }[],
  settings: Record<string, string>,
): EarlyStoppingRule | undefined {
  const minTrials = Number(settings['min_trials_required'] ?? 3);
  const startStep = Number(settings['start_step'] ?? 4);
  const means = succeeded
    .map((t) => t.firstValues.slice(0, startStep))
    .filter((v) => v.length)
    .map((v) => v.reduce((a, b) => a + b, 0) / v.length)
    .sort((a, b) => a - b);
  if (means.length < minTrials || !means.length) return undefined;
  const mid = Math.floor(means.length / 2);
  const median = means.length % 2 ? (means[mid] as number) : ((means[mid - 1] as number) + (means[mid] as number)) / 2;
  return { name: objective.name, value: String(Number(median.toFixed(6))), comparison: objective.maximize ? 'less' : 'greater', startStep };
}

/** The first report (1-based) at which a rule stops this curve, or undefined if it never does. */
export function stopsAt(rule: EarlyStoppingRule, values: number[]): number | undefined {
  const limit = Number(rule.value);
  for (let k = rule.startStep; k <= values.length; k++) {
    const v = values[k - 1] as number;
    if (rule.comparison === 'less' ? v < limit : rule.comparison === 'greater' ? v > limit : v === limit) return k;
  }
  return undefined;
}
