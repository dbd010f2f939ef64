// SPDX-License-Identifier: Apache-2.0
/**
 * The builder's drafts: kept whole at each save (refused with the reason when larger than the
 * limit), read back, listed newest first, discarded. A kept draft that can no longer be read as
 * a graph (a file from a newer MLDeck, damage) is reported, never handed to the canvas.
 */
import { AppError } from '../../../shared/errors';
import {
  DraftGraph,
  maxDraftChars,
  type BuilderDraft,
  type DraftRef,
  type DraftSummary,
  type SaveDraftRequest,
} from '../../../shared/features/builder/builder-drafts.contract';
import type { PipelineGraph } from '../../../shared/kfp/graph-types';
import type { BuilderDraftStore, DraftRow } from './builder-draft-store';

/** The slot of a draft in its cluster: '' for a new pipeline, `<pipeline>/<version>` for an opened version. */
export function slotOf(ref: DraftRef): string {
  return ref.pipelineId && ref.versionId ? `${ref.pipelineId}/${ref.versionId}` : '';
}

/** The reference of a slot. */
export function refOf(cluster: string, slot: string): DraftRef {
  const [pipelineId, versionId] = slot.split('/');
  return pipelineId && versionId ? { clusterId: cluster, pipelineId, versionId } : { clusterId: cluster };
}

const mib = (chars: number) => `${(chars / (1024 * 1024)).toFixed(1)} MiB`;

/** Saves, reads, lists and discards drafts. */
export class BuilderDraftsService {
  constructor(
    private readonly store: BuilderDraftStore,
    private readonly now: () => number = Date.now,
  ) {}

  save(req: SaveDraftRequest): DraftSummary {
    const json = JSON.stringify(req.graph);
    if (json.length > maxDraftChars)
      throw new AppError('validation', `The draft is ${mib(json.length)}; drafts are kept up to ${mib(maxDraftChars)}. Export the pipeline as a file instead.`);
    const row: DraftRow = {
      cluster: req.ref.clusterId,
      slot: slotOf(req.ref),
      name: req.graph.info.name,
      tasks: req.graph.nodes.length,
      savedAt: this.now(),
      json,
    };
    this.store.put(row);
    return this.summary(row.cluster, row.slot, row, json.length);
  }

  /** @throws AppError('internal') when the kept draft is not a graph this version can read */
  get(ref: DraftRef): BuilderDraft | null {
    const row = this.store.get(ref.clusterId, slotOf(ref));
    if (!row) return null;
    let value: unknown;
    try {
      value = JSON.parse(row.json);
    } catch (e) {
      throw new AppError('internal', `The draft "${row.name}" kept on ${new Date(row.savedAt).toISOString()} cannot be read.`, (e as Error).message);
    }
    const shape = DraftGraph.safeParse(value);
    if (!shape.success)
      throw new AppError('internal', `The draft "${row.name}" is not a pipeline this version of MLDeck can open.`, shape.error.issues[0]?.message);
    return { ...this.summary(row.cluster, row.slot, row, row.json.length), graph: value as PipelineGraph };
  }

  list(clusterId: string | undefined): DraftSummary[] {
    return this.store.list(clusterId).map((r) => this.summary(r.cluster, r.slot, r, r.chars));
  }

  discard(ref: DraftRef): void {
    this.store.remove(ref.clusterId, slotOf(ref));
  }

  private summary(cluster: string, slot: string, r: { name: string; tasks: number; savedAt: number }, chars: number): DraftSummary {
    return { ref: refOf(cluster, slot), name: r.name, tasks: r.tasks, savedAt: r.savedAt, chars };
  }
}
