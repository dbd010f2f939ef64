// SPDX-License-Identifier: Apache-2.0
/**
 * The builder's draft as kept between sessions: the graph being built, per cluster, with the time
 * it was kept; read back only when it has the graph model's shape (anything else is dropped, not
 * shown half-broken). Pure: the storage is given (localStorage in the app).
 */
import type { PipelineGraph } from '../../../shared/kfp/graph-types';

/** A kept draft. */
export interface BuilderDraft {
  savedAt: number;
  graph: PipelineGraph;
}

/** Where a cluster's draft is kept. */
export function draftKey(clusterId: string): string {
  return `mldeck.builder.draft.${clusterId}`;
}

/** The draft's text. */
export function draftText(graph: PipelineGraph, savedAt: number): string {
  return JSON.stringify({ v: 1, savedAt, graph });
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The draft in `text`, or undefined when there is none or it is not a graph this version can read. */
export function readDraft(text: string | null): BuilderDraft | undefined {
  if (!text) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObj(v) || v.v !== 1 || typeof v.savedAt !== 'number' || !isObj(v.graph)) return undefined;
  const g = v.graph;
  const arrays = ['params', 'outputs', 'nodes', 'groups', 'edges'].every((k) => Array.isArray(g[k]));
  const maps = ['header', 'rootArtifacts', 'components', 'executors', 'kubernetes'].every((k) => isObj(g[k]));
  if (!arrays || !maps || !isObj(g.info) || typeof g.info.name !== 'string') return undefined;
  return { savedAt: v.savedAt, graph: g as unknown as PipelineGraph };
}
