// SPDX-License-Identifier: Apache-2.0
/**
 * Sizes and positions of the canvas: how big a task box, the parameters box and a group frame are,
 * the ELK graph that lays them out (layered, left to right, groups as compound nodes so frames
 * hold their tasks, each edge in the innermost group holding both ends), reading ELK's answer
 * back, and a simple grid layout used until ELK answers. Positions are relative to the parent
 * frame, as React Flow's sub-flows and ELK both have them.
 */
import type { ItemId, PipelineGraph, Source } from '../../../shared/kfp/graph-types';
import { ancestors } from '../../../shared/kfp/graph-util';
import type { ElkBox, Layout } from '../../lib/elk-layout';

export { layoutFromElk, type Box, type ElkBox, type Layout } from '../../lib/elk-layout';

/** The id of the box of the pipeline's parameters. */
export const paramsNodeId = '@params';

export const taskWidth = 240;
export const headerHeight = 44;
export const rowHeight = 20;
export const frameHeader = 32;
export const framePadding = 16;
const gap = 48;

/** The size of a task box: its header and a row per input and output. */
export function taskSize(inputs: number, outputs: number): { width: number; height: number } {
  return { width: taskWidth, height: headerHeight + Math.max(1, inputs + outputs) * rowHeight + 8 };
}

/** The size of the parameters box. */
export function paramsSize(graph: PipelineGraph): { width: number; height: number } {
  return { width: 200, height: headerHeight + Math.max(1, graph.params.length + Object.keys(graph.rootArtifacts).length) * rowHeight + 8 };
}

/** The item (task or group) a source comes from, if any. */
export function sourceItem(s: Source): ItemId | undefined {
  if (s.kind === 'output' || s.kind === 'final-status') return s.item;
  if (s.kind === 'loop-item') return s.group;
  return undefined;
}

/** The item whose box an edge end is drawn at: the item, or the parameters box. */
function endOf(s: Source): string {
  return sourceItem(s) ?? paramsNodeId;
}

/** The innermost group holding both items (null: the root). */
function commonParent(graph: PipelineGraph, a: string, b: string): ItemId | null {
  const chain = (id: string) => (id === paramsNodeId ? [] : ancestors(graph, id));
  const up = new Set(chain(a));
  for (const g of chain(b)) if (up.has(g)) return g;
  return null;
}

/** The pipeline as an ELK graph to lay out. */
export function elkGraph(graph: PipelineGraph): ElkBox {
  const root: ElkBox = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '64',
      'elk.spacing.nodeNode': '32',
      'elk.spacing.componentComponent': '64',
    },
    children: [],
    edges: [],
  };
  const boxes = new Map<string | null, ElkBox>([[null, root]]);
  const frame = (id: string): ElkBox => ({
    id,
    layoutOptions: { 'elk.padding': `[top=${frameHeader + framePadding},left=${framePadding},bottom=${framePadding},right=${framePadding}]` },
    children: [],
    edges: [],
  });
  // groups in parent-first order
  const pending = [...graph.groups];
  while (pending.length > 0) {
    const i = pending.findIndex((g) => boxes.has(g.parent));
    if (i < 0) break;
    const [g] = pending.splice(i, 1);
    const box = frame(g!.id);
    boxes.get(g!.parent)!.children!.push(box);
    boxes.set(g!.id, box);
  }
  if (graph.params.length > 0 || Object.keys(graph.rootArtifacts).length > 0) root.children!.push({ id: paramsNodeId, ...paramsSize(graph) });
  for (const n of graph.nodes) (boxes.get(n.parent) ?? root).children!.push({ id: n.id, ...taskSize(n.inputs.length, n.outputs.length) });
  const seen = new Set<string>();
  const link = (id: string, from: string, to: string) => {
    if (from === to || seen.has(`${from}->${to}`)) return;
    seen.add(`${from}->${to}`);
    const holder = boxes.get(commonParent(graph, from, to)) ?? root;
    holder.edges!.push({ id, sources: [from], targets: [to] });
  };
  for (const e of graph.edges) {
    if (e.kind === 'data') link(e.id, endOf(e.from), e.to.node);
    else link(e.id, e.from, e.to);
  }
  return root;
}

/** A grid layout for the time before ELK answers (and a graph ELK could not lay out). */
export function gridLayout(graph: PipelineGraph): Layout {
  const out: Layout = {};
  const place = (parent: ItemId | null, top: number, left: number): { width: number; height: number } => {
    const items: { id: string; size: () => { width: number; height: number } }[] = [];
    if (parent === null && (graph.params.length > 0 || Object.keys(graph.rootArtifacts).length > 0))
      items.push({ id: paramsNodeId, size: () => paramsSize(graph) });
    for (const g of graph.groups) if (g.parent === parent) items.push({ id: g.id, size: () => place(g.id, frameHeader + framePadding, framePadding) });
    for (const n of graph.nodes) if (n.parent === parent) items.push({ id: n.id, size: () => taskSize(n.inputs.length, n.outputs.length) });
    let x = left;
    let height = 0;
    for (const item of items) {
      const s = item.size();
      out[item.id] = { x, y: top, ...s };
      x += s.width + gap;
      height = Math.max(height, s.height);
    }
    return { width: Math.max(taskWidth, x - gap - left) + 2 * left, height: height + top + framePadding };
  };
  place(null, 0, 0);
  return out;
}

/** What the layout depends on (items, their sizes and parents, edge ends): a settings change keeps the layout. */
export function layoutKey(graph: PipelineGraph): string {
  return JSON.stringify([
    paramsSize(graph).height,
    graph.groups.map((g) => [g.id, g.parent]),
    graph.nodes.map((n) => [n.id, n.inputs.length + n.outputs.length]),
    graph.edges.map((e) => (e.kind === 'data' ? [endOf(e.from), e.to.node] : [e.from, e.to])),
  ]);
}
