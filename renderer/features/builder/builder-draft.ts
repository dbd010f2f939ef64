// SPDX-License-Identifier: Apache-2.0
/**
 * Pure pieces of the builder's drafts (kept by main, see shared/features/builder): which draft a
 * route edits (its owner key and reference), when a change is worth saving, and reading the draft
 * earlier versions kept in localStorage (migrated once into main's store).
 */
import type { DraftRef } from '../../../shared/features/builder/builder-drafts.contract';
import type { PipelineGraph } from '../../../shared/kfp/graph-types';
import type { History } from './undo-stack';

/** A draft as earlier versions kept it in localStorage. */
export interface LegacyDraft {
  savedAt: number;
  graph: PipelineGraph;
}

/** The draft a builder route edits: the cluster's new pipeline, or an opened version. */
export function draftRef(clusterId: string, pipelineId?: string, versionId?: string): DraftRef {
  return pipelineId && versionId ? { clusterId, pipelineId, versionId } : { clusterId };
}

/** The key of a draft (the store's `owner`). */
export function draftOwner(ref: DraftRef): string {
  return JSON.stringify([ref.clusterId, ref.pipelineId ?? '', ref.versionId ?? '']);
}

/**
 * Whether a change of the history should be saved: the graph changed, and it is not a graph
 * the draft hook itself just put there (a restored draft, an opened version) untouched.
 */
export function worthSaving(next: History<PipelineGraph>, prev: History<PipelineGraph>, placed: PipelineGraph | undefined): boolean {
  if (next.present === prev.present) return false;
  return !(next.present === placed && next.past.length === 0 && next.future.length === 0);
}

/** Where earlier versions kept a cluster's draft in localStorage. */
export function legacyDraftKey(clusterId: string): string {
  return `mldeck.builder.draft.${clusterId}`;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** The draft in a legacy localStorage text, or undefined when there is none or it is not a graph. */
export function readLegacyDraft(text: string | null): LegacyDraft | undefined {
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

/** When a draft was saved, in words. */
export function savedText(savedAt: number, now: number): string {
  const s = Math.max(0, Math.round((now - savedAt) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.round(s / 60)} min ago`;
  return new Date(savedAt).toLocaleString();
}
