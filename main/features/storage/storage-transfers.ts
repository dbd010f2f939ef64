// SPDX-License-Identifier: Apache-2.0
/**
 * Uploads and downloads in chunks the renderer sends or takes, each owned by the client that
 * started it. An upload feeds a stream into lib-storage's `Upload` (multipart in 8 MiB parts, two
 * at a time, each part retried by the SDK; a single PUT when small), with progress pushed as
 * `storage:transfer`; a cancel aborts it and its parts. A download reads one object, or every
 * object under a prefix as a tar (its exact size known up front, so progress is exact), in
 * chunks of up to 2 MiB. Transfers left untouched for 5 minutes, or whose client went, are ended.
 */
import { randomBytes } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Upload } from '@aws-sdk/lib-storage';
import { pack as tarPack } from 'tar-stream';
import { AppError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';
import { storageContract, type TransferEvent } from '../../../shared/features/storage/storage.contract';
import type { Publisher } from '../../ipc/dispatcher';
import { getObjectStream, listPage } from '../../platform/object-store/object-reads';
import { s3Error } from '../../platform/object-store/s3-errors';
import type { StoreClient } from './store-clients';

/** Part size of multipart uploads. */
export const PART_SIZE = 8 << 20;
const READ_CHUNK = 2 << 20;
const IDLE_MS = 5 * 60_000;

interface UploadState {
  kind: 'upload';
  clientId: string;
  body: PassThrough;
  upload: Upload;
  done: Promise<{ etag: string | undefined }>;
  failure: AppError | undefined;
  received: number;
  /** What the store acknowledged (its parts' progress). */
  acked: number;
  usedAt: number;
}

interface DownloadState {
  kind: 'download';
  clientId: string;
  iterator: AsyncIterator<Buffer>;
  source: Readable;
  failure: AppError | undefined;
  usedAt: number;
}

/** The exact size of a tar of these file sizes (512-byte header and padded data each, two zero blocks). */
export function tarSize(sizes: number[]): number {
  return sizes.reduce((n, s) => n + 512 + Math.ceil(s / 512) * 512, 0) + 1024;
}

/** The transfers. */
export class StorageTransfers implements Disposable {
  private readonly all = new Map<string, UploadState | DownloadState>();
  private readonly sweeper = setInterval(() => this.sweep(), 30_000);

  constructor(private readonly publisher: Publisher) {
    this.sweeper.unref();
  }

  /** Starts an upload; the renderer then sends chunks in order and finishes it. */
  startUpload(clientId: string, c: StoreClient, bucket: string, key: string, size: number, contentType: string | undefined): { uploadId: string } {
    const id = newId();
    const body = new PassThrough({ highWaterMark: PART_SIZE });
    const upload = new Upload({
      client: c.client,
      params: { Bucket: bucket, Key: key, Body: body, ContentType: contentType || undefined },
      partSize: PART_SIZE,
      queueSize: 2,
      leavePartsOnError: false,
    });
    const send = (e: Omit<TransferEvent, 'id' | 'total'>) => this.publisher.publishTo(clientId, storageContract.transfer, { id, total: size, ...e });
    let last = 0;
    upload.on('httpUploadProgress', (p) => {
      state.acked = p.loaded ?? 0;
      const now = Date.now();
      if (now - last < 200 && (p.loaded ?? 0) < size) return;
      last = now;
      send({ loaded: state.acked, state: 'running' });
    });
    const state: UploadState = {
      kind: 'upload',
      clientId,
      body,
      upload,
      failure: undefined,
      received: 0,
      acked: 0,
      usedAt: Date.now(),
      done: Promise.resolve({ etag: undefined }),
    };
    state.done = upload.done().then(
      (out) => {
        send({ loaded: size, state: 'done' });
        return { etag: out.ETag };
      },
      (e: unknown) => {
        const err =
          (e as { name?: string }).name === 'AbortError'
            ? new AppError('cancelled', `The upload of ${key} was cancelled.`)
            : s3Error(e, c.store, `s3://${bucket}/${key}`);
        state.failure = err;
        body.destroy();
        send({ loaded: state.acked, state: err.code === 'cancelled' ? 'cancelled' : 'failed', message: err.message });
        throw err;
      },
    );
    state.done.catch(() => undefined); // the renderer hears of it through the event and the next call
    this.all.set(id, state);
    return { uploadId: id };
  }

  /** Takes the next chunk of an upload (waits while the parts before it are on their way). */
  async chunk(clientId: string, uploadId: string, base64: string): Promise<{ received: number }> {
    const u = this.upload(clientId, uploadId);
    if (u.failure) throw u.failure;
    const bytes = Buffer.from(base64, 'base64');
    u.received += bytes.length;
    if (!u.body.write(bytes)) {
      await new Promise<void>((resolve) => {
        const go = () => {
          u.body.off('drain', go);
          u.body.off('close', go);
          resolve();
        };
        u.body.on('drain', go);
        u.body.on('close', go);
      });
    }
    if (u.failure) throw u.failure;
    return { received: u.received };
  }

  /** Ends an upload's stream and waits until the store has it. */
  async finish(clientId: string, uploadId: string): Promise<{ etag: string | undefined }> {
    const u = this.upload(clientId, uploadId);
    u.body.end();
    try {
      return await u.done;
    } finally {
      this.all.delete(uploadId);
    }
  }

  /** Cancels a transfer (an upload's parts are aborted). */
  async cancel(clientId: string, id: string): Promise<void> {
    const t = this.all.get(id);
    if (!t || t.clientId !== clientId) return;
    this.all.delete(id);
    if (t.kind === 'upload') {
      await t.upload.abort().catch(() => undefined); // it may have finished meanwhile
      t.body.destroy();
    } else t.source.destroy();
  }

  /** Starts a download of one object or, as a tar, of everything under a prefix. */
  async startDownload(
    clientId: string,
    c: StoreClient,
    bucket: string,
    target: { key: string } | { prefix: string },
  ): Promise<{ downloadId: string; name: string; total: number; kind: 'file' | 'tar' }> {
    const id = newId();
    const ctx = { store: c.store };
    let source: Readable;
    let name: string;
    let total: number;
    let kind: 'file' | 'tar';
    if ('key' in target) {
      const got = await getObjectStream(c.client, ctx, bucket, target.key);
      source = got.body;
      name = target.key.split('/').pop() || target.key;
      total = got.size ?? 0;
      kind = 'file';
    } else {
      const prefix = target.prefix;
      const objects: { key: string; size: number; lastModified: string | undefined }[] = [];
      let token: string | undefined;
      do {
        const p = await listPage(c.client, ctx, bucket, prefix, { delimiter: '', token });
        objects.push(...p.objects.filter((o) => !o.key.endsWith('/')));
        token = p.next;
      } while (token);
      if (objects.length === 0) throw new AppError('not-found', `There is nothing under s3://${bucket}/${prefix}.`);
      const tar = tarPack();
      source = tar as unknown as Readable; // a streamx Readable: async-iterable and destroyable like Node's
      const base = prefix.replace(/\/+$/, '').split('/').pop() || bucket;
      name = `${base}.tar`;
      total = tarSize(objects.map((o) => o.size));
      kind = 'tar';
      void (async () => {
        for (const o of objects) {
          const got = await getObjectStream(c.client, ctx, bucket, o.key);
          const entry = tar.entry({
            name: `${base}/${o.key.slice(prefix.length)}`,
            size: o.size,
            mtime: o.lastModified ? new Date(o.lastModified) : new Date(),
          });
          await pipeline(got.body, entry);
        }
        tar.finalize();
      })().catch((e: unknown) => {
        const state = this.all.get(id);
        if (state) state.failure = s3Error(e, c.store, `s3://${bucket}/${prefix}`);
        tar.destroy(e instanceof Error ? e : new Error(String(e)));
      });
    }
    this.all.set(id, {
      kind: 'download',
      clientId,
      source,
      iterator: source[Symbol.asyncIterator]() as AsyncIterator<Buffer>,
      failure: undefined,
      usedAt: Date.now(),
    });
    return { downloadId: id, name, total, kind };
  }

  /** The next bytes of a download (about 2 MiB), and whether it is over. */
  async read(clientId: string, downloadId: string): Promise<{ base64: string; done: boolean }> {
    const d = this.all.get(downloadId);
    if (!d || d.clientId !== clientId || d.kind !== 'download') throw new AppError('not-found', 'This download is over or was cancelled.');
    d.usedAt = Date.now();
    const chunks: Buffer[] = [];
    let n = 0;
    try {
      while (n < READ_CHUNK) {
        const next = await d.iterator.next();
        if (next.done) {
          this.all.delete(downloadId);
          if (d.failure) throw d.failure;
          return { base64: Buffer.concat(chunks).toString('base64'), done: true };
        }
        chunks.push(next.value);
        n += next.value.length;
      }
    } catch (e) {
      this.all.delete(downloadId);
      throw d.failure ?? s3Error(e, 'The store', 'object');
    }
    return { base64: Buffer.concat(chunks).toString('base64'), done: false };
  }

  /** Ends every transfer of a client that went away. */
  clientGone(clientId: string): void {
    for (const [id, t] of this.all) if (t.clientId === clientId) void this.cancel(clientId, id);
  }

  dispose(): void {
    clearInterval(this.sweeper);
    for (const [id, t] of this.all) void this.cancel(t.clientId, id);
  }

  private upload(clientId: string, id: string): UploadState {
    const u = this.all.get(id);
    if (!u || u.clientId !== clientId || u.kind !== 'upload') throw new AppError('not-found', 'This upload is over or was cancelled.');
    u.usedAt = Date.now();
    return u;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [id, t] of this.all) if (now - t.usedAt > IDLE_MS) void this.cancel(t.clientId, id);
  }
}

function newId(): string {
  return `t-${randomBytes(8).toString('hex')}`;
}
