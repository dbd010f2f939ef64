// SPDX-License-Identifier: Apache-2.0
/**
 * Moving tasks (or groups) of one DAG into an existing group (an If / Elif / Else branch, a
 * ParallelFor, an exit handler) or out of one, pure like the other edits. The moved items get
 * new ids (their path); their values keep flowing from the same sources, so the plumbing through
 * the groups is what the export derives as the kfp compiler names it (`pipelinechannel--…` inputs,
 * DAG outputs), and plumbing that only served the old place is dropped. Dependencies are lifted to
 * the items that stand for their ends in their common DAG, as the compiler writes `dependentTasks`.
 * A move that would break the pipeline (a value used out of its scope, a type the new place
 * changes, a cycle, a condition or loop reading a task moved inside it, an exit task leaving its
 * handler) is refused with the reason.
 */
import { AppError } from '../errors';
import { renameIds } from './graph-edit-groups';
import { channelNeeded } from './graph-plumbing-prune';
import type { DependencyEdge, Edge, GroupNode, ItemId, PipelineGraph, Source } from './graph-types';
import { ancestors, childId, findGroup, findNode } from './graph-util';
import { checkGraph, type GraphProblem } from './pipeline-check';

/** The item a source comes from, if any. */
function itemOf(s: Source): ItemId | undefined {
  return s.kind === 'output' || s.kind === 'final-status' ? s.item : s.kind === 'loop-item' ? s.group : undefined;
}

/** The deepest group holding both items (null: the root DAG). */
function commonScope(graph: PipelineGraph, a: ItemId, b: ItemId): ItemId | null {
  const up = new Set(ancestors(graph, a));
  return ancestors(graph, b).find((g) => up.has(g)) ?? null;
}

function within(graph: PipelineGraph, id: ItemId, group: ItemId): boolean {
  return id === group || ancestors(graph, id).includes(group);
}

/** Each dependency lifted to the items that stand for its ends in their common DAG (duplicates merged, self-loops refused). */
function liftAll(graph: PipelineGraph): Edge[] {
  const out: Edge[] = [];
  const deps = new Map<string, DependencyEdge>();
  for (const e of graph.edges) {
    if (e.kind !== 'dependency') {
      out.push(e);
      continue;
    }
    if (within(graph, e.to, e.from) || within(graph, e.from, e.to)) {
      const inner = within(graph, e.to, e.from) ? e.to : e.from;
      const outer = inner === e.to ? e.from : e.to;
      const label = (id: ItemId) => findNode(graph, id)?.label ?? findGroup(graph, id)?.label ?? id;
      throw new AppError('validation', `"${label(inner)}" would be inside "${label(outer)}", which it is ordered with`);
    }
    const scope = commonScope(graph, e.from, e.to);
    const rep = (id: ItemId) => {
      const chain = [id, ...ancestors(graph, id)];
      return chain.find((x) => ((findNode(graph, x) ?? findGroup(graph, x))?.parent ?? null) === scope) ?? id;
    };
    const from = rep(e.from);
    const to = rep(e.to);
    const id = `dep:${from}->${to}`;
    const seen = deps.get(id);
    if (seen) seen.explicit ||= e.explicit;
    else {
      const d: DependencyEdge = { kind: 'dependency', id, from, to, explicit: e.explicit };
      deps.set(id, d);
      out.push(d);
    }
  }
  return out;
}

/** Drops plumbing that the move left wrong or unused: channels of a group fed from inside it, outputs fed from outside it, and unused ones of moved sources. */
function prunePlumbing(graph: PipelineGraph, touched: (s: Source) => boolean): PipelineGraph {
  const groups = graph.groups.map((g): GroupNode => {
    const channels = g.channels.filter((c) => {
      const item = itemOf(c.source);
      if (c.source.kind !== 'loop-item' && item !== undefined && within(graph, item, g.id)) return false;
      return !touched(c.source) || channelNeeded(graph, g, c.name, c.source);
    });
    const outputs = g.outputs.filter((o) => {
      if (o.from.some((s) => itemOf(s) === undefined || !within(graph, itemOf(s)!, g.id))) return false;
      if (!o.from.some(touched)) return true;
      return graph.edges.some((e) => e.kind === 'data' && o.from.some((s) => sameItemSource(s, e.from)) && !within(graph, e.to.node, g.id));
    });
    return channels.length === g.channels.length && outputs.length === g.outputs.length ? g : { ...g, channels, outputs };
  });
  return { ...graph, groups };
}

function sameItemSource(a: Source, b: Source): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const key = (p: GraphProblem) => `${p.code}|${p.node ?? ''}|${p.port ?? ''}|${p.message}`;

/**
 * Moves tasks or groups of one DAG into group `target` (null: the root DAG); returns the graph and
 * the moved items' new ids, in the order given.
 */
export function moveItems(graph: PipelineGraph, ids: ItemId[], target: ItemId | null): { graph: PipelineGraph; ids: ItemId[] } {
  if (ids.length === 0) throw new AppError('validation', 'Choose the tasks to move');
  const items = ids.map((id) => findNode(graph, id) ?? findGroup(graph, id));
  const missing = ids.find((_, i) => !items[i]);
  if (missing !== undefined) throw new AppError('not-found', `There is no task or group "${missing}" in the pipeline`);
  const from = items[0]!.parent;
  if (items.some((i) => i!.parent !== from)) throw new AppError('validation', 'The tasks to move must be in the same DAG (the same frame)');
  const dest = target === null ? undefined : findGroup(graph, target);
  if (target !== null && !dest) throw new AppError('not-found', `There is no group "${target}" to move into`);
  const destName = dest?.label ?? 'the pipeline';
  if (from === target) throw new AppError('validation', `Already in ${dest ? `"${destName}"` : destName}`);
  if (dest?.kind === 'condition-branches') throw new AppError('validation', 'An If / Elif / Else chain holds only its branches: move the tasks into a branch');
  if (target !== null && ids.some((id) => within(graph, target, id))) throw new AppError('validation', 'A group cannot be moved into itself');
  if (from !== null && findGroup(graph, from)?.kind === 'condition-branches')
    throw new AppError('validation', 'A branch of an If / Elif / Else chain stays in its chain: move the tasks inside it instead');
  for (const i of items) {
    const n = findNode(graph, i!.id);
    if (n?.trigger?.strategy === 'ALL_UPSTREAM_TASKS_COMPLETED')
      throw new AppError('validation', `"${n.label}" is an exit task: it stays beside its exit handler`);
  }
  const taken = new Set([...graph.nodes, ...graph.groups].filter((i) => i.parent === target).map((i) => i.name));
  const clash = items.find((i) => taken.has(i!.name));
  if (clash) throw new AppError('conflict', `${dest ? `"${destName}"` : 'The pipeline'} already has a task named "${clash.name}"`);

  // a condition or loop around the destination must not read a value of a task moved inside it
  const moving = (x: ItemId) => ids.some((id) => within(graph, x, id));
  for (let g = dest; g; g = g.parent === null ? undefined : findGroup(graph, g.parent)) {
    for (const c of g.channels) {
      const item = itemOf(c.source);
      if (item === undefined || c.source.kind === 'loop-item' || !moving(item)) continue;
      const iter = g.iterator && 'channel' in g.iterator.items ? g.iterator.items.channel : undefined;
      if (c.name === iter) throw new AppError('validation', `The loop "${g.label}" iterates over a value of a task being moved: it must run before the loop`);
      if (g.trigger?.condition?.includes(`'${c.name}'`))
        throw new AppError('validation', `The condition of "${g.label}" reads a value of a task being moved: it must run before the condition`);
    }
  }

  // an item leaving a group keeps the order the group's `.after()`s gave it
  const staying = new Set(target === null ? [] : [target, ...ancestors(graph, target)]);
  const left = new Set(ancestors(graph, ids[0]!).filter((a) => !staying.has(a)));
  const carried: Edge[] = [];
  for (const e of graph.edges) {
    if (e.kind !== 'dependency' || !e.explicit) continue;
    for (const id of ids) {
      if (left.has(e.to) && !within(graph, e.from, id)) carried.push({ kind: 'dependency', id: `dep:${e.from}->${id}`, from: e.from, to: id, explicit: true });
      if (left.has(e.from) && !within(graph, e.to, id)) carried.push({ kind: 'dependency', id: `dep:${id}->${e.to}`, from: id, to: e.to, explicit: true });
    }
  }
  const base = from === null ? '' : `${from}/`;
  const m = (x: ItemId) => (moving(x) ? childId(target, x.slice(base.length)) : x);
  const renamed = renameIds({ ...graph, edges: [...graph.edges, ...carried] }, m);
  const tops = new Set(ids.map((id) => childId(target, id.slice(base.length))));
  const placed: PipelineGraph = {
    ...renamed,
    nodes: renamed.nodes.map((n) => (tops.has(n.id) ? { ...n, parent: target } : n)),
    groups: renamed.groups.map((g) => (tops.has(g.id) ? { ...g, parent: target } : g)),
  };
  const lifted: PipelineGraph = { ...placed, edges: liftAll(placed) };
  const movedNow = (x: ItemId | undefined) => x !== undefined && [...tops].some((t) => within(lifted, x, t));
  const touched = (s: Source) => movedNow(itemOf(s)) || lifted.edges.some((e) => e.kind === 'data' && movedNow(e.to.node) && sameItemSource(e.from, s));
  const next = prunePlumbing(lifted, touched);

  const before = new Set(checkGraph(graph).map((p) => key({ ...p, ...(p.node !== undefined ? { node: m(p.node) } : {}) })));
  const worse = checkGraph(next).find((p) => p.code !== 'required-input' && !before.has(key(p)));
  if (worse) throw new AppError('validation', `Cannot move into ${dest ? `"${destName}"` : destName}: ${worse.message}`);
  return { graph: next, ids: ids.map(m) };
}
