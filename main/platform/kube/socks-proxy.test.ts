// SPDX-License-Identifier: Apache-2.0
import type { Server as HttpsServer } from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { startSocksServer, type SocksServer } from '../../../test/harness/socks-server';
import { staticTokenAuth } from './auth';
import type { KubeConnection } from './connection';
import { KubeHttp } from './kube-http';
import { makePki, type TestPki } from './testing/pki';
import { startHttps, type Started } from './testing/servers';

let pki: TestPki;
let server: Started & { server: HttpsServer };
let socks: SocksServer;
let authSocks: SocksServer;

beforeAll(async () => {
  pki = makePki('socks');
  const leaf = pki.issue('kube', ['DNS:kube.internal']);
  server = await startHttps({ cert: leaf.cert, key: leaf.key }, (req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ auth: req.headers.authorization, url: req.url }));
  });
  socks = await startSocksServer({ hosts: { 'kube.internal': '127.0.0.1' } });
  authSocks = await startSocksServer({ credentials: { user: 'me', password: 'p@ss' } });
});

afterAll(async () => {
  await Promise.all([server, socks, authSocks].map((s) => s?.close()));
});

function conn(server: URL, proxy: URL): KubeConnection {
  return {
    contextId: 'id',
    contextName: 'ctx',
    server,
    tls: { ca: pki.ca.cert, servername: 'kube.internal', rejectUnauthorized: true },
    proxy,
    disableCompression: false,
    namespace: 'default',
    insecure: false,
    auth: staticTokenAuth('via-socks'),
  };
}

async function withHttp<T>(c: KubeConnection, fn: (h: KubeHttp) => Promise<T>): Promise<T> {
  const h = new KubeHttp(c);
  try {
    return await fn(h);
  } finally {
    h.dispose();
  }
}

describe('KubeHttp through a SOCKS5 proxy', () => {
  it('tunnels requests through socks5://, with the cluster CA and tls-server-name over the tunnel', async () => {
    const before = socks.connects.length;
    const c = conn(new URL(`https://127.0.0.1:${server.port}`), new URL(`socks5://127.0.0.1:${socks.port}`));
    expect(await withHttp(c, (h) => h.request({ path: '/api' }))).toEqual({ auth: 'Bearer via-socks', url: '/api' });
    expect(socks.connects.slice(before)).toEqual([`127.0.0.1:${server.port}`]);
  });

  it('sends host names to the proxy unresolved (socks5h://, and socks5:// as Go does)', async () => {
    const before = socks.connects.length;
    for (const scheme of ['socks5h', 'socks5']) {
      const c = conn(new URL(`https://kube.internal:${server.port}`), new URL(`${scheme}://127.0.0.1:${socks.port}`));
      expect(await withHttp(c, (h) => h.request({ path: '/x' }))).toMatchObject({ url: '/x' });
    }
    expect(socks.connects.slice(before)).toEqual([`kube.internal:${server.port}`, `kube.internal:${server.port}`]);
  });

  it('authenticates with the user and password of the proxy URL, and reports a refusal', async () => {
    const ok = conn(new URL(`https://127.0.0.1:${server.port}`), new URL(`socks5://me:p%40ss@127.0.0.1:${authSocks.port}`));
    expect(await withHttp(ok, (h) => h.request({ path: '/y' }))).toMatchObject({ url: '/y' });
    expect(authSocks.users).toEqual(['me']);
    const wrong = conn(new URL(`https://127.0.0.1:${server.port}`), new URL(`socks5://me:nope@127.0.0.1:${authSocks.port}`));
    await expect(withHttp(wrong, (h) => h.request({ path: '/y' }))).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/SOCKS proxy 127\.0\.0\.1:\d+ could not connect/),
    });
  });

  it('carries WebSocket upgrades (exec, port-forward) through the same tunnel', async () => {
    const wss = new WebSocketServer({ server: server.server });
    wss.on('connection', (ws, req) => ws.send(JSON.stringify({ auth: req.headers.authorization, url: req.url })));
    const before = socks.connects.length;
    try {
      const c = conn(new URL(`https://kube.internal:${server.port}`), new URL(`socks5h://127.0.0.1:${socks.port}`));
      const msg = await withHttp(c, async (h) => {
        const o = await h.connectOptions('/api/v1/namespaces/ml/pods/p/portforward', { ports: '8888' });
        const ws = new WebSocket(o.url, ['v4.channel.k8s.io'], { agent: o.agent, headers: o.headers });
        try {
          return await new Promise<string>((resolve, reject) => {
            ws.once('message', (d: Buffer) => resolve(d.toString()));
            ws.once('error', reject);
          });
        } finally {
          ws.terminate();
        }
      });
      expect(JSON.parse(msg)).toEqual({ auth: 'Bearer via-socks', url: '/api/v1/namespaces/ml/pods/p/portforward?ports=8888' });
      expect(socks.connects.slice(before)).toEqual([`kube.internal:${server.port}`]);
    } finally {
      for (const client of wss.clients) client.terminate();
      wss.close();
    }
  });
});
