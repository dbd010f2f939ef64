// SPDX-License-Identifier: Apache-2.0
/**
 * Several series, each with its own x values, as uPlot's aligned data: one ascending x column
 * (the union of every series' x) and per series a y column with null where it has no point at
 * that x (drawn across with `spanGaps`). Pure; the series here are already downsampled, so the
 * union stays a few thousand rows.
 */
import type { XY } from '../../lib/downsample';

/** The aligned columns. */
export interface Aligned {
  x: Float64Array;
  ys: (number | null)[][];
}

/**
 * Aligns `series` on the union of their x values. `keep(v)` says whether a y value is drawn
 * (e.g. only positive values on a log axis); NaN is never drawn.
 */
export function alignSeries(series: readonly XY[], keep: (v: number) => boolean = () => true): Aligned {
  let total = 0;
  for (const s of series) total += s.x.length;
  const all = new Float64Array(total);
  let o = 0;
  for (const s of series) {
    all.set(s.x, o);
    o += s.x.length;
  }
  all.sort();
  let n = 0;
  for (let i = 0; i < all.length; i++) if (i === 0 || all[i] !== all[n - 1]) all[n++] = all[i] as number;
  const x = all.slice(0, n);
  const ys = series.map((s) => {
    const col: (number | null)[] = new Array<number | null>(n).fill(null);
    let j = 0;
    for (let i = 0; i < s.x.length; i++) {
      const xv = s.x[i] as number;
      while ((x[j] as number) < xv) j++;
      const v = s.y[i] as number;
      if (!Number.isNaN(v) && keep(v)) col[j] = v;
    }
    return col;
  });
  return { x, ys };
}
