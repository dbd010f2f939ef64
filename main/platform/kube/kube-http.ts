// SPDX-License-Identifier: Apache-2.0
/**
 * A small, owned HTTP client for one Kubernetes cluster: JSON requests, watch streams and raw
 * responses, with the connection's TLS, proxy and credentials; 401s with refreshable credentials
 * (exec, token file) are retried once with fresh ones.
 */
import { createHash } from 'node:crypto';
import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { z } from 'zod';
import { AppError, isAppError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';
import type { RequestCredentials } from './auth';
import type { KubeConnection } from './connection';
import { CallControl, readBody } from './kube-call';
import { DiscoverySchema, VersionSchema, type KubeVersion, type ServedGroupVersion } from './kube-discovery';
import { httpStatusError } from './kube-errors';
import { parseNdjson } from './ndjson';
import { KubeHttpAgent, KubeHttpsAgent } from './proxy-agent';

export type { KubeVersion, ServedGroupVersion } from './kube-discovery';

/** HTTP methods the API uses. */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
/** A query parameter value; arrays repeat the key, undefined is skipped. */
export type QueryValue = string | number | boolean | readonly string[] | undefined;

/** Options of one API call. */
export interface KubeRequestOptions {
  /** Default GET. */
  method?: HttpMethod;
  /** The API path, starting with `/` (the server URL's own path prefix is added). */
  path: string;
  /** Query parameters. */
  query?: Readonly<Record<string, QueryValue>>;
  /** JSON-serialised unless a string or Buffer. */
  body?: unknown;
  /** Default `application/json`, or `application/merge-patch+json` for PATCH. */
  contentType?: string;
  /** Default `application/json`. */
  accept?: string;
  /** Cancels the call (`cancelled`). */
  signal?: AbortSignal;
  /** For `request`: the whole call; for `stream`/`rawRequest`: until response headers. Credential plugins are not counted. */
  timeoutMs?: number;
}

/** Options of a streaming call. */
export interface KubeStreamOptions extends KubeRequestOptions {
  /** Called with the size of every chunk received, for a silence watchdog. */
  onBytes?: (bytes: number) => void;
  /** Called once the server has answered 2xx (the stream is open), before any event arrives. */
  onOpen?: () => void;
}

/** Options of {@link KubeHttp}. */
export interface KubeHttpOptions {
  /** The `User-Agent` header. */
  userAgent?: string;
  /** Default timeout in ms. Default 30 s. */
  timeoutMs?: number;
}

/** What {@link KubeHttp.connectOptions} returns. */
export interface WebSocketConnectOptions {
  /** The https:/http: URL (the `ws` package accepts these). */
  url: URL;
  /** Carries TLS settings, client certificates and the proxy tunnel. */
  agent: http.Agent;
  /** `User-Agent` and `Authorization`. */
  headers: Record<string, string>;
  /** The credentials used; pass them to `connection.auth.invalidate` if the upgrade gets a 401. */
  credentials: RequestCredentials;
}

const MAX_CERT_AGENTS = 4;

function isOk(res: IncomingMessage): boolean {
  const s = res.statusCode ?? 0;
  return s >= 200 && s < 300;
}

/** A client for one cluster connection. Dispose it to close pooled sockets. */
export class KubeHttp implements Disposable {
  private baseAgent: http.Agent | undefined;
  private readonly certAgents = new Map<string, http.Agent>();
  private readonly timeoutMs: number;
  private readonly userAgent: string;

  /**
   * @param connection - from `resolveConnection`
   * @param opts - user agent and default timeout
   */
  constructor(
    readonly connection: KubeConnection,
    opts: KubeHttpOptions = {},
  ) {
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    this.userAgent = opts.userAgent ?? 'MLDeck';
  }

  /**
   * Sends a request and parses the JSON answer.
   * @param schema - optional zod schema the answer must match (else `internal`)
   * @returns the parsed body (undefined for an empty body)
   * @throws AppError mapped from the Kubernetes Status, the network, the timeout or the signal
   */
  async request<T = unknown>(opts: KubeRequestOptions, schema?: z.ZodType<T>): Promise<T> {
    const call = new CallControl(this.connection.server, opts.signal);
    try {
      const res = await this.open(opts, call, true);
      const text = await readBody(res).catch((e: unknown) => Promise.reject(call.mapError(e)));
      if (!isOk(res)) throw httpStatusError(res.statusCode ?? 0, text);
      if (text.trim() === '') return undefined as T;
      let json: unknown;
      try {
        json = JSON.parse(text);
      } catch {
        throw new AppError('internal', `The cluster answered ${opts.path} with something that is not JSON.`);
      }
      if (!schema) return json as T;
      const parsed = schema.safeParse(json);
      if (!parsed.success) throw new AppError('internal', `The cluster's answer to ${opts.path} has an unexpected shape.`);
      return parsed.data;
    } finally {
      call.dispose();
    }
  }

  /**
   * Sends a request and returns the status and body text whatever the status, for writes whose
   * refusals are read as field problems (`field-problems.ts`) rather than mapped to one error.
   * Same connection, TLS, proxy, credentials and 401 retry as {@link request}.
   * @throws AppError for the network, the timeout or the signal (not for an HTTP status)
   */
  async exchange(opts: KubeRequestOptions): Promise<{ status: number; text: string }> {
    const call = new CallControl(this.connection.server, opts.signal);
    try {
      const res = await this.open(opts, call, true);
      const text = await readBody(res).catch((e: unknown) => Promise.reject(call.mapError(e)));
      return { status: res.statusCode ?? 0, text };
    } finally {
      call.dispose();
    }
  }

  /**
   * Streams newline-delimited JSON objects (a `watch=true` call). Ends when the server ends the
   * stream; breaking out of the loop closes the connection.
   * @throws AppError as {@link request}, also while iterating (e.g. `cancelled`, `unavailable` on reset)
   */
  async *stream<T = unknown>(opts: KubeStreamOptions): AsyncGenerator<T, void, undefined> {
    const call = new CallControl(this.connection.server, opts.signal);
    let finished = false;
    try {
      const res = await this.openChecked(opts, call);
      opts.onOpen?.();
      try {
        for await (const obj of parseNdjson(res, opts.onBytes)) yield obj as T;
      } catch (e) {
        throw isAppError(e) && e.code === 'internal' ? e : call.mapError(e);
      }
      finished = true;
    } finally {
      if (!finished) call.controller.abort();
      call.dispose();
    }
  }

  /**
   * Opens a call and returns the response once its status is 2xx, for the caller to read (e.g.
   * following logs). Abort the signal or destroy the response to close it. The body is not
   * decompressed (gzip is not requested) and bytes are not counted: the caller owns the stream
   * (a `data` listener added here could take chunks before the caller starts reading).
   */
  async rawRequest(opts: KubeRequestOptions): Promise<IncomingMessage> {
    const call = new CallControl(this.connection.server, opts.signal);
    try {
      const res = await this.openChecked(opts, call);
      res.once('close', () => call.dispose());
      return res;
    } catch (e) {
      call.dispose();
      throw e;
    }
  }

  /** GET /version. */
  version(signal?: AbortSignal): Promise<KubeVersion> {
    return this.request({ path: '/version', signal }, VersionSchema);
  }

  /** GET /apis, flattened to the served group/versions. */
  async discovery(signal?: AbortSignal): Promise<ServedGroupVersion[]> {
    const list = await this.request({ path: '/apis', signal }, DiscoverySchema);
    return list.groups.flatMap((g) =>
      g.versions.map((v) => ({
        group: g.name,
        version: v.version,
        groupVersion: v.groupVersion,
        preferred: g.preferredVersion?.version === v.version,
      })),
    );
  }

  /**
   * What a WebSocket client (exec, port-forward) needs to connect with the same TLS, proxy and
   * credentials: pass `agent` and `headers` to `new WebSocket(url, protocols, { agent, headers })`.
   */
  async connectOptions(path: string, query?: KubeRequestOptions['query'], signal?: AbortSignal): Promise<WebSocketConnectOptions> {
    const creds = await this.connection.auth.credentials(signal);
    const headers: Record<string, string> = { 'User-Agent': this.userAgent };
    if (creds.authorization) headers['Authorization'] = creds.authorization;
    return { url: this.url(path, query), agent: this.agentFor(creds), headers, credentials: creds };
  }

  /** Closes pooled sockets. */
  dispose(): void {
    this.baseAgent?.destroy();
    for (const a of this.certAgents.values()) a.destroy();
    this.certAgents.clear();
    this.baseAgent = undefined;
  }

  private url(p: string, query: KubeRequestOptions['query']): URL {
    if (!p.startsWith('/')) throw new AppError('internal', `API path "${p}" must start with /.`);
    const server = this.connection.server;
    const u = new URL(server.origin);
    u.pathname = server.pathname.replace(/\/+$/, '') + p;
    for (const [k, v] of Object.entries(query ?? {})) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v as readonly string[]) u.searchParams.append(k, item);
      else u.searchParams.append(k, String(v));
    }
    return u;
  }

  private agentFor(creds: RequestCredentials): http.Agent {
    const { server, tls, proxy } = this.connection;
    if (server.protocol === 'http:') return (this.baseAgent ??= new KubeHttpAgent({ keepAlive: true }, proxy));
    if (!creds.clientCert) return (this.baseAgent ??= new KubeHttpsAgent({ keepAlive: true, ...tls }, proxy));
    const { cert, key } = creds.clientCert;
    const id = createHash('sha256').update(cert).update('\0').update(key).digest('hex');
    let agent = this.certAgents.get(id);
    if (!agent) {
      agent = new KubeHttpsAgent({ keepAlive: true, ...tls, cert, key }, proxy);
      this.certAgents.set(id, agent);
      // Rotated plugin certificates: keep a few recent agents, close the oldest.
      for (const [oldId, old] of this.certAgents) {
        if (this.certAgents.size <= MAX_CERT_AGENTS) break;
        old.destroy();
        this.certAgents.delete(oldId);
      }
    }
    return agent;
  }

  private async openChecked(opts: KubeRequestOptions, call: CallControl): Promise<IncomingMessage> {
    const res = await this.open({ ...opts, accept: opts.accept ?? 'application/json' }, call, false);
    call.stopTimer();
    if (isOk(res)) return res;
    call.startTimer(opts.timeoutMs ?? this.timeoutMs);
    const text = await readBody(res).catch((e: unknown) => Promise.reject(call.mapError(e)));
    throw httpStatusError(res.statusCode ?? 0, text);
  }

  private async open(opts: KubeRequestOptions, call: CallControl, gzip: boolean): Promise<IncomingMessage> {
    const url = this.url(opts.path, opts.query);
    const method = opts.method ?? 'GET';
    let body: Buffer | undefined;
    if (opts.body !== undefined) {
      body = Buffer.isBuffer(opts.body) ? opts.body : Buffer.from(typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body));
    }
    for (let attempt = 0; ; attempt++) {
      call.stopTimer(); // credential plugins (sign-in) are not limited by the request timeout
      if (call.cancelled) throw call.mapError(undefined);
      const creds = await this.connection.auth.credentials(opts.signal);
      call.startTimer(opts.timeoutMs ?? this.timeoutMs);
      const headers: OutgoingHttpHeaders = { 'User-Agent': this.userAgent, Accept: opts.accept ?? 'application/json' };
      if (gzip && !this.connection.disableCompression) headers['Accept-Encoding'] = 'gzip';
      if (creds.authorization) headers['Authorization'] = creds.authorization;
      if (body) {
        headers['Content-Type'] = opts.contentType ?? (method === 'PATCH' ? 'application/merge-patch+json' : 'application/json');
        headers['Content-Length'] = body.length;
      }
      const res = await this.send(url, method, headers, body, this.agentFor(creds), call);
      // One retry with fresh credentials, only when they can change (exec plugin, token file).
      if (res.statusCode === 401 && attempt === 0 && this.connection.auth.invalidate(creds)) {
        res.resume();
        continue;
      }
      return res;
    }
  }

  private send(
    url: URL,
    method: HttpMethod,
    headers: OutgoingHttpHeaders,
    body: Buffer | undefined,
    agent: http.Agent,
    call: CallControl,
  ): Promise<IncomingMessage> {
    const mod = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      try {
        const req = mod.request({
          protocol: url.protocol,
          hostname: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port || undefined,
          path: url.pathname + url.search,
          method,
          headers,
          agent,
          signal: call.controller.signal,
        });
        req.once('response', resolve);
        req.once('error', (e) => reject(call.mapError(e)));
        req.end(body);
      } catch (e) {
        reject(call.mapError(e));
      }
    });
  }
}
