// SPDX-License-Identifier: Apache-2.0
/**
 * Thousands of parallel-coordinates lines on one canvas: each row of a columnar table
 * (columns[axis][row]) is a polyline through its axes, placed by a linear map per axis (from the
 * chart that draws the axes); rows outside the brushes fainter than rows inside. One stroke per
 * line, so where lines gather they add up; no object per line, so 5,000 rows × 12 axes take a
 * few milliseconds of script (a chart library's element per line took hundreds per brush). What
 * costs is rasterising the strokes (tens of milliseconds for 5,000 rows in software): a brush
 * strokes only the rows inside it, over the picture of every row (drawn once) faded (`ParallelLines`).
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
  /** Opacity of each row when nothing is brushed. */
  opacity: number;
  /** Opacity of each row inside every brush, when something is brushed. */
  activeOpacity: number;
  /**
   * When something is brushed, the rows outside: the unbrushed picture at this opacity (a row
   * alone is at opacity × fade; where rows gather they add up, to at most `fade`).
   */
  fade: number;
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

/** Row `r`'s line (missing values skipped, the line joining the ones around them). */
function rowPath(columns: readonly Float64Array[], axes: readonly AxisMap[], r: number): Path2D {
  const path = new Path2D();
  let started = false;
  for (let a = 0; a < axes.length; a++) {
    const m = axes[a] as AxisMap;
    const y = axisY(m, (columns[a] as Float64Array)[r] as number);
    if (Number.isNaN(y)) continue;
    if (started) path.lineTo(m.x, y);
    else {
      path.moveTo(m.x, y);
      started = true;
    }
  }
  return path;
}

/** How many CSS pixels to draw, and at which device pixel ratio. */
export interface LinesSize {
  width: number;
  height: number;
  ratio: number;
}

/** The rows' lines and where the axes were when they were made. */
interface Rows {
  columns: readonly Float64Array[];
  axes: readonly AxisMap[];
  paths: Path2D[];
}

function sameAxes(a: readonly AxisMap[], b: readonly AxisMap[]): boolean {
  return (
    a.length === b.length &&
    a.every((m, i) => {
      const n = b[i] as AxisMap;
      return m.x === n.x && m.y0 === n.y0 && m.v0 === n.v0 && m.k === n.k && m.log === n.log;
    })
  );
}

/** A canvas on the page, or one handed to a worker (or made there). */
export type LinesCanvas = HTMLCanvasElement | OffscreenCanvas;
type Context2D = CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D;

/** A canvas sized to `size` (device pixels) with its 2D context set to draw in CSS pixels, cleared. */
function prepared(canvas: LinesCanvas, size: LinesSize): Context2D {
  const w = Math.round(size.width * size.ratio);
  const h = Math.round(size.height * size.ratio);
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('the canvas gives no 2D context');
  ctx.setTransform(size.ratio, 0, 0, size.ratio, 0, 0);
  ctx.globalAlpha = 1;
  ctx.clearRect(0, 0, size.width, size.height);
  return ctx;
}

/** Strokes the rows whose mask entry is 1 (every row when there is no mask), one stroke each, at `alpha`. */
function strokeRows(ctx: Context2D, paths: readonly Path2D[], mask: Uint8Array | undefined, alpha: number, style: LinesStyle): void {
  ctx.lineWidth = style.width;
  ctx.strokeStyle = style.color;
  ctx.lineJoin = 'round';
  ctx.globalAlpha = alpha;
  for (let r = 0; r < paths.length; r++) if (!mask || mask[r]) ctx.stroke(paths[r] as Path2D);
  ctx.globalAlpha = 1;
}

/** What the layer of every row shows: the rows (made for the axes), the size and the look. */
interface LayerKey {
  rows: Rows;
  size: LinesSize;
  style: LinesStyle;
}

function sameKey(a: LayerKey, b: LayerKey): boolean {
  return (
    a.rows === b.rows &&
    a.size.width === b.size.width &&
    a.size.height === b.size.height &&
    a.size.ratio === b.size.ratio &&
    a.style.opacity === b.style.opacity &&
    a.style.color === b.style.color &&
    a.style.width === b.style.width
  );
}

/**
 * The lines of a parallel-coordinates chart on one canvas, for brushing thousands of rows. Each
 * row's line is made once (a Path2D) for where the axes lie, and every row is drawn once into a
 * layer (a canvas of its own, rasterised when first copied): nothing brushed, the layer is
 * copied; something brushed, the layer is copied faded and only the rows inside the brushes are
 * stroked over it (each over its own faded line). Rasterising every row's stroke was most of a
 * brush's time; a copy of a bitmap is not. The lines and the layer are made anew when the rows,
 * the axes, the size or the look change.
 */
export class ParallelLines {
  // in a worker there is no document: an OffscreenCanvas
  private readonly layer: LinesCanvas = typeof document === 'undefined' ? new OffscreenCanvas(1, 1) : document.createElement('canvas');
  private layerKey: LayerKey | undefined;
  private rows: Rows | undefined;

  constructor(private readonly canvas: LinesCanvas) {}

  /** The rows' lines for `axes`, made when the rows or the axes changed. */
  private rowsFor(columns: readonly Float64Array[], axes: readonly AxisMap[]): Rows {
    if (this.rows?.columns === columns && sameAxes(this.rows.axes, axes)) return this.rows;
    const n = columns[0]?.length ?? 0;
    this.rows = { columns, axes, paths: Array.from({ length: n }, (_, r) => rowPath(columns, axes, r)) };
    return this.rows;
  }

  /** The layer of every row, drawn anew when what it shows changed. */
  private layerFor(key: LayerKey): LinesCanvas {
    if (this.layerKey && sameKey(this.layerKey, key)) return this.layer;
    strokeRows(prepared(this.layer, key.size), key.rows.paths, undefined, key.style.opacity, key.style);
    this.layerKey = key;
    return this.layer;
  }

  /** Draws the rows; `mask` (1: inside every brush) is undefined when nothing is brushed. */
  draw(size: LinesSize, columns: readonly Float64Array[], axes: readonly AxisMap[], mask: Uint8Array | undefined, style: LinesStyle): void {
    const rows = this.rowsFor(columns, axes);
    const layer = this.layerFor({ rows, size, style });
    const ctx = prepared(this.canvas, size);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.globalAlpha = mask ? style.fade : 1;
    ctx.drawImage(layer, 0, 0);
    ctx.globalAlpha = 1;
    if (!mask) return;
    ctx.setTransform(size.ratio, 0, 0, size.ratio, 0, 0);
    strokeRows(ctx, rows.paths, mask, style.activeOpacity, style);
  }

  /** Lets go of the layer's memory. */
  dispose(): void {
    this.layer.width = 0;
    this.layer.height = 0;
    this.layerKey = undefined;
    this.rows = undefined;
  }
}
