// SPDX-License-Identifier: Apache-2.0
/**
 * The run graph's minimap, made for a big graph: its boxes are one SVG (a path per state, one for
 * the frames) drawn again only when the view or its layout change, and the view's rectangle is a
 * box whose style a store subscription writes on each pan/zoom frame, without a React render.
 * React Flow's own MiniMap runs a store selector per box and draws its whole SVG again on every
 * frame (B11's harness: about a third of a pan/zoom frame's work at 300 tasks). As React Flow's, it
 * pans the view when dragged and zooms it on the wheel; the rectangle moving also keeps each
 * pan/zoom frame drawn (headless Chromium draws no frame whose only change is the canvas's
 * transform).
 */
import { Panel, useReactFlow, useStoreApi } from '@xyflow/react';
import { useEffect, useLayoutEffect, useRef, type PointerEvent } from 'react';
import type { RunMinimap } from './run-graph-flow';
import type { RunFlowNode } from './RunGraphNodes';

/** The minimap's size in px, and the room around the graph in it. */
const size = { width: 130, height: 90 };
const pad = 5;

type Rect = RunMinimap['bounds'];

/** Where `bounds` go in the minimap: flow units per minimap px, and the offset of the bounds in it. */
function minimapFit(bounds: Rect): { scale: number; left: number; top: number } {
  const scale = Math.max(bounds.width / (size.width - 2 * pad), bounds.height / (size.height - 2 * pad)) || 1;
  return { scale, left: (size.width - bounds.width / scale) / 2, top: (size.height - bounds.height / scale) / 2 };
}

/** The smallest rectangle holding both. */
function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/** The SVG's viewBox showing `shown` (the graph, and the view when it goes past the graph) fitted in the minimap. */
const viewBoxOf = (shown: Rect, fit: ReturnType<typeof minimapFit>) =>
  [shown.x - fit.left * fit.scale, shown.y - fit.top * fit.scale, size.width * fit.scale, size.height * fit.scale].map((v) => v.toFixed(1)).join(' ');

/** The minimap of `map`, bottom right on the canvas. */
export function RunGraphMiniMap({ map }: { map: RunMinimap }) {
  const store = useStoreApi<RunFlowNode>();
  const { setViewport, zoomTo } = useReactFlow<RunFlowNode>();
  const view = useRef<HTMLDivElement>(null);
  const svg = useRef<SVGSVGElement>(null);
  const drag = useRef<{ x: number; y: number } | undefined>(undefined);
  const { bounds } = map;
  // what the minimap shows: the graph, and the view where it goes past the graph (as React Flow's minimap)
  const shown = useRef({ rect: bounds, fit: minimapFit(bounds) });
  // the view's rectangle (and the minimap's scale when the view goes past the graph), written on each
  // change of the view as React Flow's Viewport writes its transform: no render per frame
  useLayoutEffect(() => {
    let last = '';
    const apply = () => {
      const { transform, width, height } = store.getState();
      const [tx, ty, zoom] = transform;
      const key = `${tx}|${ty}|${zoom}|${width}|${height}`;
      const el = view.current;
      const box = svg.current;
      if (key === last || !el || !box) return;
      last = key;
      const seen = { x: -tx / zoom, y: -ty / zoom, width: width / zoom, height: height / zoom };
      const rect = union(bounds, seen);
      const fit = minimapFit(rect);
      const vb = viewBoxOf(rect, fit);
      if (box.getAttribute('viewBox') !== vb) box.setAttribute('viewBox', vb);
      shown.current = { rect, fit };
      const x = (seen.x - rect.x) / fit.scale + fit.left;
      const y = (seen.y - rect.y) / fit.scale + fit.top;
      el.style.transform = `translate(${x.toFixed(1)}px,${y.toFixed(1)}px)`;
      el.style.width = `${(seen.width / fit.scale).toFixed(1)}px`;
      el.style.height = `${(seen.height / fit.scale).toFixed(1)}px`;
    };
    apply();
    return store.subscribe(apply);
  }, [store, bounds]);
  // the wheel zooms the view (a listener that may prevent the page's scrolling)
  useEffect(() => {
    const el = svg.current;
    if (!el) return;
    const wheel = (e: WheelEvent) => {
      e.preventDefault();
      const step = e.deltaMode === 1 ? 0.05 : e.deltaMode ? 1 : 0.002;
      void zoomTo(store.getState().transform[2] * Math.pow(2, -e.deltaY * step));
    };
    el.addEventListener('wheel', wheel, { passive: false });
    return () => el.removeEventListener('wheel', wheel);
  }, [store, zoomTo]);
  // a drag pans the view by what the minimap's pixels are in the flow
  const onPointerDown = (e: PointerEvent<SVGSVGElement>) => {
    if (e.button !== 0) return;
    e.currentTarget.setPointerCapture(e.pointerId);
    drag.current = { x: e.clientX, y: e.clientY };
  };
  const onPointerMove = (e: PointerEvent<SVGSVGElement>) => {
    const from = drag.current;
    if (!from) return;
    drag.current = { x: e.clientX, y: e.clientY };
    const [tx, ty, zoom] = store.getState().transform;
    const { scale } = shown.current.fit;
    void setViewport({ x: tx - (e.clientX - from.x) * scale * zoom, y: ty - (e.clientY - from.y) * scale * zoom, zoom });
  };
  const onPointerUp = () => {
    drag.current = undefined;
  };
  return (
    <Panel position="bottom-right" className="react-flow__minimap run-minimap" data-testid="run-minimap" style={size}>
      <svg
        ref={svg}
        className="react-flow__minimap-svg"
        width={size.width}
        height={size.height}
        role="img"
        aria-label="Minimap of the run graph"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onPointerCancel={onPointerUp}
      >
        <path className="run-minimap-frames" d={map.frames} />
        {map.boxes.map((b) => (
          <path key={b.state} className={`run-minimap-boxes run-state-${b.state.toLowerCase()}`} d={b.d} />
        ))}
      </svg>
      <div ref={view} className="run-minimap-view" aria-hidden />
    </Panel>
  );
}
