// SPDX-License-Identifier: Apache-2.0
/**
 * The browser-mode host: serves the renderer's files and carries the contract over one
 * WebSocket, on 127.0.0.1 only. Every request must name the host as 127.0.0.1:port or
 * localhost:port (DNS-rebinding defence). The socket needs the random token (as a subprotocol)
 * and the host's own Origin; anything else is refused before the upgrade. A page opened with a
 * one-time code exchanges it once for the token (`POST /session`). Every socket has an error
 * handler: nothing a client sends ends the host.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { maxFrameBytes, toFrames } from '../../shared/ipc/chunked-frames';
import type { Topic } from '../../shared/ipc/define';
import type { WireMessage } from '../../shared/ipc/transport';
import type { Dispatcher, Publisher } from '../ipc/dispatcher';
import { originAllowed, protocolHasToken, tokenProtocolPrefix } from './auth';
import { securityHeaders } from './content-security';
import { allowedHosts, hostAllowed } from './host-header';
import { OneTimeCodes } from './one-time-codes';
import { exchangeSession } from './session-exchange';
import { serveStatic } from './static-files';
import { sendFrames, sendMessage, serveConnection } from './ws-connection';

/** Options of {@link startBrowserHost}. */
export interface BrowserHostOptions {
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  dispatcher: Dispatcher;
  token: string;
  /** 0 picks a free port. */
  port: number;
  /** Largest accepted WebSocket frame, bytes (larger messages come in chunks). Default 16 MiB. */
  maxFrameBytes?: number;
  /** A chunked message that makes no progress for this long closes its socket. Default 60 s. */
  chunkTimeoutMs?: number;
  /** Told after a one-time code was exchanged for the token. */
  onCodeRedeemed?: () => void;
  /** Where socket and server errors are reported (default: stderr). Never given the token. */
  log?: (message: string) => void;
}

/** A running browser host. */
export interface BrowserHost extends Publisher {
  /** The URL with the token (in the fragment, so it is never sent in HTTP requests). */
  url: string;
  port: number;
  /** A URL that carries a fresh one-time code instead of the token. */
  oneTimeUrl(): string;
  close(): Promise<void>;
}

/** Starts the host and resolves once it listens. */
export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const log = opts.log ?? ((m: string) => process.stderr.write(`[host] ${m}\n`));
  const clients = new Map<WebSocket, Set<string>>();
  const byId = new Map<string, WebSocket>();
  const codes = new OneTimeCodes();
  let nextClient = 0;
  let nextChunk = 0;
  const nextChunkId = () => `s${++nextChunk}`;
  let origin = '';
  let hosts: string[] = [];
  const headers = () => securityHeaders(origin.replace(/^http/, 'ws'));

  const server: Server = createServer((req, res) => {
    if (!hostAllowed(req.headers.host, hosts)) {
      res.writeHead(403, { ...headers(), 'Content-Type': 'text/plain; charset=utf-8' }).end('This address is not MLDeck’s.\n');
      return;
    }
    if ((req.url ?? '').split('?')[0] === '/session') {
      exchangeSession(req, res, { codes, token: opts.token, origin, headers: headers(), onRedeemed: opts.onCodeRedeemed });
      return;
    }
    serveStatic(opts.rendererDir, req, res, headers());
  });
  server.on('clientError', (e, socket) => {
    log(`a bad HTTP request: ${e.message}`);
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: opts.maxFrameBytes ?? maxFrameBytes,
    handleProtocols: (protocols) => [...protocols].find((p) => p.startsWith(tokenProtocolPrefix)) ?? false,
  });
  wss.on('error', (e) => log(`WebSocket server: ${e.message}`));

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    socket.on('error', (e) => log(`an upgrading socket: ${e.message}`));
    const okHost = hostAllowed(req.headers.host, hosts);
    const okOrigin = okHost && originAllowed(req.headers.origin, [origin]);
    const okToken = protocolHasToken(req.headers['sec-websocket-protocol'], opts.token);
    if (!okOrigin || !okToken || req.url !== '/ws') {
      socket.write(`HTTP/1.1 ${okOrigin ? 401 : 403} ${okOrigin ? 'Unauthorized' : 'Forbidden'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      const clientId = `ws-${++nextClient}`;
      const topics = new Set<string>();
      clients.set(ws, topics);
      byId.set(clientId, ws);
      ws.on('close', () => {
        clients.delete(ws);
        byId.delete(clientId);
        opts.dispatcher.clientGone(clientId);
      });
      serveConnection(ws, { clientId, dispatcher: opts.dispatcher, topics, chunkTimeoutMs: opts.chunkTimeoutMs ?? 60_000, nextChunkId, log });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (e) => log(`HTTP server: ${e.message}`));
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  hosts = allowedHosts(port);

  const eventFrames = <Ev>(topic: Topic<Ev>, event: Ev): string[] | undefined => {
    try {
      return toFrames(JSON.stringify({ t: 'event', topic: topic.id, event } satisfies WireMessage), nextChunkId());
    } catch (e) {
      log(`an event on ${topic.id} could not be serialised: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  };

  return {
    url: `${origin}/#token=${opts.token}`,
    port,
    oneTimeUrl: () => `${origin}/#code=${codes.issue()}`,
    publish<Ev>(topic: Topic<Ev>, event: Ev) {
      let frames: string[] | undefined;
      for (const [ws, topics] of clients) {
        if (!topics.has(topic.id) || ws.readyState !== ws.OPEN) continue;
        frames ??= eventFrames(topic, event);
        if (frames) sendFrames(ws, frames);
      }
    },
    publishTo<Ev>(clientId: string, topic: Topic<Ev>, event: Ev) {
      const ws = byId.get(clientId);
      if (ws && ws.readyState === ws.OPEN && clients.get(ws)?.has(topic.id)) sendMessage(ws, { t: 'event', topic: topic.id, event }, { nextChunkId, log });
    },
    backlog(clientId: string) {
      return byId.get(clientId)?.bufferedAmount ?? 0;
    },
    async close() {
      for (const ws of clients.keys()) ws.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
