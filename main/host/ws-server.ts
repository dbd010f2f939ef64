// SPDX-License-Identifier: Apache-2.0
/**
 * The browser-mode host: serves the renderer's files and carries the contract over one
 * WebSocket, on 127.0.0.1 only. The socket needs the random token (as a subprotocol) and
 * the host's own Origin; anything else is refused before the upgrade.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Topic } from '../../shared/ipc/define';
import type { WireMessage } from '../../shared/ipc/transport';
import type { Dispatcher, Publisher } from '../ipc/dispatcher';
import { originAllowed, protocolHasToken, tokenProtocolPrefix } from './auth';
import { securityHeaders } from './content-security';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/** Options of {@link startBrowserHost}. */
export interface BrowserHostOptions {
  /** The built renderer (index.html and assets). */
  rendererDir: string;
  dispatcher: Dispatcher;
  token: string;
  /** 0 picks a free port. */
  port: number;
  /** Largest accepted message, bytes. */
  maxMessageBytes?: number;
}

/** A running browser host. */
export interface BrowserHost extends Publisher {
  /** The URL to open, token included (in the fragment, so it is never sent in HTTP requests). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the host and resolves once it listens. */
export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const clients = new Map<WebSocket, Set<string>>();
  const byId = new Map<string, WebSocket>();
  let nextClient = 0;
  let origin = '';
  const server: Server = createServer((req, res) => serveStatic(opts.rendererDir, req, res, origin));
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: opts.maxMessageBytes ?? 16 * 1024 * 1024,
    handleProtocols: (protocols) => [...protocols].find((p) => p.startsWith(tokenProtocolPrefix)) ?? false,
  });

  server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
    const okOrigin = originAllowed(req.headers.origin, [origin]);
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
      ws.on('message', (data, isBinary) => {
        if (isBinary) return ws.close(1003, 'text only');
        let msg: WireMessage;
        try {
          msg = JSON.parse(data.toString()) as WireMessage;
        } catch {
          return ws.close(1007, 'invalid JSON');
        }
        if (msg.t === 'call' && typeof msg.id === 'string' && typeof msg.n === 'number') {
          void opts.dispatcher.dispatch(msg.id, msg.payload, { clientId }).then((result) => {
            if (ws.readyState === ws.OPEN) ws.send(JSON.stringify({ t: 'result', n: msg.n, result } satisfies WireMessage));
          });
        } else if (msg.t === 'sub' && typeof msg.topic === 'string') topics.add(msg.topic);
        else if (msg.t === 'unsub' && typeof msg.topic === 'string') topics.delete(msg.topic);
        else ws.close(1008, 'unknown message');
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#token=${opts.token}`,
    port,
    publish<Ev>(topic: Topic<Ev>, event: Ev) {
      const text = JSON.stringify({ t: 'event', topic: topic.id, event } satisfies WireMessage);
      for (const [ws, topics] of clients) if (topics.has(topic.id) && ws.readyState === ws.OPEN) ws.send(text);
    },
    publishTo<Ev>(clientId: string, topic: Topic<Ev>, event: Ev) {
      const ws = byId.get(clientId);
      if (ws && ws.readyState === ws.OPEN && clients.get(ws)?.has(topic.id))
        ws.send(JSON.stringify({ t: 'event', topic: topic.id, event } satisfies WireMessage));
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

function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, origin: string): void {
  const headers = securityHeaders(origin.replace(/^http/, 'ws'));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400, headers).end();
    return;
  }
  const rel = normalize(pathname).replace(/^([/\\])+/, '');
  let file = join(root, rel);
  if (!file.startsWith(root + sep) && file !== root) {
    res.writeHead(403, headers).end();
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) {
    // client-side routes fall back to the app; missing assets are 404
    if (extname(rel)) {
      res.writeHead(404, headers).end();
      return;
    }
    file = join(root, 'index.html');
  }
  const type = mimeTypes[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // a file that vanished after the check (the app being rebuilt under a running host) ends this
  // response, not the host
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
