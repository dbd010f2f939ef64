// SPDX-License-Identifier: Apache-2.0
/**
 * The worker that draws the parallel coordinates' lines on the canvas the page handed it
 * (lines-painter.ts): the same ParallelLines as on the page. After each drawing it reads one
 * pixel back, which makes the canvas rasterise the strokes now, so "drawn" is said once they
 * are on the canvas, not when they were only recorded.
 */
import { ParallelLines } from '../../components/charts/parallel-lines';
import type { LinesReply, LinesRequest } from './lines-painter';

/** The worker's scope, as far as it is used (the renderer is typed with the DOM's globals). */
const scope = self as unknown as { onmessage: ((e: MessageEvent<LinesRequest>) => void) | null; postMessage(m: LinesReply): void };

let canvas: OffscreenCanvas | undefined;
let painter: ParallelLines | undefined;
let columns: Float64Array[] = [];

scope.onmessage = (e) => {
  const m = e.data;
  if (m.type === 'canvas') {
    canvas = m.canvas;
    painter = new ParallelLines(m.canvas);
  } else if (m.type === 'columns') columns = m.columns;
  else {
    try {
      if (!painter || !canvas) throw new Error('the worker has no canvas to draw on');
      painter.draw(m.size, columns, m.axes, m.mask, m.style);
      canvas.getContext('2d')?.getImageData(0, 0, 1, 1);
      scope.postMessage({ type: 'drawn', seq: m.seq, rows: columns[0]?.length ?? 0 });
    } catch (err) {
      scope.postMessage({ type: 'failed', seq: m.seq, message: err instanceof Error ? err.message : String(err) });
    }
  }
};
