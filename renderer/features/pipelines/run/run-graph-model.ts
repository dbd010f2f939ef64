// SPDX-License-Identifier: Apache-2.0
/**
 * The run graph's view model: the pipeline graph (shared/kfp) with each task's and group's state
 * from the run's placed tasks. A task inside a ParallelFor runs once per iteration: its box counts
 * the iterations by state and shows the worst. A collapsed group is one box standing for all it
 * holds, and edges to what it holds end at it. A sub-pipeline task is a group of its own tasks
 * (ids `<task>/<inner id>`, as the run's tasks are placed). A loop frame shows all its iterations or
 * one picked (run-loops.ts); a task KFP served from its cache is counted as cached. Pure.
 */
import type { RunTask } from '../../../../shared/features/pipelines/run-details.contract';
import type { ItemId, PipelineGraph, Source } from '../../../../shared/kfp/graph-types';
import { subPipelineGraph } from '../../../../shared/kfp/graph-view';
import { fitsPicks, loopChains, loopView, rawItemCount, type LoopPicks, type LoopView } from './run-loops';
import { combinedState, type ItemState } from './run-states';

export { combinedState, type ItemState } from './run-states';

/** A box of the run graph. */
export interface RunItem {
  id: ItemId;
  kind: 'task' | 'group';
  /** `loop`, `condition`, … for groups. */
  groupKind: string;
  label: string;
  /** The visible frame holding it (null: the root). */
  parent: ItemId | null;
  /** A group drawn as one box. */
  collapsed: boolean;
  state: ItemState;
  /** How many of its instances (one per loop iteration shown) are in each state. */
  counts: Partial<Record<ItemState, number>>;
  /** Its instances shown (more than one inside a loop showing all its iterations). */
  instances: number;
  /** How many of them KFP served from its cache (absent: none). */
  cached?: number;
  /** Why it failed (the first failed instance's message). */
  message: string;
  /** A ParallelFor: its iterations and the one picked. */
  loop?: LoopView;
}

/** An edge between boxes. */
export interface RunEdge {
  id: string;
  from: ItemId;
  to: ItemId;
}

/** What the run graph draws. */
export interface RunGraphView {
  items: RunItem[];
  edges: RunEdge[];
}

/** One run of a graph item: in a loop iteration, or the only one. */
export interface ItemInstance {
  state: ItemState;
  message: string;
  iterations: number[];
  cached: boolean;
}

/** The instances of each graph item: its nodes (by iterations), or its driver while the node is not there yet. */
export function instancesByItem(tasks: readonly RunTask[]): Map<ItemId, ItemInstance[]> {
  const nodes = new Map<string, ItemInstance>();
  const drivers = new Map<string, { state: ItemState; iterations: number[] }>();
  for (const t of tasks) {
    if (!t.graphId) continue;
    const key = `${t.graphId}|${t.iterations.join(',')}`;
    if (t.role === 'node') nodes.set(key, { state: t.state, message: t.message, iterations: t.iterations, cached: t.cached === true });
    else if (t.role === 'driver') drivers.set(key, { state: t.state, iterations: t.iterations });
  }
  // a driver done but its node not yet listed: the task is about to start
  for (const [key, d] of drivers)
    if (!nodes.has(key))
      nodes.set(key, {
        state: d.state === 'FAILED' ? 'FAILED' : d.state === 'SUCCEEDED' ? 'PENDING' : d.state,
        message: '',
        iterations: d.iterations,
        cached: false,
      });
  const out = new Map<ItemId, ItemInstance[]>();
  for (const [key, v] of nodes) {
    const id = key.slice(0, key.lastIndexOf('|'));
    out.set(id, [...(out.get(id) ?? []), v]);
  }
  for (const list of out.values()) list.sort((a, b) => compareIterations(a.iterations, b.iterations));
  return out;
}

/** Orders iteration paths ([0], [1], [2, 0] …). */
export function compareIterations(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** The item a source comes from, if any. */
function sourceItem(s: Source): ItemId | undefined {
  if (s.kind === 'output' || s.kind === 'final-status') return s.item;
  if (s.kind === 'loop-item') return s.group;
  return undefined;
}

/** A box before states: a task or a group (a control-flow group or a sub-pipeline). */
export interface ShapeItem {
  id: ItemId;
  parent: ItemId | null;
  kind: 'task' | 'group';
  groupKind: string;
  label: string;
  /** A loop: how many items its list has, when known before it runs (a constant list, a pipeline parameter's default or the run's value). */
  iterationCount?: number;
  /** A loop over a pipeline parameter: its name (the run's value of it gives the count). */
  iterationParam?: string;
}

/** The boxes and edges of a pipeline, sub-pipelines opened. */
export interface RunShape {
  items: ShapeItem[];
  edges: { from: ItemId; to: ItemId }[];
}

/** The run graph's boxes of a pipeline graph, sub-pipelines (up to 5 deep) drawn as groups of their tasks. */
export function runShape(
  graph: PipelineGraph,
  prefix = '',
  parent: ItemId | null = null,
  depth = 0,
  /** Sub-pipeline graphs by component (ten tasks of one sub-pipeline are built once). */
  built = new Map<string, PipelineGraph>(),
): RunShape {
  const items: ShapeItem[] = [];
  const edges: RunShape['edges'] = [];
  const id = (x: ItemId) => `${prefix}${x}`;
  const up = (p: ItemId | null) => (p === null ? parent : id(p));
  for (const g of graph.groups) {
    const list = g.iterator?.items;
    const channel = list && 'channel' in list ? g.channels.find((c) => c.name === list.channel)?.source : undefined;
    // a parameter of the pipeline run (not of a sub-pipeline's own inputs)
    const param = depth === 0 && channel?.kind === 'param' ? channel.name : undefined;
    const dflt = param ? graph.params.find((p) => p.name === param)?.defaultValue : undefined;
    const count = list && 'raw' in list ? rawItemCount(list.raw) : Array.isArray(dflt) ? dflt.length : undefined;
    items.push({
      id: id(g.id),
      parent: up(g.parent),
      kind: 'group',
      groupKind: g.kind,
      label: g.label || g.name,
      ...(count !== undefined ? { iterationCount: count } : {}),
      ...(param ? { iterationParam: param } : {}),
    });
  }
  for (const n of graph.nodes) {
    let inner: PipelineGraph | undefined;
    if (n.kind === 'pipeline' && depth < 5) {
      inner = built.get(n.component) ?? subPipelineGraph(graph, n.id);
      built.set(n.component, inner);
    }
    items.push({ id: id(n.id), parent: up(n.parent), kind: inner ? 'group' : 'task', groupKind: inner ? 'pipeline' : '', label: n.label || n.name });
    if (inner) {
      const sub = runShape(inner, `${id(n.id)}/`, id(n.id), depth + 1, built);
      items.push(...sub.items);
      edges.push(...sub.edges);
    }
  }
  for (const e of graph.edges) {
    if (e.kind === 'dependency') edges.push({ from: id(e.from), to: id(e.to) });
    else {
      const from = sourceItem(e.from);
      if (from) edges.push({ from: id(from), to: id(e.to.node) });
    }
  }
  return { items, edges };
}

/** The shape with each loop over a pipeline parameter counted from the run's value of it (the same shape when that changes nothing). */
export function withRunCounts(shape: RunShape, parameters: readonly { name: string; value: string }[]): RunShape {
  if (!shape.items.some((i) => i.iterationParam)) return shape;
  const values = new Map(parameters.map((p) => [p.name, p.value]));
  let changed = false;
  const items = shape.items.map((i) => {
    const n = i.iterationParam ? rawItemCount(values.get(i.iterationParam)) : undefined;
    if (n === undefined || n === i.iterationCount) return i;
    changed = true;
    return { ...i, iterationCount: n };
  });
  return changed ? { ...shape, items } : shape;
}

/**
 * The run graph: every box with its state; groups in `collapsed` drawn as one box; a loop with an
 * iteration picked shows that iteration's states (its boxes and everything inside it).
 * @param tasks - the run's placed tasks
 */
export function runGraphView(shape: RunShape, tasks: readonly RunTask[], collapsed: ReadonlySet<ItemId>, picks: LoopPicks = new Map()): RunGraphView {
  const byItem = instancesByItem(tasks);
  const chains = loopChains(shape.items);
  const parentOf = new Map<ItemId, ItemId | null>(shape.items.map((i) => [i.id, i.parent]));
  const shown = (id: ItemId): ItemInstance[] => {
    const all = byItem.get(id) ?? [];
    const chain = chains.get(id) ?? [];
    return chain.some((l) => picks.has(l)) ? all.filter((i) => fitsPicks(i.iterations, chain, picks)) : all;
  };
  /** The box an item is drawn in: itself, or its outermost collapsed ancestor. */
  const visible = (id: ItemId): ItemId => {
    let at = id;
    for (let p = parentOf.get(id) ?? null; p !== null; p = parentOf.get(p) ?? null) if (collapsed.has(p)) at = p;
    return at;
  };
  const inside = (id: ItemId, group: ItemId) => {
    for (let p = parentOf.get(id) ?? null; p !== null; p = parentOf.get(p) ?? null) if (p === group) return true;
    return false;
  };
  const item = (it: ShapeItem): RunItem => {
    const own = shown(it.id);
    let states: ItemState[] = own.map((i) => i.state);
    const isCollapsed = it.kind === 'group' && collapsed.has(it.id);
    const loop = it.kind === 'group' && it.groupKind === 'loop' ? loopView(it.id, chains.get(it.id) ?? [], tasks, picks, it.iterationCount) : undefined;
    // a loop with an iteration picked is in that iteration's state
    if (loop && loop.picked !== null) states = [loop.iterations.find((i) => i.index === loop.picked)?.state ?? 'NOT_STARTED'];
    // a collapsed group with no node of its own yet speaks for what it holds
    else if (isCollapsed && states.length === 0)
      states = [...byItem.keys()].filter((other) => inside(other, it.id)).flatMap((other) => shown(other).map((i) => i.state));
    const counts: Partial<Record<ItemState, number>> = {};
    for (const st of states) counts[st] = (counts[st] ?? 0) + 1;
    return {
      ...it,
      collapsed: isCollapsed,
      state: combinedState(states),
      counts,
      instances: own.length,
      cached: own.filter((i) => i.cached).length,
      message: own.find((i) => i.message)?.message ?? '',
      ...(loop ? { loop } : {}),
    };
  };
  const items = shape.items.filter((i) => visible(i.id) === i.id).map(item);
  const edges: RunEdge[] = [];
  const seen = new Set<string>();
  for (const e of shape.edges) {
    const a = visible(e.from);
    const b = visible(e.to);
    if (a === b || inside(b, a) || inside(a, b) || seen.has(`${a}->${b}`)) continue;
    seen.add(`${a}->${b}`);
    edges.push({ id: `${a}->${b}`, from: a, to: b });
  }
  return { items, edges };
}
