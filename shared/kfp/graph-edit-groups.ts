// SPDX-License-Identifier: Apache-2.0
/**
 * The builder's control-flow edits, pure like graph-edit.ts: wrap tasks of one DAG in a condition
 * (dsl.If), a loop (dsl.ParallelFor over a list parameter or output, or raw items, with parallelism)
 * or an exit handler (dsl.ExitHandler with its exit task), and add an Elif or Else branch to a
 * condition. Groups are named and their conditions written as the kfp compiler does
 * (`condition-3`, `inputs.parameter_values['pipelinechannel--fit-Output'] > 0.5`, an Elif as
 * `!(previous) && this`); moved tasks get new ids (their path), and dependencies that cross the new
 * frame are lifted to it.
 */
import { AppError } from '../errors';
import { connect, withImpliedDependency } from './graph-edit';
import { Plumbing } from './export-plumbing';
import type { DependencyEdge, Edge, GroupNode, ItemId, PipelineGraph, Source } from './graph-types';
import { collectedFrom } from './graph-typing';
import { ancestors, childId, clone, findGroup, findNode } from './graph-util';
import type { JsonValue } from './ir-types';

/** A comparison the builder offers for If / Elif. */
export interface ConditionSpec {
  left: Source;
  op: '==' | '!=' | '<' | '<=' | '>' | '>=';
  right: JsonValue | { source: Source };
}

const groupPrefixes = /^(?:condition-branches|condition|for-loop|exit-handler)-(\d+)$/;

/** The next group number: the compiler counts all groups of a pipeline together. */
function nextNumber(graph: PipelineGraph): number {
  return 1 + Math.max(0, ...graph.groups.map((g) => Number(groupPrefixes.exec(g.name)?.[1] ?? 0)));
}

function uniqueName(base: string, taken: (n: string) => boolean): string {
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}

function mapSource(s: Source, m: (id: ItemId) => ItemId): Source {
  if (s.kind === 'output' || s.kind === 'final-status') return { ...s, item: m(s.item) };
  if (s.kind === 'loop-item') return { ...s, group: m(s.group) };
  return s;
}

/** Renames item ids everywhere (tasks, groups, edges, plumbing) and recomputes edge ids. */
export function renameIds(graph: PipelineGraph, m: (id: ItemId) => ItemId): PipelineGraph {
  const mp = (p: ItemId | null) => (p === null ? null : m(p));
  const edges: Edge[] = graph.edges.map((e) =>
    e.kind === 'data'
      ? { ...e, id: `${m(e.to.node)}:${e.to.port}`, from: mapSource(e.from, m), to: { node: m(e.to.node), port: e.to.port } }
      : { ...e, id: `dep:${m(e.from)}->${m(e.to)}`, from: m(e.from), to: m(e.to) },
  );
  return {
    ...graph,
    nodes: graph.nodes.map((n) => (m(n.id) === n.id && mp(n.parent) === n.parent ? n : { ...n, id: m(n.id), parent: mp(n.parent) })),
    groups: graph.groups.map((g) => ({
      ...g,
      id: m(g.id),
      parent: mp(g.parent),
      channels: g.channels.map((c) => ({ ...c, source: mapSource(c.source, m) })),
      outputs: g.outputs.map((o) => ({ ...o, from: o.from.map((s) => mapSource(s, m)) })),
    })),
    outputs: graph.outputs.map((o) => ({ ...o, from: o.from.map((s) => mapSource(s, m)) })),
    edges,
  };
}

/** Dependency edges that cross into or out of the frame, lifted to the frame (duplicates merged). */
function liftDependencies(edges: Edge[], tops: Set<ItemId>, group: ItemId): Edge[] {
  const out: Edge[] = [];
  const deps = new Map<string, DependencyEdge>();
  for (const e of edges) {
    if (e.kind !== 'dependency') {
      out.push(e);
      continue;
    }
    const from = tops.has(e.from) && !tops.has(e.to) ? group : e.from;
    const to = tops.has(e.to) && !tops.has(e.from) ? group : e.to;
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

/** Puts items of one DAG into a new group; returns the graph (with the group, no plumbing yet) and the group. */
function wrap(graph: PipelineGraph, ids: ItemId[], kind: GroupNode['kind'], prefix: string, label?: string): { graph: PipelineGraph; group: GroupNode } {
  if (ids.length === 0) throw new AppError('validation', 'Choose the tasks to put in the group');
  const items = ids.map((id) => findNode(graph, id) ?? findGroup(graph, id));
  const missing = ids.find((_, i) => !items[i]);
  if (missing !== undefined) throw new AppError('not-found', `There is no task or group "${missing}" in the pipeline`);
  const parent = items[0]?.parent ?? null;
  if (items.some((i) => (i?.parent ?? null) !== parent)) throw new AppError('validation', 'The tasks to group must be in the same DAG (the same frame)');
  if (parent !== null && findGroup(graph, parent)?.kind === 'condition-branches')
    throw new AppError('validation', 'An If / Elif / Else chain holds only its branches');
  const names = new Set([...graph.nodes, ...graph.groups].map((i) => i.name));
  const name = uniqueName(`${prefix}-${nextNumber(graph)}`, (n) => names.has(n));
  const id = childId(parent, name);
  const comps = new Set([...Object.keys(graph.components), ...graph.groups.map((g) => g.component)]);
  const group: GroupNode = {
    id,
    name,
    parent,
    label: label?.trim() || name,
    kind,
    component: uniqueName(`comp-${name}`, (n) => comps.has(n)),
    channels: [],
    outputs: [],
  };
  const tops = new Set(ids);
  const base = parent === null ? '' : `${parent}/`;
  const moved = (x: ItemId) => tops.has(x) || ids.some((t) => ancestors(graph, x).includes(t));
  const renamed = renameIds(graph, (x) => (moved(x) ? `${id}/${x.slice(base.length)}` : x));
  const newTops = new Set(ids.map((t) => `${id}/${t.slice(base.length)}`));
  const next: PipelineGraph = {
    ...renamed,
    nodes: renamed.nodes.map((n) => (newTops.has(n.id) ? { ...n, parent: id } : n)),
    groups: [...renamed.groups.map((g) => (newTops.has(g.id) ? { ...g, parent: id } : g)), group],
    edges: liftDependencies(renamed.edges, newTops, id),
  };
  return { graph: next, group };
}

function literal(v: JsonValue): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new AppError('validation', 'A condition compares with a string, a number or a boolean');
}

/** The CEL text of a comparison, adding the channels it reads to the group. */
function conditionText(graph: PipelineGraph, group: GroupNode, c: ConditionSpec): string {
  const plumbing = new Plumbing(graph);
  const operand = (s: Source) => {
    const t = collectedFrom(graph, s, group.parent);
    if (!t) throw new AppError('not-found', 'The condition compares a value that is not in the pipeline');
    if (t.io !== 'parameter') throw new AppError('validation', 'A condition compares parameters, not artifacts');
    return `inputs.parameter_values['${plumbing.channel(group.id, s, 'parameter').name}']`;
  };
  const right =
    typeof c.right === 'object' && c.right !== null && !Array.isArray(c.right) && 'source' in c.right
      ? operand(c.right.source as Source)
      : literal(c.right as JsonValue);
  return `${operand(c.left)} ${c.op} ${right}`;
}

/** The dependencies a condition's task outputs imply (the group waits for their producers). */
function withOperandDependencies(graph: PipelineGraph, group: ItemId, c: ConditionSpec): PipelineGraph {
  let g = withImpliedDependency(graph, c.left, group);
  if (typeof c.right === 'object' && c.right !== null && !Array.isArray(c.right) && 'source' in c.right)
    g = withImpliedDependency(g, c.right.source as Source, group);
  return g;
}

/** Wraps tasks of one DAG in `dsl.If(condition)`; returns the graph and the condition group's id. */
export function wrapInCondition(graph: PipelineGraph, ids: ItemId[], condition: ConditionSpec, label?: string): { graph: PipelineGraph; id: ItemId } {
  const { graph: g, group } = wrap(graph, ids, 'condition', 'condition', label);
  group.trigger = { condition: conditionText(g, group, condition) };
  return { graph: withOperandDependencies(g, group.id, condition), id: group.id };
}

/** Wraps tasks of one DAG in `dsl.ParallelFor(items, parallelism)`: over a list parameter or output, or raw items. */
export function wrapInLoop(
  graph: PipelineGraph,
  ids: ItemId[],
  items: { source: Source } | { raw: JsonValue[] },
  parallelism?: number,
  label?: string,
): { graph: PipelineGraph; id: ItemId } {
  if (parallelism !== undefined && (!Number.isInteger(parallelism) || parallelism < 1))
    throw new AppError('validation', 'Parallelism must be a whole number of at least 1', 'parallelism');
  const { graph: g, group } = wrap(graph, ids, 'loop', 'for-loop', label);
  const item: Source = { kind: 'loop-item', group: group.id };
  if ('source' in items) {
    const t = collectedFrom(g, items.source, group.parent);
    if (!t) throw new AppError('not-found', 'The loop’s items are not in the pipeline');
    if (t.io !== 'parameter') throw new AppError('validation', 'A loop over artifacts is not supported by the builder');
    if (t.parameterType !== undefined && t.parameterType !== 'LIST') throw new AppError('validation', `A loop needs a list; this is ${t.parameterType}`);
    const list = new Plumbing(g).channel(group.id, items.source, 'parameter');
    const itemInput = `${list.name}-loop-item`;
    group.channels.push({ name: itemInput, io: 'parameter', spec: { parameterType: 'STRING' }, source: item });
    group.iterator = { io: 'parameter', itemInput, items: { channel: list.name } };
  } else {
    if (items.raw.length === 0) throw new AppError('validation', 'A loop needs at least one item');
    const objects = items.raw.every((x) => typeof x === 'object' && x !== null && !Array.isArray(x));
    const itemInput = `pipelinechannel--loop-item-param-${nextNumber(graph)}`;
    group.channels.push({ name: itemInput, io: 'parameter', spec: { parameterType: objects ? 'STRUCT' : 'STRING' }, source: item });
    group.iterator = { io: 'parameter', itemInput, items: { raw: JSON.stringify(items.raw) } };
  }
  if (parallelism !== undefined) group.iterator.parallelism = parallelism;
  return { graph: 'source' in items ? withImpliedDependency(g, items.source, group.id) : g, id: group.id };
}

/** Wraps tasks in `dsl.ExitHandler(exitTask)`: the exit task runs after them whatever happens, with their final status. */
export function wrapInExitHandler(graph: PipelineGraph, ids: ItemId[], exitTask: ItemId, label?: string): { graph: PipelineGraph; id: ItemId } {
  const exit = findNode(graph, exitTask);
  if (!exit) throw new AppError('not-found', `There is no task "${exitTask}" in the pipeline`);
  if (ids.includes(exitTask)) throw new AppError('validation', 'The exit task runs after the group: it cannot be inside it');
  if (
    graph.edges.some(
      (e) =>
        (e.kind === 'dependency' && e.to === exitTask) ||
        (e.kind === 'data' && e.to.node === exitTask && (e.from.kind === 'output' || e.from.kind === 'final-status')),
    )
  )
    throw new AppError('validation', 'An exit task cannot depend on other tasks (the kfp SDK refuses it)');
  const { graph: g, group } = wrap(graph, ids, 'exit-handler', 'exit-handler', label);
  if (exit.parent !== group.parent) throw new AppError('validation', 'The exit task must be in the same DAG as the tasks it follows');
  let next: PipelineGraph = {
    ...g,
    nodes: g.nodes.map((n) => (n.id === exitTask ? { ...n, trigger: { strategy: 'ALL_UPSTREAM_TASKS_COMPLETED' as const } } : n)),
  };
  const status = exit.inputs.find((p) => p.parameterType === 'TASK_FINAL_STATUS');
  if (status) next = connect(next, { kind: 'final-status', item: group.id }, { node: exitTask, port: status.name });
  else next = { ...next, edges: [...next.edges, { kind: 'dependency', id: `dep:${group.id}->${exitTask}`, from: group.id, to: exitTask, explicit: true }] };
  return { graph: next, id: group.id };
}

/** The positive condition of each branch of a chain, recovered from the compiler's `!(…) && this` texts. */
function positives(branches: GroupNode[]): (string | undefined)[] {
  const out: (string | undefined)[] = [];
  for (const b of branches) {
    const text = b.trigger?.condition ?? '';
    const prefix = out.map((p) => `!(${p ?? ''})`).join(' && ');
    out.push(out.length === 0 ? text : text.startsWith(`${prefix} && `) ? text.slice(prefix.length + 4) : text === prefix ? undefined : text);
  }
  return out;
}

/** Adds an Elif (with a condition) or the Else to the If / Elif chain of condition group `ifId`. */
export function addBranch(graph: PipelineGraph, ifId: ItemId, condition: ConditionSpec | 'else', label?: string): { graph: PipelineGraph; id: ItemId } {
  const first = findGroup(graph, ifId);
  if (first?.kind !== 'condition') throw new AppError('validation', `"${ifId}" is not a condition`);
  let g = graph;
  let chain = first.parent === null ? undefined : findGroup(g, first.parent);
  if (chain?.kind !== 'condition-branches') {
    const wrapped = wrap(g, [ifId], 'condition-branches', 'condition-branches');
    g = wrapped.graph;
    chain = wrapped.group;
  }
  const branches = g.groups.filter((x) => x.parent === chain.id && x.kind === 'condition');
  const pos = positives(branches);
  if (pos.some((p) => p === undefined)) throw new AppError('validation', 'The chain already ends with an Else');
  const names = new Set([...g.nodes, ...g.groups].map((i) => i.name));
  const name = uniqueName(`condition-${nextNumber(g)}`, (n) => names.has(n));
  const comps = new Set([...Object.keys(g.components), ...g.groups.map((x) => x.component)]);
  const group: GroupNode = {
    id: childId(chain.id, name),
    name,
    parent: chain.id,
    label: label?.trim() || name,
    kind: 'condition',
    component: uniqueName(`comp-${name}`, (n) => comps.has(n)),
    channels: [],
    outputs: [],
  };
  // the earlier branches' conditions read these channels: the new branch takes the same ones
  for (const b of branches)
    for (const c of b.channels)
      if (b.trigger?.condition?.includes(`'${c.name}'`) && !group.channels.some((x) => x.name === c.name)) group.channels.push(clone(c));
  g = { ...g, groups: [...g.groups, group] };
  const negated = pos.map((p) => `!(${p ?? ''})`).join(' && ');
  group.trigger = { condition: condition === 'else' ? negated : `${negated} && ${conditionText(g, group, condition)}` };
  return { graph: condition === 'else' ? g : withOperandDependencies(g, group.id, condition), id: group.id };
}

/** Renames a group's display name or changes a loop's parallelism (null: no limit). */
export function setGroupSettings(graph: PipelineGraph, id: ItemId, patch: { label?: string; parallelism?: number | null }): PipelineGraph {
  const g = findGroup(graph, id);
  if (!g) throw new AppError('not-found', `There is no group "${id}" in the pipeline`);
  const next: GroupNode = { ...g };
  if (patch.label !== undefined) {
    if (!patch.label.trim()) throw new AppError('validation', 'The display name cannot be empty', 'label');
    next.label = patch.label.trim();
  }
  if (patch.parallelism !== undefined) {
    if (!g.iterator) throw new AppError('validation', `"${g.label}" is not a loop`, 'parallelism');
    const iterator = { ...g.iterator };
    if (patch.parallelism === null) delete iterator.parallelism;
    else if (!Number.isInteger(patch.parallelism) || patch.parallelism < 1)
      throw new AppError('validation', 'Parallelism must be a whole number of at least 1', 'parallelism');
    else iterator.parallelism = patch.parallelism;
    next.iterator = iterator;
  }
  return { ...graph, groups: graph.groups.map((x) => (x.id === id ? next : x)) };
}
