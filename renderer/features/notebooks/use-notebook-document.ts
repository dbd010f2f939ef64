// SPDX-License-Identifier: Apache-2.0
/**
 * An open notebook document, as a hook: loads it through main (or the copy MLDeck kept, when the
 * server cannot be reached; reloaded when the server is back and nothing was changed), keeps a
 * local draft as the user types (`DraftSaver`), offers a draft kept before, and saves with a
 * conflict check (overwrite, save as a copy, or discard and reload). Nothing the user typed is
 * lost to a crash, a dropped connection or a dead kernel.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore, type MutableRefObject } from 'react';
import { AppError, asAppError } from '../../../shared/errors';
import {
  notebooksContract,
  type ConnectionState,
  type NotebookDraft,
  type OpenedNotebook,
  type ServerRef,
} from '../../../shared/features/notebooks/notebooks.contract';
import { useRouter } from '../../app/router';
import { api } from '../../lib/api/api-context';
import { bytes } from '../../lib/format';
import { notify } from '../../lib/notify';
import { DraftSaver, type DraftState } from './draft-saver';
import { NotebookModel } from './editor/notebook-model';
import { baseName, conflictCopyPath } from './file-paths';
import { draftRequest, restoredBase, saveFailure, saveRequest } from './notebook-page-model';
import { notifyFailed } from './notify-failed';

/** What the hook gives the page. */
export interface NotebookDocument {
  opened: OpenedNotebook | undefined;
  loadError: AppError | undefined;
  model: NotebookModel | undefined;
  /** The model, for callbacks that run later (kernel events, cell runs). */
  modelRef: MutableRefObject<NotebookModel | undefined>;
  /** Changed since the last save (or restored from a draft). */
  dirty: boolean;
  /** A draft kept before, offered on open. */
  draftOffer: NotebookDraft | undefined;
  draftState: DraftState;
  /** The file changed on the server since it was opened (the time of the server's copy). */
  conflict: { serverTime: string | undefined } | undefined;
  saving: boolean;
  /** The connection allows opening (known, and not waiting for a token). */
  canOpen: boolean;
  load(): Promise<void>;
  /** Saves; `force` overwrites the server's copy whatever changed. */
  save(force?: boolean): Promise<void>;
  /** Saves the user's version beside the file (a conflict's way out) and opens it. */
  saveCopy(): Promise<void>;
  /** Drops the draft and loads the server's copy. */
  discardAndReload(): Promise<void>;
  restoreDraft(): void;
  discardDraft(): void;
  cancelConflict(): void;
}

/**
 * @param server - the notebook server
 * @param path - the notebook's path on it
 * @param state - the connection's state (undefined while the first connect runs)
 */
export function useNotebookDocument(server: ServerRef, path: string, state: ConnectionState | undefined): NotebookDocument {
  const go = useRouter((s) => s.go);
  const [opened, setOpened] = useState<OpenedNotebook | undefined>();
  const [loadError, setLoadError] = useState<AppError | undefined>();
  const [model, setModel] = useState<NotebookModel | undefined>();
  const [draftOffer, setDraftOffer] = useState<NotebookDraft | undefined>();
  const [fromDraft, setFromDraft] = useState(false);
  const [conflict, setConflict] = useState<{ serverTime: string | undefined } | undefined>();
  const [draftState, setDraftState] = useState<DraftState>({ kind: 'clean' });
  const [saving, setSaving] = useState(false);
  /** The server's last_modified the editor's content is based on (the save's conflict check). */
  const base = useRef<string | undefined>(undefined);
  const modelRef = useRef<NotebookModel | undefined>(undefined);
  modelRef.current = model;
  const modelDirty = useSyncExternalStore(
    useCallback((cb: () => void) => (model ? model.subscribe(cb) : () => undefined), [model]),
    () => model?.dirty ?? false,
  );

  // ---- loading -------------------------------------------------------------------------------
  const load = useCallback(async () => {
    setLoadError(undefined);
    try {
      const o = await api().call(notebooksContract.open, { server, path });
      setOpened(o);
      base.current = o.lastModified;
      const m = NotebookModel.fromDoc(o.content);
      // an empty notebook (as Jupyter creates one) gets a first cell to type in, as in JupyterLab
      if (m.cells.length === 0) {
        m.insertCell(0, 'code');
        m.markSaved();
      }
      setModel(m);
      setFromDraft(false);
      setDraftOffer(o.draft);
    } catch (e) {
      setLoadError(asAppError(e));
    }
  }, [server, path]);

  const canOpen = state !== undefined && state !== 'needs-token';
  useEffect(() => {
    if (canOpen && !opened && !loadError) void load();
  }, [canOpen, opened, loadError, load]);

  // the server came back while a cached copy is shown: reload it when nothing was changed
  useEffect(() => {
    if (state === 'connected' && opened?.fromCache && model && !modelDirty && !fromDraft) void load();
  }, [state, opened, model, modelDirty, fromDraft, load]);

  // ---- drafts --------------------------------------------------------------------------------
  const saver = useMemo(
    () =>
      new DraftSaver(
        async () => {
          const m = modelRef.current;
          if (!m) return Date.now();
          return (await api().call(notebooksContract.putDraft, draftRequest(server, path, m.toDoc(), base.current))).savedAt;
        },
        setDraftState,
        (e) => notifyFailed('Your draft could not be kept', e),
      ),
    [server, path],
  );
  useEffect(
    () => () => {
      void saver.flush();
      saver.dispose();
    },
    [saver],
  );
  useEffect(() => {
    if (!model) return;
    return model.subscribe(() => {
      if (model.dirty) saver.touch();
    });
  }, [model, saver]);

  const restoreDraft = useCallback(() => {
    if (!draftOffer) return;
    base.current = restoredBase(draftOffer, opened?.lastModified);
    setModel(NotebookModel.fromDoc(draftOffer.content));
    setFromDraft(true);
    setDraftOffer(undefined);
    setDraftState({ kind: 'kept', at: draftOffer.savedAt });
  }, [draftOffer, opened]);

  const discardDraft = useCallback(() => {
    api()
      .call(notebooksContract.dropDraft, { server, path })
      .then(() => setDraftOffer(undefined))
      .catch((e: unknown) => notifyFailed('Could not discard the draft', e));
  }, [server, path]);

  // ---- saving --------------------------------------------------------------------------------
  const afterSave = useCallback(
    (lastModified: string, atVersion: number) => {
      base.current = lastModified;
      modelRef.current?.markSaved(atVersion);
      setFromDraft(false);
      saver.reset();
      setOpened((o) => (o ? { ...o, fromCache: false, lastModified } : o));
    },
    [saver],
  );

  const save = useCallback(
    async (force = false) => {
      const m = modelRef.current;
      if (!m || saving) return;
      setSaving(true);
      const atVersion = m.version;
      try {
        const r = await api().call(notebooksContract.save, saveRequest(server, path, m.toDoc(), base.current, force));
        afterSave(r.lastModified, atVersion);
        setConflict(undefined);
        notify('success', `Saved ${baseName(path)}`, bytes(r.size));
      } catch (e) {
        if (e instanceof AppError && e.code === 'conflict') setConflict({ serverTime: e.detail });
        else {
          await saver.flush();
          notifyFailed(`${baseName(path)} was not saved`, saveFailure(e));
        }
      } finally {
        setSaving(false);
      }
    },
    [server, path, saving, afterSave, saver],
  );

  const saveCopy = useCallback(async () => {
    const m = modelRef.current;
    if (!m) return;
    const copy = conflictCopyPath(path);
    try {
      await api().call(notebooksContract.save, { server, path: copy, content: m.toDoc() });
      await api().call(notebooksContract.dropDraft, { server, path });
      setConflict(undefined);
      notify('success', `Your version is saved as ${baseName(copy)}`);
      go({ page: 'notebook', ...server, path: copy });
    } catch (e) {
      notifyFailed('Could not save the copy', e);
    }
  }, [server, path, go]);

  const discardAndReload = useCallback(async () => {
    try {
      await api().call(notebooksContract.dropDraft, { server, path });
    } catch (e) {
      notifyFailed('Could not drop the draft', e);
      return;
    }
    saver.reset();
    setConflict(undefined);
    setDraftOffer(undefined);
    setOpened(undefined);
  }, [server, path, saver]);

  const cancelConflict = useCallback(() => setConflict(undefined), []);

  return {
    opened,
    loadError,
    model,
    modelRef,
    dirty: modelDirty || fromDraft,
    draftOffer,
    draftState,
    conflict,
    saving,
    canOpen,
    load,
    save,
    saveCopy,
    discardAndReload,
    restoreDraft,
    discardDraft,
    cancelConflict,
  };
}
