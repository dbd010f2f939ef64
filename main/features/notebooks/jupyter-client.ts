// SPDX-License-Identifier: Apache-2.0
/**
 * One Jupyter server's HTTP and WebSocket access from main: the base URL and the route that
 * reaches it (a port-forward, in-process, or the Kubeflow gateway through the proxy rule), authentication (a Jupyter token, a gateway
 * bearer token, or neither) and Tornado's XSRF rule. Token-authenticated requests skip XSRF;
 * without a token, non-GET requests carry the `_xsrf` cookie and the same value in
 * `X-XSRFToken` (received from the server first; a fresh value otherwise, which Tornado accepts
 * because it only compares the two). With a token the check is skipped by Jupyter, so a fresh
 * value is sent without asking. Cookies the server sets are sent back, like a browser would.
 * Errors are mapped to AppError; tokens never appear in messages.
 */
import { randomBytes } from 'node:crypto';
import { ServerConnection } from '@jupyterlab/services';
import WebSocket from 'ws';
import { AppError, codeForHttpStatus } from '../../../shared/errors';
import type { ConnectionVia } from '../../../shared/features/notebooks/notebooks.contract';
import { routeCause, urlRoute, type HttpRoute } from '../../platform/net/http-route';

/** Where and how a Jupyter server is reached. */
export interface JupyterEndpoint {
  /** `http(s)://host[:port]/<base_url>/`, ending with `/`. */
  baseUrl: string;
  /** How connections are made (default: the base URL's origin, through the proxy rule). */
  route?: HttpRoute;
  via: ConnectionVia;
  /** The Jupyter token. */
  token?: string;
  /** The gateway's bearer token. */
  bearer?: string;
}

/** A failure to reach the server at all (connection refused or reset, DNS): a drop, not an answer. */
export class JupyterNetworkError extends AppError {
  constructor(message: string, detail?: string) {
    super('unavailable', message, detail, true);
  }
}

/** An HTTP answer. */
export interface JupyterResponse {
  status: number;
  text: string;
  /** The parsed JSON body, when it is JSON. */
  json: unknown;
}

/** Options of one request. */
export interface JupyterRequest {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  query?: Record<string, string | undefined>;
  body?: unknown;
  /** Default 30 s. */
  timeoutMs?: number;
}

/**
 * The `name=value` pairs of `Set-Cookie` headers (attributes dropped; later values win).
 * @param setCookies - each header's value
 */
export function parseSetCookies(setCookies: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const h of setCookies) {
    const first = h.split(';', 1)[0] ?? '';
    const eq = first.indexOf('=');
    if (eq <= 0) continue;
    const name = first.slice(0, eq).trim();
    if (/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(name)) out.set(name, first.slice(eq + 1).trim());
  }
  return out;
}

/** Whether a request carries the XSRF cookie and header: every non-GET one (harmless when a token authenticates it). */
export function needsXsrf(method: string): boolean {
  return !['GET', 'HEAD', 'OPTIONS'].includes(method.toUpperCase());
}

/** An API path (`api/contents/a b.ipynb`) joined to a base URL, each path segment encoded. */
export function apiUrl(baseUrl: string, apiPath: string, query?: Record<string, string | undefined>): string {
  const url = new URL(baseUrl + apiPath.split('/').map(encodeURIComponent).join('/'));
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  return url.toString();
}

/** The words of Jupyter's error body (`{message, reason}`), if any. */
export function jupyterMessage(text: string): string | undefined {
  try {
    const j = JSON.parse(text) as { message?: unknown; reason?: unknown };
    const m = typeof j.message === 'string' && j.message.trim() ? j.message.trim() : undefined;
    return m && m !== 'Forbidden' ? m : typeof j.reason === 'string' && j.reason ? j.reason : m;
  } catch {
    return undefined;
  }
}

/** The AppError for a Jupyter answer that is not 2xx. */
export function jupyterHttpError(status: number, text: string, what: string): AppError {
  const said = jupyterMessage(text);
  const detail = `HTTP ${status}${said ? `: ${said.slice(0, 500)}` : ''}`;
  if (status === 404) return new AppError('not-found', `${what}: not found on the notebook server.`, detail);
  if (status === 401) return new AppError('unauthenticated', `${what}: Jupyter asks for a token.`, detail, undefined, 'jupyter');
  if (status === 403) return new AppError('forbidden', `${what}: Jupyter refused it${said ? ` (${said.slice(0, 200)})` : ''}.`, detail, undefined, 'jupyter');
  if (status === 409) return new AppError('conflict', `${what}: ${said ?? 'it conflicts with what is on the server'}.`, detail);
  const code = codeForHttpStatus(status);
  return new AppError(
    code,
    `${what}: the notebook server answered HTTP ${status}${said ? ` (${said.slice(0, 200)})` : ''}.`,
    detail,
    code === 'unavailable' || code === 'timeout',
  );
}

/** The error for a failed fetch (below HTTP). */
export function fetchError(e: unknown, host: string): AppError {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return new AppError('timeout', `The notebook server at ${host} did not answer in time.`, undefined, true);
  if (err?.name === 'AbortError') return new AppError('cancelled', 'The request was cancelled.');
  const refused = routeCause(e);
  if (refused) return new JupyterNetworkError(refused.message, refused.detail);
  const code = err?.cause?.code ?? (err as { code?: string })?.code ?? '';
  return new JupyterNetworkError(`The notebook server at ${host} cannot be reached${code ? ` (${code})` : ''}.`, err?.cause?.message ?? err?.message);
}

/** A client for one endpoint. */
export class JupyterClient {
  private readonly cookies = new Map<string, string>();
  private xsrfReady: Promise<void> | undefined;
  /** What to call the server in messages (host only: no token). */
  readonly host: string;
  private readonly route: HttpRoute;

  constructor(readonly endpoint: JupyterEndpoint) {
    this.host = new URL(endpoint.baseUrl).host;
    this.route = endpoint.route ?? urlRoute(new URL(endpoint.baseUrl).origin);
  }

  /** Sends a request; answers are returned whatever their status. @throws AppError on a network failure or timeout */
  async raw(apiPath: string, req: JupyterRequest = {}): Promise<JupyterResponse> {
    const method = req.method ?? 'GET';
    if (needsXsrf(method)) await this.ensureXsrf();
    const headers = this.headers(method);
    if (req.body !== undefined) headers['Content-Type'] = 'application/json';
    let res: Response;
    let text: string;
    try {
      res = await this.route.fetch(this.url(apiPath, req.query), {
        method,
        headers,
        redirect: 'manual',
        ...(req.body !== undefined ? { body: JSON.stringify(req.body) } : {}),
        signal: AbortSignal.timeout(req.timeoutMs ?? 30_000),
      });
      this.keepCookies(res);
      text = await res.text();
    } catch (e) {
      throw fetchError(e, this.host);
    }
    let json: unknown;
    if ((res.headers.get('content-type') ?? '').includes('json') && text) {
      try {
        json = JSON.parse(text);
      } catch {
        json = undefined;
      }
    }
    return { status: res.status, text, json };
  }

  /** Sends a request and returns its JSON. @throws AppError mapped from the status (`what` names the action) */
  async json<T>(apiPath: string, what: string, req: JupyterRequest = {}): Promise<T> {
    const r = await this.raw(apiPath, req);
    if (r.status < 200 || r.status >= 300) throw jupyterHttpError(r.status, r.text, what);
    return r.json as T;
  }

  /** Settings for `@jupyterlab/services` objects (kernel connections) that go through this client's auth. */
  settings(): ServerConnection.ISettings {
    const host = this.route.hostHeader;
    const wsHeaders = () => ({ ...this.headers('GET'), ...(host ? { Host: host } : {}) });
    const createConnection = this.route.wsCreateConnection;
    class JupyterSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, {
          headers: wsHeaders(),
          handshakeTimeout: 15_000,
          maxPayload: 512 * 1024 * 1024,
          ...(createConnection ? { createConnection: createConnection as unknown as WebSocket.ClientOptions['createConnection'] } : {}),
        });
      }
    }
    const wsUrl = this.endpoint.baseUrl.replace(/^http/, 'ws');
    const both = !!this.endpoint.token && !!this.endpoint.bearer;
    return ServerConnection.makeSettings({
      baseUrl: this.endpoint.baseUrl,
      wsUrl,
      // with a gateway bearer, the Jupyter token goes in the query (one Authorization header)
      token: both ? (this.endpoint.token as string) : '',
      appendToken: both,
      WebSocket: JupyterSocket as unknown as typeof globalThis.WebSocket,
      fetch: (input: string | URL | Request, init?: RequestInit) => this.libraryFetch(input, init),
      Request,
      Headers,
      init: {},
    });
  }

  private async libraryFetch(input: string | URL | Request, init?: RequestInit): Promise<Response> {
    const req = new Request(input, init);
    if (needsXsrf(req.method)) await this.ensureXsrf();
    const headers = new Headers(req.headers);
    for (const [k, v] of Object.entries(this.headers(req.method))) headers.set(k, v);
    const url = new URL(req.url);
    if (this.endpoint.token && this.endpoint.bearer) url.searchParams.set('token', this.endpoint.token);
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : await req.arrayBuffer();
    const res = await this.route.fetch(url, {
      method: req.method,
      headers,
      ...(body && body.byteLength ? { body } : {}),
      redirect: 'manual',
      signal: req.signal,
    });
    this.keepCookies(res);
    return res;
  }

  /** The headers of a request: auth, cookies and, where needed, the XSRF token. */
  private headers(method: string): Record<string, string> {
    const h: Record<string, string> = { Accept: 'application/json' };
    if (this.endpoint.bearer) h.Authorization = `Bearer ${this.endpoint.bearer}`;
    else if (this.endpoint.token) h.Authorization = `token ${this.endpoint.token}`;
    if (this.cookies.size) h.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const xsrf = this.cookies.get('_xsrf');
    if (xsrf && needsXsrf(method)) h['X-XSRFToken'] = xsrf;
    return h;
  }

  private url(apiPath: string, query?: Record<string, string | undefined>): string {
    const q = { ...query };
    if (this.endpoint.token && this.endpoint.bearer) q.token = this.endpoint.token;
    return apiUrl(this.endpoint.baseUrl, apiPath, q);
  }

  private keepCookies(res: Response): void {
    for (const [k, v] of parseSetCookies(res.headers.getSetCookie())) this.cookies.set(k, v);
  }

  /**
   * Gets the `_xsrf` cookie. With a Jupyter token the check is skipped, so any value does; without
   * one, from an HTML page (Jupyter sets it when one renders), else a fresh value.
   */
  private ensureXsrf(): Promise<void> {
    if (this.cookies.has('_xsrf')) return Promise.resolve();
    if (this.endpoint.token) {
      this.cookies.set('_xsrf', randomBytes(16).toString('hex'));
      return Promise.resolve();
    }
    this.xsrfReady ??= (async () => {
      for (const page of ['lab', 'tree']) {
        try {
          const res = await this.route.fetch(this.url(page), { headers: this.headers('GET'), redirect: 'manual', signal: AbortSignal.timeout(15_000) });
          this.keepCookies(res);
          await res.arrayBuffer();
        } catch (e) {
          throw fetchError(e, this.host);
        }
        if (this.cookies.has('_xsrf')) return;
      }
      this.cookies.set('_xsrf', randomBytes(16).toString('hex'));
    })().finally(() => (this.xsrfReady = undefined));
    return this.xsrfReady;
  }
}
