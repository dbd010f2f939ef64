// SPDX-License-Identifier: Apache-2.0
/**
 * Uploads and downloads of the storage browser: each file is sent to main in 2 MiB chunks (main
 * feeds lib-storage's multipart upload; progress is what the store acknowledged, from
 * `storage:transfer`), each download read from main in chunks and saved as a browser download
 * (a prefix as a .tar). Uploads run {@link UPLOADS_AT_ONCE} at a time. Each transfer keeps
 * recent progress samples for its speed and time left; it can be cancelled, and a failed or
 * cancelled one retried.
 */
import { create } from 'zustand';
import { storageContract, type TransferEvent } from '../../../shared/features/storage/storage.contract';
import { AppError } from '../../../shared/errors';
import { api } from '../../lib/api/api-context';
import { describeError } from '../../lib/notify';

const CHUNK = 2 << 20;
/** How many uploads run at once (the others wait their turn, shown at 0 B). */
const UPLOADS_AT_ONCE = 3;

/** Where a transfer goes or comes from. */
export interface TransferTarget {
  clusterId: string;
  connectionId: string;
  bucket: string;
}

/** One transfer as shown. */
export interface Transfer {
  id: string;
  kind: 'upload' | 'download';
  name: string;
  loaded: number;
  total: number | undefined;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  message: string | undefined;
  samples: { at: number; loaded: number }[];
  /** Main's id, once it has one (for cancel). */
  remoteId: string | undefined;
  retry: (() => void) | undefined;
}

interface TransfersState {
  transfers: Transfer[];
  upload(target: TransferTarget, key: string, file: File, onDone?: () => void): void;
  download(target: TransferTarget, what: { key: string } | { prefix: string }, label: string): void;
  cancel(id: string): void;
  clearFinished(): void;
}

let seq = 0;

function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Why a transfer failed, in the words of the store or of main (the error's sentence, not its hint). */
function failure(e: unknown): string {
  if (e instanceof AppError) return e.message;
  const d = describeError(e);
  return d.message || d.title;
}

function save(name: string, parts: BlobPart[], type: string): void {
  const url = URL.createObjectURL(new Blob(parts, { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const useTransfers = create<TransfersState>((set, get) => {
  const patch = (id: string, p: Partial<Transfer>) => set({ transfers: get().transfers.map((t) => (t.id === id ? { ...t, ...p } : t)) });
  const progress = (id: string, loaded: number) => {
    const t = get().transfers.find((x) => x.id === id);
    if (!t) return;
    const samples = [...t.samples, { at: Date.now(), loaded }].filter((s, _i, all) => s.at >= (all[all.length - 1]?.at ?? 0) - 5000);
    patch(id, { loaded, samples });
  };
  const live = (id: string) => get().transfers.find((t) => t.id === id)?.state === 'running';
  // progress of uploads, as the store acknowledges parts (subscribed at the first upload: the
  // client is set after modules load)
  let listening = false;
  const listen = () => {
    if (listening) return;
    listening = true;
    api().on(storageContract.transfer, (e: TransferEvent) => {
      const t = get().transfers.find((x) => x.remoteId === e.id);
      if (t && t.state === 'running' && e.state === 'running') progress(t.id, e.loaded);
    });
  };

  // uploads take turns: a dropped folder of a thousand files sends a few at a time, not all at once
  let uploading = 0;
  const waiting: (() => void)[] = [];
  const turn = (): Promise<void> => {
    if (uploading < UPLOADS_AT_ONCE) {
      uploading++;
      return Promise.resolve();
    }
    return new Promise<void>((r) => waiting.push(r));
  };
  // an ending upload hands its turn to the next one waiting
  const endTurn = () => {
    const next = waiting.shift();
    if (next) next();
    else uploading--;
  };

  const runUpload = async (id: string, target: TransferTarget, key: string, file: File, onDone?: () => void) => {
    await turn();
    try {
      if (!live(id)) return;
      const { uploadId } = await api().call(storageContract.uploadStart, { ...target, key, size: file.size, contentType: file.type || undefined });
      patch(id, { remoteId: uploadId });
      for (let at = 0; at < file.size; at += CHUNK) {
        if (!live(id)) return;
        const bytes = new Uint8Array(await file.slice(at, at + CHUNK).arrayBuffer());
        await api().call(storageContract.uploadChunk, { uploadId, base64: toBase64(bytes) });
      }
      if (!live(id)) return;
      await api().call(storageContract.uploadFinish, { uploadId });
      progress(id, file.size);
      patch(id, { state: 'done' });
      onDone?.();
    } catch (e) {
      if (!live(id)) return;
      patch(id, { state: 'failed', message: failure(e) });
    } finally {
      endTurn();
    }
  };

  const runDownload = async (id: string, target: TransferTarget, what: { key: string } | { prefix: string }) => {
    try {
      const start = await api().call(storageContract.downloadStart, { ...target, ...what });
      patch(id, { remoteId: start.downloadId, total: start.total, name: start.name });
      const parts: Uint8Array<ArrayBuffer>[] = [];
      let loaded = 0;
      for (;;) {
        if (!live(id)) return;
        const r = await api().call(storageContract.downloadRead, { downloadId: start.downloadId });
        const bytes = fromBase64(r.base64);
        parts.push(bytes);
        loaded += bytes.length;
        progress(id, loaded);
        if (r.done) break;
      }
      save(start.name, parts, start.kind === 'tar' ? 'application/x-tar' : 'application/octet-stream');
      patch(id, { state: 'done' });
    } catch (e) {
      if (!live(id)) return;
      patch(id, { state: 'failed', message: failure(e) });
    }
  };

  const begin = (kind: Transfer['kind'], name: string, total: number | undefined, run: (id: string) => void) => {
    const id = `x${++seq}`;
    const t: Transfer = {
      id,
      kind,
      name,
      loaded: 0,
      total,
      state: 'running',
      message: undefined,
      samples: [{ at: Date.now(), loaded: 0 }],
      remoteId: undefined,
      retry: undefined,
    };
    t.retry = () => begin(kind, name, total, run);
    set({ transfers: [...get().transfers.filter((x) => !(x.name === name && x.kind === kind && x.state !== 'running')), t] });
    run(id);
  };

  return {
    transfers: [],
    upload: (target, key, file, onDone) => {
      listen();
      begin('upload', key, file.size, (id) => void runUpload(id, target, key, file, onDone));
    },
    download: (target, what, label) => begin('download', label, undefined, (id) => void runDownload(id, target, what)),
    cancel: (id) => {
      const t = get().transfers.find((x) => x.id === id);
      if (!t || t.state !== 'running') return;
      patch(id, { state: 'cancelled', message: 'Cancelled' });
      if (t.remoteId) {
        const call =
          t.kind === 'upload'
            ? api().call(storageContract.uploadCancel, { uploadId: t.remoteId })
            : api().call(storageContract.downloadCancel, { downloadId: t.remoteId });
        void call.catch(() => undefined); // it may have ended meanwhile; the row already says cancelled
      }
    },
    clearFinished: () => set({ transfers: get().transfers.filter((t) => t.state === 'running') }),
  };
});
