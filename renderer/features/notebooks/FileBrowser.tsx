// SPDX-License-Identifier: Apache-2.0
/**
 * The files of a notebook server: browse folders; open notebooks in the editor; create
 * notebooks, files and folders; rename, delete, upload and download. When the server cannot be
 * reached it lists the notebooks MLDeck kept, marked as such. Notebooks with a local draft that
 * was not saved to the server say so. The calls are `useFileBrowser`'s; this component renders.
 */
import { useRef, useState } from 'react';
import type { FileEntry, ServerRef } from '../../../shared/features/notebooks/notebooks.contract';
import { ErrorNote } from '../../components/ErrorNote';
import { useRouter } from '../../app/router';
import { age, bytes } from '../../lib/format';
import { ConnectionBar } from './ConnectionBar';
import { DeleteDialog, NameDialog } from './FileDialogs';
import { GatewaySettings } from './GatewaySettings';
import { canChangeFiles, draftOf, listingOffline, newNames, newTitles } from './file-browser-model';
import { crumbs, parentOf } from './file-paths';
import { useFileBrowser } from './use-file-browser';
import { useNotebookConnection } from './use-notebook-connection';
import './notebooks.css';

const typeIcon: Record<FileEntry['type'], string> = { directory: '📁', notebook: '📓', file: '📄' };

type Dialog = { type: 'new'; kind: 'notebook' | 'file' | 'directory' } | { type: 'rename'; entry: FileEntry } | { type: 'delete'; entry: FileEntry };

/** The files of one notebook server at `path`. */
export function FileBrowser(props: { server: ServerRef; path: string }) {
  const { server, path } = props;
  const go = useRouter((s) => s.go);
  const conn = useNotebookConnection(server);
  const state = conn.info?.state;
  const files = useFileBrowser(server, path, state);
  const { listing, error, drafts, uploading, ready, load, downloadEntry, upload } = files;
  const [dialog, setDialog] = useState<Dialog | undefined>();
  const [showGateway, setShowGateway] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const navigate = (p: string) =>
    go({ page: 'notebook-server', clusterId: server.clusterId, namespace: server.namespace, name: server.name, ...(p ? { path: p } : {}) });
  const openEntry = (e: FileEntry) => {
    if (e.type === 'directory') navigate(e.path);
    else if (e.type === 'notebook') go({ page: 'notebook', clusterId: server.clusterId, namespace: server.namespace, name: server.name, path: e.path });
    else void downloadEntry(e);
  };

  const offline = listingOffline(listing);
  const canChange = canChangeFiles(state, listing);

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
          // the new route applies to a new connection
          onSaved={() => files.reconnect(conn.connect)}
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
              const draft = draftOf(drafts, e.path);
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
            const entry = await files.create(dialog.kind, name);
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
            await files.rename(dialog.entry, name);
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
            if (await files.remove(dialog.entry)) {
              setDialog(undefined);
              await load();
            }
          }}
        />
      )}
    </section>
  );
}
