// SPDX-License-Identifier: Apache-2.0
/**
 * The pipeline builder's drafts, kept by main in SQLite as the user works: one per cluster and
 * starting point (a new pipeline, or a pipeline version opened from the cluster), saved whole at
 * each save, listed to reopen or discard. The graph is the shared/kfp model; its shape is checked
 * here and its size by the service (drafts are kept up to {@link maxDraftChars}).
 */
import { z } from 'zod';
import { rpc } from '../../ipc/define';
import type { PipelineGraph } from '../../kfp/graph-types';
import { KfpId } from '../pipelines/pipelines.contract';

const ClusterId = z.string().min(1).max(512);

/** The largest draft kept, in characters of JSON (a 300-task pipeline is about 1 MiB). */
export const maxDraftChars = 8 * 1024 * 1024;

/** Which draft: a cluster's new pipeline, or a version opened from the cluster (both ids). */
export const DraftRef = z
  .object({ clusterId: ClusterId, pipelineId: KfpId.optional(), versionId: KfpId.optional() })
  .refine((r) => (r.pipelineId === undefined) === (r.versionId === undefined), 'Give both the pipeline and the version, or neither');
/** {@link DraftRef} */
export type DraftRef = z.infer<typeof DraftRef>;

const Obj = z.record(z.string(), z.unknown());
const Item = z.looseObject({ id: z.string().min(1), name: z.string(), parent: z.string().nullable(), component: z.string() });

/** The graph model's shape (shared/kfp/graph-types.ts), checked before a draft is kept. */
export const DraftGraph = z.looseObject({
  info: z.looseObject({ name: z.string() }),
  header: Obj,
  params: z.array(z.looseObject({ name: z.string(), type: z.string() })),
  rootArtifacts: Obj,
  outputs: z.array(Obj),
  components: Obj,
  executors: Obj,
  kubernetes: Obj,
  nodes: z.array(Item.extend({ inputs: z.array(Obj), outputs: z.array(Obj), constants: Obj, settings: Obj })),
  groups: z.array(Item.extend({ kind: z.enum(['condition-branches', 'condition', 'loop', 'exit-handler']), channels: z.array(Obj), outputs: z.array(Obj) })),
  edges: z.array(z.looseObject({ kind: z.enum(['data', 'dependency']), id: z.string() })),
});

/** A draft to keep (the graph typed as the model its shape was checked against). */
export type SaveDraftRequest = { ref: DraftRef; graph: PipelineGraph };
export const SaveDraftRequest = z.object({ ref: DraftRef, graph: DraftGraph }) as unknown as z.ZodType<SaveDraftRequest>;

/** A kept draft, as the drafts list shows it. */
export interface DraftSummary {
  ref: DraftRef;
  /** The pipeline's name in the draft. */
  name: string;
  tasks: number;
  /** When it was last saved (ms since epoch). */
  savedAt: number;
  /** Its size in characters of JSON. */
  chars: number;
}

/** A kept draft with its graph. */
export interface BuilderDraft extends DraftSummary {
  graph: PipelineGraph;
}

export const builderDraftsContract = {
  save: rpc<SaveDraftRequest, DraftSummary>('builder-drafts:save', SaveDraftRequest),
  /** The draft, or null when none is kept. */
  get: rpc<DraftRef, BuilderDraft | null>('builder-drafts:get', DraftRef),
  list: rpc<{ clusterId?: string }, DraftSummary[]>('builder-drafts:list', z.object({ clusterId: ClusterId.optional() })),
  discard: rpc<DraftRef, void>('builder-drafts:discard', DraftRef),
};
