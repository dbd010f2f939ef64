// SPDX-License-Identifier: Apache-2.0
/**
 * Parameter suggestions and simulated metrics for the driven Katib controller. Everything is
 * deterministic (seeded by the experiment's uid and the trial index), so a lab run is
 * reproducible. `grid` enumerates the feasible space; `random` (and the algorithms the lab
 * does not model separately: tpe, multivariate-tpe, cmaes, sobol, hyperband) samples it;
 * `bayesianoptimization` samples at random for its initial points, then explores around the
 * best trial so far (a stand-in for skopt's Gaussian process, not a reimplementation).
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

/**
 * The assignments of the `index`-th suggestion of an experiment, or undefined when the
 * algorithm has no more (grid exhausted).
 */
export function suggest(
  algorithm: string,
  params: Parameter[],
  seed: string,
  index: number,
  history: Observed[],
  settings: Record<string, string> = {},
): Assignment[] | undefined {
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
  const initial = Number(settings['n_initial_points'] ?? 4);
  if (algorithm === 'bayesianoptimization' && history.length >= initial) {
    const best = history.reduce((a, b) => (b.objective > a.objective ? b : a));
    return params.map((p) => {
      const cur = best.assignments.find((a) => a.name === p.name)?.value ?? sample(p, 0.5);
      const u = unit(`${seed}/${index}/${p.name}`);
      if (p.parameterType === 'discrete' || p.parameterType === 'categorical')
        return { name: p.name, value: u < 0.7 ? cur : sample(p, unit(`${seed}/${index}/${p.name}/alt`)) };
      const min = Number(p.feasibleSpace.min ?? 0);
      const max = Number(p.feasibleSpace.max ?? 1);
      const log = p.feasibleSpace.distribution === 'logUniform' && min > 0;
      const span = log ? Math.log(max) - Math.log(min) : max - min;
      const centre = log ? Math.log(Number(cur)) : Number(cur);
      const jitter = (u - 0.5) * 0.3 * span;
      const lo = log ? Math.log(min) : min;
      const hi = log ? Math.log(max) : max;
      const x = Math.min(hi, Math.max(lo, centre + jitter));
      return { name: p.name, value: fmt(p, log ? Math.exp(x) : x) };
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

/** Simulated final metrics of a trial: accuracy-like metrics rise with quality, loss-like fall. */
export function trialMetrics(names: string[], q: number, seed: string): Metric[] {
  const noise = (unit(`noise/${seed}`) - 0.5) * 0.03;
  return names.map((name) => {
    const lossy = /loss|error|rmse|mae|mse|perplexity/i.test(name);
    const r = (x: number) => x.toFixed(4);
    if (lossy) {
      const latest = Math.max(0.01, 0.08 + 1.2 * (1 - q) + noise);
      return { name, min: r(latest * 0.97), max: r(2.3 + noise), latest: r(latest) };
    }
    const latest = Math.min(0.995, 0.55 + 0.43 * q + noise);
    return { name, min: r(0.1 + noise / 2), max: r(Math.min(0.999, latest * 1.005)), latest: r(latest) };
  });
}
