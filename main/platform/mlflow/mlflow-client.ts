// SPDX-License-Identifier: Apache-2.0
/**
 * A small MLflow REST client (`/api/2.0/mlflow/…` and the `/api/2.0/mlflow-artifacts` proxy):
 * JSON calls and byte downloads with a timeout and a size limit, the configured auth header
 * (basic or bearer) on every request, and every failure an AppError in words: not reachable →
 * `unavailable`, 401/403 → `unauthenticated`/`forbidden`, RESOURCE_DOES_NOT_EXIST → `not-found`,
 * INVALID_PARAMETER_VALUE → `validation` with MLflow's message ({@link mlflowError}).
 */
import { AppError, codeForHttpStatus, type ErrorCode } from '../../../shared/errors';
import { routeCause, type HttpRoute } from '../net/http-route';

/** MLflow was not reached at all (no HTTP answer): refused, reset, timed out. */
export class MlflowUnreachable extends AppError {}

/** How to sign in. */
export type MlflowAuth = { kind: 'none' } | { kind: 'basic'; username: string; password: string } | { kind: 'bearer'; token: string };

/** The largest JSON answer read (32 MiB). */
const MAX_JSON_BYTES = 32 * 1024 * 1024;

const errorCodes: Record<string, ErrorCode> = {
  RESOURCE_DOES_NOT_EXIST: 'not-found',
  NOT_FOUND: 'not-found',
  ENDPOINT_NOT_FOUND: 'not-found',
  INVALID_PARAMETER_VALUE: 'validation',
  BAD_REQUEST: 'validation',
  INVALID_STATE: 'conflict',
  RESOURCE_ALREADY_EXISTS: 'conflict',
  RESOURCE_CONFLICT: 'conflict',
  UNAUTHENTICATED: 'unauthenticated',
  PERMISSION_DENIED: 'forbidden',
  REQUEST_LIMIT_EXCEEDED: 'unavailable',
  TEMPORARILY_UNAVAILABLE: 'unavailable',
  INTERNAL_ERROR: 'unavailable',
};

/**
 * The AppError for an MLflow answer that is not a success.
 * @param status - the HTTP status
 * @param body - the body as text (MLflow sends `{"error_code": …, "message": …}`)
 * @param label - how the user knows this MLflow (e.g. its URL), for the message
 * @param authKind - what MLDeck sent, to word a 401
 */
export function mlflowError(status: number, body: string, label: string, authKind: MlflowAuth['kind'] = 'none'): AppError {
  let errorCode: string | undefined;
  let message: string | undefined;
  try {
    const json = JSON.parse(body) as { error_code?: unknown; message?: unknown };
    if (typeof json.error_code === 'string') errorCode = json.error_code;
    if (typeof json.message === 'string') message = json.message;
  } catch {
    // not JSON: an HTML error page, a proxy's text; worded from the status below
  }
  const text = body.replace(/\s+/g, ' ').trim().slice(0, 300);
  // the artifact proxy answers a missing file with a 500 naming the store's own "no such key"
  if (errorCode === 'INTERNAL_ERROR' && message && /NoSuchKey|does not exist|No such file|FileNotFoundError|NotFound/i.test(message))
    return new AppError('not-found', `${label} has no such file.`, message.slice(0, 300));
  if (status === 401) {
    const hint =
      authKind === 'none'
        ? 'Set a user name and password or a token in the MLflow connection settings.'
        : 'Check the credentials in the MLflow connection settings.';
    return new AppError(
      'unauthenticated',
      `${label} asks for credentials that MLDeck did not have or it refused them. ${hint}`,
      message ?? text,
      undefined,
      'mlflow',
    );
  }
  if (status === 403) return new AppError('forbidden', `${label} refused: ${message ?? 'permission denied'}.`, text, undefined, 'mlflow');
  const code: ErrorCode = (errorCode && errorCodes[errorCode]) || (status >= 200 && status < 300 ? 'unavailable' : codeForHttpStatus(status));
  if (code === 'validation') return new AppError('validation', message ?? `${label} rejected the request (HTTP ${status}).`, errorCode);
  if (code === 'not-found') return new AppError('not-found', message ?? `${label} has no such thing (HTTP ${status}).`, errorCode ?? text);
  if (code === 'conflict') return new AppError('conflict', message ?? `${label} refused the change (HTTP ${status}).`, errorCode);
  if (code === 'unavailable' || code === 'timeout')
    return new AppError(code, `${label} could not answer (HTTP ${status}${message ? `: ${message}` : ''}).`, errorCode ?? text, true);
  return new AppError(code === 'internal' ? 'unavailable' : code, `${label} answered HTTP ${status}${message ? `: ${message}` : ''}.`, text);
}

/** Whether a fetch failed because its (reused) connection was closed under it. */
export function staleConnection(e: unknown): boolean {
  const code = (e as { cause?: { code?: string } }).cause?.code;
  return code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED';
}

/** Bytes read from a download. */
export interface Download {
  bytes: Buffer;
  /** The size the server declared (Content-Length), or the bytes read. */
  size: number;
  /** More bytes than the limit: only the first `limit` were read. */
  truncated: boolean;
  contentType: string | undefined;
}

/** Query values; arrays become repeated keys. */
export type Query = Record<string, string | number | string[] | undefined>;

/** A client for one MLflow, reached by a route (a URL through the proxy rule, or a port-forward). */
export class MlflowClient {
  /**
   * @param route - where `/api/2.0` is served (a path prefix of its base URL is kept)
   * @param label - how the user knows this MLflow, for messages
   */
  constructor(
    private readonly route: HttpRoute,
    readonly label: string,
    private readonly auth: MlflowAuth,
    private readonly timeoutMs = 20_000,
  ) {}

  /** GET a JSON endpoint under `/api/2.0/mlflow`. */
  get<T>(endpoint: string, query: Query = {}): Promise<T> {
    return this.json<T>('GET', `/api/2.0/mlflow/${endpoint}`, query, undefined);
  }

  /** POST a JSON body to an endpoint under `/api/2.0/mlflow`. */
  post<T>(endpoint: string, body: unknown): Promise<T> {
    return this.json<T>('POST', `/api/2.0/mlflow/${endpoint}`, {}, body);
  }

  /** PATCH a JSON body to an endpoint under `/api/2.0/mlflow`. */
  patch<T>(endpoint: string, body: unknown): Promise<T> {
    return this.json<T>('PATCH', `/api/2.0/mlflow/${endpoint}`, {}, body);
  }

  /** DELETE an endpoint under `/api/2.0/mlflow` (MLflow reads the body of a DELETE as JSON). */
  delete<T>(endpoint: string, body: unknown): Promise<T> {
    return this.json<T>('DELETE', `/api/2.0/mlflow/${endpoint}`, {}, body);
  }

  /**
   * POSTs a JSON body to an endpoint under `/api/2.0/mlflow` and returns the answer as it came
   * (status, Location, Content-Type, at most 64 KiB of text), whatever its status: for checking
   * what a URL is before saving it ({@link checkTrackingServer} in tracking-probe.ts).
   * @throws MlflowUnreachable when nothing answered
   */
  async answer(endpoint: string, body: unknown): Promise<{ status: number; location: string | undefined; contentType: string; text: string }> {
    const { res, timeout } = await this.send('POST', this.url(`/api/2.0/mlflow/${endpoint}`, {}), body, true);
    const { bytes } = await this.read(res, timeout, 64 * 1024, false);
    return {
      status: res.status,
      location: res.headers.get('location') ?? undefined,
      contentType: res.headers.get('content-type') ?? '',
      text: bytes.toString('utf8'),
    };
  }

  /** Lists a folder of the artifact proxy: `path` relative to the artifact store root. */
  listProxied(path: string): Promise<{ files?: { path: string; is_dir?: boolean; file_size?: number | string }[] }> {
    return this.json('GET', '/api/2.0/mlflow-artifacts/artifacts', { path }, undefined);
  }

  /** Downloads a file of the artifact proxy (`path` relative to the artifact store root), at most `limit` bytes. */
  downloadProxied(path: string, limit: number): Promise<Download> {
    const encoded = path.split('/').map(encodeURIComponent).join('/');
    return this.download(`/api/2.0/mlflow-artifacts/artifacts/${encoded}`, {}, limit);
  }

  /** Downloads a run's artifact through the server (`/get-artifact`, the UI's helper), at most `limit` bytes. */
  downloadRunArtifact(runId: string, path: string, limit: number): Promise<Download> {
    return this.download('/get-artifact', { path, run_uuid: runId }, limit);
  }

  private url(path: string, query: Query): URL {
    const url = new URL(`${this.route.baseUrl.replace(/\/+$/, '')}${path}`);
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const x of v) url.searchParams.append(k, x);
      else url.searchParams.set(k, String(v));
    }
    return url;
  }

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = { Accept: json ? 'application/json' : '*/*' };
    if (json) h['Content-Type'] = 'application/json';
    if (this.auth.kind === 'basic') h['Authorization'] = `Basic ${Buffer.from(`${this.auth.username}:${this.auth.password}`, 'utf8').toString('base64')}`;
    if (this.auth.kind === 'bearer') h['Authorization'] = `Bearer ${this.auth.token}`;
    return h;
  }

  private async send(method: string, url: URL, body: unknown, json: boolean): Promise<{ res: Response; timeout: AbortSignal }> {
    const timeout = AbortSignal.timeout(this.timeoutMs);
    // A kept-alive connection the server (or a port-forward's far end) closed while idle fails
    // before the request is read: one more try on a fresh connection. Not for DELETE, whose
    // second try could report "not found" for what the first removed.
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.route.fetch(url, {
          method,
          headers: this.headers(json),
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: timeout,
          redirect: 'manual',
        });
        return { res, timeout };
      } catch (e) {
        if (attempt === 1 && method !== 'DELETE' && !timeout.aborted && staleConnection(e)) continue;
        throw this.networkError(e, timeout.aborted);
      }
    }
  }

  private async json<T>(method: string, path: string, query: Query, body: unknown): Promise<T> {
    const { res, timeout } = await this.send(method, this.url(path, query), body ?? (method === 'GET' ? undefined : {}), true);
    const { bytes } = await this.read(res, timeout, MAX_JSON_BYTES, true);
    const text = bytes.toString('utf8');
    if (!res.ok) throw mlflowError(res.status, text, this.label, this.auth.kind);
    try {
      return JSON.parse(text === '' ? '{}' : text) as T;
    } catch {
      throw new AppError(
        'unavailable',
        `${this.label} answered with something that is not the MLflow API (HTTP ${res.status}). Is this the URL MLflow serves /api/2.0 under?`,
        text.replace(/\s+/g, ' ').slice(0, 200),
      );
    }
  }

  private async download(path: string, query: Query, limit: number): Promise<Download> {
    const { res, timeout } = await this.send('GET', this.url(path, query), undefined, false);
    if (!res.ok) {
      const { bytes } = await this.read(res, timeout, 64 * 1024, false);
      throw mlflowError(res.status, bytes.toString('utf8'), this.label, this.auth.kind);
    }
    const declared = Number(res.headers.get('content-length') ?? NaN);
    const { bytes, truncated } = await this.read(res, timeout, limit, false);
    return { bytes, truncated, size: Number.isFinite(declared) ? declared : bytes.length, contentType: res.headers.get('content-type') ?? undefined };
  }

  /** Reads at most `limit` bytes; over it, either refuses (`strict`) or stops and says truncated. */
  private async read(res: Response, timeout: AbortSignal, limit: number, strict: boolean): Promise<{ bytes: Buffer; truncated: boolean }> {
    if (!res.body) return { bytes: Buffer.alloc(0), truncated: false };
    const reader = res.body.getReader();
    const chunks: Buffer[] = [];
    let size = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        if (size + value.byteLength > limit) {
          chunks.push(Buffer.from(value.subarray(0, limit - size)));
          size = limit;
          void reader.cancel().catch(() => undefined); // the rest is not wanted
          if (strict) throw new AppError('unavailable', `${this.label} answered with more than ${Math.round(limit / 1048576)} MiB, more than MLDeck reads.`);
          return { bytes: Buffer.concat(chunks), truncated: true };
        }
        size += value.byteLength;
        chunks.push(Buffer.from(value));
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw this.networkError(e, timeout.aborted);
    }
    return { bytes: Buffer.concat(chunks), truncated: false };
  }

  private networkError(e: unknown, timedOut: boolean): AppError {
    if (timedOut) return new MlflowUnreachable('timeout', `${this.label} did not answer within ${Math.round(this.timeoutMs / 1000)} s.`, undefined, true);
    const refused = routeCause(e);
    if (refused) return new MlflowUnreachable(refused.code, refused.message, refused.detail, refused.retryable);
    const cause = (e as { cause?: { code?: string; message?: string } }).cause;
    const detail = cause?.code ?? cause?.message ?? (e instanceof Error ? e.message : String(e));
    return new MlflowUnreachable('unavailable', `${this.label} cannot be reached (${detail}).`, undefined, true);
  }
}
