// SPDX-License-Identifier: Apache-2.0
/**
 * Simple reads on an S3 client from {@link makeS3Client}: one page of a listing (folders by `/`),
 * every entry of one folder level, an object as a stream, and the first bytes of an object. Every
 * failure is an `AppError` ({@link s3Error}).
 */
import type { Readable } from 'node:stream';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { AppError } from '../../../shared/errors';
import { s3Error } from './s3-errors';

/** An object in a listing. */
export interface ObjectEntry {
  key: string;
  size: number;
  /** ISO time. */
  lastModified: string | undefined;
  etag: string | undefined;
}

/** One page of a listing. */
export interface ListPage {
  /** Folder prefixes (with their trailing `/`). */
  folders: string[];
  objects: ObjectEntry[];
  /** The token of the next page, when there is one. */
  next: string | undefined;
}

/** How a store is named in messages, and how long calls may take. */
export interface ReadContext {
  store: string;
  signal?: AbortSignal;
}

/** `s3://bucket/key` → bucket and key (trailing slashes dropped); `minio://` too (KFP). */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const m = /^(?:s3|s3a|minio):\/\/([^/]+)\/?(.*)$/.exec(uri);
  return m && m[1] ? { bucket: m[1], key: (m[2] ?? '').replace(/\/+$/, '') } : undefined;
}

/**
 * One page of the objects and folders under a prefix.
 * @param delimiter - `/` to see folders, '' for every key below
 */
export async function listPage(
  client: S3Client,
  ctx: ReadContext,
  bucket: string,
  prefix: string,
  opts: { delimiter?: string; token?: string; max?: number; startAfter?: string } = {},
): Promise<ListPage> {
  try {
    const out = await client.send(
      new ListObjectsV2Command({
        Bucket: bucket,
        Prefix: prefix || undefined,
        Delimiter: opts.delimiter === undefined ? '/' : opts.delimiter || undefined,
        ContinuationToken: opts.token,
        StartAfter: opts.token ? undefined : opts.startAfter,
        MaxKeys: opts.max ?? 1000,
      }),
      { abortSignal: ctx.signal },
    );
    return {
      folders: (out.CommonPrefixes ?? []).map((p) => p.Prefix ?? '').filter(Boolean),
      objects: (out.Contents ?? []).map((o) => ({
        key: o.Key ?? '',
        size: o.Size ?? 0,
        lastModified: o.LastModified?.toISOString(),
        etag: o.ETag,
      })),
      next: out.IsTruncated ? out.NextContinuationToken : undefined,
    };
  } catch (e) {
    throw s3Error(e, ctx.store, `s3://${bucket}/${prefix}`);
  }
}

/**
 * Every entry of one folder level (all pages, up to `maxPages`).
 * @returns folders and objects; `truncated` when pages were left
 */
export async function listFolder(
  client: S3Client,
  ctx: ReadContext,
  bucket: string,
  prefix: string,
  maxPages = 50,
): Promise<{ folders: string[]; objects: ObjectEntry[]; truncated: boolean }> {
  const folders: string[] = [];
  const objects: ObjectEntry[] = [];
  let token: string | undefined;
  for (let i = 0; i < maxPages; i++) {
    const page = await listPage(client, ctx, bucket, prefix, { token });
    folders.push(...page.folders);
    objects.push(...page.objects);
    token = page.next;
    if (!token) return { folders, objects, truncated: false };
  }
  return { folders, objects, truncated: true };
}

/** An object's body as a Node stream, with what the store says about it. */
export async function getObjectStream(
  client: S3Client,
  ctx: ReadContext,
  bucket: string,
  key: string,
  range?: string,
): Promise<{ body: Readable; size: number | undefined; contentType: string | undefined; lastModified: string | undefined }> {
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: range }), { abortSignal: ctx.signal });
    if (!out.Body) throw new AppError('unavailable', `${ctx.store} sent no body for s3://${bucket}/${key}.`);
    return {
      body: out.Body as Readable,
      size: out.ContentLength,
      contentType: out.ContentType,
      lastModified: out.LastModified?.toISOString(),
    };
  } catch (e) {
    throw s3Error(e, ctx.store, `s3://${bucket}/${key}`);
  }
}

/**
 * The first `limit` bytes of an object (a ranged GET, so the rest is not sent).
 * @returns the bytes, the object's whole size, and whether it was cut
 */
export async function getObjectBytes(
  client: S3Client,
  ctx: ReadContext,
  bucket: string,
  key: string,
  limit: number,
): Promise<{ bytes: Buffer; size: number; truncated: boolean; contentType: string | undefined }> {
  let out;
  try {
    out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key, Range: `bytes=0-${Math.max(0, limit - 1)}` }), { abortSignal: ctx.signal });
  } catch (e) {
    // an empty object has no satisfiable range
    if ((e as { name?: string }).name === 'InvalidRange') return { bytes: Buffer.alloc(0), size: 0, truncated: false, contentType: undefined };
    throw s3Error(e, ctx.store, `s3://${bucket}/${key}`);
  }
  try {
    const bytes = Buffer.from(out.Body ? await out.Body.transformToByteArray() : new Uint8Array());
    const total = /\/(\d+)$/.exec(out.ContentRange ?? '')?.[1];
    const size = total !== undefined ? Number(total) : bytes.length;
    return { bytes: bytes.subarray(0, limit), size, truncated: size > Math.min(bytes.length, limit), contentType: out.ContentType };
  } catch (e) {
    throw s3Error(e, ctx.store, `s3://${bucket}/${key}`);
  }
}
