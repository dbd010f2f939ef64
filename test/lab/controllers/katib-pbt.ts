// SPDX-License-Identifier: Apache-2.0
/**
 * Katib's `pbt` suggestion service (pkg/suggestion/v1beta1/pbt/service.py, v0.19), played
 * generation by generation and seeded, so a run is reproducible. Settings: `n_population`,
 * `truncation_threshold`, `resample_probability` (absent: perturb), `suggestion_trial_dir`.
 *
 * - Generation 0: `n_population` samples of the search space, each value drawn from upstream's
 *   sample list (`np.arange(min, max + step/2, step)` for int and double, the list otherwise; a
 *   double without `step` is sampled uniformly, where upstream needs a step).
 * - Generation g+1 (once every trial of generation g has finished) from the completed trials of g
 *   (succeeded or early stopped), their objective scaled so higher is better: the bounds are the
 *   `truncation_threshold` and 1 − `truncation_threshold` quantiles (NumPy's linear rule); trials
 *   below the lower bound may be exploited, the others explored, those at or above the upper bound
 *   are the "upper" trials. int(n·threshold) exploited trials (shuffled) each get a child with the
 *   assignments of an upper trial picked at random and the exploited trial as parent; n minus
 *   those explored trials (shuffled) each get a child that perturbs every value (×0.8 or ×1.2
 *   clamped to the range, int truncated; a list value moves one place either way, cyclically) or,
 *   with `resample_probability`, resamples each value with that probability and keeps it otherwise.
 * - A failed or killed trial is queued again: a new trial with its assignments, generation and parent.
 * Trials are named `<experiment>-<uuid>` and labelled `pbt.suggestion.katib.kubeflow.org/generation`
 * and, from generation 1, `pbt.suggestion.katib.kubeflow.org/parent` (the trial whose checkpoint
 * folder upstream copies: for an exploited child, the truncated trial, not the one whose values it took).
 *
 * Upstream's service is a queue that starts the next generation once more than `n_population` trials
 * completed and fills requests in between with more samples; the lab waits for the generation instead,
 * so a generation is at most `n_population` trials (plus retries) and can be recomputed by a test.
 */
import { createHash } from 'node:crypto';
import { unit, type Assignment, type Parameter } from './katib-algorithms.ts';

export const generationLabel = 'pbt.suggestion.katib.kubeflow.org/generation';
export const parentLabel = 'pbt.suggestion.katib.kubeflow.org/parent';

/** A trial as the service sees it. */
export interface PbtTrial {
  name: string;
  labels: Record<string, string>;
  assignments: Assignment[];
  state: 'active' | 'completed' | 'failed';
  /** The objective by its strategy, when completed. */
  objective?: number;
}

/** A suggestion: the trial to create. */
export interface PbtSuggestion {
  name: string;
  assignments: Assignment[];
  labels: Record<string, string>;
}

/** PBT's settings, as upstream reads them. */
export interface PbtSettings {
  population: number;
  truncation: number;
  resample?: number;
}

/** The settings, or the problem upstream's `ValidateAlgorithmSettings` reports. */
export function pbtSettings(settings: Record<string, string>): PbtSettings | string {
  const missing = ['suggestion_trial_dir', 'n_population', 'truncation_threshold'].filter((k) => settings[k] === undefined);
  if (missing.length) return `Required params missing: ${missing.join(', ')}`;
  const population = Math.trunc(Number(settings['n_population']));
  if (!(population >= 5)) return 'Param(n_population) should be >= 5';
  const truncation = Number(settings['truncation_threshold']);
  if (!(truncation >= 0 && truncation <= 1)) return 'Param(truncation_threshold) should be between 0 and 1, inclusive';
  const r = settings['resample_probability'];
  if (r !== undefined && !(Number(r) >= 0 && Number(r) <= 1))
    return 'Param(resample_probability) should be null to perturb at 0.8 or 1.2, or be between 0 and 1, inclusive, to resample';
  return { population, truncation, ...(r !== undefined ? { resample: Number(r) } : {}) };
}

/** A trial name as upstream makes it (`<experiment>-<uuid4>`), derived from a seed. */
export function pbtTrialName(experiment: string, seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${experiment}-${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Upstream's sample list of a parameter (undefined: a double without step, sampled uniformly). */
export function sampleList(p: Parameter): string[] | undefined {
  const fs = p.feasibleSpace;
  if (p.parameterType === 'discrete' || p.parameterType === 'categorical') return fs.list ?? [];
  const min = Number(fs.min ?? 0);
  const max = Number(fs.max ?? 1);
  const step = fs.step !== undefined && fs.step !== '' ? Number(fs.step) : p.parameterType === 'int' ? 1 : undefined;
  if (step === undefined || !(step > 0)) return undefined;
  const n = Math.max(0, Math.ceil((max + step / 2 - min) / step));
  return Array.from({ length: Math.min(n, 100_000) }, (_, i) => {
    const x = min + i * step;
    return p.parameterType === 'int' ? String(Math.trunc(x)) : String(Number(x.toPrecision(12)));
  });
}

function fmt(p: Parameter, x: number): string {
  return p.parameterType === 'int' ? String(Math.trunc(x)) : String(Number(x.toPrecision(6)));
}

/** One value drawn from the parameter's sample list (or its range). */
export function sampleValue(p: Parameter, u: number): string {
  const list = sampleList(p);
  if (list) return list[Math.min(list.length - 1, Math.floor(u * list.length))] ?? '';
  const min = Number(p.feasibleSpace.min ?? 0);
  const max = Number(p.feasibleSpace.max ?? 1);
  return fmt(p, min + u * (max - min));
}

/** Upstream's `perturb`: ×0.8 or ×1.2 clamped (int truncated), or one place along the list, cyclically. */
export function perturb(p: Parameter, value: string, u: number): string {
  if (p.parameterType === 'int' || p.parameterType === 'double') {
    const min = Number(p.feasibleSpace.min ?? 0);
    const max = Number(p.feasibleSpace.max ?? 1);
    const f = u < 0.5 ? 0.8 : 1.2;
    const x = p.parameterType === 'int' ? Math.trunc(Math.trunc(Number(value)) * f) : Number(value) * f;
    return fmt(p, Math.max(min, Math.min(max, x)));
  }
  const list = p.feasibleSpace.list ?? [];
  const i = list.indexOf(value) + (u < 0.5 ? -1 : 1);
  return list[i >= list.length ? 0 : i < 0 ? list.length + i : i] ?? '';
}

/** NumPy's `quantile` with the default linear rule. */
export function quantile(values: number[], q: number): number {
  const v = [...values].sort((a, b) => a - b);
  const pos = q * (v.length - 1);
  const lo = Math.floor(pos);
  const a = v[lo] as number;
  const b = v[Math.min(v.length - 1, lo + 1)] as number;
  return a + (b - a) * (pos - lo);
}

function shuffled<T>(items: T[], seed: string): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(unit(`${seed}/${i}`) * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/** The children of a generation's completed trials (upstream's `_segment_sample_pool` and `generate`). */
export function nextGeneration(
  pool: PbtTrial[],
  s: PbtSettings,
  params: Parameter[],
  scale: number,
  seed: string,
): { assignments: Assignment[]; parent: string; exploited: boolean }[] {
  const value = (t: PbtTrial) => scale * (t.objective ?? 0);
  const values = pool.map(value);
  const lower = quantile(values, s.truncation);
  const upper = quantile(values, 1 - s.truncation);
  const below = pool.filter((t) => value(t) < lower);
  const rest = pool.filter((t) => value(t) >= lower);
  const uppers = rest.filter((t) => value(t) >= upper);
  const exploit = shuffled(below, `${seed}/exploit`).slice(0, Math.trunc(s.population * s.truncation));
  const explore = shuffled(rest, `${seed}/explore`).slice(0, s.population - exploit.length);
  const out: { assignments: Assignment[]; parent: string; exploited: boolean }[] = [];
  for (const [k, t] of exploit.entries()) {
    const from = uppers[Math.floor(unit(`${seed}/pick/${k}`) * uppers.length)];
    if (from) out.push({ assignments: from.assignments.map((a) => ({ ...a })), parent: t.name, exploited: true });
  }
  for (const t of explore) {
    const assignments = params.map((p) => {
      const v = t.assignments.find((a) => a.name === p.name)?.value ?? '';
      const u = unit(`${seed}/${t.name}/${p.name}`);
      if (s.resample === undefined) return { name: p.name, value: perturb(p, v, u) };
      return { name: p.name, value: u < s.resample ? sampleValue(p, unit(`${seed}/${t.name}/${p.name}/sample`)) : v };
    });
    out.push({ assignments, parent: t.name, exploited: false });
  }
  return out;
}

/** The generation a trial belongs to (0 when unlabelled). */
export function generationOf(t: { labels: Record<string, string> }): number {
  return Number(t.labels[generationLabel] ?? 0);
}

/**
 * The next `want` trials of a PBT experiment named `experiment` (trials oldest first): retries of
 * failed trials, then the rest of the current generation, then, once it has finished, the next one.
 */
export function pbtSuggest(
  input: { experiment: string; seed: string; params: Parameter[]; maximize: boolean; trials: PbtTrial[]; want: number },
  s: PbtSettings,
): PbtSuggestion[] {
  const names = new Set(input.trials.map((t) => t.name));
  const out: PbtSuggestion[] = [];
  const add = (x: PbtSuggestion) => {
    if (!names.has(x.name) && out.length < input.want) out.push(x);
  };
  for (const t of input.trials)
    if (t.state === 'failed') add({ name: pbtTrialName(input.experiment, `${input.seed}/retry/${t.name}`), assignments: t.assignments, labels: t.labels });
  const plan = (g: number): PbtSuggestion[] => {
    if (g === 0)
      return Array.from({ length: s.population }, (_, i) => ({
        name: pbtTrialName(input.experiment, `${input.seed}/0/${i}`),
        assignments: input.params.map((p) => ({ name: p.name, value: sampleValue(p, unit(`${input.seed}/0/${i}/${p.name}`)) })),
        labels: { [generationLabel]: '0' },
      }));
    const pool = input.trials.filter((t) => generationOf(t) === g - 1 && t.state === 'completed' && t.objective !== undefined);
    return nextGeneration(pool, s, input.params, input.maximize ? 1 : -1, `${input.seed}/${g}`).map((c, i) => ({
      name: pbtTrialName(input.experiment, `${input.seed}/${g}/${i}`),
      assignments: c.assignments,
      labels: { [generationLabel]: String(g), [parentLabel]: c.parent },
    }));
  };
  const current = Math.max(0, ...input.trials.map(generationOf));
  const planned = plan(current);
  planned.forEach(add);
  const ofCurrent = input.trials.filter((t) => generationOf(t) === current);
  const retried = (t: PbtTrial) => names.has(pbtTrialName(input.experiment, `${input.seed}/retry/${t.name}`));
  const finished = planned.every((p) => names.has(p.name)) && ofCurrent.every((t) => t.state === 'completed' || (t.state === 'failed' && retried(t)));
  if (finished) plan(current + 1).forEach(add);
  return out;
}
