// SPDX-License-Identifier: Apache-2.0
/**
 * One tunnel's listener: an HTTP server on 127.0.0.1 (requests checked by `tunnel-auth.ts`) or
 * on a Unix socket, forwarding each request through connections to the pod (`open`: a
 * port-forward stream each) with an undici client that keeps them alive, and WebSocket upgrades
 * (Jupyter kernels) as raw piped streams. Bytes each way, requests, refusals and the last
 * activity are counted for the list.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { Client, type buildConnector } from 'undici';
import { decide, tokenPathPrefix, withoutTunnelCookies } from './tunnel-auth';

/** Headers that belong to one connection, not passed on. */
const hopByHop = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer', 'proxy-authorization']);

/** Counters of a tunnel. */
export interface TunnelCounters {
  bytesIn: number;
  bytesOut: number;
  requests: number;
  refused: number;
  lastActivityAt: number;
}

/** Where a tunnel listens. */
export type TunnelListen = { kind: 'loopback' } | { kind: 'unix'; path: string };

/** A listening tunnel. */
export class TunnelServer {
  readonly counters: TunnelCounters = { bytesIn: 0, bytesOut: 0, requests: 0, refused: 0, lastActivityAt: Date.now() };
  readonly token = randomBytes(32).toString('hex');
  private readonly server: Server;
  private readonly client: Client;
  private readonly sockets = new Set<Duplex>();
  private port = 0;

  /**
   * @param id - the tunnel's id (names its cookie)
   * @param open - opens one connection to the pod's port
   */
  constructor(
    readonly id: string,
    private readonly listen: TunnelListen,
    private readonly open: () => Promise<Duplex>,
  ) {
    this.client = new Client('http://tunnel.invalid', {
      connect: (_opts, cb: buildConnector.Callback) => {
        this.open().then(
          (s) => cb(null, this.counted(s) as Socket),
          (e: Error) => cb(e, null),
        );
      },
      keepAliveTimeout: 30_000,
    });
    this.server = createServer((req, res) => void this.onRequest(req, res));
    this.server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => void this.onUpgrade(req, socket, head));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Starts listening; resolves with the address (`127.0.0.1:<port>` or the socket path). */
  async start(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      if (this.listen.kind === 'unix') this.server.listen(this.listen.path, () => resolve());
      else this.server.listen(0, '127.0.0.1', () => resolve());
    });
    if (this.listen.kind === 'unix') return this.listen.path;
    const a = this.server.address();
    this.port = typeof a === 'object' && a ? a.port : 0;
    return `127.0.0.1:${this.port}`;
  }

  /** The link that carries the token (loopback tunnels). */
  get url(): string | undefined {
    return this.listen.kind === 'loopback' ? `http://127.0.0.1:${this.port}${tokenPathPrefix}${this.token}/` : undefined;
  }

  /** Stops listening and drops every connection. */
  async close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await Promise.all([new Promise<void>((r) => this.server.close(() => r())), this.client.destroy()]);
  }

  /** Counts the bytes of a connection to the pod. */
  private counted(s: Duplex): Duplex {
    s.on('data', (d: Buffer) => {
      this.counters.bytesOut += d.length;
      this.counters.lastActivityAt = Date.now();
    });
    const write = s.write.bind(s) as (chunk: unknown, ...rest: unknown[]) => boolean;
    s.write = ((chunk: unknown, ...rest: unknown[]) => {
      this.counters.bytesIn += Buffer.isBuffer(chunk) ? chunk.length : typeof chunk === 'string' ? Buffer.byteLength(chunk) : 0;
      this.counters.lastActivityAt = Date.now();
      return write(chunk, ...rest);
    }) as typeof s.write;
    return s;
  }

  /** Whether the request may pass; answers it when not (the Cookie header to forward when it may). */
  private admit(req: IncomingMessage, res: ServerResponse | undefined, socket?: Duplex): { cookie: string | undefined } | undefined {
    if (this.listen.kind === 'unix') return { cookie: req.headers.cookie };
    const d = decide(this.id, this.token, this.port, { url: req.url, host: req.headers.host, cookie: req.headers.cookie });
    if (d.kind === 'forward') return { cookie: d.cookie };
    if (d.kind === 'set-cookie' && res) {
      res.writeHead(302, { 'Set-Cookie': d.setCookie, Location: d.location, 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' }).end();
      return undefined;
    }
    this.counters.refused++;
    const reason = d.kind === 'refuse' ? d.reason : 'A WebSocket cannot carry the token; open the tunnel’s link first.';
    const status = d.kind === 'refuse' ? d.status : 403;
    if (res) res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' }).end(`${reason}\n`);
    else socket?.end(`HTTP/1.1 ${status} Forbidden\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n${reason}\n`);
    return undefined;
  }

  private headersOut(req: IncomingMessage, cookie: string | undefined): Record<string, string | string[]> {
    const out: Record<string, string | string[]> = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (v === undefined || hopByHop.has(k) || k === 'cookie') continue;
      out[k] = v;
    }
    if (cookie) out.cookie = cookie;
    return out;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const ok = this.admit(req, res);
    if (!ok) return;
    this.counters.requests++;
    this.counters.lastActivityAt = Date.now();
    const hasBody =
      req.method !== 'GET' && req.method !== 'HEAD' && (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined);
    try {
      const up = await this.client.request({
        method: (req.method ?? 'GET') as 'GET',
        path: req.url ?? '/',
        headers: this.headersOut(req, ok.cookie),
        body: hasBody ? req : null,
      });
      const headers: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(up.headers)) if (v !== undefined && !hopByHop.has(k)) headers[k] = v;
      res.writeHead(up.statusCode, headers);
      up.body.on('error', () => res.destroy());
      up.body.pipe(res);
    } catch (e) {
      if (!res.headersSent) {
        res
          .writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' })
          .end(`MLDeck could not reach the pod through the tunnel: ${e instanceof Error ? e.message : String(e)}\n`);
      } else res.destroy();
    }
  }

  private async onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    const ok = this.admit(req, undefined, socket);
    if (!ok) return;
    this.counters.requests++;
    let up: Duplex;
    try {
      up = this.counted(await this.open());
    } catch (e) {
      socket.end(`HTTP/1.1 502 Bad Gateway\r\nConnection: close\r\n\r\n${e instanceof Error ? e.message : String(e)}\n`);
      return;
    }
    const lines = [`${req.method ?? 'GET'} ${req.url ?? '/'} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const k = req.rawHeaders[i] ?? '';
      if (k.toLowerCase() === 'cookie') continue;
      lines.push(`${k}: ${req.rawHeaders[i + 1] ?? ''}`);
    }
    const cookie = withoutTunnelCookies(req.headers.cookie);
    if (cookie) lines.push(`Cookie: ${cookie}`);
    up.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) up.write(head);
    up.on('error', () => socket.destroy());
    up.on('close', () => socket.destroy());
    socket.on('close', () => up.destroy());
    up.pipe(socket);
    socket.pipe(up);
  }
}
