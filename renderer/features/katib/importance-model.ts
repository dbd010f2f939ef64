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

/** Average ranks (1-based) of values. */
export function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length);
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j + 1 < order.length && (order[j + 1] as readonly [number, number])[0] === (order[i] as readonly [number, number])[0]) j++;
    const r = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[(order[k] as readonly [number, number])[1]] = r;
    i = j + 1;
  }
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
  const by = new Map<string, number[]>();
  groups.forEach((g, i) => by.set(g, [...(by.get(g) ?? []), values[i] as number]));
  let between = 0;
  for (const vs of by.values()) {
    const m = vs.reduce((s, x) => s + x, 0) / vs.length;
    between += vs.length * (m - mean) ** 2;
  }
  return Math.sqrt(between / total);
}

/** Each parameter's importance for the objective, most important first. */
export function parameterImportance(parameters: KatibParameter[], trials: readonly TrialSummary[], type: 'maximize' | 'minimize'): Importance[] {
  const out: Importance[] = [];
  for (const p of parameters) {
    const rows = trials.filter((t) => t.objective !== undefined && t.params[p.name] !== undefined);
    if (rows.length < 3) continue;
    const objective = rows.map((t) => (type === 'maximize' ? 1 : -1) * (t.objective as number));
    if (p.parameterType === 'categorical' || p.parameterType === 'discrete') {
      out.push({
        name: p.name,
        value: eta(
          rows.map((t) => t.params[p.name] as string),
          ranks(objective),
        ),
        direction: 0,
        measure: 'eta',
        trials: rows.length,
      });
    } else {
      const rho = spearman(
        rows.map((t) => Number(t.params[p.name])),
        objective,
      );
      out.push({ name: p.name, value: Math.abs(rho), direction: rho > 0 ? 1 : rho < 0 ? -1 : 0, measure: 'spearman', trials: rows.length });
    }
  }
  return out.sort((a, b) => b.value - a.value);
}
