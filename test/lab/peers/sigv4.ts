// SPDX-License-Identifier: Apache-2.0
/**
 * AWS Signature Version 4 for S3, with node:crypto only: signed headers for a request,
 * presigned URLs, and a small `s3Fetch` that signs and sends one request. The lab uses it
 * to talk to versitygw without an SDK; tests reuse it to prepare and check S3 state.
 *
 * S3 rules followed here: the canonical URI is the path as sent (each key segment
 * URI-encoded once, `/` kept), query names and values are RFC 3986-encoded and sorted,
 * the payload hash is sent as `x-amz-content-sha256` (or `UNSIGNED-PAYLOAD`).
 */
import { createHash, createHmac } from 'node:crypto';

/** Access key pair. */
export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

/** One request to sign. */
export interface SignInput {
  method: string;
  /** Full URL; its path must already be encoded the way it is sent (see {@link uriEncode}). */
  url: string;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  region: string;
  /** Defaults to `s3`. */
  service?: string;
  credentials: Credentials;
  /** Signing time; defaults to now. */
  date?: Date;
  /** Sign `UNSIGNED-PAYLOAD` instead of the body's SHA-256. */
  unsignedPayload?: boolean;
}

/** Input of {@link presignUrl}. */
export interface PresignInput {
  method: string;
  url: string;
  region: string;
  service?: string;
  credentials: Credentials;
  date?: Date;
  /** Lifetime in seconds (1..604800); defaults to 900. */
  expiresSeconds?: number;
}

/** The SHA-256 of nothing, the payload hash of body-less requests. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Lower-case hex SHA-256. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: Uint8Array | string, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}

/**
 * URI-encodes as SigV4 wants: every byte except `A-Z a-z 0-9 - . _ ~` becomes `%XX`
 * (upper-case hex); `/` is kept when `encodeSlash` is false (object key paths).
 */
export function uriEncode(value: string, encodeSlash = true): string {
  let out = '';
  for (const byte of Buffer.from(value, 'utf8')) {
    const ch = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-._~]/.test(ch) || (ch === '/' && !encodeSlash)) out += ch;
    else out += '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

/** `20130524T000000Z` and `20130524` for a date. */
function amzDates(date: Date): { amzDate: string; day: string } {
  const amzDate = date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
  return { amzDate, day: amzDate.slice(0, 8) };
}

function canonicalQuery(url: URL, extra: [string, string][] = []): string {
  const pairs: [string, string][] = [...url.searchParams.entries(), ...extra].map(([k, v]) => [uriEncode(k), uriEncode(v)]);
  pairs.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  return pairs.map(([k, v]) => `${k}=${v}`).join('&');
}

function signingKey(secret: string, day: string, region: string, service: string): Buffer {
  return hmac(hmac(hmac(hmac('AWS4' + secret, day), region), service), 'aws4_request');
}

/**
 * Signs a request. Returns every header to send: the caller's headers plus `host`,
 * `x-amz-date`, `x-amz-content-sha256`, optional `x-amz-security-token` and `authorization`.
 */
export function signRequest(input: SignInput): Record<string, string> {
  const url = new URL(input.url);
  const service = input.service ?? 's3';
  const { amzDate, day } = amzDates(input.date ?? new Date());
  const payloadHash = input.unsignedPayload ? 'UNSIGNED-PAYLOAD' : sha256Hex(input.body ?? '');
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(input.headers ?? {})) headers[k.toLowerCase()] = v;
  headers.host = url.host;
  headers['x-amz-date'] = amzDate;
  headers['x-amz-content-sha256'] = payloadHash;
  if (input.credentials.sessionToken) headers['x-amz-security-token'] = input.credentials.sessionToken;
  delete headers.authorization;

  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((n) => `${n}:${(headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [input.method.toUpperCase(), url.pathname || '/', canonicalQuery(url), canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const scope = `${day}/${input.region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = hmac(signingKey(input.credentials.secretAccessKey, day, input.region, service), stringToSign).toString('hex');
  headers.authorization = `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}

/** A presigned (query-string authenticated) URL; only `host` is signed, the payload is unsigned. */
export function presignUrl(input: PresignInput): string {
  const url = new URL(input.url);
  const service = input.service ?? 's3';
  const { amzDate, day } = amzDates(input.date ?? new Date());
  const scope = `${day}/${input.region}/${service}/aws4_request`;
  const extra: [string, string][] = [
    ['X-Amz-Algorithm', 'AWS4-HMAC-SHA256'],
    ['X-Amz-Credential', `${input.credentials.accessKeyId}/${scope}`],
    ['X-Amz-Date', amzDate],
    ['X-Amz-Expires', String(input.expiresSeconds ?? 900)],
    ['X-Amz-SignedHeaders', 'host'],
  ];
  if (input.credentials.sessionToken) extra.push(['X-Amz-Security-Token', input.credentials.sessionToken]);
  const query = canonicalQuery(url, extra);
  const canonicalRequest = [input.method.toUpperCase(), url.pathname || '/', query, `host:${url.host}\n`, 'host', 'UNSIGNED-PAYLOAD'].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256Hex(canonicalRequest)].join('\n');
  const signature = hmac(signingKey(input.credentials.secretAccessKey, day, input.region, service), stringToSign).toString('hex');
  return `${url.origin}${url.pathname}?${query}&X-Amz-Signature=${signature}`;
}

/** Where and as whom {@link s3Fetch} talks to S3. */
export interface S3Target {
  /** e.g. `http://127.0.0.1:17070` (path-style addressing). */
  endpoint: string;
  region: string;
  credentials: Credentials;
}

/** Options of {@link s3Fetch}. */
export interface S3FetchOptions {
  method?: string;
  /** Query parameters (unencoded). */
  query?: Record<string, string>;
  headers?: Record<string, string>;
  body?: Uint8Array | string;
  /** Milliseconds before the request is aborted; default 15000. */
  timeoutMs?: number;
}

/**
 * Sends one signed, path-style S3 request: `bucket` and `key` are raw (unencoded) names;
 * pass `''` for the service root (ListBuckets).
 */
export async function s3Fetch(target: S3Target, bucket: string, key: string, opts: S3FetchOptions = {}): Promise<Response> {
  const method = (opts.method ?? 'GET').toUpperCase();
  let path = '/';
  if (bucket) path += uriEncode(bucket);
  if (key) path += '/' + uriEncode(key, false);
  const qs = Object.entries(opts.query ?? {})
    .map(([k, v]) => (v === '' ? uriEncode(k) : `${uriEncode(k)}=${uriEncode(v)}`))
    .join('&');
  const url = `${target.endpoint.replace(/\/$/, '')}${path}${qs ? '?' + qs : ''}`;
  const signed = signRequest({ method, url, headers: opts.headers, body: opts.body, region: target.region, credentials: target.credentials });
  delete signed.host; // fetch sets the same value itself
  // A copy typed Uint8Array<ArrayBuffer>, which is what fetch's BodyInit accepts.
  const body = opts.body === undefined || typeof opts.body === 'string' ? opts.body : new Uint8Array(opts.body);
  return fetch(url, { method, headers: signed, body, signal: AbortSignal.timeout(opts.timeoutMs ?? 15_000) });
}
