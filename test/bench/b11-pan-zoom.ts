// SPDX-License-Identifier: Apache-2.0
/**
 * B11's pan and zoom over the run graph, one input per animation frame (240 frames): 30 wheel
 * steps zooming in at the canvas's centre, 30 drag steps panning left, 30 wheel steps zooming out,
 * 30 drag steps panning right, twice; resolves with the time between animation frames (the first
 * two dropped) and, for each, whether the frame moved the view: an input at the zoom's limit
 * changes nothing, and Chromium clocks a frame with nothing to draw at its 60 Hz fallback (17 ms
 * on this machine) however fast the page is, so such frames say nothing of the graph. As text for
 * `page.evaluate`: the bench runs under tsx, whose helpers (__name) do not exist in the page.
 * Shared by the benchmark (b11-run-graph.ts) and its harness (b11-harness-run.ts), so both measure
 * the same frames.
 */
/** Resolves with {@link PanZoomFrames}. */
export const panZoomScript = `new Promise((resolve, reject) => {
  const pane = document.querySelector('.react-flow__pane');
  if (!pane) return reject(new Error('no React Flow pane'));
  const box = pane.getBoundingClientRect();
  const cx = box.left + box.width / 2;
  const cy = box.top + box.height / 2;
  const viewport = document.querySelector('.react-flow__viewport');
  const out = [];
  const moved = [];
  let view = viewport ? viewport.style.transform : '';
  let last = performance.now();
  let n = 0;
  const step = () => {
    const now = performance.now();
    out.push(now - last);
    last = now;
    // the frame just drawn showed the previous step's input: did it move the view?
    const nowView = viewport ? viewport.style.transform : '';
    moved.push(nowView !== view);
    view = nowView;
    const phase = Math.floor(n / 30) % 4;
    if (phase === 0 || phase === 2) {
      pane.dispatchEvent(new WheelEvent('wheel', { deltaY: phase === 0 ? -60 : 60, clientX: cx, clientY: cy, bubbles: true, cancelable: true }));
    } else {
      const k = n % 30;
      const x = cx + (phase === 1 ? -k * 12 : k * 12);
      if (k === 0) pane.dispatchEvent(new MouseEvent('mousedown', { clientX: x, clientY: cy, button: 0, buttons: 1, bubbles: true, view: window }));
      window.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: cy + k * 4, buttons: 1, bubbles: true, view: window }));
      if (k === 29) window.dispatchEvent(new MouseEvent('mouseup', { clientX: x, clientY: cy, button: 0, bubbles: true, view: window }));
    }
    n++;
    if (n < 240) requestAnimationFrame(step);
    else resolve({ ms: out.slice(2), moved: moved.slice(2) });
  };
  requestAnimationFrame(step);
})`;

/** What {@link panZoomScript} resolves with: each frame's time, and whether it moved the view. */
export interface PanZoomFrames {
  ms: number[];
  moved: boolean[];
}
