// SPDX-License-Identifier: Apache-2.0
/**
 * Parameter importance, a simple documented measure: for a numeric parameter, |ρ| where ρ is
 * Spearman's rank correlation between the parameter's values and the objective over the trials
 * that have both (ties get their average rank); the sign says whether larger values help
 * (after orienting by maximize/minimize). For a categorical (or discrete) parameter, the
 * correlation ratio η of the objective's ranks across its categories (√(between-category
 * variance / total variance) of the ranks), which has no sign. Both are in [0, 1]; with fewer
 * than 3 trials there is no measure.
 */
import type { TrialSummary } from '../../../shared/features/katib/experiment-summary';
import type { KatibParameter } from '../../../shared/features/katib/katib-objects';

/** One parameter's importance. */
export interface Importance {
  name: string;
  /** In [0, 1]. */
  value: number;
  /** +1 when larger values help the objective, −1 when they hurt, 0 for categories. */
  direction: 1 | -1 | 0;
  measure: 'spearman' | 'eta';
  trials: number;
}

/** Average ranks (1-based) of values (NaN ranks last, as the largest). */
export function ranks(values: readonly number[]): number[] {
  // the values sorted natively (a typed array's numeric sort, no comparator: 5,000 trials × 11
  // columns with a comparator were a tenth of a first render); each value's rank is the average
  // of the first and last place it holds there
  const sorted = Float64Array.from(values).sort();
  /** The first place holding a value above `v` (`orEqual`: at or above). */
  const place = (v: number, orEqual: boolean) => {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const m = sorted[mid] as number;
      if (m < v || (!orEqual && m === v)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const out = new Array<number>(values.length);
  const nan = sorted.length - values.filter((v) => Number.isNaN(v)).length;
  values.forEach((v, i) => {
    if (Number.isNaN(v)) {
      out[i] = (nan + sorted.length - 1) / 2 + 1;
      return;
    }
    out[i] = (place(v, true) + place(v, false) - 1) / 2 + 1;
  });
  return out;
}

/** Pearson's correlation (0 when either side is constant). */
function pearson(a: readonly number[], b: readonly number[]): number {
  const n = a.length;
  const ma = a.reduce((s, x) => s + x, 0) / n;
  const mb = b.reduce((s, x) => s + x, 0) / n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = (a[i] as number) - ma;
    const db = (b[i] as number) - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa && sbb ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Spearman's ρ of two samples. */
export function spearman(a: readonly number[], b: readonly number[]): number {
  return pearson(ranks(a), ranks(b));
}

/** The correlation ratio η of values across groups. */
export function eta(groups: readonly string[], values: readonly number[]): number {
  const n = values.length;
  const mean = values.reduce((s, x) => s + x, 0) / n;
  const total = values.reduce((s, x) => s + (x - mean) ** 2, 0);
  if (!total) return 0;
  // each group's sum and count (a copy of a group's list per value made this quadratic)
  const by = new Map<string, { sum: number; count: number }>();
  groups.forEach((g, i) => {
    const acc = by.get(g);
    if (acc) {
      acc.sum += values[i] as number;
      acc.count++;
    } else by.set(g, { sum: values[i] as number, count: 1 });
  });
  let between = 0;
  for (const { sum, count } of by.values()) between += count * (sum / count - mean) ** 2;
  return Math.sqrt(between / total);
}

/** Each parameter's importance for the objective, most important first. */
export function parameterImportance(parameters: KatibParameter[], trials: readonly TrialSummary[], type: 'maximize' | 'minimize'): Importance[] {
  const out: Importance[] = [];
  const withObjective = trials.filter((t) => t.objective !== undefined);
  /** The objective's ranks over the trials that have it, made once: every parameter that all of them have shares them. */
  let allRanks: number[] | undefined;
  for (const p of parameters) {
    const rows = withObjective.filter((t) => t.params[p.name] !== undefined);
    if (rows.length < 3) continue;
    const objective = rows.map((t) => (type === 'maximize' ? 1 : -1) * (t.objective as number));
    const objectiveRanks = rows.length === withObjective.length ? (allRanks ??= ranks(objective)) : ranks(objective);
    if (p.parameterType === 'categorical' || p.parameterType === 'discrete') {
      out.push({
        name: p.name,
        value: eta(
          rows.map((t) => t.params[p.name] as string),
          objectiveRanks,
        ),
        direction: 0,
        measure: 'eta',
        trials: rows.length,
      });
    } else {
      // Spearman's ρ: Pearson's of the ranks
      const rho = pearson(ranks(rows.map((t) => Number(t.params[p.name]))), objectiveRanks);
      out.push({ name: p.name, value: Math.abs(rho), direction: rho > 0 ? 1 : rho < 0 ? -1 : 0, measure: 'spearman', trials: rows.length });
    }
  }
  return out.sort((a, b) => b.value - a.value);
}
