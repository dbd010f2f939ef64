// SPDX-License-Identifier: Apache-2.0
/**
 * The builder's draft for the route's cluster and starting point (a new pipeline, or a version
 * opened from the cluster), kept by main in SQLite (`builder-drafts:*`): restored when the builder
 * opens (after a reload, a crash, another page), else the version is read from the cluster, else
 * an empty pipeline; saved 0.8 s after the last edit and at once when the page is hidden or left.
 * A draft earlier versions kept in localStorage is moved into main once.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { asAppError } from '../../../shared/errors';
import { builderDraftsContract, type DraftRef } from '../../../shared/features/builder/builder-drafts.contract';
import { emptyGraph } from '../../../shared/kfp/graph-edit';
import type { PipelineGraph } from '../../../shared/kfp/graph-types';
import { api } from '../../lib/api/api-context';
import { useBuilder } from './builder.store';
import { draftOwner, draftRef, legacyDraftKey, readLegacyDraft, worthSaving } from './builder-draft';
import { readVersionGraph } from './use-builder-io';

/** The graph this hook last put on the canvas (not saved until it is edited). */
let placed: PipelineGraph | undefined;

/** What the builder shows about its draft. */
export interface DraftStatus {
  /** When the draft on the canvas was saved, if one was restored when the builder opened. */
  restoredAt: number | undefined;
  /** The draft or the version is being read. */
  opening: boolean;
  /** When the draft was last saved in this visit. */
  savedAt: number | undefined;
  /** Why the last save failed. */
  saveError: string | undefined;
  /** Forgets the restored draft of a version and opens the version as it is on the cluster. */
  revert: (() => void) | undefined;
}

/** Moves the draft earlier versions kept in localStorage into main (once); returns it. */
async function migrateLegacy(ref: DraftRef): Promise<{ graph: PipelineGraph; savedAt: number } | undefined> {
  const key = legacyDraftKey(ref.clusterId);
  const legacy = readLegacyDraft(localStorage.getItem(key));
  if (!legacy) {
    localStorage.removeItem(key);
    return undefined;
  }
  await api().call(builderDraftsContract.save, { ref, graph: legacy.graph });
  localStorage.removeItem(key);
  return legacy;
}

/** Keeps the draft of the route's cluster and version. */
export function useBuilderDraft(clusterId: string, pipelineId: string | undefined, versionId: string | undefined): DraftStatus {
  const [restoredAt, setRestoredAt] = useState<number | undefined>(undefined);
  const [opening, setOpening] = useState(false);
  const [savedAt, setSavedAt] = useState<number | undefined>(undefined);
  const [saveError, setSaveError] = useState<string | undefined>(undefined);
  const refRef = useRef<DraftRef>(draftRef(clusterId, pipelineId, versionId));

  useEffect(() => {
    const ref = draftRef(clusterId, pipelineId, versionId);
    refRef.current = ref;
    const owner = draftOwner(ref);
    let live = true;
    const place = (g: PipelineGraph) => {
      placed = g;
      useBuilder.getState().load(g, owner);
    };
    const open = async () => {
      // the same draft is still on the canvas (back from another page): keep it as it is
      if (useBuilder.getState().owner === owner) return;
      setRestoredAt(undefined);
      setOpening(true);
      // until it is read, the canvas is empty and belongs to no draft: nothing is edited or saved in the wrong one
      placed = undefined;
      useBuilder.getState().load(emptyGraph('my-pipeline'), '');
      try {
        let draft: { graph: PipelineGraph; savedAt: number } | null | undefined = null;
        try {
          draft = await api().call(builderDraftsContract.get, ref);
          if (!draft && !ref.pipelineId) draft = await migrateLegacy(ref);
        } catch (e) {
          useBuilder.getState().refuse(`Your draft could not be read: ${asAppError(e).message}`);
        }
        if (!live) return;
        if (draft) {
          place(draft.graph);
          setRestoredAt(draft.savedAt);
        } else if (ref.pipelineId && ref.versionId) {
          let g: PipelineGraph;
          try {
            g = await readVersionGraph(ref.clusterId, ref.pipelineId, ref.versionId);
          } catch (e) {
            if (!live) return;
            place(emptyGraph('my-pipeline'));
            useBuilder.getState().refuse(`The version could not be opened: ${asAppError(e).message}`);
            return;
          }
          if (live) place(g);
        } else place(emptyGraph('my-pipeline'));
      } finally {
        if (live) setOpening(false);
      }
    };
    void open();

    let timer: ReturnType<typeof setTimeout> | undefined;
    let pending = false;
    const save = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (!pending) return;
      pending = false;
      const s = useBuilder.getState();
      if (s.owner !== owner) return;
      api()
        .call(builderDraftsContract.save, { ref, graph: s.history.present })
        .then(
          (d) => {
            if (!live) return;
            setSavedAt(d.savedAt);
            setSaveError(undefined);
          },
          (e: unknown) => live && setSaveError(asAppError(e).message),
        );
    };
    const off = useBuilder.subscribe((s, prev) => {
      if (s.owner !== owner || !worthSaving(s.history, prev.history, placed)) return;
      pending = true;
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, 800);
    });
    const hidden = () => document.visibilityState === 'hidden' && save();
    window.addEventListener('pagehide', save);
    document.addEventListener('visibilitychange', hidden);
    return () => {
      off();
      window.removeEventListener('pagehide', save);
      document.removeEventListener('visibilitychange', hidden);
      save();
      live = false;
    };
  }, [clusterId, pipelineId, versionId]);

  const revertVersion = useCallback(async () => {
    const ref = refRef.current;
    if (!ref.pipelineId || !ref.versionId) return;
    try {
      const g = await readVersionGraph(ref.clusterId, ref.pipelineId, ref.versionId);
      await api().call(builderDraftsContract.discard, ref);
      placed = g;
      useBuilder.getState().load(g, draftOwner(ref));
      setRestoredAt(undefined);
    } catch (e) {
      useBuilder.getState().refuse(`The version could not be opened: ${asAppError(e).message}`);
    }
  }, []);
  const revert = restoredAt !== undefined && pipelineId && versionId ? () => void revertVersion() : undefined;
  return { restoredAt, opening, savedAt, saveError, revert };
}
