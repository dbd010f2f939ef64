// SPDX-License-Identifier: Apache-2.0
/**
 * A minimal HTTP CONNECT proxy for tests, standing in for a corporate proxy: it records every
 * CONNECT (`host:port` as asked) and forwards to 127.0.0.1 only. Host names are looked up in the
 * map it was given (anything else gets 502), so a test can name a cluster by a DNS name that only
 * the proxy can resolve, as inside a corporate network. Plain proxied GETs are refused (405).
 */
import http from 'node:http';
import { Socket, type AddressInfo } from 'node:net';

/** A running CONNECT proxy. */
export interface ConnectProxy {
  port: number;
  /** Every CONNECT, as `host:port`. */
  connects: string[];
  close(): Promise<void>;
}

/**
 * Starts the proxy on 127.0.0.1 and a random port.
 * @param hosts - host names the proxy resolves (to loopback addresses only)
 */
export async function startConnectProxy(hosts: Record<string, string> = {}): Promise<ConnectProxy> {
  const resolveName: Record<string, string> = { '127.0.0.1': '127.0.0.1', ...hosts };
  const sockets = new Set<Socket>();
  const connects: string[] = [];
  const server = http.createServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) => {
    sockets.add(client);
    client.on('error', () => client.destroy());
    client.on('close', () => sockets.delete(client));
    const target = req.url ?? '';
    connects.push(target);
    const m = /^(.+):(\d+)$/.exec(target);
    const address = m?.[1] ? resolveName[m[1].replace(/^\[|\]$/g, '')] : undefined;
    if (!m || !address) {
      client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      return;
    }
    const upstream = new Socket();
    sockets.add(upstream);
    upstream.on('error', () => {
      if (!client.destroyed) client.end('HTTP/1.1 502 Bad Gateway\r\n\r\n');
      upstream.destroy();
    });
    upstream.on('close', () => {
      sockets.delete(upstream);
      client.destroy();
    });
    client.on('close', () => upstream.destroy());
    upstream.connect(Number(m[2]), address, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connects,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
