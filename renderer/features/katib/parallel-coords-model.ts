// SPDX-License-Identifier: Apache-2.0
/**
 * The parallel coordinates' data: one axis per parameter (numeric: a value axis, on a log scale
 * for a logUniform parameter; discrete values and categories: a category axis in the experiment's
 * order) and one per metric, the objective last; each trial a line of numbers (a category's index
 * on its axis). Brushing keeps the trials inside every brushed axis's range (or set of
 * categories): `brushed` walks columns, so 5,000 trials × 10 axes stay within a frame.
 */
import type { TrialSummary } from '../../../shared/features/katib/experiment-summary';
import type { KatibParameter } from '../../../shared/features/katib/katib-objects';

/** One axis. */
export interface Axis {
  name: string;
  kind: 'parameter' | 'metric';
  type: 'value' | 'log' | 'category';
  /** For a category axis, its values in order. */
  categories?: string[];
}

/** The axes and a column of numbers per axis (NaN where a trial has no value). */
export interface ParallelData {
  axes: Axis[];
  /** Trial names, by row. */
  names: string[];
  /** columns[axis][row]. */
  columns: Float64Array[];
}

/** A brush on one axis: a numeric range or a set of category indices. */
export type Brush = { axis: number; range: [number, number] } | { axis: number; categories: number[] };

/** The axes of an experiment and the trials' values on them. */
export function parallelData(parameters: KatibParameter[], metricNames: string[], objective: string, trials: readonly TrialSummary[]): ParallelData {
  const axes: Axis[] = parameters.map((p) => {
    if (p.parameterType === 'categorical' || p.parameterType === 'discrete')
      return { name: p.name, kind: 'parameter', type: 'category', categories: p.feasibleSpace.list ?? [] };
    return { name: p.name, kind: 'parameter', type: p.feasibleSpace.distribution === 'logUniform' ? 'log' : 'value' };
  });
  for (const m of [...metricNames.filter((m) => m !== objective), objective]) axes.push({ name: m, kind: 'metric', type: 'value' });
  const columns = axes.map(() => new Float64Array(trials.length));
  const catIndex = axes.map((a) => (a.categories ? new Map(a.categories.map((c, i) => [c, i])) : undefined));
  trials.forEach((t, row) => {
    axes.forEach((a, i) => {
      const col = columns[i] as Float64Array;
      if (a.kind === 'metric') col[row] = t.metrics[a.name] ?? NaN;
      else {
        const v = t.params[a.name];
        const idx = catIndex[i];
        col[row] = v === undefined ? NaN : idx ? (idx.get(v) ?? NaN) : Number(v);
      }
    });
  });
  return { axes, names: trials.map((t) => t.name), columns };
}

/** The rows inside every brush (all rows when there is none). */
export function brushed(data: ParallelData, brushes: readonly Brush[]): Uint8Array {
  const n = data.names.length;
  const keep = new Uint8Array(n).fill(1);
  for (const b of brushes) {
    const col = data.columns[b.axis];
    if (!col) continue;
    if ('range' in b) {
      const lo = Math.min(b.range[0], b.range[1]);
      const hi = Math.max(b.range[0], b.range[1]);
      for (let r = 0; r < n; r++) if (keep[r] && !((col[r] as number) >= lo && (col[r] as number) <= hi)) keep[r] = 0;
    } else {
      const set = new Set(b.categories);
      for (let r = 0; r < n; r++) if (keep[r] && !set.has(col[r] as number)) keep[r] = 0;
    }
  }
  return keep;
}

/** The names of the rows a mask keeps. */
export function keptNames(data: ParallelData, mask: Uint8Array): string[] {
  const out: string[] = [];
  for (let r = 0; r < mask.length; r++) if (mask[r]) out.push(data.names[r] as string);
  return out;
}

/**
 * The range a numeric axis shows: the smallest and largest value (positive ones on a log axis)
 * with a margin of 3% of the span (a factor of 1.1 on a log axis), so a brush started at the
 * axis's end takes the best trial in, rounded outwards to a round number (two significant
 * digits on a log axis, else a tenth of the span's order of magnitude); undefined for a
 * category axis or one with no value.
 */
export function axisExtent(data: ParallelData, axis: number): [number, number] | undefined {
  const a = data.axes[axis];
  const col = data.columns[axis];
  if (!a || !col || a.type === 'category') return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (let r = 0; r < col.length; r++) {
    const v = col[r] as number;
    if (Number.isNaN(v) || (a.type === 'log' && v <= 0)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return undefined;
  if (a.type === 'log') {
    const down = (v: number) => {
      const e = 10 ** (Math.floor(Math.log10(v)) - 1);
      return clean(Math.floor(v / e) * e);
    };
    const up = (v: number) => {
      const e = 10 ** (Math.floor(Math.log10(v)) - 1);
      return clean(Math.ceil(v / e) * e);
    };
    return [down(lo / 1.1), up(hi * 1.1)];
  }
  const pad = lo === hi ? (Math.abs(lo) || 1) * 0.1 : (hi - lo) * 0.03;
  return niceRange(lo - pad, hi + pad);
}

const clean = (v: number) => Number(v.toPrecision(12));

/** [lo, hi] rounded outwards to a tenth of the span's order of magnitude. */
function niceRange(lo: number, hi: number): [number, number] {
  const step = 10 ** (Math.floor(Math.log10(hi - lo)) - 1);
  return [clean(Math.floor(lo / step) * step), clean(Math.ceil(hi / step) * step)];
}
