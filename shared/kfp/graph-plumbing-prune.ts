// SPDX-License-Identifier: Apache-2.0
/**
 * After an edge is removed, drops the group plumbing that only carried its source: a group's
 * `pipelinechannel--…` input with that source that nothing inside the group uses any more (no task
 * input, no nested group's input, not the group's condition or loop items), and a group output with
 * that source that no consumer outside the group takes. Other plumbing is left as it was, so an
 * imported spec changes only where the user edited it.
 */
import type { GroupNode, ItemId, PipelineGraph, Source } from './graph-types';
import { ancestors, sameSource } from './graph-util';

function inside(graph: PipelineGraph, id: ItemId, group: ItemId): boolean {
  return ancestors(graph, id).includes(group);
}

/** Is channel `name` (source `s`) of group `g` still needed? */
export function channelNeeded(graph: PipelineGraph, g: GroupNode, name: string, s: Source): boolean {
  const it = g.iterator;
  if (it && (it.itemInput === name || ('channel' in it.items && it.items.channel === name))) return true;
  if (g.trigger?.condition?.includes(`'${name}'`)) return true;
  if (graph.edges.some((e) => e.kind === 'data' && sameSource(e.from, s) && inside(graph, e.to.node, g.id))) return true;
  return graph.groups.some((h) => h.parent === g.id && h.channels.some((c) => sameSource(c.source, s)));
}

/** Drops the channels and outputs that only carried `source` and are no longer used. */
export function pruneAfterDisconnect(graph: PipelineGraph, source: Source): PipelineGraph {
  let groups = graph.groups;
  // innermost first, so an outer group sees its inner groups' channels already pruned
  const order = [...groups].sort((a, b) => ancestors(graph, b.id).length - ancestors(graph, a.id).length).map((g) => g.id);
  for (const id of order) {
    const g = groups.find((x) => x.id === id);
    if (!g) continue;
    const view = { ...graph, groups };
    const channels = g.channels.filter((c) => !sameSource(c.source, source) || channelNeeded(view, g, c.name, c.source));
    const outputs = g.outputs.filter(
      (o) =>
        !o.from.some((s) => sameSource(s, source)) ||
        graph.edges.some((e) => e.kind === 'data' && sameSource(e.from, source) && !inside(graph, e.to.node, g.id)) ||
        groups.some((h) => !inside(graph, h.id, g.id) && h.id !== g.id && h.channels.some((c) => sameSource(c.source, source))),
    );
    if (channels.length !== g.channels.length || outputs.length !== g.outputs.length)
      groups = groups.map((x) => (x.id === id ? { ...g, channels, outputs } : x));
  }
  return groups === graph.groups ? graph : { ...graph, groups };
}
