// SPDX-License-Identifier: Apache-2.0
/** Test-only: local HTTPS servers and an HTTP CONNECT proxy, on 127.0.0.1 and random ports. */
import http from 'node:http';
import https from 'node:https';
import net, { type AddressInfo } from 'node:net';

/** A started server. */
export interface Started {
  port: number;
  close(): Promise<void>;
}

/** Starts an HTTPS server on 127.0.0.1. */
export async function startHttps(options: https.ServerOptions, handler: http.RequestListener): Promise<Started & { server: https.Server }> {
  const server = https.createServer(options, handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A CONNECT proxy that records what it was asked for. */
export interface TestProxy extends Started {
  /** `host:port` of each CONNECT. */
  connects: string[];
  /** The Proxy-Authorization header of each CONNECT. */
  auth: (string | undefined)[];
}

/** Starts an HTTP proxy that only supports CONNECT; `requireAuth` demands that Basic credential. */
export async function startConnectProxy(requireAuth?: string): Promise<TestProxy> {
  const connects: string[] = [];
  const auth: (string | undefined)[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((_req, res) => {
    res.writeHead(405).end();
  });
  server.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
    sockets.add(client);
    connects.push(req.url ?? '');
    const given = req.headers['proxy-authorization'];
    auth.push(given);
    if (requireAuth && given !== `Basic ${Buffer.from(requireAuth).toString('base64')}`) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const [host, port] = (req.url ?? '').split(':');
    const upstream = net.connect(Number(port), host ?? '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    sockets.add(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connects,
    auth,
    close: () =>
      new Promise((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A port on 127.0.0.1 that nothing listens on (bound, then released). */
export async function unusedPort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}
