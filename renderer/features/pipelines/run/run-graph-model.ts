// SPDX-License-Identifier: Apache-2.0
/**
 * The run graph's view model: the pipeline graph (shared/kfp) with each task's and group's state
 * from the run's placed tasks. A task inside a ParallelFor runs once per iteration: its box counts
 * the iterations by state and shows the worst. A collapsed group is one box standing for all it
 * holds, and edges to what it holds end at it. A sub-pipeline task is a group of its own tasks
 * (ids `<task>/<inner id>`, as the run's tasks are placed). Pure.
 */
import type { RunState, RunTask } from '../../../../shared/features/pipelines/run-details.contract';
import type { ItemId, PipelineGraph, Source } from '../../../../shared/kfp/graph-types';
import { subPipelineGraph } from '../../../../shared/kfp/graph-view';

/** A state as a box shows it: KFP's, or not started yet. */
export type ItemState = RunState | 'NOT_STARTED';

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
  /** How many of its instances (one per loop iteration) are in each state. */
  counts: Partial<Record<ItemState, number>>;
  /** Its instances (more than one inside a loop). */
  instances: number;
  /** Why it failed (the first failed instance's message). */
  message: string;
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

/** Which state speaks for several: the worst first. */
const PRECEDENCE: ItemState[] = [
  'FAILED',
  'CANCELING',
  'CANCELED',
  'RUNNING',
  'PENDING',
  'PAUSED',
  'NOT_STARTED',
  'RUNTIME_STATE_UNSPECIFIED',
  'SUCCEEDED',
  'SKIPPED',
];

/** The state several instances show together (all skipped: skipped; some succeeded, rest skipped: succeeded). */
export function combinedState(states: readonly ItemState[]): ItemState {
  if (states.length === 0) return 'NOT_STARTED';
  const set = new Set(states);
  if (set.has('SUCCEEDED') && [...set].every((s) => s === 'SUCCEEDED' || s === 'SKIPPED')) return 'SUCCEEDED';
  for (const s of PRECEDENCE) if (set.has(s)) return s;
  return 'NOT_STARTED';
}

/** The instances of each graph item: its nodes (by iterations), or its driver while the node is not there yet. */
export function instancesByItem(tasks: readonly RunTask[]): Map<ItemId, { state: ItemState; message: string; iterations: number[] }[]> {
  const nodes = new Map<string, { state: ItemState; message: string; iterations: number[] }>();
  const drivers = new Map<string, { state: ItemState; iterations: number[] }>();
  for (const t of tasks) {
    if (!t.graphId) continue;
    const key = `${t.graphId}|${t.iterations.join(',')}`;
    if (t.role === 'node') nodes.set(key, { state: t.state, message: t.message, iterations: t.iterations });
    else if (t.role === 'driver') drivers.set(key, { state: t.state, iterations: t.iterations });
  }
  // a driver done but its node not yet listed: the task is about to start
  for (const [key, d] of drivers)
    if (!nodes.has(key))
      nodes.set(key, { state: d.state === 'FAILED' ? 'FAILED' : d.state === 'SUCCEEDED' ? 'PENDING' : d.state, message: '', iterations: d.iterations });
  const out = new Map<ItemId, { state: ItemState; message: string; iterations: number[] }[]>();
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
  for (const g of graph.groups) items.push({ id: id(g.id), parent: up(g.parent), kind: 'group', groupKind: g.kind, label: g.label || g.name });
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

/**
 * The run graph: every box with its state; groups in `collapsed` drawn as one box.
 * @param tasks - the run's placed tasks
 */
export function runGraphView(shape: RunShape, tasks: readonly RunTask[], collapsed: ReadonlySet<ItemId>): RunGraphView {
  const byItem = instancesByItem(tasks);
  const parentOf = new Map<ItemId, ItemId | null>(shape.items.map((i) => [i.id, i.parent]));
  /** The box an item is drawn in: itself, or its outermost collapsed ancestor. */
  const visible = (id: ItemId): ItemId => {
    let shown = id;
    for (let p = parentOf.get(id) ?? null; p !== null; p = parentOf.get(p) ?? null) if (collapsed.has(p)) shown = p;
    return shown;
  };
  const inside = (id: ItemId, group: ItemId) => {
    for (let p = parentOf.get(id) ?? null; p !== null; p = parentOf.get(p) ?? null) if (p === group) return true;
    return false;
  };
  const item = (it: ShapeItem): RunItem => {
    const own = byItem.get(it.id) ?? [];
    let states: ItemState[] = own.map((i) => i.state);
    const isCollapsed = it.kind === 'group' && collapsed.has(it.id);
    // a collapsed group with no node of its own yet speaks for what it holds
    if (isCollapsed && states.length === 0)
      states = [...byItem.entries()].filter(([other]) => inside(other, it.id)).flatMap(([, list]) => list.map((i) => i.state));
    const counts: Partial<Record<ItemState, number>> = {};
    for (const st of states) counts[st] = (counts[st] ?? 0) + 1;
    return { ...it, collapsed: isCollapsed, state: combinedState(states), counts, instances: own.length, message: own.find((i) => i.message)?.message ?? '' };
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
