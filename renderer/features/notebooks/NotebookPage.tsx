// SPDX-License-Identifier: Apache-2.0
/**
 * A notebook open in the editor: loads it through main (or the copy MLDeck kept, when the
 * server cannot be reached), runs its cells on a kernel of the server, keeps a local draft as the
 * user types, and saves with a conflict check. Nothing the user typed is lost to a crash, a
 * dropped connection or a dead kernel: the draft is offered the next time the notebook opens.
 */
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { AppError } from '../../../shared/errors';
import { appContract } from '../../../shared/features/app/app.contract';
import {
  notebooksContract,
  type KernelHandle,
  type KernelStatus,
  type NotebookDraft,
  type OpenedNotebook,
  type ServerRef,
} from '../../../shared/features/notebooks/notebooks.contract';
import type { Route } from '../../app/router';
import { useRouter } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { api } from '../../lib/api/api-context';
import { age, bytes } from '../../lib/format';
import { notify } from '../../lib/notify';
import { ConnectionBar } from './ConnectionBar';
import { DraftSaver, type DraftState } from './draft-saver';
import { NotebookEditor, type KernelControls } from './editor/NotebookEditor';
import { NotebookModel } from './editor/notebook-model';
import { baseName, conflictCopyPath, parentOf } from './file-paths';
import { applyKernelEvent } from './kernel-events';
import { notifyFailed } from './notify-failed';
import { useNotebookConnection } from './use-notebook-connection';
import './notebooks.css';

function asAppError(e: unknown): AppError {
  return e instanceof AppError ? e : new AppError('internal', e instanceof Error ? e.message : String(e));
}

const modelKeys = new WeakMap<NotebookModel, number>();
let nextModelKey = 0;
/** A React key per model object, so the editor starts afresh only when the model is replaced. */
function keyOf(m: NotebookModel): number {
  let k = modelKeys.get(m);
  if (k === undefined) modelKeys.set(m, (k = ++nextModelKey));
  return k;
}

function time(ms: number): string {
  return new Date(ms).toLocaleTimeString();
}

/** The conflict dialog: the file changed on the server since it was opened. */
function ConflictDialog(props: { path: string; serverTime: string | undefined; onOverwrite(): void; onCopy(): void; onReload(): void; onCancel(): void }) {
  return (
    <div className="dialog-backdrop" onClick={props.onCancel}>
      <div
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label="The notebook changed on the server"
        data-testid="nb-conflict"
        onClick={(e) => e.stopPropagation()}
      >
        <h3>{baseName(props.path)} changed on the server</h3>
        <p>
          Someone (or another tab) saved this notebook after you opened it
          {props.serverTime ? ` (the server’s copy is from ${new Date(props.serverTime).toLocaleString()})` : ''}. Your changes are kept as a draft whatever you
          choose.
        </p>
        <div className="dialog-buttons wrap">
          <button className="btn" onClick={props.onCancel}>
            Cancel
          </button>
          <button className="btn" onClick={props.onReload} data-testid="nb-conflict-reload">
            Discard mine, load theirs
          </button>
          <button className="btn" onClick={props.onCopy} data-testid="nb-conflict-copy">
            Save mine as a copy
          </button>
          <button className="btn danger-fill" onClick={props.onOverwrite} data-testid="nb-conflict-overwrite">
            Overwrite theirs
          </button>
        </div>
      </div>
    </div>
  );
}

function draftText(s: DraftState, dirty: boolean): string {
  switch (s.kind) {
    case 'clean':
      return dirty ? 'Unsaved changes' : 'All changes saved';
    case 'pending':
    case 'writing':
      return 'Unsaved changes · keeping a draft…';
    case 'kept':
      return `Unsaved changes · draft kept ${time(s.at)}`;
    case 'failed':
      return 'Unsaved changes · the draft could not be kept';
  }
}

/** The notebook editor page. */
export function NotebookPage({ route }: { route: Extract<Route, { page: 'notebook' }> }) {
  const server: ServerRef = useMemo(
    () => ({ clusterId: route.clusterId, namespace: route.namespace, name: route.name }),
    [route.clusterId, route.namespace, route.name],
  );
  const path = route.path;
  const go = useRouter((s) => s.go);
  const conn = useNotebookConnection(server);
  const state = conn.info?.state;

  const [opened, setOpened] = useState<OpenedNotebook | undefined>();
  const [loadError, setLoadError] = useState<AppError | undefined>();
  const [model, setModel] = useState<NotebookModel | undefined>();
  const [draftOffer, setDraftOffer] = useState<NotebookDraft | undefined>();
  const [fromDraft, setFromDraft] = useState(false);
  const [conflict, setConflict] = useState<{ serverTime: string | undefined } | undefined>();
  const [kernel, setKernel] = useState<KernelHandle | undefined>();
  const [kernelStatus, setKernelStatus] = useState<KernelStatus>('unknown');
  const [kernelError, setKernelError] = useState<AppError | undefined>();
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

  const kernelRef = useRef<KernelHandle | undefined>(undefined);
  kernelRef.current = kernel;

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
          const req = base.current ? { server, path, content: m.toDoc(), baseLastModified: base.current } : { server, path, content: m.toDoc() };
          return (await api().call(notebooksContract.putDraft, req)).savedAt;
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

  // ---- kernel --------------------------------------------------------------------------------
  const startKernel = useCallback(async () => {
    const m = modelRef.current;
    const spec = (m?.metadata.kernelspec as { name?: unknown } | undefined)?.name;
    setKernelError(undefined);
    try {
      const k = await api().call(notebooksContract.startKernel, typeof spec === 'string' && spec ? { server, path, kernelName: spec } : { server, path });
      setKernel(k);
      setKernelStatus(k.status);
      return k;
    } catch (e) {
      setKernelError(asAppError(e));
      return undefined;
    }
  }, [server, path]);

  const live = state === 'connected' && opened !== undefined && !opened.fromCache;
  useEffect(() => {
    if (live && !kernel && !kernelError) void startKernel();
  }, [live, kernel, kernelError, startKernel]);

  useEffect(
    () =>
      api().on(notebooksContract.kernel, (ev) => {
        if (ev.handle !== kernelRef.current?.handle) return;
        if (ev.type === 'status') {
          setKernelStatus(ev.status);
          if (ev.status === 'dead' && ev.reason) notify('warning', 'The kernel died', ev.reason);
          return;
        }
        const m = modelRef.current;
        if (m) applyKernelEvent(m, ev);
      }),
    [],
  );

  const run = useCallback(
    async (cellIds: string[]) => {
      const m = modelRef.current;
      if (!m) return;
      const code = cellIds.filter((id) => m.cell(id)?.type === 'code');
      if (code.length === 0) return;
      let k = kernelRef.current;
      if (!k) {
        notify(
          'warning',
          'No kernel',
          state === 'connected' ? 'The kernel is still starting.' : 'The notebook server cannot be reached; your edits are kept as a draft.',
        );
        return;
      }
      for (const id of code) {
        m.clearOutputs(id);
        m.setRunState(id, 'queued');
      }
      for (let i = 0; i < code.length; i++) {
        const id = code[i] as string;
        const cell = m.cell(id);
        if (!cell) continue;
        try {
          await api().call(notebooksContract.execute, { handle: k.handle, cellId: id, code: cell.source });
        } catch (first) {
          let e = first;
          // the kernel handle is gone (main restarted, kernel culled): start one and retry once
          const again = first instanceof AppError && first.code === 'not-found' ? await startKernel() : undefined;
          if (again) {
            k = again;
            try {
              await api().call(notebooksContract.execute, { handle: k.handle, cellId: id, code: cell.source });
              continue;
            } catch (e2) {
              e = e2;
            }
          }
          for (const rest of code.slice(i)) m.setRunState(rest, undefined);
          notifyFailed('Could not run the cell', e);
          return;
        }
      }
    },
    [state, startKernel],
  );

  const kernelControls: KernelControls | undefined = useMemo(
    () =>
      live
        ? {
            status: kernel ? kernelStatus : kernelError ? 'dead' : 'starting',
            run: (ids: string[]) => void run(ids),
            interrupt: () => {
              const k = kernelRef.current;
              if (k)
                api()
                  .call(notebooksContract.interrupt, { handle: k.handle })
                  .catch((e: unknown) => notifyFailed('Could not interrupt the kernel', e));
            },
            restart: () => {
              const k = kernelRef.current;
              if (!k) {
                void startKernel();
                return;
              }
              api()
                .call(notebooksContract.restart, { handle: k.handle })
                .then(() => {
                  const m = modelRef.current;
                  if (m) for (const c of m.cells) if (c.runState) m.setRunState(c.id, undefined);
                })
                .catch((e: unknown) => notifyFailed('Could not restart the kernel', e));
            },
          }
        : undefined,
    [live, kernel, kernelStatus, kernelError, run, startKernel],
  );

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
        const req = { server, path, content: m.toDoc(), ...(base.current ? { expectedLastModified: base.current } : {}), ...(force ? { force: true } : {}) };
        const r = await api().call(notebooksContract.save, req);
        afterSave(r.lastModified, atVersion);
        setConflict(undefined);
        notify('success', `Saved ${baseName(path)}`, bytes(r.size));
      } catch (e) {
        if (e instanceof AppError && e.code === 'conflict') setConflict({ serverTime: e.detail });
        else {
          await saver.flush();
          notifyFailed(
            `${baseName(path)} was not saved`,
            e instanceof AppError && (e.code === 'unavailable' || e.code === 'timeout')
              ? new AppError(e.code, e.message, 'Your changes are kept as a draft on this computer and offered when the server is back.')
              : e,
          );
        }
      } finally {
        setSaving(false);
      }
    },
    [server, path, saving, afterSave, saver],
  );

  // Ctrl/Cmd+S saves wherever the focus is on the page (the editor handles it itself inside cells)
  const saveRef = useRef(save);
  saveRef.current = save;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && e.key.toLowerCase() === 's' && !e.defaultPrevented) {
        e.preventDefault();
        void saveRef.current();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

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

  const openLink = useCallback((url: string) => {
    api()
      .call(appContract.openExternal, { url })
      .then((r) => {
        if (!r.opened) notify('warning', 'Link not opened', `MLDeck opens only http and https links: ${url.slice(0, 200)}`);
      })
      .catch((e: unknown) => notifyFailed('Could not open the link', e));
  }, []);

  // ---- view ----------------------------------------------------------------------------------
  const back = () => go({ page: 'notebook-server', ...server, ...(parentOf(path) ? { path: parentOf(path) } : {}) });
  const dirty = modelDirty || fromDraft;

  return (
    <div className="page notebook-page" data-testid="notebook-page">
      <div className="page-head nb-head">
        <button className="btn ghost" onClick={back} aria-label="Back to the files">
          ←
        </button>
        <h2 className="mono" title={path}>
          {baseName(path)}
        </h2>
        <span className="muted small">
          {server.namespace}/{server.name}
        </span>
        <span className="spacer" />
        {model && (
          <span className={`small ${dirty ? 'warn-text' : 'muted'}`} data-testid="nb-save-state" data-dirty={dirty ? 'true' : 'false'}>
            {saving ? 'Saving…' : draftText(draftState, dirty)}
          </span>
        )}
      </div>
      <ConnectionBar conn={conn} />
      {kernelError && live && (
        <div className="note error" role="alert" data-testid="nb-kernel-error">
          <strong>No kernel: {kernelError.message}</strong>
          {kernelError.detail && <div>{kernelError.detail}</div>}
          <button className="btn" onClick={() => void startKernel()}>
            Start a kernel
          </button>
        </div>
      )}
      {opened?.fromCache && (
        <div className="note stale" role="status" data-testid="nb-offline">
          <strong>Offline copy</strong> kept by MLDeck
          {opened.cachedAt ? ` ${age(new Date(opened.cachedAt).toISOString())} ago (${new Date(opened.cachedAt).toLocaleString()})` : ''}
          {opened.reason ? `: ${opened.reason}` : ''}. You can read and edit it; edits are kept as a draft and can be saved when the server is back.
          {state === 'connected' && dirty && (
            <div className="nb-offer-buttons">
              The server is back.
              <button className="btn primary" onClick={() => void save()} data-testid="nb-save-when-back">
                Save my changes
              </button>
              <button className="btn" onClick={() => void discardAndReload()}>
                Discard them and reload
              </button>
            </div>
          )}
        </div>
      )}
      {draftOffer && (
        <div className="note info" role="status" data-testid="nb-draft-offer">
          <strong>You have a draft of this notebook from {new Date(draftOffer.savedAt).toLocaleString()} that was not saved to the server.</strong>
          <div className="nb-offer-buttons">
            <button
              className="btn primary"
              data-testid="nb-draft-restore"
              onClick={() => {
                base.current = draftOffer.baseLastModified ?? opened?.lastModified;
                setModel(NotebookModel.fromDoc(draftOffer.content));
                setFromDraft(true);
                setDraftOffer(undefined);
                setDraftState({ kind: 'kept', at: draftOffer.savedAt });
              }}
            >
              Restore the draft
            </button>
            <button
              className="btn"
              data-testid="nb-draft-discard"
              onClick={() => {
                api()
                  .call(notebooksContract.dropDraft, { server, path })
                  .then(() => setDraftOffer(undefined))
                  .catch((e: unknown) => notifyFailed('Could not discard the draft', e));
              }}
            >
              Discard it
            </button>
          </div>
        </div>
      )}
      {loadError && <ErrorNote error={loadError} onRetry={() => void load()} />}
      {!model && !loadError && canOpen && <div className="muted">Opening {baseName(path)}…</div>}
      {model && (
        <NotebookEditor
          key={keyOf(model)}
          model={model}
          {...(kernelControls ? { kernel: kernelControls } : {})}
          onSave={() => void save()}
          onOpenLink={openLink}
        />
      )}
      {conflict && (
        <ConflictDialog
          path={path}
          serverTime={conflict.serverTime}
          onCancel={() => setConflict(undefined)}
          onOverwrite={() => void save(true)}
          onCopy={() => void saveCopy()}
          onReload={() => void discardAndReload()}
        />
      )}
    </div>
  );
}
