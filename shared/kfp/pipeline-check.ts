// SPDX-License-Identifier: Apache-2.0
/**
 * Checks a pipeline graph as it is drawn, with each problem at the port (task id + input name) or
 * the task it concerns, so the canvas shows it there: a value of the wrong type on an edge
 * (parameter types must match exactly, artifact schema titles must match unless either is
 * `system.Artifact`, a list only into a list, as the kfp SDK checks), a cycle, a required input left
 * open, an edge from something that does not exist or cannot be seen from the consumer (a loop item
 * outside its loop, a task inside an If or an exit handler from outside it).
 */
import type { DataEdge, Edge, ItemId, PipelineGraph, Port } from './graph-types';
import { collectedFrom, type ValueType } from './graph-typing';
import { ancestors, findGroup, findNode, representativeIn, sourceText } from './graph-util';
import type { JsonValue } from './ir-types';

/** What is wrong. */
export type ProblemCode = 'type-mismatch' | 'cycle' | 'required-input' | 'unknown-source' | 'unknown-port' | 'out-of-scope';

/** A problem, placed at a task (and one of its input ports when `port` is set). */
export interface GraphProblem {
  code: ProblemCode;
  node: ItemId;
  port?: string;
  /** The edge at fault, when there is one. */
  edge?: string;
  message: string;
}

function typeText(t: ValueType): string {
  if (t.io === 'parameter') return t.parameterType ?? 'any';
  return t.isList ? `List[${t.schemaTitle ?? 'system.Artifact'}]` : (t.schemaTitle ?? 'system.Artifact');
}

function portType(p: Port): ValueType {
  return p.io === 'parameter'
    ? { io: 'parameter', ...(p.parameterType ? { parameterType: p.parameterType } : {}) }
    : { io: 'artifact', schemaTitle: p.schemaTitle ?? 'system.Artifact', ...(p.isList ? { isList: true } : {}) };
}

/** Can a value of type `given` go into an input of type `expected`? */
export function compatible(given: ValueType, expected: ValueType): boolean {
  if (given.io !== expected.io) return false;
  if (given.io === 'parameter')
    return given.parameterType === undefined || expected.parameterType === undefined || given.parameterType === expected.parameterType;
  if ((given.isList ?? false) !== (expected.isList ?? false)) return false;
  const a = given.schemaTitle ?? 'system.Artifact';
  const b = expected.schemaTitle ?? 'system.Artifact';
  return a === 'system.Artifact' || b === 'system.Artifact' || a === b;
}

/** Does a constant (or a default) fit a parameter type? */
export function valueFits(value: JsonValue | undefined, type: Port['parameterType']): boolean {
  if (value === undefined || type === undefined) return true;
  switch (type) {
    case 'STRING':
      return typeof value === 'string';
    case 'NUMBER_INTEGER':
      return typeof value === 'number' && Number.isInteger(value);
    case 'NUMBER_DOUBLE':
      return typeof value === 'number';
    case 'BOOLEAN':
      return typeof value === 'boolean';
    case 'LIST':
      return Array.isArray(value);
    case 'STRUCT':
      return typeof value === 'object' && value !== null && !Array.isArray(value);
    default:
      return true;
  }
}

/** The DAG both items sit in (null: root): the innermost group enclosing both. */
function commonScope(graph: PipelineGraph, a: ItemId, b: ItemId): ItemId | null {
  const outer = new Set(ancestors(graph, a));
  return ancestors(graph, b).find((g) => outer.has(g)) ?? null;
}

function producerOf(e: DataEdge): ItemId | undefined {
  return e.from.kind === 'output' || e.from.kind === 'final-status' ? e.from.item : undefined;
}

/** Problems of one data edge: its source, its port, its type, its scope. */
function edgeProblems(graph: PipelineGraph, e: DataEdge): GraphProblem[] {
  const at = { node: e.to.node, port: e.to.port, edge: e.id };
  const node = findNode(graph, e.to.node);
  if (!node) return [{ code: 'unknown-port', ...at, message: `The edge goes to "${e.to.node}", which is not a task` }];
  const port = node.inputs.find((p) => p.name === e.to.port);
  if (!port) return [{ code: 'unknown-port', ...at, message: `"${node.label}" has no input "${e.to.port}"` }];
  const s = e.from;
  if (s.kind === 'output' && !findNode(graph, s.item))
    return [{ code: 'unknown-source', ...at, message: `The value comes from "${s.item}", which is not in the pipeline` }];
  if (s.kind === 'final-status' && !findNode(graph, s.item) && !findGroup(graph, s.item))
    return [{ code: 'unknown-source', ...at, message: `The status comes from "${s.item}", which is not in the pipeline` }];
  if (s.kind === 'loop-item' && findGroup(graph, s.group)?.iterator === undefined)
    return [{ code: 'unknown-source', ...at, message: `"${s.group}" is not a loop` }];
  const given = collectedFrom(graph, s, node.parent);
  if (!given) return [{ code: 'unknown-source', ...at, message: `${sourceText(graph, s)} is not an output or parameter of the pipeline` }];
  if (s.kind === 'loop-item' && !ancestors(graph, node.id).includes(s.group))
    return [{ code: 'out-of-scope', ...at, message: `The item of loop "${findGroup(graph, s.group)?.label ?? s.group}" is only available inside the loop` }];
  if (s.kind === 'output' || s.kind === 'final-status') {
    const scope = commonScope(graph, s.item, node.id);
    const inner = new Set(scope === null ? [] : [scope, ...ancestors(graph, scope)]);
    const closed = ancestors(graph, s.item).filter((g) => !inner.has(g) && g !== s.item);
    const blocked = closed
      .map((g) => findGroup(graph, g))
      .find((g) => g && (g.kind === 'condition' || g.kind === 'condition-branches' || g.kind === 'exit-handler'));
    if (blocked)
      return [
        {
          code: 'out-of-scope',
          ...at,
          message: `${sourceText(graph, s)} is inside ${blocked.kind === 'exit-handler' ? 'the exit handler' : 'the condition'} "${blocked.label}": only tasks inside it can use it`,
        },
      ];
  }
  // a field of a loop item (a selector) or a loop over a list parameter has no static type
  const expected = portType(port);
  if (e.selector === undefined && !compatible(given, expected))
    return [{ code: 'type-mismatch', ...at, message: `${sourceText(graph, s)} is ${typeText(given)}; "${port.name}" takes ${typeText(expected)}` }];
  if (port.parameterType === 'TASK_FINAL_STATUS' && s.kind !== 'final-status')
    return [{ code: 'type-mismatch', ...at, message: `"${port.name}" takes the final status of a task or exit handler` }];
  return [];
}

/** Edges that are part of a cycle, found on the "runs after" relation of items in each DAG. */
function cycleProblems(graph: PipelineGraph): GraphProblem[] {
  const next = new Map<ItemId, { to: ItemId; edge: Edge }[]>();
  const add = (from: ItemId, to: ItemId, edge: Edge) => next.set(from, [...(next.get(from) ?? []), { to, edge }]);
  for (const e of graph.edges) {
    if (e.kind === 'dependency') add(e.from, e.to, e);
    else {
      const p = producerOf(e);
      if (p === undefined) continue;
      const scope = p === e.to.node ? (findNode(graph, p)?.parent ?? null) : commonScope(graph, p, e.to.node);
      const a = representativeIn(graph, p, scope);
      const b = representativeIn(graph, e.to.node, scope);
      if (a !== undefined && b !== undefined) add(a, b, e);
    }
  }
  // Tarjan's strongly connected components; an edge inside one (or a self-loop) is on a cycle
  const index = new Map<ItemId, number>();
  const low = new Map<ItemId, number>();
  const comp = new Map<ItemId, number>();
  const stack: ItemId[] = [];
  const on = new Set<ItemId>();
  let counter = 0;
  let comps = 0;
  const visit = (v: ItemId): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    on.add(v);
    for (const { to } of next.get(v) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(to) ?? 0));
      } else if (on.has(to)) low.set(v, Math.min(low.get(v) ?? 0, index.get(to) ?? 0));
    }
    if (low.get(v) === index.get(v)) {
      for (;;) {
        const w = stack.pop();
        if (w === undefined) break;
        on.delete(w);
        comp.set(w, comps);
        if (w === v) break;
      }
      comps++;
    }
  };
  for (const v of next.keys()) if (!index.has(v)) visit(v);
  const out: GraphProblem[] = [];
  const byData = new Set([...next].flatMap(([from, list]) => list.filter((x) => x.edge.kind === 'data').map((x) => `${from}>${x.to}`)));
  for (const [from, list] of next)
    for (const { to, edge } of list) {
      if (from !== to && comp.get(from) !== comp.get(to)) continue;
      // a dependency only implied by a data edge is reported through that edge
      if (edge.kind === 'dependency' && !edge.explicit && byData.has(`${from}>${to}`)) continue;
      if (edge.kind === 'data')
        out.push({
          code: 'cycle',
          node: edge.to.node,
          port: edge.to.port,
          edge: edge.id,
          message: `This edge closes a cycle: "${from}" and "${to}" wait for each other`,
        });
      else out.push({ code: 'cycle', node: edge.to, edge: edge.id, message: `"${edge.to}" runs after "${edge.from}", which closes a cycle` });
    }
  return out;
}

/** Every problem of the graph, in task order. */
export function checkGraph(graph: PipelineGraph): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const bound = new Map<ItemId, Set<string>>();
  for (const e of graph.edges) {
    if (e.kind !== 'data') continue;
    const ports = bound.get(e.to.node) ?? new Set<string>();
    if (ports.has(e.to.port))
      problems.push({ code: 'type-mismatch', node: e.to.node, port: e.to.port, edge: e.id, message: `"${e.to.port}" has more than one incoming value` });
    ports.add(e.to.port);
    bound.set(e.to.node, ports);
    problems.push(...edgeProblems(graph, e));
  }
  for (const n of graph.nodes) {
    const ports = bound.get(n.id);
    for (const p of n.inputs) {
      const c = n.constants[p.name];
      if (c && ports?.has(p.name))
        problems.push({ code: 'type-mismatch', node: n.id, port: p.name, message: `"${p.name}" is both set to a value and connected` });
      if (c && p.io === 'parameter' && !valueFits(c.constant, p.parameterType))
        problems.push({ code: 'type-mismatch', node: n.id, port: p.name, message: `${JSON.stringify(c.constant)} is not a ${p.parameterType ?? 'value'}` });
      if (!p.optional && !c && !ports?.has(p.name))
        problems.push({ code: 'required-input', node: n.id, port: p.name, message: `"${p.name}" needs a value: connect it or set one` });
    }
    for (const name of Object.keys(n.constants))
      if (!n.inputs.some((p) => p.name === name))
        problems.push({ code: 'unknown-port', node: n.id, port: name, message: `"${n.label}" has no input "${name}"` });
  }
  for (const e of graph.edges)
    if (
      e.kind === 'dependency' &&
      ((findNode(graph, e.from) ?? findGroup(graph, e.from))?.parent ?? null) !== ((findNode(graph, e.to) ?? findGroup(graph, e.to))?.parent ?? null)
    )
      problems.push({ code: 'out-of-scope', node: e.to, edge: e.id, message: `"${e.to}" can only run after a task of its own DAG` });
  problems.push(...cycleProblems(graph));
  return problems;
}

/** The problems placed at one task, or at one of its ports. */
export function problemsAt(problems: GraphProblem[], node: ItemId, port?: string): GraphProblem[] {
  return problems.filter((p) => p.node === node && (port === undefined || p.port === port));
}
