// SPDX-License-Identifier: Apache-2.0
/**
 * The run graph's view and layout as React Flow nodes, and its edges as one SVG path: a box per
 * task or collapsed group, a frame per open group (parents before what they hold, as React Flow
 * wants them), nothing draggable or connectable. The edges are not React Flow edges (an element,
 * an SVG and store subscriptions each, all run again on every pan/zoom frame: with 200 edges most
 * of a frame's script): nothing selects them, so they are drawn as one path in the flow's
 * coordinates, from a box's right side to the next one's left, curved as React Flow's default
 * edge, plain straight lines once there are many of them. Pure.
 */
import type { Layout } from '../../../lib/elk-layout';
import { runBox } from './run-graph-layout';
import type { ItemState, RunGraphView } from './run-graph-model';
import type { RunFlowNode } from './RunGraphNodes';

/** More edges than this and they are drawn straight. */
export const manyEdges = 100;

/** The nodes of the view at their boxes (the default box for one not laid out yet). */
export function runFlowNodes(view: RunGraphView, layout: Layout, chosen: string | undefined, toggle: (id: string) => void): RunFlowNode[] {
  const parent = new Map(view.items.map((i) => [i.id, i.parent]));
  const depth = new Map<string, number>();
  const depthOf = (id: string): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    const p = parent.get(id) ?? null;
    const d = p === null ? 0 : depthOf(p) + 1;
    depth.set(id, d);
    return d;
  };
  return view.items
    .map((it): RunFlowNode => {
      const box = layout[it.id] ?? { x: 0, y: 0, ...runBox };
      const frame = it.kind === 'group' && !it.collapsed;
      return {
        id: it.id,
        type: frame ? 'runFrame' : 'runTask',
        position: { x: box.x, y: box.y },
        ...(it.parent ? { parentId: it.parent } : {}),
        data: { item: it, chosen: it.id === chosen, toggle },
        // its size as React Flow's fixed width and height (a style size would leave it out of the minimap)
        width: box.width,
        height: box.height,
        draggable: false,
        connectable: false,
        selectable: !frame,
        ...(frame ? { zIndex: -1 } : {}),
      };
    })
    .sort((a, b) => depthOf(a.id) - depthOf(b.id));
}

/** Where each item's box is in the flow (its layout box is relative to its frame's). */
export function absoluteBoxes(view: RunGraphView, layout: Layout): Map<string, { x: number; y: number; width: number; height: number }> {
  const parent = new Map(view.items.map((i) => [i.id, i.parent]));
  const out = new Map<string, { x: number; y: number; width: number; height: number }>();
  const at = (id: string): { x: number; y: number; width: number; height: number } => {
    const known = out.get(id);
    if (known) return known;
    const box = layout[id] ?? { x: 0, y: 0, ...runBox };
    const p = parent.get(id) ?? null;
    const origin = p === null ? { x: 0, y: 0 } : at(p);
    const abs = { x: origin.x + box.x, y: origin.y + box.y, width: box.width, height: box.height };
    out.set(id, abs);
    return abs;
  };
  for (const it of view.items) at(it.id);
  return out;
}

/** One decimal: the path stays short and exact enough at any zoom. */
const n = (x: number) => Math.round(x * 10) / 10;

/**
 * The edges of the view as one SVG path `d` in the flow's coordinates: each from the middle of its
 * source box's right side to the middle of its target box's left side, a curve as React Flow's
 * default (bezier) edge, or a straight line when there are more than {@link manyEdges}.
 */
export function runEdgePath(view: RunGraphView, layout: Layout): string {
  const boxes = absoluteBoxes(view, layout);
  const straight = view.edges.length > manyEdges;
  const parts: string[] = [];
  for (const e of view.edges) {
    const a = boxes.get(e.from);
    const b = boxes.get(e.to);
    if (!a || !b) continue;
    const sx = a.x + a.width;
    const sy = a.y + a.height / 2;
    const tx = b.x;
    const ty = b.y + b.height / 2;
    if (straight) {
      parts.push(`M${n(sx)} ${n(sy)}L${n(tx)} ${n(ty)}`);
      continue;
    }
    // React Flow's bezier edge from a right handle to a left one (curvature 0.25)
    const d = tx - sx;
    const off = d >= 0 ? 0.5 * d : 0.25 * 25 * Math.sqrt(-d);
    parts.push(`M${n(sx)} ${n(sy)}C${n(sx + off)} ${n(sy)} ${n(tx - off)} ${n(ty)} ${n(tx)} ${n(ty)}`);
  }
  return parts.join('');
}

/** The minimap's drawing: the graph's bounds, and its boxes as one path per state (frames as one outline path), in the flow's coordinates. */
export interface RunMinimap {
  bounds: { x: number; y: number; width: number; height: number };
  boxes: { state: ItemState; d: string }[];
  frames: string;
}

/** The view's boxes for the minimap: drawn again only when the view or its layout change, never per frame. */
export function runMinimap(view: RunGraphView, layout: Layout): RunMinimap {
  const boxes = absoluteBoxes(view, layout);
  const byState = new Map<ItemState, string[]>();
  const frames: string[] = [];
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const it of view.items) {
    const b = boxes.get(it.id);
    if (!b) continue;
    [x0, y0, x1, y1] = [Math.min(x0, b.x), Math.min(y0, b.y), Math.max(x1, b.x + b.width), Math.max(y1, b.y + b.height)];
    const rect = `M${n(b.x)} ${n(b.y)}h${n(b.width)}v${n(b.height)}h${n(-b.width)}z`;
    if (it.kind === 'group' && !it.collapsed) frames.push(rect);
    else {
      const list = byState.get(it.state);
      if (list) list.push(rect);
      else byState.set(it.state, [rect]);
    }
  }
  const bounds = x0 === Infinity ? { x: 0, y: 0, width: 0, height: 0 } : { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
  return { bounds, boxes: [...byState].map(([state, d]) => ({ state, d: d.join('') })), frames: frames.join('') };
}

/** How many groups the view draws collapsed and open. */
export function groupCounts(view: RunGraphView): { any: boolean; collapsed: number; open: number } {
  let collapsed = 0;
  let open = 0;
  for (const i of view.items) {
    if (i.kind !== 'group') continue;
    if (i.collapsed) collapsed++;
    else open++;
  }
  return { any: collapsed + open > 0, collapsed, open };
}
