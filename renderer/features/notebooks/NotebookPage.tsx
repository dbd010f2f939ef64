// SPDX-License-Identifier: Apache-2.0
/**
 * A notebook open in the editor. The page renders; the document (load, kept copy, drafts, save
 * with a conflict check) is `useNotebookDocument`, the kernel (start, events, run, interrupt,
 * restart) is `useNotebookKernel`, and the words come from `notebook-page-model.ts`.
 */
import { useEffect, useMemo, useRef } from 'react';
import type { ServerRef } from '../../../shared/features/notebooks/notebooks.contract';
import type { Route } from '../../app/router';
import { useRouter } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { age } from '../../lib/format';
import { ConflictDialog } from './ConflictDialog';
import { ConnectionBar } from './ConnectionBar';
import { NotebookEditor } from './editor/NotebookEditor';
import type { NotebookModel } from './editor/notebook-model';
import { baseName, parentOf } from './file-paths';
import { draftText } from './notebook-page-model';
import { useNotebookConnection } from './use-notebook-connection';
import { useNotebookDocument } from './use-notebook-document';
import { useNotebookKernel } from './use-notebook-kernel';
import { useOpenLink } from './use-open-link';
import './notebooks.css';

const modelKeys = new WeakMap<NotebookModel, number>();
let nextModelKey = 0;
/** A React key per model object, so the editor starts afresh only when the model is replaced. */
function keyOf(m: NotebookModel): number {
  let k = modelKeys.get(m);
  if (k === undefined) modelKeys.set(m, (k = ++nextModelKey));
  return k;
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
  const doc = useNotebookDocument(server, path, state);
  const { opened, loadError, model, draftOffer, conflict, saving, dirty, canOpen, save } = doc;
  const live = state === 'connected' && opened !== undefined && !opened.fromCache;
  const { kernelError, startKernel, controls: kernelControls } = useNotebookKernel(server, path, doc.modelRef, live, state);
  const openLink = useOpenLink();

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

  const back = () => go({ page: 'notebook-server', ...server, ...(parentOf(path) ? { path: parentOf(path) } : {}) });

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
            {saving ? 'Saving…' : draftText(doc.draftState, dirty)}
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
              <button className="btn" onClick={() => void doc.discardAndReload()}>
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
            <button className="btn primary" data-testid="nb-draft-restore" onClick={doc.restoreDraft}>
              Restore the draft
            </button>
            <button className="btn" data-testid="nb-draft-discard" onClick={doc.discardDraft}>
              Discard it
            </button>
          </div>
        </div>
      )}
      {loadError && <ErrorNote error={loadError} onRetry={() => void doc.load()} />}
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
          onCancel={doc.cancelConflict}
          onOverwrite={() => void save(true)}
          onCopy={() => void doc.saveCopy()}
          onReload={() => void doc.discardAndReload()}
        />
      )}
    </div>
  );
}
