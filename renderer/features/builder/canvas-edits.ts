// SPDX-License-Identifier: Apache-2.0
/**
 * What the canvas's gestures do to the graph, pure: a drag from a handle to a handle becomes a
 * connection (a value into an input, or a "run after" dependency) that is refused with the check's
 * reason when it would be wrong (a type mismatch, a cycle, a value out of scope); deleting the
 * selection; copying tasks (their component, executor, constants and settings) and pasting them
 * as new tasks of the root DAG.
 */
import { AppError } from '../../../shared/errors';
import { addDependency, addTask, connect, disconnect, removeItem, type PaletteComponent } from '../../../shared/kfp/graph-edit';
import type { ItemId, PipelineGraph, TaskNode } from '../../../shared/kfp/graph-types';
import { clone, findGroup, findNode } from '../../../shared/kfp/graph-util';
import { checkGraph } from '../../../shared/kfp/pipeline-check';
import { handleSource } from '../../components/pipeline-graph/flow-model';

/** A drag between two handles, as React Flow reports it. */
export interface Connection {
  source: string;
  sourceHandle: string | null;
  target: string;
  targetHandle: string | null;
}

/** The graph with the connection made, or why it is refused. */
export type Verdict = { ok: true; graph: PipelineGraph } | { ok: false; reason: string };

/** What connecting two handles would do. */
export function tryConnect(graph: PipelineGraph, c: Connection): Verdict {
  try {
    if (c.sourceHandle === 'dep-out' && c.targetHandle === 'dep-in') {
      const next = addDependency(graph, c.source, c.target);
      const cycle = checkGraph(next).find((p) => p.code === 'cycle' && p.edge === `dep:${c.source}->${c.target}`);
      return cycle ? { ok: false, reason: cycle.message } : { ok: true, graph: next };
    }
    if (!c.targetHandle?.startsWith('in:')) return { ok: false, reason: 'Drop the value on an input of a task' };
    const port = c.targetHandle.slice(3);
    const from = c.sourceHandle ? handleSource(graph, c.source, c.sourceHandle) : undefined;
    if (!from) return { ok: false, reason: 'Drag from an output, a pipeline parameter or a loop item' };
    const next = connect(graph, from, { node: c.target, port });
    const edgeId = `${c.target}:${port}`;
    const wrong = checkGraph(next).find((p) => p.edge === edgeId || (p.node === c.target && p.port === port && p.code !== 'required-input'));
    return wrong ? { ok: false, reason: wrong.message } : { ok: true, graph: next };
  } catch (e) {
    if (e instanceof AppError) return { ok: false, reason: e.message };
    throw e;
  }
}

/** Removes tasks, groups and edges (a group takes what is inside it; items already gone are skipped). */
export function deleteItems(graph: PipelineGraph, items: ItemId[], edges: string[]): PipelineGraph {
  let g = graph;
  for (const id of edges) if (g.edges.some((e) => e.id === id)) g = disconnect(g, id);
  for (const id of items) if (findNode(g, id) || findGroup(g, id)) g = removeItem(g, id);
  return g;
}

/** A copied task: what it runs and how it is set up. */
export interface CopiedTask {
  component: PaletteComponent;
  node: Pick<TaskNode, 'name' | 'label' | 'constants' | 'caching' | 'retry' | 'settings'>;
}

/** Copies container tasks (groups and sub-pipelines are not copied). */
export function copyTasks(graph: PipelineGraph, ids: ItemId[]): CopiedTask[] {
  const out: CopiedTask[] = [];
  for (const id of ids) {
    const n = findNode(graph, id);
    const spec = n && graph.components[n.component];
    if (!n || !spec || spec.executorLabel === undefined) continue;
    const executor = graph.executors[spec.executorLabel];
    out.push({
      component: { name: n.name, spec: clone(spec), ...(executor ? { executor: clone(executor) } : {}) },
      node: clone({ name: n.name, label: n.label, constants: n.constants, caching: n.caching, retry: n.retry, settings: n.settings }),
    });
  }
  return out;
}

/** Pastes copied tasks into the root DAG as new tasks; returns the graph and their ids. */
export function pasteTasks(graph: PipelineGraph, copied: CopiedTask[]): { graph: PipelineGraph; ids: ItemId[] } {
  let g = graph;
  const ids: ItemId[] = [];
  for (const c of copied) {
    const added = addTask(g, c.component, { name: c.node.name });
    const src = c.node;
    g = {
      ...added.graph,
      nodes: added.graph.nodes.map((n) =>
        n.id === added.id
          ? {
              ...n,
              label: src.label === src.name ? n.name : src.label,
              constants: clone(src.constants),
              settings: clone(src.settings),
              ...(src.caching ? { caching: clone(src.caching) } : {}),
              ...(src.retry ? { retry: clone(src.retry) } : {}),
            }
          : n,
      ),
    };
    ids.push(added.id);
  }
  return { graph: g, ids };
}
