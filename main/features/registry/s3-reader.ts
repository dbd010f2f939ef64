// SPDX-License-Identifier: Apache-2.0
/**
 * Reads model artifacts straight from S3 or an S3-compatible store (MinIO, versitygw) with the
 * credentials set in the MLflow connection settings: ListObjectsV2 (one folder level, with `/` as
 * delimiter) and GetObject, path-style, signed with AWS Signature Version 4 (node:crypto, no SDK).
 */
import { createHash, createHmac } from 'node:crypto';
import { AppError, codeForHttpStatus } from '../../../shared/errors';
import { urlRoute, type HttpRoute, type RouteFetch } from '../../platform/net/http-route';
import type { ArtifactEntry } from '../../../shared/features/registry/registry.contract';
import type { S3Access } from './registry-settings';

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s).digest();
const emptyHash = sha256('');

/** RFC 3986 encoding as SigV4 wants it (`/` kept in paths). */
export function uriEncode(s: string, keepSlash: boolean): string {
  const encoded = encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replace(/%2F/g, '/') : encoded;
}

/**
 * The SigV4 headers for a GET (payload empty).
 * @param now - the signing time
 */
export function signGet(access: S3Access, url: URL, now: Date): Record<string, string> {
  const amzDate = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const day = amzDate.slice(0, 8);
  const query = [...url.searchParams.entries()]
    .map(([k, v]) => [uriEncode(k, false), uriEncode(v, false)] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const headers: Record<string, string> = { host: url.host, 'x-amz-content-sha256': emptyHash, 'x-amz-date': amzDate };
  const names = Object.keys(headers).sort();
  const canonical = ['GET', url.pathname, query, ...names.map((n) => `${n}:${headers[n]}`), '', names.join(';'), emptyHash].join('\n');
  const scope = `${day}/${access.region}/s3/aws4_request`;
  const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${access.secretAccessKey}`, day), access.region), 's3'), 'aws4_request');
  const signature = createHmac('sha256', key).update(toSign).digest('hex');
  return {
    'x-amz-content-sha256': emptyHash,
    'x-amz-date': amzDate,
    Authorization: `AWS4-HMAC-SHA256 Credential=${access.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`,
  };
}

/** `s3://bucket/key/prefix` → bucket and key (no trailing slash). */
export function parseS3Uri(uri: string): { bucket: string; key: string } | undefined {
  const m = /^s3:\/\/([^/]+)\/?(.*)$/.exec(uri);
  return m ? { bucket: m[1] ?? '', key: (m[2] ?? '').replace(/\/+$/, '') } : undefined;
}

/** A reader for one store. */
export class S3Reader {
  private readonly fetch: RouteFetch;

  /** @param route - how the endpoint is reached (default: its URL, through the proxy rule) */
  constructor(
    private readonly access: S3Access,
    private readonly timeoutMs = 20_000,
    route: HttpRoute = urlRoute(access.endpoint),
  ) {
    this.fetch = route.fetch;
  }

  private url(bucket: string, key: string): URL {
    const base = this.access.endpoint.replace(/\/+$/, '');
    return new URL(`${base}/${uriEncode(bucket, false)}${key ? `/${uriEncode(key, true)}` : ''}`);
  }

  private async get(url: URL): Promise<Response> {
    const label = `S3 at ${this.access.endpoint}`;
    let res: Response;
    try {
      res = await this.fetch(url, { headers: signGet(this.access, url, new Date()), signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (e) {
      const cause = (e as { cause?: { code?: string } }).cause;
      throw new AppError('unavailable', `${label} cannot be reached (${cause?.code ?? (e as Error).message}).`, undefined, true);
    }
    if (!res.ok) {
      const text = (await res.text().catch(() => '')).slice(0, 2000);
      const code = /<Code>([^<]+)<\/Code>/.exec(text)?.[1];
      if (res.status === 404 || code === 'NoSuchKey' || code === 'NoSuchBucket') throw new AppError('not-found', `${label} has no ${url.pathname}.`, code);
      if (res.status === 403)
        throw new AppError('forbidden', `${label} refused the S3 credentials in the MLflow connection settings (${code ?? 'HTTP 403'}).`, code);
      throw new AppError(
        codeForHttpStatus(res.status) === 'internal' ? 'unavailable' : codeForHttpStatus(res.status),
        `${label} answered HTTP ${res.status}.`,
        code,
      );
    }
    return res;
  }

  /** One folder level under `s3://bucket/prefix/sub`: entries with paths relative to `prefix`. */
  async list(bucket: string, prefix: string, sub: string): Promise<ArtifactEntry[]> {
    const dir = [prefix, sub].filter(Boolean).join('/');
    const entries: ArtifactEntry[] = [];
    let token: string | undefined;
    for (let page = 0; page < 20; page++) {
      const url = this.url(bucket, '');
      url.searchParams.set('list-type', '2');
      url.searchParams.set('delimiter', '/');
      url.searchParams.set('prefix', dir ? `${dir}/` : '');
      if (token) url.searchParams.set('continuation-token', token);
      const xml = await (await this.get(url)).text();
      const rel = (k: string) => k.slice(prefix ? prefix.length + 1 : 0).replace(/\/$/, '');
      for (const m of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        const key = decodeXml(/<Key>([\s\S]*?)<\/Key>/.exec(m[1] ?? '')?.[1] ?? '');
        if (key.endsWith('/')) continue;
        entries.push({ path: rel(key), isDir: false, size: Number(/<Size>(\d+)<\/Size>/.exec(m[1] ?? '')?.[1] ?? NaN) || 0 });
      }
      for (const m of xml.matchAll(/<CommonPrefixes>\s*<Prefix>([\s\S]*?)<\/Prefix>/g))
        entries.push({ path: rel(decodeXml(m[1] ?? '')), isDir: true, size: undefined });
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml)
        ? decodeXml(/<NextContinuationToken>([\s\S]*?)<\/NextContinuationToken>/.exec(xml)?.[1] ?? '')
        : undefined;
      if (!token) break;
    }
    return entries;
  }

  /** The first `limit` bytes of an object. */
  async download(bucket: string, key: string, limit: number): Promise<{ bytes: Buffer; size: number; truncated: boolean; contentType: string | undefined }> {
    const res = await this.get(this.url(bucket, key));
    const size = Number(res.headers.get('content-length') ?? NaN);
    const reader = res.body?.getReader();
    const chunks: Buffer[] = [];
    let read = 0;
    let truncated = false;
    while (reader) {
      const { done, value } = await reader.read();
      if (done) break;
      if (read + value.byteLength > limit) {
        chunks.push(Buffer.from(value.subarray(0, limit - read)));
        truncated = true;
        void reader.cancel().catch(() => undefined); // the rest is not wanted
        break;
      }
      read += value.byteLength;
      chunks.push(Buffer.from(value));
    }
    const bytes = Buffer.concat(chunks);
    return { bytes, size: Number.isFinite(size) ? size : bytes.length, truncated, contentType: res.headers.get('content-type') ?? undefined };
  }
}

function decodeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#\d+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'" : String.fromCharCode(Number(e.slice(1))),
  );
}
