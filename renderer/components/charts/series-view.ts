// SPDX-License-Identifier: Apache-2.0
/**
 * What a time-series chart draws for an x window at a pixel width (pure): each line downsampled
 * to the pixels (`downsampleWindow`), aligned on one x column for uPlot, with whether anything
 * was sampled and how many points are drawn of how many. On a log axis, values ≤ 0 are not drawn
 * and counted.
 */
import { downsampleWindow, type XY } from '../../lib/downsample';
import { alignSeries } from './align';

/** The view of the lines for one window. */
export interface SeriesView {
  /** uPlot's aligned data: [x, ...y per line]. */
  data: [Float64Array, ...(number | null)[][]];
  /** Whether some line lost points to downsampling. */
  sampled: boolean;
  /** Points drawn, and points of the lines inside the window. */
  drawn: number;
  inWindow: number;
  /** Values ≤ 0 left out on a log axis. */
  nonPositive: number;
}

/** The smallest and largest x of the lines (undefined when they have no points). */
export function xExtent(lines: readonly XY[]): [number, number] | undefined {
  let lo = Infinity;
  let hi = -Infinity;
  for (const l of lines) {
    if (!l.x.length) continue;
    lo = Math.min(lo, l.x[0] as number);
    hi = Math.max(hi, l.x[l.x.length - 1] as number);
  }
  return lo <= hi ? [lo, hi] : undefined;
}

/** The lines as drawn for the x window [from, to] at `pixels` columns. */
export function seriesView(lines: readonly XY[], window: [number, number], pixels: number, logY: boolean): SeriesView {
  const [from, to] = window;
  const parts = lines.map((l) => downsampleWindow(l, from, to, pixels));
  const aligned = alignSeries(parts, logY ? (v) => v > 0 : undefined);
  let nonPositive = 0;
  if (logY) for (const p of parts) for (let i = 0; i < p.y.length; i++) if ((p.y[i] as number) <= 0) nonPositive++;
  return {
    data: [aligned.x, ...aligned.ys],
    sampled: parts.some((p) => p.sampled),
    drawn: parts.reduce((n, p) => n + p.x.length, 0),
    inWindow: parts.reduce((n, p) => n + p.inWindow, 0),
    nonPositive,
  };
}
