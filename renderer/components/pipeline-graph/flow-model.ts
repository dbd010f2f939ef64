// SPDX-License-Identifier: Apache-2.0
/**
 * The canvas view model: a pipeline graph, its problems and a layout as React Flow nodes and
 * edges. Tasks become `task` nodes with a row per typed port (its colour, its type, its constant,
 * the problem placed there); the pipeline's parameters one `params` node with a handle each;
 * groups `frame` nodes that their tasks sit in (React Flow sub-flows, parents first); data edges
 * go from the value's source handle to the input's handle, coloured by type, red when a problem
 * names them; dependency edges are drawn when asked for or not already shown by a data edge.
 * Each box is named for assistive technology by what its header shows ("Task fit", "If …").
 */
import type { Edge as FlowEdge, Node as FlowNode } from '@xyflow/react';
import type { GroupNode, ItemId, PipelineGraph, Source, TaskNode } from '../../../shared/kfp/graph-types';
import { branchKind, conditionText, loopItemsText } from '../../../shared/kfp/graph-view';
import type { GraphProblem } from '../../../shared/kfp/pipeline-check';
import { paramsNodeId, sourceItem, type Layout } from './canvas-layout';
import { portColour, portTypeText, typeColour } from './port-types';

/** One port row of a task box. */
export interface PortRow {
  name: string;
  side: 'in' | 'out';
  /** The handle id: `in:<name>` or `out:<name>`. */
  handle: string;
  typeText: string;
  colour: string;
  optional: boolean;
  /** The constant it is set to, as text. */
  constant?: string;
  connected: boolean;
  /** Problems placed at this port, joined. */
  problem?: string;
}

/** What a task box shows. */
export interface TaskData extends Record<string, unknown> {
  label: string;
  name: string;
  kind: TaskNode['kind'];
  image?: string;
  gpu?: string;
  ports: PortRow[];
  /** Problems of the task not at a port. */
  problems: string[];
}

/** What the parameters box shows. */
export interface ParamsData extends Record<string, unknown> {
  rows: { name: string; handle: string; typeText: string; colour: string; defaultText?: string }[];
}

/** What a group frame shows. */
export interface FrameData extends Record<string, unknown> {
  kind: 'If' | 'Elif' | 'Else' | 'Branches' | 'ParallelFor' | 'Exit handler';
  label: string;
  /** The condition, the loop's items and parallelism. */
  detail?: string;
  problems: string[];
}

export type TaskFlowNode = FlowNode<TaskData, 'task'>;
export type ParamsFlowNode = FlowNode<ParamsData, 'params'>;
export type FrameFlowNode = FlowNode<FrameData, 'frame'>;
export type CanvasNode = TaskFlowNode | ParamsFlowNode | FrameFlowNode;

/** What an edge carries, for its tooltip and for deleting it. */
export interface EdgeData extends Record<string, unknown> {
  kind: 'data' | 'dependency';
  problem?: string;
}
export type CanvasEdge = FlowEdge<EdgeData>;

/** The handle a source is drawn from. */
export function sourceHandle(s: Source): { node: string; handle: string } {
  switch (s.kind) {
    case 'param':
      return { node: paramsNodeId, handle: `p:${s.name}` };
    case 'root-artifact':
      return { node: paramsNodeId, handle: `a:${s.name}` };
    case 'output':
      return { node: s.item, handle: `out:${s.key}` };
    case 'loop-item':
      return { node: s.group, handle: 'item' };
    case 'final-status':
      return { node: s.item, handle: 'dep-out' };
  }
}

/** The source a handle stands for (the reverse of {@link sourceHandle}), for a new connection. */
export function handleSource(graph: PipelineGraph, node: string, handle: string): Source | undefined {
  if (node === paramsNodeId && handle.startsWith('p:')) return { kind: 'param', name: handle.slice(2) };
  if (node === paramsNodeId && handle.startsWith('a:')) return { kind: 'root-artifact', name: handle.slice(2) };
  if (handle === 'item' && graph.groups.some((g) => g.id === node && g.kind === 'loop')) return { kind: 'loop-item', group: node };
  if (handle.startsWith('out:')) {
    const key = handle.slice(4);
    const port = graph.nodes.find((n) => n.id === node)?.outputs.find((p) => p.name === key);
    if (port) return { kind: 'output', item: node, key, io: port.io };
  }
  return undefined;
}

function constantText(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v ?? null);
}

function taskData(t: TaskNode, problems: GraphProblem[], connected: Set<string>): TaskData {
  const at = (port: string) => problems.filter((p) => p.node === t.id && p.port === port).map((p) => p.message);
  const row = (side: 'in' | 'out', p: TaskNode['inputs'][number]): PortRow => {
    const msgs = side === 'in' ? at(p.name) : [];
    const c = side === 'in' ? t.constants[p.name] : undefined;
    return {
      name: p.name,
      side,
      handle: `${side}:${p.name}`,
      typeText: portTypeText(p),
      colour: portColour(p),
      optional: p.optional,
      ...(c ? { constant: constantText(c.constant) } : {}),
      connected: side === 'in' && connected.has(`${t.id}|${p.name}`),
      ...(msgs.length > 0 ? { problem: msgs.join('\n') } : {}),
    };
  };
  const acc = t.settings.resources?.accelerator;
  const count = acc?.resourceCount ?? acc?.count;
  return {
    label: t.label,
    name: t.name,
    kind: t.kind,
    ...(t.settings.image ? { image: t.settings.image } : {}),
    ...(count !== undefined ? { gpu: `${count} × ${acc?.resourceType ?? acc?.type ?? 'accelerator'}` } : {}),
    ports: [...t.inputs.map((p) => row('in', p)), ...t.outputs.map((p) => row('out', p))],
    problems: problems.filter((p) => p.node === t.id && (p.port === undefined || !t.inputs.some((i) => i.name === p.port))).map((p) => p.message),
  };
}

function frameData(graph: PipelineGraph, g: GroupNode, problems: GraphProblem[]): FrameData {
  const problemsHere = problems.filter((p) => p.node === g.id).map((p) => p.message);
  if (g.kind === 'condition') {
    const b = branchKind(graph, g);
    const detail = b === 'else' ? undefined : conditionText(graph, g);
    return { kind: b === 'elif' ? 'Elif' : b === 'else' ? 'Else' : 'If', label: g.label, ...(detail ? { detail } : {}), problems: problemsHere };
  }
  if (g.kind === 'loop') {
    const items = loopItemsText(graph, g);
    const par = g.iterator?.parallelism;
    const detail = [items ? `over ${items}` : undefined, par ? `${par} at a time` : undefined].filter(Boolean).join(', ');
    return { kind: 'ParallelFor', label: g.label, ...(detail ? { detail } : {}), problems: problemsHere };
  }
  if (g.kind === 'exit-handler') return { kind: 'Exit handler', label: g.label, problems: problemsHere };
  return { kind: 'Branches', label: g.label, problems: problemsHere };
}

/** Groups before the groups inside them, as React Flow wants parents first. */
function groupsParentFirst(graph: PipelineGraph): GroupNode[] {
  const out: GroupNode[] = [];
  const placed = new Set<ItemId | null>([null]);
  const pending = [...graph.groups];
  while (pending.length > 0) {
    const i = pending.findIndex((g) => placed.has(g.parent));
    if (i < 0) {
      out.push(...pending);
      break;
    }
    const [g] = pending.splice(i, 1);
    out.push(g!);
    placed.add(g!.id);
  }
  return out;
}

/** The React Flow nodes of a graph: frames (parents first), the parameters box, tasks. */
export function flowNodes(graph: PipelineGraph, problems: GraphProblem[], layout: Layout, selected: ReadonlySet<string> = new Set()): CanvasNode[] {
  const nodes: CanvasNode[] = [];
  const box = (id: string) => layout[id] ?? { x: 0, y: 0, width: 0, height: 0 };
  const parent = (p: ItemId | null) => (p === null ? {} : { parentId: p, extent: 'parent' as const });
  for (const g of groupsParentFirst(graph)) {
    const b = box(g.id);
    const data = frameData(graph, g, problems);
    nodes.push({
      id: g.id,
      type: 'frame',
      position: { x: b.x, y: b.y },
      style: { width: b.width, height: b.height },
      width: b.width,
      height: b.height,
      ariaLabel: `${data.kind} ${data.label}`,
      data,
      selected: selected.has(g.id),
      ...parent(g.parent),
    });
  }
  if (graph.params.length > 0 || Object.keys(graph.rootArtifacts).length > 0) {
    const b = box(paramsNodeId);
    nodes.push({
      id: paramsNodeId,
      type: 'params',
      position: { x: b.x, y: b.y },
      deletable: false,
      ariaLabel: 'Pipeline parameters',
      data: {
        rows: [
          ...graph.params.map((p) => ({
            name: p.name,
            handle: `p:${p.name}`,
            typeText: p.type,
            colour: typeColour('parameter', p.type),
            ...(p.defaultValue !== undefined ? { defaultText: constantText(p.defaultValue) } : {}),
          })),
          ...Object.entries(graph.rootArtifacts).map(([name, a]) => ({
            name,
            handle: `a:${name}`,
            typeText: a.artifactType.schemaTitle ?? 'system.Artifact',
            colour: typeColour('artifact', undefined, a.artifactType.schemaTitle),
          })),
        ],
      },
    });
  }
  const connected = new Set(graph.edges.flatMap((e) => (e.kind === 'data' ? [`${e.to.node}|${e.to.port}`] : [])));
  for (const t of graph.nodes) {
    const b = box(t.id);
    const data = taskData(t, problems, connected);
    nodes.push({
      id: t.id,
      type: 'task',
      position: { x: b.x, y: b.y },
      ariaLabel: `Task ${data.label}`,
      data,
      selected: selected.has(t.id),
      ...parent(t.parent),
    });
  }
  return nodes;
}

/** The React Flow edges of a graph. */
export function flowEdges(graph: PipelineGraph, problems: GraphProblem[]): CanvasEdge[] {
  const out: CanvasEdge[] = [];
  const shown = new Set<string>();
  for (const e of graph.edges) {
    if (e.kind !== 'data') continue;
    const from = sourceHandle(e.from);
    const port = graph.nodes.find((n) => n.id === e.to.node)?.inputs.find((p) => p.name === e.to.port);
    const problem = problems.filter((p) => p.edge === e.id).map((p) => p.message);
    const colour = problem.length > 0 ? 'var(--danger, #e03131)' : port ? portColour(port) : '#868e96';
    const item = sourceItem(e.from);
    if (item) shown.add(`${item}->${e.to.node}`);
    out.push({
      id: e.id,
      source: from.node,
      sourceHandle: from.handle,
      target: e.to.node,
      targetHandle: `in:${e.to.port}`,
      style: { stroke: colour, strokeWidth: 2 },
      ...(problem.length > 0 ? { className: 'builder-edge-problem', label: '!' } : {}),
      data: { kind: 'data', ...(problem.length > 0 ? { problem: problem.join('\n') } : {}) },
    });
  }
  for (const e of graph.edges) {
    if (e.kind !== 'dependency' || (!e.explicit && shown.has(`${e.from}->${e.to}`))) continue;
    const problem = problems.filter((p) => p.edge === e.id).map((p) => p.message);
    out.push({
      id: e.id,
      source: e.from,
      sourceHandle: 'dep-out',
      target: e.to,
      targetHandle: 'dep-in',
      style: { stroke: problem.length > 0 ? 'var(--danger, #e03131)' : '#adb5bd', strokeDasharray: '6 4', strokeWidth: 1.5 },
      data: { kind: 'dependency', ...(problem.length > 0 ? { problem: problem.join('\n') } : {}) },
    });
  }
  return out;
}
