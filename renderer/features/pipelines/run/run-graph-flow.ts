// SPDX-License-Identifier: Apache-2.0
/**
 * The run graph's view and layout as React Flow nodes and edges: a box per task or collapsed
 * group, a frame per open group (parents before what they hold, as React Flow wants them),
 * nothing draggable or connectable; edges that nothing can select or focus (no hit area drawn
 * beside each), plain straight lines once there are many of them. Pure.
 */
import type { Edge } from '@xyflow/react';
import type { Layout } from '../../../lib/elk-layout';
import { runBox } from './run-graph-layout';
import type { RunGraphView } from './run-graph-model';
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
        style: { width: box.width, height: box.height },
        draggable: false,
        connectable: false,
        selectable: !frame,
        ...(frame ? { zIndex: -1 } : {}),
      };
    })
    .sort((a, b) => depthOf(a.id) - depthOf(b.id));
}

/** The edges of the view. */
export function runFlowEdges(view: RunGraphView): Edge[] {
  const type = view.edges.length > manyEdges ? 'straight' : 'default';
  return view.edges.map((e): Edge => ({ id: e.id, source: e.from, target: e.to, type, selectable: false, focusable: false, interactionWidth: 0 }));
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
