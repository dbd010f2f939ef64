// SPDX-License-Identifier: Apache-2.0
/**
 * The compare page's data: the runs of the selection (renderer/lib/comparison.store.ts) read
 * through `compare:resolve` whenever the selection changes, the view settings, the saved
 * comparisons (save, save as, open, rename, delete) and the CSV export, offered as a file
 * download (Electron asks where to save it).
 */
import { useCallback, useMemo, useState } from 'react';
import { runKey, shownParams, toCsv } from '../../../shared/features/compare/compare-model';
import { compareContract, defaultViewSettings, type ViewSettings } from '../../../shared/features/compare/compare.contract';
import { api } from '../../lib/api/api-context';
import { useComparison } from '../../lib/comparison.store';
import { notify, notifyError } from '../../lib/notify';
import { useCall } from '../../lib/use-call';
import { splitResults } from './compare-view-model';

const viewKey = 'mldeck.compare.view';

function initialView(): ViewSettings {
  try {
    return { ...defaultViewSettings, ...(JSON.parse(localStorage.getItem(viewKey) ?? '{}') as Partial<ViewSettings>) };
  } catch {
    return defaultViewSettings; // unreadable: the defaults
  }
}

/** Saves text as a download named `name`. */
function saveText(name: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A file name from a comparison's name. */
export function csvFileName(name: string): string {
  return `${(name.trim() || 'comparison').replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'comparison'}.csv`;
}

/** Everything the page needs. */
export function useCompare() {
  const refs = useComparison((s) => s.refs);
  const savedId = useComparison((s) => s.savedId);
  const name = useComparison((s) => s.name);
  const [view, setViewState] = useState<ViewSettings>(initialView);
  const setView = useCallback((patch: Partial<ViewSettings>) => {
    setViewState((v) => {
      const next = { ...v, ...patch };
      localStorage.setItem(viewKey, JSON.stringify(next));
      return next;
    });
  }, []);
  const refsKey = refs.map(runKey).join('\n');
  const resolved = useCall(`resolve\n${refsKey}`, () => (refs.length ? api().call(compareContract.resolve, { refs }) : Promise.resolve([])));
  const { runs, failed } = useMemo(() => splitResults(resolved.value ?? []), [resolved.value]);
  const saved = useCall('saved', () => api().call(compareContract.list, {}));

  const save = useCallback(
    async (as: string, asNew: boolean) => {
      try {
        const s = await api().call(compareContract.save, { ...(savedId && !asNew ? { id: savedId } : {}), name: as, refs, view });
        useComparison.getState().open({ refs, savedId: s.id, name: s.name });
        notify('success', 'Comparison saved', `"${s.name}" with ${s.runs} run${s.runs === 1 ? '' : 's'}.`);
        saved.reload();
      } catch (e) {
        notifyError(e);
      }
    },
    [savedId, refs, view, saved],
  );

  const open = useCallback(
    async (id: string) => {
      try {
        const c = await api().call(compareContract.get, { id });
        useComparison.getState().open({ refs: c.refs, savedId: c.id, name: c.name });
        setView(c.view);
      } catch (e) {
        notifyError(e);
      }
    },
    [setView],
  );

  const rename = useCallback(
    async (id: string, to: string) => {
      try {
        const s = await api().call(compareContract.rename, { id, name: to });
        if (id === savedId) useComparison.getState().open({ refs, savedId: id, name: s.name });
        saved.reload();
      } catch (e) {
        notifyError(e);
      }
    },
    [savedId, refs, saved],
  );

  const remove = useCallback(
    async (id: string) => {
      try {
        await api().call(compareContract.delete, { id });
        if (id === savedId) useComparison.getState().open({ refs, savedId: undefined, name: '' });
        saved.reload();
      } catch (e) {
        notifyError(e);
      }
    },
    [savedId, refs, saved],
  );

  const exportCsv = useCallback(() => {
    const list = runs.map((r) => r.run);
    saveText(csvFileName(name), toCsv(list, { differencesOnly: view.differencesOnly }), 'text/csv');
  }, [runs, name, view.differencesOnly]);

  const params = useMemo(
    () =>
      shownParams(
        runs.map((r) => r.run),
        view.differencesOnly,
      ),
    [runs, view.differencesOnly],
  );

  return {
    refs,
    savedId,
    name,
    view,
    setView,
    runs,
    failed,
    params,
    loading: resolved.loading,
    error: resolved.error,
    reload: resolved.reload,
    saved: saved.value ?? [],
    savedError: saved.error,
    save,
    open,
    rename,
    remove,
    startNew: () => useComparison.getState().open({ refs: [], savedId: undefined, name: '' }),
    removeRun: (key: string) => useComparison.getState().remove(key),
    exportCsv,
  };
}
