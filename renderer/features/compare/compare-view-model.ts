// SPDX-License-Identifier: Apache-2.0
/**
 * What the compare page shows, from the runs read: the curves of one metric overlaid (typed
 * arrays, x as step or time), the axes and lines of the parallel coordinates (a parameter axis is
 * numeric when every run's value is a number, else a category axis), the columns a scatter can
 * use and its points, and the label that tells runs apart. Pure.
 */
import { metricColumns, numericValue, type ComparedRun } from '../../../shared/features/compare/compare-model';
import type { ResolvedRun } from '../../../shared/features/compare/compare.contract';

/** A run read, with how (live, or as last read and why). */
export interface ShownRun {
  run: ComparedRun;
  cachedAt: number | undefined;
  problem: string | undefined;
}

/** The runs read and the references that could not be. */
export function splitResults(results: readonly ResolvedRun[]): { runs: ShownRun[]; failed: Extract<ResolvedRun, { ok: false }>[] } {
  const runs: ShownRun[] = [];
  const failed: Extract<ResolvedRun, { ok: false }>[] = [];
  for (const r of results) {
    if (r.ok) runs.push({ run: r.run, cachedAt: r.cachedAt, problem: r.problem });
    else failed.push(r);
  }
  return { runs, failed };
}

/** A run's label in charts and headers: its name with its source and cluster. */
export function runLabel(r: ComparedRun): string {
  return `${r.label} (${r.source} · ${r.cluster})`;
}

/** One curve as the time-series chart takes it. */
export interface Curve {
  label: string;
  x: Float64Array;
  y: Float64Array;
}

/** The curves of a metric, one per run that has it; points without a time are left out on a time axis. */
export function curves(runs: readonly ComparedRun[], metric: string, x: 'step' | 'time'): Curve[] {
  const out: Curve[] = [];
  for (const r of runs) {
    const s = r.series.find((m) => m.metric === metric);
    if (!s || !s.values.length) continue;
    const xs: number[] = [];
    const ys: number[] = [];
    s.values.forEach((v, i) => {
      const at = x === 'step' ? s.steps[i] : s.times[i];
      if (at === null || at === undefined || !Number.isFinite(at)) return;
      xs.push(at);
      ys.push(v);
    });
    if (xs.length) out.push({ label: runLabel(r), x: Float64Array.from(xs), y: Float64Array.from(ys) });
  }
  return out;
}

/** The metrics with a series in some run (the curves' metric choices). */
export function curveMetrics(runs: readonly ComparedRun[]): string[] {
  return [...new Set(runs.flatMap((r) => r.series.filter((s) => s.values.length).map((s) => s.metric)))].sort();
}

/** A column of the scatter or parallel coordinates: `param:<name>` or `metric:<name>`. */
export interface Column {
  id: string;
  kind: 'param' | 'metric';
  name: string;
}

/** The column of an id, if it is one. */
export function parseColumn(id: string): Column | undefined {
  const m = /^(param|metric):(.+)$/.exec(id);
  return m ? { id, kind: m[1] as Column['kind'], name: m[2] as string } : undefined;
}

/** Parameter columns whose values are numbers in every run that has them, then every metric column. */
export function numericColumns(runs: readonly ComparedRun[], params: readonly string[]): Column[] {
  const numericParams = params.filter((p) => {
    const vals = runs.map((r) => r.params[p]).filter((v) => v !== undefined && v !== '');
    return vals.length > 0 && vals.every((v) => Number.isFinite(Number(v)));
  });
  return [
    ...numericParams.map((name): Column => ({ id: `param:${name}`, kind: 'param', name })),
    ...metricColumns(runs).map((name): Column => ({ id: `metric:${name}`, kind: 'metric', name })),
  ];
}

/** The scatter's points: runs with a number on both axes. */
export function scatterPoints(runs: readonly ComparedRun[], x: Column, y: Column): { label: string; key: string; x: number; y: number }[] {
  const out: { label: string; key: string; x: number; y: number }[] = [];
  for (const r of runs) {
    const vx = numericValue(r, x);
    const vy = numericValue(r, y);
    if (vx !== undefined && vy !== undefined) out.push({ label: runLabel(r), key: r.key, x: vx, y: vy });
  }
  return out;
}

/** The parallel coordinates: an axis per shown parameter and per metric, a line per run. */
export interface ParallelView {
  axes: { name: string; type: 'value' | 'category'; categories?: string[] }[];
  /** Per run, its value on each axis (a category's text, a number, or '-' when missing). */
  lines: { label: string; key: string; values: (number | string)[] }[];
}

/** The parallel coordinates of runs over the shown parameters and every metric. */
export function parallelView(runs: readonly ComparedRun[], params: readonly string[]): ParallelView {
  const numeric = new Set(numericColumns(runs, params).map((c) => c.id));
  const axes: ParallelView['axes'] = [];
  const getters: ((r: ComparedRun) => number | string)[] = [];
  for (const p of params) {
    if (numeric.has(`param:${p}`)) {
      axes.push({ name: p, type: 'value' });
      getters.push((r) => (r.params[p] === undefined ? '-' : Number(r.params[p])));
    } else {
      const categories = [...new Set(runs.map((r) => r.params[p] ?? '(none)'))].sort();
      axes.push({ name: p, type: 'category', categories });
      getters.push((r) => r.params[p] ?? '(none)');
    }
  }
  for (const m of metricColumns(runs)) {
    axes.push({ name: m, type: 'value' });
    getters.push((r) => r.metrics[m] ?? '-');
  }
  return { axes, lines: runs.map((r) => ({ label: runLabel(r), key: r.key, values: getters.map((g) => g(r)) })) };
}
