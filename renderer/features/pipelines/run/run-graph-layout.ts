// SPDX-License-Identifier: Apache-2.0
/**
 * Sizes and the ELK graph of the run graph: a box per task (and per collapsed group), a frame per
 * open group holding its items, edges in the innermost frame holding both ends; and a grid for
 * the time before ELK answers. Positions are relative to the parent frame. Pure.
 */
import type { ElkBox, Layout } from '../../../lib/elk-layout';
import type { RunGraphView } from './run-graph-model';

export const runBox = { width: 210, height: 54 };
const frameHeader = 30;
/** A loop's frame has a second header row for its iteration picker (RunGraphNodes.tsx). */
const loopFrameHeader = 56;
const framePadding = 14;
const gap = 40;

/** The frames holding an item, innermost first. */
function framesOf(view: RunGraphView, id: string): string[] {
  const parent = new Map(view.items.map((i) => [i.id, i.parent]));
  const out: string[] = [];
  for (let p = parent.get(id) ?? null; p !== null; p = parent.get(p) ?? null) out.push(p);
  return out;
}

/** The run graph as an ELK graph to lay out. */
export function runElkGraph(view: RunGraphView): ElkBox {
  const root: ElkBox = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '48',
      'elk.spacing.nodeNode': '20',
      'elk.spacing.componentComponent': '40',
    },
    children: [],
    edges: [],
  };
  const boxes = new Map<string | null, ElkBox>([[null, root]]);
  const pending = [...view.items];
  // parents first
  for (let guard = 0; pending.length > 0 && guard < view.items.length + 1; guard++) {
    for (let i = 0; i < pending.length;) {
      const it = pending[i]!;
      const holder = boxes.get(it.parent);
      if (!holder) {
        i++;
        continue;
      }
      const open = it.kind === 'group' && !it.collapsed;
      const box: ElkBox = open
        ? {
            id: it.id,
            layoutOptions: {
              'elk.padding': `[top=${(it.loop ? loopFrameHeader : frameHeader) + framePadding},left=${framePadding},bottom=${framePadding},right=${framePadding}]`,
            },
            children: [],
            edges: [],
          }
        : { id: it.id, ...runBox };
      holder.children!.push(box);
      boxes.set(it.id, box);
      pending.splice(i, 1);
    }
  }
  for (const e of view.edges) {
    const up = new Set(framesOf(view, e.from));
    const common = framesOf(view, e.to).find((f) => up.has(f)) ?? null;
    (boxes.get(common) ?? root).edges!.push({ id: e.id, sources: [e.from], targets: [e.to] });
  }
  return root;
}

/** A grid layout for the time before ELK answers: each frame's items in rows of at most 8. */
export function runGridLayout(view: RunGraphView): Layout {
  const out: Layout = {};
  const place = (parent: string | null, top: number, left: number): { width: number; height: number } => {
    const mine = view.items.filter((i) => i.parent === parent);
    let x = left;
    let y = top;
    let rowHeight = 0;
    let width = 0;
    mine.forEach((it, n) => {
      if (n > 0 && n % 8 === 0) {
        x = left;
        y += rowHeight + gap;
        rowHeight = 0;
      }
      const size = it.kind === 'group' && !it.collapsed ? place(it.id, (it.loop ? loopFrameHeader : frameHeader) + framePadding, framePadding) : runBox;
      out[it.id] = { x, y, ...size };
      x += size.width + gap;
      width = Math.max(width, x - gap);
      rowHeight = Math.max(rowHeight, size.height);
    });
    return { width: Math.max(runBox.width, width) + left, height: y + rowHeight + framePadding };
  };
  place(null, 0, 0);
  return out;
}

/** What the layout depends on (the boxes, their frames, the edges): states changing keep the layout. */
export function runLayoutKey(view: RunGraphView): string {
  return JSON.stringify([view.items.map((i) => [i.id, i.parent, i.collapsed]), view.edges.map((e) => e.id)]);
}
