// SPDX-License-Identifier: Apache-2.0
/**
 * The files of a notebook server: browse folders; open notebooks in the editor; create
 * notebooks, files and folders; rename, delete, upload and download. When the server cannot be
 * reached it lists the notebooks MLDeck kept, marked as such. Notebooks with a local draft that
 * was not saved to the server say so.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { AppError } from '../../../shared/errors';
import { notebooksContract, type DraftSummary, type FileEntry, type Listing, type ServerRef } from '../../../shared/features/notebooks/notebooks.contract';
import { ErrorNote } from '../../components/ErrorNote';
import { useRouter } from '../../app/router';
import { api } from '../../lib/api/api-context';
import { age, bytes } from '../../lib/format';
import { notify } from '../../lib/notify';
import { notifyFailed } from './notify-failed';
import { ConnectionBar } from './ConnectionBar';
import { GatewaySettings } from './GatewaySettings';
import { baseName, crumbs, fromBase64, joinPath, nameProblem, parentOf, toBase64 } from './file-paths';
import { sameServer, useNotebookConnection } from './use-notebook-connection';
import './notebooks.css';

const typeIcon: Record<FileEntry['type'], string> = { directory: '📁', notebook: '📓', file: '📄' };

/** Saves bytes as a download in the browser. */
function download(name: string, data: Uint8Array<ArrayBuffer> | string, mimetype = 'application/octet-stream') {
  const url = URL.createObjectURL(new Blob([data], { type: mimetype }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** Asks for a name (new entry or rename); the caller does the work. */
function NameDialog(props: { title: string; initial: string; action: string; onCancel(): void; onDone(name: string): Promise<void> }) {
  const [name, setName] = useState(props.initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppError | undefined>();
  const problem = nameProblem(name);
  return (
    <div className="dialog-backdrop" onClick={() => !busy && props.onCancel()}>
      <form
        className="dialog"
        role="dialog"
        aria-modal="true"
        aria-label={props.title}
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && !busy && props.onCancel()}
        onSubmit={(e) => {
          e.preventDefault();
          if (problem || busy) return;
          setBusy(true);
          setError(undefined);
          props.onDone(name).then(
            () => setBusy(false),
            (err: unknown) => {
              setBusy(false);
              setError(err instanceof AppError ? err : new AppError('internal', String(err)));
            },
          );
        }}
      >
        <h3>{props.title}</h3>
        <label className="field">
          Name
          <input className="input mono" aria-label="Name" value={name} autoFocus onChange={(e) => setName(e.target.value)} spellCheck={false} />
        </label>
        {problem && name !== '' && <div className="small warn-text">{problem}</div>}
        {error && <ErrorNote error={error} />}
        <div className="dialog-buttons">
          <button className="btn" type="button" onClick={props.onCancel} disabled={busy}>
            Cancel
          </button>
          <button className="btn primary" type="submit" disabled={!!problem || busy}>
            {props.action}
          </button>
        </div>
      </form>
    </div>
  );
}

function DeleteDialog(props: { entry: FileEntry; onCancel(): void; onConfirm(): Promise<void> }) {
  const [busy, setBusy] = useState(false);
  return (
    <div className="dialog-backdrop" onClick={() => !busy && props.onCancel()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-label={`Delete ${props.entry.name}`} onClick={(e) => e.stopPropagation()}>
        <h3>Delete {props.entry.name}?</h3>
        <p>
          {props.entry.type === 'directory' ? 'The folder' : 'The file'} <strong className="mono">{props.entry.path}</strong> is deleted on the notebook server.
          This cannot be undone from MLDeck.
        </p>
        <div className="dialog-buttons">
          <button className="btn" onClick={props.onCancel} disabled={busy} autoFocus>
            Cancel
          </button>
          <button
            className="btn danger-fill"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void props.onConfirm().finally(() => setBusy(false));
            }}
          >
            Delete
          </button>
        </div>
      </div>
    </div>
  );
}

type Dialog = { type: 'new'; kind: 'notebook' | 'file' | 'directory' } | { type: 'rename'; entry: FileEntry } | { type: 'delete'; entry: FileEntry };

const newTitles = { notebook: 'New notebook', file: 'New file', directory: 'New folder' } as const;
const newNames = { notebook: 'Untitled.ipynb', file: 'untitled.txt', directory: 'new-folder' } as const;

/** The files of one notebook server at `path`. */
export function FileBrowser(props: { server: ServerRef; path: string }) {
  const { server, path } = props;
  const go = useRouter((s) => s.go);
  const conn = useNotebookConnection(server);
  const [listing, setListing] = useState<Listing | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [drafts, setDrafts] = useState<DraftSummary[]>([]);
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [uploading, setUploading] = useState<string | undefined>();
  const [showGateway, setShowGateway] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const state = conn.info?.state;
  const ready = state === 'connected' || state === 'offline' || state === 'reconnecting';

  const load = useCallback(async () => {
    setError(undefined);
    try {
      setListing(await api().call(notebooksContract.listFiles, { server, path }));
    } catch (e) {
      setError(e instanceof AppError ? e : new AppError('internal', String(e)));
    }
    try {
      setDrafts((await api().call(notebooksContract.listDrafts, { clusterId: server.clusterId })).filter((d) => sameServer(d.server, server)));
    } catch {
      // drafts are a hint on the list; the list itself says what failed
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [server.clusterId, server.namespace, server.name, path]);

  useEffect(() => {
    if (ready) void load();
  }, [ready, state, load]);

  const navigate = (p: string) =>
    go({ page: 'notebook-server', clusterId: server.clusterId, namespace: server.namespace, name: server.name, ...(p ? { path: p } : {}) });
  const openEntry = (e: FileEntry) => {
    if (e.type === 'directory') navigate(e.path);
    else if (e.type === 'notebook') go({ page: 'notebook', clusterId: server.clusterId, namespace: server.namespace, name: server.name, path: e.path });
    else void downloadEntry(e);
  };

  async function downloadEntry(e: FileEntry) {
    try {
      const f = await api().call(notebooksContract.readFile, { server, path: e.path });
      download(e.name, f.format === 'base64' ? fromBase64(f.content) : f.content, f.mimetype);
    } catch (err) {
      notifyFailed(`Could not download ${e.name}`, err);
    }
  }

  async function upload(files: FileList) {
    for (const file of Array.from(files)) {
      const target = joinPath(path, file.name);
      setUploading(file.name);
      try {
        const base64 = toBase64(new Uint8Array(await file.arrayBuffer()));
        try {
          await api().call(notebooksContract.upload, { server, path: target, base64 });
        } catch (e) {
          if (!(e instanceof AppError && e.code === 'conflict')) throw e;
          if (!window.confirm(`${file.name} already exists in this folder. Replace it?`)) continue;
          await api().call(notebooksContract.upload, { server, path: target, base64, overwrite: true });
        }
        notify('success', `Uploaded ${file.name}`);
      } catch (e) {
        notifyFailed(`Could not upload ${file.name}`, e);
      }
    }
    setUploading(undefined);
    await load();
  }

  const offline = listing?.fromCache === true;
  const canChange = state === 'connected' && !offline;
  const draftOf = (p: string) => drafts.find((d) => d.path === p);

  return (
    <section className="file-browser" data-testid="file-browser">
      <ConnectionBar conn={conn} />
      <div className="fb-toolbar">
        <nav className="fb-crumbs" aria-label="Folder">
          <button className="btn ghost" onClick={() => navigate('')} data-testid="fb-root">
            {server.name}
          </button>
          {crumbs(path).map((c) => (
            <span key={c.path}>
              /
              <button className="btn ghost" onClick={() => navigate(c.path)}>
                {c.name}
              </button>
            </span>
          ))}
        </nav>
        <span className="spacer" />
        <button className="btn" disabled={!canChange} onClick={() => setDialog({ type: 'new', kind: 'notebook' })} data-testid="fb-new-notebook">
          New notebook
        </button>
        <button className="btn" disabled={!canChange} onClick={() => setDialog({ type: 'new', kind: 'file' })} data-testid="fb-new-file">
          New file
        </button>
        <button className="btn" disabled={!canChange} onClick={() => setDialog({ type: 'new', kind: 'directory' })} data-testid="fb-new-folder">
          New folder
        </button>
        <button className="btn" disabled={!canChange || uploading !== undefined} onClick={() => fileInput.current?.click()} data-testid="fb-upload">
          {uploading ? `Uploading ${uploading}…` : 'Upload'}
        </button>
        <input
          ref={fileInput}
          type="file"
          multiple
          hidden
          data-testid="fb-upload-input"
          onChange={(e) => {
            if (e.target.files?.length) void upload(e.target.files);
            e.target.value = '';
          }}
        />
        <button className="btn ghost" onClick={() => setShowGateway(!showGateway)} data-testid="fb-connection-settings" aria-expanded={showGateway}>
          Connection…
        </button>
        <button className="btn ghost" onClick={() => void load()} disabled={!ready} aria-label="Refresh files">
          ⟳
        </button>
      </div>
      {showGateway && (
        <GatewaySettings
          clusterId={server.clusterId}
          onClose={() => setShowGateway(false)}
          onSaved={() => {
            // the new route applies to a new connection
            void api()
              .call(notebooksContract.disconnect, { server })
              .finally(() => void conn.connect());
          }}
        />
      )}
      {offline && (
        <div className="note stale" role="status" data-testid="fb-offline">
          Offline: these are the notebooks MLDeck kept{listing?.cachedAt ? `, as seen ${age(new Date(listing.cachedAt).toISOString())} ago` : ''}. They open
          read-only copies with their outputs; edits are kept as drafts.
        </div>
      )}
      {error && <ErrorNote error={error} onRetry={() => void load()} />}
      {listing && (
        <table className="table fb-table" data-testid="fb-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Modified</th>
              <th>Size</th>
              <th aria-label="Actions" />
            </tr>
          </thead>
          <tbody>
            {path !== '' && (
              <tr>
                <td colSpan={4}>
                  <button className="link" onClick={() => navigate(parentOf(path))}>
                    ⬑ ..
                  </button>
                </td>
              </tr>
            )}
            {listing.entries.map((e) => {
              const draft = draftOf(e.path);
              return (
                <tr key={e.path} data-testid="fb-entry" data-name={e.name} data-type={e.type}>
                  <td>
                    <button className="link fb-name" onClick={() => openEntry(e)} title={e.type === 'file' ? 'Download' : 'Open'}>
                      <span aria-hidden="true">{typeIcon[e.type]}</span> {e.name}
                    </button>
                    {draft && (
                      <span
                        className="pill warn"
                        title={`A draft from ${new Date(draft.savedAt).toLocaleString()} is not saved to the server`}
                        data-testid="fb-draft"
                      >
                        unsaved draft
                      </span>
                    )}
                  </td>
                  <td className="muted" title={e.lastModified}>
                    {e.lastModified ? `${age(e.lastModified)} ago` : ''}
                  </td>
                  <td className="muted">{e.size !== undefined && e.type !== 'directory' ? bytes(e.size) : ''}</td>
                  <td className="fb-actions">
                    {e.type !== 'directory' && (
                      <button className="btn ghost small" onClick={() => void downloadEntry(e)} disabled={offline} aria-label={`Download ${e.name}`}>
                        Download
                      </button>
                    )}
                    <button
                      className="btn ghost small"
                      onClick={() => setDialog({ type: 'rename', entry: e })}
                      disabled={!canChange}
                      aria-label={`Rename ${e.name}`}
                    >
                      Rename
                    </button>
                    <button
                      className="btn ghost small"
                      onClick={() => setDialog({ type: 'delete', entry: e })}
                      disabled={!canChange}
                      aria-label={`Delete ${e.name}`}
                    >
                      Delete
                    </button>
                  </td>
                </tr>
              );
            })}
            {listing.entries.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  {offline ? 'MLDeck kept no notebooks from this folder.' : 'This folder is empty.'}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      )}
      {dialog?.type === 'new' && (
        <NameDialog
          title={newTitles[dialog.kind]}
          initial={newNames[dialog.kind]}
          action="Create"
          onCancel={() => setDialog(undefined)}
          onDone={async (name) => {
            const entry = await api().call(notebooksContract.create, { server, dir: path, type: dialog.kind, name });
            setDialog(undefined);
            if (entry.type === 'notebook') openEntry(entry);
            else await load();
          }}
        />
      )}
      {dialog?.type === 'rename' && (
        <NameDialog
          title={`Rename ${dialog.entry.name}`}
          initial={dialog.entry.name}
          action="Rename"
          onCancel={() => setDialog(undefined)}
          onDone={async (name) => {
            if (name !== baseName(dialog.entry.path))
              await api().call(notebooksContract.rename, { server, path: dialog.entry.path, newPath: joinPath(parentOf(dialog.entry.path), name) });
            setDialog(undefined);
            await load();
          }}
        />
      )}
      {dialog?.type === 'delete' && (
        <DeleteDialog
          entry={dialog.entry}
          onCancel={() => setDialog(undefined)}
          onConfirm={async () => {
            try {
              await api().call(notebooksContract.remove, { server, path: dialog.entry.path });
              setDialog(undefined);
              notify('success', `Deleted ${dialog.entry.name}`);
              await load();
            } catch (e) {
              notifyFailed(`Could not delete ${dialog.entry.name}`, e);
            }
          }}
        />
      )}
    </section>
  );
}
