// SPDX-License-Identifier: Apache-2.0
/**
 * A big run graph (run-graph-canvas.ts's `canvasFrom` boxes and more) on a canvas while the view
 * is far out (below `farZoom`, where 12 px text is at most 6 px tall) or moving (until
 * {@link idleMs} after its last change):
 * the graph's box is marked `data-canvas="far"` or `"moving"`, run-graph.css stops rendering React
 * Flow's boxes, frames and edges (`content-visibility: hidden` keeps them laid out, so coming back
 * costs no layout), and this canvas over the flow draws them instead (run-graph-canvas.ts). A pan
 * or zoom frame of 300 boxes in the DOM costs Chromium a repaint and raster of all of them; on the
 * canvas it is a few fill and text calls. A store subscription draws each frame and writes the
 * mark, without a React render, in the same frame as the flow's transform. When the view stops
 * near, the DOM boxes come back (their buttons, pickers, focus and titles are theirs); on the
 * canvas a click on a task chooses it and hovering a box names it (RunGraph.tsx). Any graph is
 * also marked `data-moving="yes"` while it moves: a small one then moves as one composited layer.
 */
import { useStoreApi } from '@xyflow/react';
import { useEffect, useLayoutEffect, useMemo, useRef, type RefObject } from 'react';
import { useDarkTheme } from '../../../lib/theme';
import { canvasWorthIt, drawRunCanvas, isFar, type CanvasColours, type RunCanvasScene } from './run-graph-canvas';
import type { ItemState } from './run-graph-model';

/** The view counts as moving until this long after its last change. */
export const idleMs = 200;

const states: ItemState[] = [
  'SUCCEEDED',
  'FAILED',
  'RUNNING',
  'PENDING',
  'CANCELING',
  'CANCELED',
  'PAUSED',
  'SKIPPED',
  'NOT_STARTED',
  'RUNTIME_STATE_UNSPECIFIED',
];

/** The theme's colours, read from a probe inside the flow (custom properties compute to their values). */
function readColours(host: HTMLElement): CanvasColours {
  const probe = document.createElement('span');
  probe.hidden = true;
  host.append(probe);
  try {
    const read = (expr: string) => {
      probe.style.setProperty('--run-canvas-probe', expr);
      return getComputedStyle(probe).getPropertyValue('--run-canvas-probe').trim();
    };
    const out: CanvasColours = {
      panel: read('var(--panel, var(--bg, #fff))'),
      text: read('var(--text, #111)'),
      muted: read('var(--muted, #666)'),
      accent: read('var(--accent, #1f5fd6)'),
      font: getComputedStyle(probe).fontFamily || 'sans-serif',
      border: read('var(--border, #ccc)'),
      edge: read('var(--xy-edge-stroke, var(--xy-edge-stroke-default, #b1b1b7))'),
      chosen: read('var(--progress, #1f5fbf)'),
      states: {},
    };
    for (const s of states) {
      probe.className = `run-state-${s.toLowerCase()}`;
      out.states[s] = read('var(--run-state, var(--muted, #888))');
    }
    return out;
  } finally {
    probe.remove();
  }
}

/** The canvas over the flow, drawing `scene` while the view is far out or moving; marks `target` meanwhile. */
export function RunGraphCanvas({ scene, chosen, target }: { scene: RunCanvasScene; chosen: string | undefined; target: RefObject<HTMLElement | null> }) {
  const store = useStoreApi();
  const canvas = useRef<HTMLCanvasElement>(null);
  const dark = useDarkTheme();
  const edges = useMemo(() => (typeof Path2D === 'undefined' ? undefined : new Path2D(scene.edges)), [scene]);
  const colours = useRef<CanvasColours | undefined>(undefined);
  // the view's last place, and whether it moves (kept across redraws for a new scene or choice)
  const motion = useRef<{ view: string; moving: boolean; timer?: ReturnType<typeof setTimeout> }>({ view: '', moving: false });
  useEffect(() => {
    colours.current = undefined; // read again at the next draw: the theme changed
  }, [dark]);
  useLayoutEffect(() => {
    let drawn = '';
    const m = motion.current;
    const big = canvasWorthIt(scene);
    const apply = () => {
      const el = canvas.current;
      const host = target.current;
      if (!el || !host) return;
      const state = store.getState();
      const { width, height } = state;
      const [x, y, zoom] = state.transform;
      const view = `${x}|${y}|${zoom}|${width}|${height}`;
      if (m.view && view !== m.view) {
        m.moving = true;
        clearTimeout(m.timer);
        m.timer = setTimeout(() => {
          m.moving = false;
          apply();
        }, idleMs);
      }
      m.view = view;
      const mode = !big ? undefined : isFar(state) ? 'far' : m.moving ? 'moving' : undefined;
      if (host.dataset.canvas !== mode) {
        if (mode) host.dataset.canvas = mode;
        else delete host.dataset.canvas;
      }
      // a small graph moves as one composited layer (run-graph.css), drawn afresh when it stops
      if (m.moving !== (host.dataset.moving === 'yes')) {
        if (m.moving) host.dataset.moving = 'yes';
        else delete host.dataset.moving;
      }
      if (!mode) {
        if (drawn) el.getContext('2d')?.clearRect(0, 0, el.width, el.height);
        drawn = '';
        return;
      }
      const ratio = window.devicePixelRatio || 1;
      // the store changes for more than the view: draw only when the view moved
      const key = `${view}|${ratio}`;
      if (key === drawn) return;
      const w = Math.round(width * ratio);
      const h = Math.round(height * ratio);
      if (el.width !== w || el.height !== h) [el.width, el.height] = [w, h];
      const ctx = el.getContext('2d');
      if (!ctx) return;
      colours.current ??= readColours(el.parentElement ?? host);
      drawRunCanvas(ctx, scene, { x, y, zoom, width, height, ratio }, colours.current, edges, chosen);
      drawn = key;
    };
    apply();
    const stop = store.subscribe(apply);
    return () => {
      stop();
      clearTimeout(m.timer);
      m.moving = false;
    };
  }, [store, scene, edges, chosen, target, dark]);
  return <canvas ref={canvas} className="run-graph-canvas" data-testid="run-canvas" data-boxes={scene.boxes.length} aria-hidden />;
}
