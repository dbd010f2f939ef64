// SPDX-License-Identifier: Apache-2.0
/**
 * The data of one volume browser: the session (a pod main made for the claim), the folder shown,
 * its listing, the previewed file, and the actions (open read-only or for writing, go to a
 * folder, preview, download, upload, delete, close). The session is closed when the component
 * using the hook goes away.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { maxPreviewBytes, volumesContract, type VolumeEntry, type VolumeListing, type VolumeSession } from '../../../shared/features/volumes/volumes.contract';
import { api } from '../../lib/api/api-context';
import { notify, notifyError } from '../../lib/notify';
import { fromBase64, previewOf, toBase64, type FilePreview } from './preview-model';

/** The claim browsed. */
export interface ClaimRef {
  clusterId: string;
  namespace: string;
  claim: string;
}

/** What the browser renders from. */
export interface VolumeBrowserData {
  session: VolumeSession | undefined;
  opening: boolean;
  error: AppError | undefined;
  listing: VolumeListing | undefined;
  preview: { entry: VolumeEntry; preview: FilePreview; truncated: boolean } | undefined;
  busy: string | undefined;
  open(writable: boolean): Promise<void>;
  go(path: string): Promise<void>;
  show(entry: VolumeEntry): Promise<void>;
  download(entry: VolumeEntry): Promise<void>;
  upload(files: FileList | File[]): Promise<void>;
  remove(entries: VolumeEntry[]): Promise<void>;
  close(): Promise<void>;
}

function saveAs(name: string, bytes: Uint8Array<ArrayBuffer>): void {
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The browser of one claim. */
export function useVolumeBrowser(ref: ClaimRef): VolumeBrowserData {
  const [session, setSession] = useState<VolumeSession>();
  const [opening, setOpening] = useState(false);
  const [error, setError] = useState<AppError>();
  const [listing, setListing] = useState<VolumeListing>();
  const [preview, setPreview] = useState<VolumeBrowserData['preview']>();
  const [busy, setBusy] = useState<string>();
  const current = useRef<VolumeSession | undefined>(undefined);

  const closeSession = useCallback(async () => {
    const s = current.current;
    current.current = undefined;
    setSession(undefined);
    setListing(undefined);
    setPreview(undefined);
    if (s) await api().call(volumesContract.close, { sessionId: s.id });
  }, []);

  // a new claim, or leaving the page, ends the session (its pod is deleted)
  useEffect(
    () => () => {
      closeSession().catch(notifyError);
    },
    [ref.clusterId, ref.namespace, ref.claim, closeSession],
  );

  const go = useCallback(async (path: string) => {
    const s = current.current;
    if (!s) return;
    setBusy(`Listing ${path || 'the volume'}…`);
    try {
      setListing(await api().call(volumesContract.list, { sessionId: s.id, path }));
      setPreview(undefined);
      setError(undefined);
    } catch (e) {
      setError(asAppError(e));
    } finally {
      setBusy(undefined);
    }
  }, []);

  const open = useCallback(
    async (writable: boolean) => {
      setOpening(true);
      setError(undefined);
      try {
        if (current.current) await closeSession();
        const s = await api().call(volumesContract.open, { ...ref, writable });
        current.current = s;
        setSession(s);
        await go('');
      } catch (e) {
        setError(asAppError(e));
      } finally {
        setOpening(false);
      }
    },
    [ref, closeSession, go],
  );

  const show = useCallback(async (entry: VolumeEntry) => {
    const s = current.current;
    if (!s) return;
    setBusy(`Reading ${entry.name}…`);
    try {
      const head = await api().call(volumesContract.read, { sessionId: s.id, path: entry.path, maxBytes: maxPreviewBytes });
      setPreview({ entry, preview: previewOf(entry.name, fromBase64(head.base64), head.truncated, head.base64), truncated: head.truncated });
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(undefined);
    }
  }, []);

  const download = useCallback(async (entry: VolumeEntry) => {
    const s = current.current;
    if (!s) return;
    setBusy(`Downloading ${entry.name}…`);
    try {
      const f = await api().call(volumesContract.download, { sessionId: s.id, path: entry.path });
      saveAs(f.name, fromBase64(f.base64));
    } catch (e) {
      notifyError(e);
    } finally {
      setBusy(undefined);
    }
  }, []);

  const upload = useCallback(
    async (files: FileList | File[]) => {
      const s = current.current;
      if (!s || !listing) return;
      const list = [...files];
      setBusy(`Uploading ${list.length === 1 ? list[0]?.name : `${list.length} files`}…`);
      try {
        const payload = await Promise.all(list.map(async (f) => ({ name: f.name, base64: toBase64(new Uint8Array(await f.arrayBuffer())) })));
        setListing(await api().call(volumesContract.upload, { sessionId: s.id, folder: listing.path, files: payload }));
        notify('info', `Uploaded ${list.map((f) => f.name).join(', ')}`);
      } catch (e) {
        notifyError(e);
      } finally {
        setBusy(undefined);
      }
    },
    [listing],
  );

  const remove = useCallback(
    async (entries: VolumeEntry[]) => {
      const s = current.current;
      if (!s || !listing) return;
      setBusy('Deleting…');
      try {
        await api().call(volumesContract.delete, { sessionId: s.id, paths: entries.map((e) => e.path) });
        await go(listing.path);
      } catch (e) {
        notifyError(e);
      } finally {
        setBusy(undefined);
      }
    },
    [listing, go],
  );

  return { session, opening, error, listing, preview, busy, open, go, show, download, upload, remove, close: closeSession };
}
