// SPDX-License-Identifier: Apache-2.0
/**
 * The files of one folder of a notebook server, as a hook: lists it (and the local drafts of
 * this server) once the connection is usable and again after every change of state, downloads,
 * uploads (asking before replacing), creates, renames and deletes, and reconnects after the
 * gateway settings changed.
 */
import { useCallback, useEffect, useState } from 'react';
import { AppError, asAppError } from '../../../shared/errors';
import {
  notebooksContract,
  type ConnectionState,
  type DraftSummary,
  type FileEntry,
  type Listing,
  type ServerRef,
} from '../../../shared/features/notebooks/notebooks.contract';
import { api } from '../../lib/api/api-context';
import { notify } from '../../lib/notify';
import { baseName, fromBase64, joinPath, parentOf, toBase64 } from './file-paths';
import { listingReady } from './file-browser-model';
import { notifyFailed } from './notify-failed';
import { sameServer } from './use-notebook-connection';

/** Saves bytes as a download in the browser. */
function download(name: string, data: Uint8Array<ArrayBuffer> | string, mimetype = 'application/octet-stream') {
  const url = URL.createObjectURL(new Blob([data], { type: mimetype }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** What the hook gives the file browser. */
export interface FileBrowserData {
  listing: Listing | undefined;
  error: AppError | undefined;
  drafts: DraftSummary[];
  /** The name of the file being uploaded. */
  uploading: string | undefined;
  /** The connection allows listing. */
  ready: boolean;
  load(): Promise<void>;
  downloadEntry(e: FileEntry): Promise<void>;
  upload(files: FileList): Promise<void>;
  /** Creates an entry in the folder (throws what failed, for the dialog). */
  create(kind: 'notebook' | 'file' | 'directory', name: string): Promise<FileEntry>;
  /** Renames an entry (throws what failed, for the dialog); the folder is listed again. */
  rename(entry: FileEntry, name: string): Promise<void>;
  /** Deletes an entry; resolves with whether it was deleted (a failure is told). */
  remove(entry: FileEntry): Promise<boolean>;
  /** Drops the connection and connects again (the gateway settings changed). */
  reconnect(connect: () => Promise<void>): void;
}

/**
 * @param server - the notebook server
 * @param path - the folder ('' is the root)
 * @param state - the connection's state
 */
export function useFileBrowser(server: ServerRef, path: string, state: ConnectionState | undefined): FileBrowserData {
  const [listing, setListing] = useState<Listing | undefined>();
  const [error, setError] = useState<AppError | undefined>();
  const [drafts, setDrafts] = useState<DraftSummary[]>([]);
  const [uploading, setUploading] = useState<string | undefined>();
  const ready = listingReady(state);

  const load = useCallback(async () => {
    setError(undefined);
    try {
      setListing(await api().call(notebooksContract.listFiles, { server, path }));
    } catch (e) {
      setError(asAppError(e));
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

  const downloadEntry = useCallback(
    async (e: FileEntry) => {
      try {
        const f = await api().call(notebooksContract.readFile, { server, path: e.path });
        download(e.name, f.format === 'base64' ? fromBase64(f.content) : f.content, f.mimetype);
      } catch (err) {
        notifyFailed(`Could not download ${e.name}`, err);
      }
    },
    [server],
  );

  const upload = useCallback(
    async (files: FileList) => {
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
    },
    [server, path, load],
  );

  const create = useCallback(
    (kind: 'notebook' | 'file' | 'directory', name: string) => api().call(notebooksContract.create, { server, dir: path, type: kind, name }),
    [server, path],
  );

  const rename = useCallback(
    async (entry: FileEntry, name: string) => {
      if (name !== baseName(entry.path))
        await api().call(notebooksContract.rename, { server, path: entry.path, newPath: joinPath(parentOf(entry.path), name) });
    },
    [server],
  );

  const remove = useCallback(
    async (entry: FileEntry) => {
      try {
        await api().call(notebooksContract.remove, { server, path: entry.path });
        notify('success', `Deleted ${entry.name}`);
        return true;
      } catch (e) {
        notifyFailed(`Could not delete ${entry.name}`, e);
        return false;
      }
    },
    [server],
  );

  const reconnect = useCallback(
    (connect: () => Promise<void>) => {
      void api()
        .call(notebooksContract.disconnect, { server })
        .finally(() => void connect());
    },
    [server],
  );

  return { listing, error, drafts, uploading, ready, load, downloadEntry, upload, create, rename, remove, reconnect };
}
