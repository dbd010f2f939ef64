// SPDX-License-Identifier: Apache-2.0
/**
 * What the wrap dialog offers: the values a condition can compare or a loop can iterate (pipeline
 * parameters and task outputs that the selection can see: not produced inside it), the tasks that
 * can be an exit task, and the condition's right-hand side read from what the user typed.
 */
import type { ItemId, PipelineGraph, Source } from '../../../shared/kfp/graph-types';
import { isInside } from '../../../shared/kfp/graph-util';
import type { JsonValue, ParameterType } from '../../../shared/kfp/ir-types';

/** A value to pick. */
export interface SourceOption {
  key: string;
  label: string;
  source: Source;
  type: ParameterType | undefined;
}

/** Parameter values the selection can use in a condition or loop (a LIST only, for a loop). */
export function sourceOptions(graph: PipelineGraph, selection: ItemId[], listsOnly = false): SourceOption[] {
  const out: SourceOption[] = [];
  for (const p of graph.params) out.push({ key: `param:${p.name}`, label: p.name, source: { kind: 'param', name: p.name }, type: p.type });
  for (const n of graph.nodes) {
    if (selection.some((s) => s === n.id || isInside(graph, n.id, s))) continue;
    for (const o of n.outputs)
      if (o.io === 'parameter')
        out.push({
          key: `out:${n.id}:${o.name}`,
          label: `${n.label}.${o.name}`,
          source: { kind: 'output', item: n.id, key: o.name, io: 'parameter' },
          type: o.parameterType,
        });
  }
  return listsOnly ? out.filter((o) => o.type === 'LIST' || o.type === undefined) : out;
}

/** Tasks that can be the exit task of the selection: outside it, in the same DAG. */
export function exitTaskOptions(graph: PipelineGraph, selection: ItemId[]): { id: ItemId; label: string }[] {
  const first = [...graph.nodes, ...graph.groups].find((i) => i.id === selection[0]);
  if (!first) return [];
  return graph.nodes.filter((n) => n.parent === first.parent && !selection.includes(n.id)).map((n) => ({ id: n.id, label: n.label }));
}

/** The right side of a comparison as typed: a number, true/false, JSON, or else text. */
export function comparisonValue(text: string): JsonValue {
  const t = text.trim();
  if (t === '') return '';
  try {
    return JSON.parse(t) as JsonValue;
  } catch {
    return t;
  }
}
