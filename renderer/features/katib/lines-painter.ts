// SPDX-License-Identifier: Apache-2.0
/**
 * Who draws the parallel coordinates' lines: a worker, when the browser can hand it the canvas
 * (OffscreenCanvas), else the page itself. Rasterising a brush's strokes (thousands of rows, in
 * software) took as long as everything else a brush does; in a worker it runs beside the page's
 * own work (the trials table following the brush) instead of after it. The worker
 * (parallel-lines.worker.ts) draws with the same ParallelLines as the page would, and says when
 * its drawing is done (rasterised), so `onDrawn` means the lines are there in both cases.
 * At most one drawing is in the worker at a time; a newer one waiting replaces the one before.
 */
import { ParallelLines, type AxisMap, type LinesSize, type LinesStyle } from '../../components/charts/parallel-lines';
import LinesWorker from './parallel-lines.worker?worker';

/** One drawing: the rows' columns, where the axes lie, which rows are inside the brushes. */
export interface LinesDrawing {
  size: LinesSize;
  columns: readonly Float64Array[];
  axes: readonly AxisMap[];
  mask: Uint8Array | undefined;
  style: LinesStyle;
}

/** What the page sends the worker. */
export type LinesRequest =
  | { type: 'canvas'; canvas: OffscreenCanvas }
  | { type: 'columns'; columns: Float64Array[] }
  | { type: 'draw'; seq: number; size: LinesSize; axes: AxisMap[]; mask: Uint8Array | undefined; style: LinesStyle };

/** What the worker answers: a drawing done (its rows), or why it failed. */
export type LinesReply = { type: 'drawn'; seq: number; rows: number } | { type: 'failed'; seq: number; message: string };

/** A worker started ahead (`warmLinesWorker`), for the next painter. */
let spare: Worker | undefined;

/**
 * Starts a worker ahead, so the chart's first drawing does not wait for the worker's script to
 * load: the experiment page calls it while its trials are still being read.
 */
export function warmLinesWorker(): void {
  if (typeof OffscreenCanvas === 'undefined' || typeof HTMLCanvasElement.prototype.transferControlToOffscreen !== 'function') return;
  spare ??= new LinesWorker();
}

/** Draws the lines on `canvas`; `onDrawn(rows)` after each drawing is on the canvas, `onError` if one failed. */
export class LinesPainter {
  private readonly worker: Worker | undefined;
  private readonly local: ParallelLines | undefined;
  private sentColumns: readonly Float64Array[] | undefined;
  private seq = 0;
  private busy = false;
  private waiting: LinesDrawing | undefined;

  constructor(
    canvas: HTMLCanvasElement,
    private readonly onDrawn: (rows: number) => void,
    private readonly onError: (message: string) => void,
  ) {
    if (typeof OffscreenCanvas === 'undefined' || typeof canvas.transferControlToOffscreen !== 'function') {
      this.local = new ParallelLines(canvas);
      return;
    }
    const worker = spare ?? new LinesWorker();
    spare = undefined;
    const offscreen = canvas.transferControlToOffscreen();
    worker.postMessage({ type: 'canvas', canvas: offscreen } satisfies LinesRequest, [offscreen]);
    worker.onmessage = (e: MessageEvent<LinesReply>) => this.answered(e.data);
    worker.onerror = (e) => this.onError(`the lines' worker failed: ${e.message}`);
    this.worker = worker;
  }

  /** Draws (in the worker: once the drawing before is done, the latest one asked for). */
  draw(d: LinesDrawing): void {
    if (this.local) {
      this.local.draw(d.size, d.columns, d.axes, d.mask, d.style);
      this.onDrawn(d.columns[0]?.length ?? 0);
      return;
    }
    if (this.busy) {
      this.waiting = d;
      return;
    }
    this.send(d);
  }

  private send(d: LinesDrawing): void {
    const w = this.worker as Worker;
    if (d.columns !== this.sentColumns) {
      // copied once per data, not per drawing
      w.postMessage({ type: 'columns', columns: [...d.columns] } satisfies LinesRequest);
      this.sentColumns = d.columns;
    }
    this.busy = true;
    w.postMessage({ type: 'draw', seq: ++this.seq, size: d.size, axes: [...d.axes], mask: d.mask, style: d.style } satisfies LinesRequest);
  }

  private answered(r: LinesReply): void {
    this.busy = false;
    if (r.type === 'drawn') this.onDrawn(r.rows);
    else this.onError(r.message);
    const next = this.waiting;
    this.waiting = undefined;
    if (next) this.send(next);
  }

  /** Stops the worker (or lets go of the local drawing's memory). */
  dispose(): void {
    this.worker?.terminate();
    this.local?.dispose();
    this.waiting = undefined;
  }
}
