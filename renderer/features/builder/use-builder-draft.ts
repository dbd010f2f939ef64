// SPDX-License-Identifier: Apache-2.0
/**
 * Keeps the graph being built as a draft while the user works (0.8 s after the last edit, and when
 * the page is hidden or closed), and restores it when the builder opens again on the cluster (after
 * a reload or a crash) unless a version is being opened. Kept in localStorage, per cluster.
 */
import { useEffect, useState } from 'react';
import { useBuilder } from './builder.store';
import { draftKey, draftText, readDraft } from './builder-draft';

/** The time the draft shown was kept, when one was restored. */
export function useBuilderDraft(clusterId: string, opening: boolean): number | undefined {
  const [restoredAt, setRestoredAt] = useState<number | undefined>(undefined);
  useEffect(() => {
    const key = draftKey(clusterId);
    const h = useBuilder.getState().history;
    // a graph already being built in this session stays; a fresh start takes the kept draft
    const pristine = h.past.length === 0 && h.future.length === 0 && h.present.nodes.length === 0 && h.present.params.length === 0;
    if (!opening && pristine) {
      const draft = readDraft(localStorage.getItem(key));
      if (draft) {
        useBuilder.getState().load(draft.graph);
        setRestoredAt(draft.savedAt);
      }
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const save = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      localStorage.setItem(key, draftText(useBuilder.getState().history.present, Date.now()));
    };
    const off = useBuilder.subscribe((s, prev) => {
      if (s.history.present === prev.history.present) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(save, 800);
    });
    window.addEventListener('pagehide', save);
    return () => {
      off();
      window.removeEventListener('pagehide', save);
      if (timer) save();
    };
  }, [clusterId, opening]);
  return restoredAt;
}
