// SPDX-License-Identifier: Apache-2.0
/**
 * Thousands of parallel-coordinates lines on one canvas: each row of a columnar table
 * (columns[axis][row]) is a polyline through its axes, placed by a linear map per axis (from the
 * chart that draws the axes); rows outside the brushes fainter than rows inside. One stroke per
 * line, so where lines gather they add up; no object per line, so 5,000 rows × 12 axes draw in a
 * few milliseconds (a chart library's element per line took hundreds per brush).
 */

/** Where an axis is: its x, and y = y0 + (t(v) - v0) × k, with t the log10 for a log axis. */
export interface AxisMap {
  x: number;
  y0: number;
  v0: number;
  k: number;
  log: boolean;
}

/** How the lines look. */
export interface LinesStyle {
  color: string;
  width: number;
  /** Opacity when nothing is brushed. */
  opacity: number;
  /** Opacity of rows inside every brush and of rows outside one, when something is brushed. */
  activeOpacity: number;
  inactiveOpacity: number;
}

/** The axis map through two points of an axis: values `a` and `b` at y `ya` and `yb`. */
export function axisMap(x: number, a: number, ya: number, b: number, yb: number, log: boolean): AxisMap {
  const t = (v: number) => (log ? Math.log10(v) : v);
  const span = t(b) - t(a);
  return { x, y0: ya, v0: t(a), k: span === 0 ? 0 : (yb - ya) / span, log };
}

/** The y of value `v` on an axis (NaN for a missing value, or a value ≤ 0 on a log axis). */
export function axisY(m: AxisMap, v: number): number {
  if (Number.isNaN(v) || (m.log && v <= 0)) return NaN;
  return m.y0 + ((m.log ? Math.log10(v) : v) - m.v0) * m.k;
}

/** Traces row `r` (missing values skipped, the line joining the ones around them). */
function trace(ctx: CanvasRenderingContext2D, columns: readonly Float64Array[], axes: readonly AxisMap[], r: number): void {
  let started = false;
  for (let a = 0; a < axes.length; a++) {
    const m = axes[a] as AxisMap;
    const y = axisY(m, (columns[a] as Float64Array)[r] as number);
    if (Number.isNaN(y)) continue;
    if (started) ctx.lineTo(m.x, y);
    else {
      ctx.moveTo(m.x, y);
      started = true;
    }
  }
}

/**
 * Draws every row on `canvas` (sized to `width` × `height` CSS pixels at the device's pixel
 * ratio). `mask` (1: inside every brush) is undefined when nothing is brushed.
 */
export function drawParallelLines(
  canvas: HTMLCanvasElement,
  size: { width: number; height: number },
  columns: readonly Float64Array[],
  axes: readonly AxisMap[],
  mask: Uint8Array | undefined,
  style: LinesStyle,
): void {
  const ratio = window.devicePixelRatio || 1;
  const w = Math.round(size.width * ratio);
  const h = Math.round(size.height * ratio);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('the canvas gives no 2D context');
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, size.width, size.height);
  ctx.lineWidth = style.width;
  ctx.strokeStyle = style.color;
  ctx.lineJoin = 'round';
  const rows = columns[0]?.length ?? 0;
  const pass = (keep: 0 | 1 | undefined, alpha: number) => {
    ctx.globalAlpha = alpha;
    for (let r = 0; r < rows; r++) {
      if (keep !== undefined && (mask as Uint8Array)[r] !== keep) continue;
      ctx.beginPath();
      trace(ctx, columns, axes, r);
      ctx.stroke();
    }
  };
  if (!mask) pass(undefined, style.opacity);
  else {
    pass(0, style.inactiveOpacity);
    pass(1, style.activeOpacity);
  }
  ctx.globalAlpha = 1;
}
