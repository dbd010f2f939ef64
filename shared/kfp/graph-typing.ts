// SPDX-License-Identifier: Apache-2.0
/**
 * The type of a value in the pipeline graph as a consumer sees it: a parameter type or an artifact
 * schema, made a list when the value is collected out of a ParallelFor the consumer is not in
 * (`dsl.Collected`). A loop item's type comes from its list (raw items are inspected; a list
 * parameter's items are of any type).
 */
import type { IoKind, ItemId, PipelineGraph, Source } from './graph-types';
import { ancestors, findGroup, findNode } from './graph-util';
import type { JsonValue, ParameterType } from './ir-types';

/** A value's type; `parameterType` undefined means any parameter type. */
export interface ValueType {
  io: IoKind;
  parameterType?: ParameterType;
  schemaTitle?: string;
  isList?: boolean;
}

function jsonType(values: JsonValue[]): ParameterType | undefined {
  const kinds = new Set(
    values.map((v) =>
      typeof v === 'number'
        ? Number.isInteger(v)
          ? 'NUMBER_INTEGER'
          : 'NUMBER_DOUBLE'
        : typeof v === 'string'
          ? 'STRING'
          : typeof v === 'boolean'
            ? 'BOOLEAN'
            : Array.isArray(v)
              ? 'LIST'
              : v === null
                ? 'NULL'
                : 'STRUCT',
    ),
  );
  if (kinds.size === 1) return [...kinds][0] as ParameterType;
  if (kinds.size === 2 && kinds.has('NUMBER_INTEGER') && kinds.has('NUMBER_DOUBLE')) return 'NUMBER_DOUBLE';
  return undefined;
}

/** The type of a source where it is produced (before any collection). */
export function sourceType(graph: PipelineGraph, s: Source): ValueType | undefined {
  switch (s.kind) {
    case 'param': {
      const p = graph.params.find((x) => x.name === s.name);
      return p ? { io: 'parameter', parameterType: p.type } : undefined;
    }
    case 'root-artifact': {
      const a = graph.rootArtifacts[s.name];
      return a ? { io: 'artifact', schemaTitle: a.artifactType.schemaTitle ?? 'system.Artifact', ...(a.isArtifactList ? { isList: true } : {}) } : undefined;
    }
    case 'output': {
      const port = findNode(graph, s.item)?.outputs.find((p) => p.name === s.key && p.io === s.io);
      if (!port) return undefined;
      return port.io === 'parameter'
        ? { io: 'parameter', ...(port.parameterType ? { parameterType: port.parameterType } : {}) }
        : { io: 'artifact', schemaTitle: port.schemaTitle ?? 'system.Artifact', ...(port.isList ? { isList: true } : {}) };
    }
    case 'loop-item': {
      const g = findGroup(graph, s.group);
      const it = g?.iterator;
      if (!g || !it) return undefined;
      if ('raw' in it.items) {
        let items: unknown;
        try {
          items = JSON.parse(it.items.raw);
        } catch {
          return { io: 'parameter' };
        }
        const t = Array.isArray(items) ? jsonType(items as JsonValue[]) : undefined;
        return { io: 'parameter', ...(t ? { parameterType: t } : {}) };
      }
      const name = it.items.channel;
      const list = g.channels.find((c) => c.name === name);
      if (it.io === 'artifact') {
        const t = list ? collectedFrom(graph, list.source, g.parent) : undefined;
        return { io: 'artifact', schemaTitle: t?.schemaTitle ?? 'system.Artifact' };
      }
      return { io: 'parameter' };
    }
    case 'final-status':
      return { io: 'parameter', parameterType: 'TASK_FINAL_STATUS' };
  }
}

/** The loops that enclose `item` but not the DAG `scope` (the ones a value leaving `item` is collected by). */
export function loopsBetween(graph: PipelineGraph, item: ItemId, scope: ItemId | null): ItemId[] {
  const outer = new Set(scope === null ? [] : [scope, ...ancestors(graph, scope)]);
  return ancestors(graph, item).filter((g) => !outer.has(g) && findGroup(graph, g)?.kind === 'loop');
}

/** The type of a source as seen from a consumer in DAG `scope`: collected into a list when it leaves a loop. */
export function collectedFrom(graph: PipelineGraph, s: Source, scope: ItemId | null): ValueType | undefined {
  const t = sourceType(graph, s);
  if (!t || s.kind !== 'output' || loopsBetween(graph, s.item, scope).length === 0) return t;
  return t.io === 'parameter' ? { io: 'parameter', parameterType: 'LIST' } : { ...t, isList: true };
}
