// SPDX-License-Identifier: Apache-2.0
/** Small helpers of the pipeline graph model: ids, lookups, source equality, copies. */
import type { GroupNode, ItemId, PipelineGraph, Source, TaskNode } from './graph-types';

/** The id of a task named `name` inside `parent` (null: the root DAG). */
export function childId(parent: ItemId | null, name: string): ItemId {
  return parent === null ? name : `${parent}/${name}`;
}

/** A deep copy of JSON data (undefined stays undefined). */
export function clone<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}

/** Are two sources the same value? */
export function sameSource(a: Source, b: Source): boolean {
  switch (a.kind) {
    case 'param':
    case 'root-artifact':
      return b.kind === a.kind && b.name === a.name;
    case 'output':
      return b.kind === 'output' && b.item === a.item && b.key === a.key && b.io === a.io;
    case 'loop-item':
      return b.kind === 'loop-item' && b.group === a.group;
    case 'final-status':
      return b.kind === 'final-status' && b.item === a.item;
  }
}

/** A source as a short text: `train.model`, `learning_rate`, `for-loop-1 item`. */
export function sourceText(graph: PipelineGraph, s: Source): string {
  const label = (id: ItemId) => findNode(graph, id)?.label ?? findGroup(graph, id)?.label ?? id;
  switch (s.kind) {
    case 'param':
    case 'root-artifact':
      return s.name;
    case 'output':
      return `${label(s.item)}.${s.key}`;
    case 'loop-item':
      return `${label(s.group)} item`;
    case 'final-status':
      return `${label(s.item)} status`;
  }
}

/** The task with this id. */
export function findNode(graph: PipelineGraph, id: ItemId): TaskNode | undefined {
  return graph.nodes.find((n) => n.id === id);
}

/** The group with this id. */
export function findGroup(graph: PipelineGraph, id: ItemId): GroupNode | undefined {
  return graph.groups.find((g) => g.id === id);
}

/** The parent of a task or group (null: the root DAG); undefined when there is no such item. */
export function parentOf(graph: PipelineGraph, id: ItemId): ItemId | null | undefined {
  return (findNode(graph, id) ?? findGroup(graph, id))?.parent;
}

/** The groups enclosing an item, innermost first. */
export function ancestors(graph: PipelineGraph, id: ItemId): ItemId[] {
  const out: ItemId[] = [];
  for (let p = parentOf(graph, id); p !== null && p !== undefined; p = findGroup(graph, p)?.parent) out.push(p);
  return out;
}

/** Is `inner` inside `group` (at any depth)? */
export function isInside(graph: PipelineGraph, inner: ItemId, group: ItemId): boolean {
  return ancestors(graph, inner).includes(group);
}

/** The names of the tasks and groups directly in a DAG (null: root). */
export function itemsIn(graph: PipelineGraph, parent: ItemId | null): { id: ItemId; name: string }[] {
  return [...graph.nodes, ...graph.groups].filter((i) => i.parent === parent).map((i) => ({ id: i.id, name: i.name }));
}

/** The item that stands for `id` in the DAG `scope`: itself, or the group of `scope` that encloses it. */
export function representativeIn(graph: PipelineGraph, id: ItemId, scope: ItemId | null): ItemId | undefined {
  if (parentOf(graph, id) === scope) return id;
  const chain = ancestors(graph, id);
  const i = chain.findIndex((a) => (findGroup(graph, a)?.parent ?? null) === scope);
  return i >= 0 ? chain[i] : undefined;
}
