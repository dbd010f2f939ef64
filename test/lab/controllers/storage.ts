// SPDX-License-Identifier: Apache-2.0
/**
 * The storage initializer's verdict on a model `storageUri`, checked against the lab's S3
 * server with the peers' SigV4 helpers: `s3://<bucket>/<prefix>` is loadable when at least
 * one object exists under it. Other schemes cannot be reached from the lab and fail, as a
 * storage initializer without network access would. Results are cached for a few seconds.
 */
import { s3Target } from '../peers/s3.ts';
import { s3Fetch } from '../peers/sigv4.ts';

/** Whether a model can be loaded, and why not. */
export interface StorageVerdict {
  ok: boolean;
  reason?: string;
  message?: string;
}

const cache = new Map<string, { at: number; verdict: StorageVerdict }>();

/** Checks a storageUri (cached for 5 s). */
export async function checkStorageUri(uri: string | undefined): Promise<StorageVerdict> {
  if (!uri) return { ok: false, reason: 'InvalidSpec', message: 'predictor has no storageUri' };
  const hit = cache.get(uri);
  if (hit && Date.now() - hit.at < 5000) return hit.verdict;
  const verdict = await check(uri);
  cache.set(uri, { at: Date.now(), verdict });
  return verdict;
}

async function check(uri: string): Promise<StorageVerdict> {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  if (!m) {
    const scheme = /^([a-z0-9+.-]+):\/\//i.exec(uri)?.[1] ?? '(none)';
    return {
      ok: false,
      reason: 'ModelLoadFailed',
      message: `storage-initializer: cannot download ${uri}: scheme ${scheme}:// is not reachable from the lab (only s3:// on the lab S3 server is)`,
    };
  }
  const bucket = m[1] ?? '';
  const prefix = (m[2] ?? '').replace(/\/$/, '');
  try {
    const res = await s3Fetch(s3Target, bucket, '', { query: { 'list-type': '2', prefix, 'max-keys': '5' } });
    const text = await res.text();
    if (res.status === 404 || /NoSuchBucket/.test(text))
      return {
        ok: false,
        reason: 'ModelLoadFailed',
        message: `storage-initializer: failed to download ${uri}: NoSuchBucket: the bucket ${bucket} does not exist`,
      };
    if (!res.ok) return { ok: false, reason: 'ModelLoadFailed', message: `storage-initializer: failed to download ${uri}: HTTP ${res.status}` };
    const keys = [...text.matchAll(/<Key>([^<]*)<\/Key>/g)].map((k) => k[1] ?? '');
    const found = keys.some((k) => k === prefix || k.startsWith(`${prefix}/`) || prefix === '');
    if (!found)
      return {
        ok: false,
        reason: 'ModelLoadFailed',
        message: `storage-initializer: failed to download ${uri}: no objects found under s3://${bucket}/${prefix}`,
      };
    return { ok: true };
  } catch (e) {
    return {
      ok: false,
      reason: 'ModelLoadFailed',
      message: `storage-initializer: cannot reach the S3 endpoint: ${e instanceof Error ? e.message : String(e)}`,
    };
  }
}
