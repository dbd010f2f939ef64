// SPDX-License-Identifier: Apache-2.0
/**
 * The brushes of the parallel coordinates as the page draws and takes them (ParallelBrushes.tsx),
 * without the chart library: which axis a pointer is on, and the interval a drag along it keeps,
 * in the axis's values (for a category axis, in category indices, as `brushesOf` reads them).
 * A brush then touches neither the chart's axes nor its option: ECharts' own brushes re-laid
 * every axis out on each brush.
 */
import { axisY, type AxisMap } from '../../components/charts/parallel-lines';

/** How far (CSS px) left or right of an axis a pointer still takes it. */
export const AXIS_REACH = 12;

/** On a category axis, how far (CSS px) beyond a drag a category's tick may lie and still be kept. */
export const CATEGORY_REACH = 6;

/** The index of the axis within `reach` of `x` (the nearest), or undefined. */
export function axisAt(axes: readonly AxisMap[], x: number, reach = AXIS_REACH): number | undefined {
  let best: number | undefined;
  let gap = reach;
  axes.forEach((m, i) => {
    const d = Math.abs(m.x - x);
    if (d <= gap) {
      gap = d;
      best = i;
    }
  });
  return best;
}

/** The value at `y` on an axis (the inverse of axisY); NaN on a flat axis. */
export function valueAt(m: AxisMap, y: number): number {
  if (m.k === 0) return NaN;
  const t = m.v0 + (y - m.y0) / m.k;
  return m.log ? 10 ** t : t;
}

/**
 * The interval a drag from `ya` to `yb` keeps on an axis, low end first: the values at its two
 * ends; on a category axis, the indices of the categories whose tick lies inside the drag
 * (widened by CATEGORY_REACH), or undefined when there is none.
 */
export function dragInterval(m: AxisMap, category: boolean, ya: number, yb: number): [number, number] | undefined {
  const lo = Math.min(ya, yb);
  const hi = Math.max(ya, yb);
  if (!category) {
    const a = valueAt(m, lo);
    const b = valueAt(m, hi);
    if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
    return a <= b ? [a, b] : [b, a];
  }
  const a = valueAt(m, lo - CATEGORY_REACH);
  const b = valueAt(m, hi + CATEGORY_REACH);
  if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
  const first = Math.ceil(Math.min(a, b));
  const last = Math.floor(Math.max(a, b));
  return first <= last ? [first, last] : undefined;
}

/** Where an interval is drawn on its axis: the top and bottom y (a category's tick widened by CATEGORY_REACH). */
export function intervalSpan(m: AxisMap, category: boolean, interval: readonly [number, number]): [number, number] {
  const ya = axisY(m, interval[0]);
  const yb = axisY(m, interval[1]);
  const pad = category ? CATEGORY_REACH : 0;
  return [Math.min(ya, yb) - pad, Math.max(ya, yb) + pad];
}
