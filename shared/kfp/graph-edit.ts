// SPDX-License-Identifier: Apache-2.0
/**
 * The builder's edits of a pipeline graph, as pure functions that return a new graph (unchanged
 * tasks, groups and maps are shared, so an undo stack of graphs stays small): add a task from a
 * palette component, remove a task or group, connect and disconnect ports, set an input to a
 * constant, add, change and remove pipeline parameters. Structural nonsense (an unknown task or port,
 * a duplicate name) is refused with an AppError; what the user may fix later (a type mismatch, an
 * open input) is left to pipeline-check.
 */
import { AppError } from '../errors';
import { pruneAfterDisconnect } from './graph-plumbing-prune';
import type { DataEdge, DependencyEdge, Edge, ItemId, PipelineGraph, PipelineParam, Source, TaskNode } from './graph-types';
import { ancestors, childId, clone, findGroup, findNode, representativeIn, sameSource } from './graph-util';
import type { IrComponentSpec, IrDocument, IrExecutorSpec, JsonValue } from './ir-types';
import { checkGraph, valueFits, type GraphProblem } from './pipeline-check';
import { componentPorts, executorSettings } from './pipeline-graph';

/** A component the palette offers: its spec, its executor, and for a sub-pipeline what its DAG uses. */
export interface PaletteComponent {
  /** The name its tasks are named after (`train`). */
  name: string;
  spec: IrComponentSpec;
  executor?: IrExecutorSpec;
  dependencies?: { components: Record<string, IrComponentSpec>; executors: Record<string, IrExecutorSpec> };
}

/** An edited graph and what pipeline-check finds in it. */
export interface EditResult {
  graph: PipelineGraph;
  problems: GraphProblem[];
}

/** A pipeline with nothing in it yet. */
export function emptyGraph(name: string, description?: string): PipelineGraph {
  if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(name))
    throw new AppError('validation', `"${name}" is not a valid pipeline name (lowercase letters, digits and -)`, 'name');
  return {
    info: { name, ...(description ? { description } : {}) },
    header: { schemaVersion: '2.1.0' },
    params: [],
    rootArtifacts: {},
    outputs: [],
    components: {},
    executors: {},
    kubernetes: {},
    nodes: [],
    groups: [],
    edges: [],
  };
}

/** Adds the dependency a value from `source` used by `item` implies, unless there is one. */
export function withImpliedDependency(graph: PipelineGraph, source: Source, item: ItemId): PipelineGraph {
  const dep = impliedDependency(graph, source, item);
  if (!dep || graph.edges.some((e) => e.kind === 'dependency' && e.from === dep.from && e.to === dep.to)) return graph;
  return { ...graph, edges: [...graph.edges, { kind: 'dependency', id: `dep:${dep.from}->${dep.to}`, from: dep.from, to: dep.to, explicit: false }] };
}

/** Runs pipeline-check on the result of an edit. */
export function checked(graph: PipelineGraph): EditResult {
  return { graph, problems: checkGraph(graph) };
}

/** The container and importer components of a pipeline spec, one per distinct definition. */
export function paletteFromIr(doc: IrDocument): PaletteComponent[] {
  const seen = new Set<string>();
  const out: PaletteComponent[] = [];
  for (const [name, spec] of Object.entries(doc.spec.components ?? {})) {
    if (spec.executorLabel === undefined) continue;
    const executor = doc.spec.deploymentSpec?.executors?.[spec.executorLabel];
    const key = JSON.stringify([spec.inputDefinitions, spec.outputDefinitions, executor]);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ name: name.replace(/^comp-/, '').replace(/-\d+$/, ''), spec: clone(spec), ...(executor ? { executor: clone(executor) } : {}) });
  }
  return out;
}

function taskName(raw: string): string {
  const n = raw
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return n || 'task';
}

function uniqueName(base: string, taken: (n: string) => boolean): string {
  if (!taken(base)) return base;
  for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
}

function requireNode(graph: PipelineGraph, id: ItemId): TaskNode {
  const n = findNode(graph, id);
  if (!n) throw new AppError('not-found', `There is no task "${id}" in the pipeline`);
  return n;
}

/** Adds a task of a palette component to the root DAG or a group; returns the graph and the task's id. */
export function addTask(
  graph: PipelineGraph,
  component: PaletteComponent,
  opts: { parent?: ItemId | null; name?: string } = {},
): { graph: PipelineGraph; id: ItemId } {
  const parent = opts.parent ?? null;
  if (parent !== null && !findGroup(graph, parent)) throw new AppError('not-found', `There is no group "${parent}" to add the task to`);
  const allNames = new Set([...graph.nodes, ...graph.groups].map((i) => i.name));
  const name = uniqueName(taskName(opts.name ?? component.name), (n) => allNames.has(n));
  const groupComponents = new Set(graph.groups.map((g) => g.component));
  const compName = uniqueName(`comp-${name}`, (n) => n in graph.components || groupComponents.has(n));
  const components = { ...graph.components };
  const executors = { ...graph.executors };
  const spec = clone(component.spec);
  if (spec.executorLabel !== undefined) {
    if (!component.executor) throw new AppError('validation', `The component "${component.name}" has no executor`);
    const label = uniqueName(`exec-${name}`, (l) => l in executors);
    spec.executorLabel = label;
    executors[label] = clone(component.executor);
  } else if (!spec.dag) throw new AppError('validation', `The component "${component.name}" has neither an executor nor a DAG`);
  for (const [n, c] of Object.entries(component.dependencies?.components ?? {})) {
    if (n in components && JSON.stringify(components[n]) !== JSON.stringify(c))
      throw new AppError('conflict', `The pipeline already has a different component named "${n}"`);
    components[n] = clone(c);
  }
  for (const [n, e] of Object.entries(component.dependencies?.executors ?? {})) {
    if (n in executors && JSON.stringify(executors[n]) !== JSON.stringify(e))
      throw new AppError('conflict', `The pipeline already has a different executor named "${n}"`);
    executors[n] = clone(e);
  }
  components[compName] = spec;
  const executor = spec.executorLabel !== undefined ? executors[spec.executorLabel] : undefined;
  const { inputs, outputs } = componentPorts(spec);
  const id = childId(parent, name);
  const kind = spec.dag ? 'pipeline' : executor?.importer ? 'importer' : executor?.resolver ? 'resolver' : 'container';
  const node: TaskNode = {
    id,
    name,
    parent,
    label: name,
    kind,
    component: compName,
    inputs,
    outputs,
    constants: {},
    caching: { enableCache: true },
    settings: executorSettings(executor, undefined),
  };
  return { graph: { ...graph, components, executors, nodes: [...graph.nodes, node] }, id };
}

/** The items whose ids start with `id` (the item and everything inside it). */
function subtree(graph: PipelineGraph, id: ItemId): Set<ItemId> {
  return new Set([...graph.nodes, ...graph.groups].filter((i) => i.id === id || ancestors(graph, i.id).includes(id)).map((i) => i.id));
}

function sourceIn(s: Source, ids: Set<ItemId>): boolean {
  return s.kind === 'output' || s.kind === 'final-status' ? ids.has(s.item) : s.kind === 'loop-item' ? ids.has(s.group) : false;
}

/** Drops components and executors no task uses any more. */
function dropUnused(graph: PipelineGraph): PipelineGraph {
  const used = new Set(graph.nodes.map((n) => n.component));
  for (const c of Object.values(graph.components)) for (const t of Object.values(c.dag?.tasks ?? {})) used.add(t.componentRef.name);
  const components = Object.fromEntries(Object.entries(graph.components).filter(([n]) => used.has(n)));
  const labels = new Set(Object.values(components).flatMap((c) => (c.executorLabel !== undefined ? [c.executorLabel] : [])));
  if (Object.keys(components).length === Object.keys(graph.components).length) return graph;
  return {
    ...graph,
    components,
    executors: Object.fromEntries(Object.entries(graph.executors).filter(([l]) => labels.has(l))),
    kubernetes: Object.fromEntries(Object.entries(graph.kubernetes).filter(([l]) => labels.has(l))),
  };
}

/** Removes a task, or a group with everything inside it, and every edge to or from them. */
export function removeItem(graph: PipelineGraph, id: ItemId): PipelineGraph {
  if (!findNode(graph, id) && !findGroup(graph, id)) throw new AppError('not-found', `There is no task or group "${id}" in the pipeline`);
  const gone = subtree(graph, id);
  for (const g of graph.groups) {
    if (gone.has(g.id)) continue;
    for (const c of g.channels) {
      if (!sourceIn(c.source, gone)) continue;
      const items = g.iterator && 'channel' in g.iterator.items ? g.iterator.items.channel : undefined;
      if (c.name === items) throw new AppError('conflict', `The loop "${g.label}" iterates over a value of "${id}": change the loop first`);
      if (g.trigger?.condition?.includes(`'${c.name}'`))
        throw new AppError('conflict', `The condition of "${g.label}" uses a value of "${id}": change the condition first`);
    }
  }
  const edges = graph.edges.filter((e) => (e.kind === 'data' ? !gone.has(e.to.node) && !sourceIn(e.from, gone) : !gone.has(e.from) && !gone.has(e.to)));
  const groups = graph.groups
    .filter((g) => !gone.has(g.id))
    .map((g) => {
      const channels = g.channels.filter((c) => !sourceIn(c.source, gone));
      const outputs = g.outputs.filter((o) => !o.from.some((s) => sourceIn(s, gone)));
      return channels.length === g.channels.length && outputs.length === g.outputs.length ? g : { ...g, channels, outputs };
    });
  const outputs = graph.outputs.filter((o) => !o.from.some((s) => sourceIn(s, gone)));
  return dropUnused({ ...graph, nodes: graph.nodes.filter((n) => !gone.has(n.id)), groups, edges, outputs });
}

/** The dependency a value from `source` used by `node` (a task or a group) implies, between the two items of their common DAG. */
export function impliedDependency(graph: PipelineGraph, source: Source, node: ItemId): { from: ItemId; to: ItemId } | undefined {
  if (source.kind !== 'output' && source.kind !== 'final-status') return undefined;
  const outer = new Set(ancestors(graph, source.item));
  const scope = ancestors(graph, node).find((g) => outer.has(g)) ?? null;
  const from = representativeIn(graph, source.item, scope);
  const to = representativeIn(graph, node, scope);
  return from !== undefined && to !== undefined && from !== to ? { from, to } : undefined;
}

/** Removes an edge; a data edge also takes the dependency and plumbing only it needed. */
export function disconnect(graph: PipelineGraph, edgeId: string): PipelineGraph {
  const edge = graph.edges.find((e) => e.id === edgeId);
  if (!edge) throw new AppError('not-found', `There is no edge "${edgeId}"`);
  let edges = graph.edges.filter((e) => e !== edge);
  if (edge.kind === 'dependency') return { ...graph, edges };
  const dep = impliedDependency(graph, edge.from, edge.to.node);
  if (dep) {
    const stillImplied = edges.some((e) => {
      if (e.kind !== 'data') return false;
      const d = impliedDependency(graph, e.from, e.to.node);
      return d?.from === dep.from && d.to === dep.to;
    });
    if (!stillImplied) edges = edges.filter((e) => !(e.kind === 'dependency' && !e.explicit && e.from === dep.from && e.to === dep.to));
  }
  return pruneAfterDisconnect({ ...graph, edges }, edge.from);
}

/** Connects a source (a parameter, a task output, a loop item, a final status) to a task's input port. */
export function connect(graph: PipelineGraph, from: Source, to: { node: ItemId; port: string }, selector?: string): PipelineGraph {
  const node = requireNode(graph, to.node);
  const port = node.inputs.find((p) => p.name === to.port);
  if (!port) throw new AppError('not-found', `"${node.label}" has no input "${to.port}"`);
  if ((from.kind === 'output' || from.kind === 'final-status') && from.item === to.node)
    throw new AppError('validation', `"${node.label}" cannot take its own output`);
  if (from.kind === 'output' && !findNode(graph, from.item)?.outputs.some((p) => p.name === from.key && p.io === from.io))
    throw new AppError('not-found', `"${from.item}" has no ${from.io} output "${from.key}"`);
  if (from.kind === 'param' && !graph.params.some((p) => p.name === from.name))
    throw new AppError('not-found', `There is no pipeline parameter "${from.name}"`);
  let g = graph;
  const old = g.edges.find((e): e is DataEdge => e.kind === 'data' && e.to.node === to.node && e.to.port === to.port);
  if (old) {
    if (sameSource(old.from, from) && old.selector === selector) return g;
    g = disconnect(g, old.id);
  }
  const edge: DataEdge = { kind: 'data', id: `${to.node}:${to.port}`, from, to: { ...to }, io: port.io };
  if (selector !== undefined) edge.selector = selector;
  const edges: Edge[] = [...g.edges, edge];
  const dep = impliedDependency(g, from, to.node);
  if (dep && !edges.some((e) => e.kind === 'dependency' && e.from === dep.from && e.to === dep.to))
    edges.push({ kind: 'dependency', id: `dep:${dep.from}->${dep.to}`, from: dep.from, to: dep.to, explicit: false });
  const constants = { ...node.constants };
  delete constants[to.port];
  return { ...g, edges, nodes: g.nodes.map((n) => (n.id === node.id ? { ...n, constants } : n)) };
}

/** Makes `to` run after `from` (`.after()`); both must be in the same DAG. */
export function addDependency(graph: PipelineGraph, from: ItemId, to: ItemId): PipelineGraph {
  const a = findNode(graph, from) ?? findGroup(graph, from);
  const b = findNode(graph, to) ?? findGroup(graph, to);
  if (!a || !b) throw new AppError('not-found', `There is no task or group "${a ? to : from}"`);
  if (a.parent !== b.parent) throw new AppError('validation', `"${b.label}" can only run after a task of its own DAG`);
  if (from === to) throw new AppError('validation', 'A task cannot run after itself');
  const existing = graph.edges.find((e): e is DependencyEdge => e.kind === 'dependency' && e.from === from && e.to === to);
  if (existing?.explicit) return graph;
  const edge: DependencyEdge = { kind: 'dependency', id: `dep:${from}->${to}`, from, to, explicit: true };
  return { ...graph, edges: existing ? graph.edges.map((e) => (e === existing ? edge : e)) : [...graph.edges, edge] };
}

/** Sets an input to a constant (dropping its edge). */
export function setConstant(graph: PipelineGraph, id: ItemId, port: string, value: JsonValue): PipelineGraph {
  const node = requireNode(graph, id);
  if (!node.inputs.some((p) => p.name === port && p.io === 'parameter')) throw new AppError('not-found', `"${node.label}" has no parameter input "${port}"`);
  const old = graph.edges.find((e) => e.kind === 'data' && e.to.node === id && e.to.port === port);
  const g = old ? disconnect(graph, old.id) : graph;
  return { ...g, nodes: g.nodes.map((n) => (n.id === id ? { ...n, constants: { ...n.constants, [port]: { constant: clone(value) } } } : n)) };
}

/** Leaves an input open: no edge, no constant (its default applies, if it has one). */
export function clearInput(graph: PipelineGraph, id: ItemId, port: string): PipelineGraph {
  requireNode(graph, id);
  const old = graph.edges.find((e) => e.kind === 'data' && e.to.node === id && e.to.port === port);
  const g = old ? disconnect(graph, old.id) : graph;
  return {
    ...g,
    nodes: g.nodes.map((n) => {
      if (n.id !== id || !(port in n.constants)) return n;
      const constants = { ...n.constants };
      delete constants[port];
      return { ...n, constants };
    }),
  };
}

function checkParam(p: PipelineParam): void {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name))
    throw new AppError('validation', `"${p.name}" is not a valid parameter name (letters, digits and _; not starting with a digit)`, 'name');
  if (p.defaultValue !== undefined && !valueFits(p.defaultValue, p.type))
    throw new AppError('validation', `The default ${JSON.stringify(p.defaultValue)} is not a ${p.type}`, 'defaultValue');
}

/** Adds a pipeline parameter (with a default it is optional, as the SDK writes it). */
export function addParam(graph: PipelineGraph, param: PipelineParam): PipelineGraph {
  checkParam(param);
  if (graph.params.some((p) => p.name === param.name)) throw new AppError('conflict', `The pipeline already has a parameter "${param.name}"`, 'name');
  const p: PipelineParam = { ...clone(param), ...(param.defaultValue !== undefined && param.optional === undefined ? { optional: true } : {}) };
  return { ...graph, params: [...graph.params, p] };
}

/** Changes a pipeline parameter's type, default or description. */
export function updateParam(graph: PipelineGraph, name: string, patch: Partial<Omit<PipelineParam, 'name'>>): PipelineGraph {
  const old = graph.params.find((p) => p.name === name);
  if (!old) throw new AppError('not-found', `There is no pipeline parameter "${name}"`);
  const next: PipelineParam = { ...old, ...clone(patch) };
  if (patch.defaultValue !== undefined && patch.optional === undefined) next.optional = true;
  checkParam(next);
  return { ...graph, params: graph.params.map((p) => (p.name === name ? next : p)) };
}

/** Removes a pipeline parameter and the edges from it (refused while a condition or loop uses it). */
export function removeParam(graph: PipelineGraph, name: string): PipelineGraph {
  if (!graph.params.some((p) => p.name === name)) throw new AppError('not-found', `There is no pipeline parameter "${name}"`);
  const source: Source = { kind: 'param', name };
  for (const g of graph.groups)
    for (const c of g.channels)
      if (sameSource(c.source, source)) {
        const items = g.iterator && 'channel' in g.iterator.items ? g.iterator.items.channel : undefined;
        if (c.name === items || g.trigger?.condition?.includes(`'${c.name}'`))
          throw new AppError('conflict', `"${g.label}" uses the parameter "${name}": change it first`);
      }
  let g: PipelineGraph = { ...graph, params: graph.params.filter((p) => p.name !== name) };
  for (const e of graph.edges) if (e.kind === 'data' && sameSource(e.from, source)) g = disconnect(g, e.id);
  return pruneAfterDisconnect(g, source);
}
