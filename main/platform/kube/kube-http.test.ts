// SPDX-License-Identifier: Apache-2.0
import type { Server as HttpsServer } from 'node:https';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { execAuth, noAuth, staticTokenAuth, type AuthProvider } from './auth';
import { resolveConnection, type KubeConnection } from './connection';
import { ExecCredentialRunner } from './exec-credential';
import { KubeHttp } from './kube-http';
import { parseKubeconfig } from './kubeconfig-load';
import { mergeKubeconfigs } from './kubeconfig-merge';
import { fakeApiServer } from './testing/fake-apiserver';
import { makePki, type TestCert, type TestPki } from './testing/pki';
import { writePlugins } from './testing/plugins';
import { startConnectProxy, startHttps, unusedPort, type Started, type TestProxy } from './testing/servers';

let pki: TestPki;
let otherPki: TestPki;
let clientCert: TestCert;
let ipServer: Started;
let nameServer: Started & { server: HttpsServer };
let mtlsServer: Started;
let proxy: TestProxy;
let authProxy: TestProxy;
const api = fakeApiServer();
const seen = api.seen;
const handler = api.handler;

beforeAll(async () => {
  pki = makePki('kube-ca');
  otherPki = makePki('other-ca');
  const ipCert = pki.issue('server-ip', ['IP:127.0.0.1', 'DNS:localhost']);
  const nameCert = pki.issue('server-name', ['DNS:kube.internal']);
  clientCert = pki.issue('client-ana', []);
  ipServer = await startHttps({ key: ipCert.key, cert: ipCert.cert }, handler);
  nameServer = await startHttps({ key: nameCert.key, cert: nameCert.cert }, handler);
  mtlsServer = await startHttps({ key: ipCert.key, cert: ipCert.cert, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true }, handler);
  proxy = await startConnectProxy();
  authProxy = await startConnectProxy('me:p@ss');
});

afterAll(async () => {
  await Promise.all([ipServer, nameServer, mtlsServer, proxy, authProxy].map((s) => s?.close()));
});

function conn(port: number, over: Partial<KubeConnection> = {}): KubeConnection {
  return {
    contextId: 'id',
    contextName: 'ctx',
    server: new URL(`https://127.0.0.1:${port}`),
    tls: { ca: pki.ca.cert, rejectUnauthorized: true },
    disableCompression: false,
    namespace: 'default',
    insecure: false,
    auth: noAuth(),
    ...over,
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

describe('KubeHttp: TLS', () => {
  it('verifies the server against the cluster CA', async () => {
    const v = await withHttp(conn(ipServer.port), (h) => h.version());
    expect(v).toEqual({ major: '1', minor: '34', gitVersion: 'v1.34.1', platform: 'linux/amd64' });
  });

  it('fails with "certificate signed by unknown authority" for another CA', async () => {
    const c = conn(ipServer.port, { tls: { ca: otherPki.ca.cert, rejectUnauthorized: true } });
    await expect(withHttp(c, (h) => h.version())).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/^x509: certificate signed by unknown authority/),
    });
  });

  it('accepts a certificate for another name only with tls-server-name', async () => {
    await expect(withHttp(conn(nameServer.port), (h) => h.version())).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/not valid for this name.*set tls-server-name/),
    });
    const c = conn(nameServer.port, { tls: { ca: pki.ca.cert, servername: 'kube.internal', rejectUnauthorized: true } });
    expect((await withHttp(c, (h) => h.version())).gitVersion).toBe('v1.34.1');
  });

  it('skips verification only when told to', async () => {
    const c = conn(ipServer.port, { tls: { rejectUnauthorized: false } });
    expect((await withHttp(c, (h) => h.version())).major).toBe('1');
  });

  it('presents static and plugin-issued client certificates', async () => {
    const stat = conn(mtlsServer.port, { tls: { ca: pki.ca.cert, cert: clientCert.cert, key: clientCert.key, rejectUnauthorized: true } });
    expect(await withHttp(stat, (h) => h.request({ path: '/echo' }))).toMatchObject({ peer: 'client-ana' });
    const pluginCert: AuthProvider = {
      kind: 'exec',
      credentials: () => Promise.resolve({ clientCert: { cert: clientCert.cert.toString(), key: clientCert.key.toString() } }),
      invalidate: () => false,
    };
    expect(await withHttp(conn(mtlsServer.port, { auth: pluginCert }), (h) => h.request({ path: '/echo' }))).toMatchObject({ peer: 'client-ana' });
    await expect(withHttp(conn(mtlsServer.port), (h) => h.request({ path: '/echo' }))).rejects.toMatchObject({
      code: 'unauthenticated',
      message: expect.stringMatching(/requires a client certificate/),
    });
  });
});

describe('KubeHttp: requests and errors', () => {
  it('sends the bearer token, query and server path prefix', async () => {
    const c = conn(ipServer.port, { auth: staticTokenAuth('abc'), server: new URL(`https://127.0.0.1:${ipServer.port}/prefix/`) });
    const r = await withHttp(c, (h) => h.request({ path: '/echo', query: { labelSelector: 'a=b,c', limit: 5, skip: undefined, f: ['x', 'y'] } }));
    expect(r).toMatchObject({ auth: 'Bearer abc', query: '?labelSelector=a%3Db%2Cc&limit=5&f=x&f=y' });
    expect(seen.at(-1)?.path).toMatch(/^\/prefix\/echo\?/);
  });

  it('sends JSON bodies, with merge-patch for PATCH by default', async () => {
    const post = await withHttp(conn(ipServer.port), (h) => h.request({ method: 'POST', path: '/post', body: { a: 1 } }));
    expect(post).toEqual({ method: 'POST', contentType: 'application/json', body: '{"a":1}' });
    const patch = await withHttp(conn(ipServer.port), (h) => h.request({ method: 'PATCH', path: '/post', body: { b: 2 } }));
    expect(patch).toMatchObject({ method: 'PATCH', contentType: 'application/merge-patch+json' });
  });

  it('decompresses gzip, and does not ask for it with disable-compression', async () => {
    const r = await withHttp(conn(ipServer.port), (h) => h.request<{ items: unknown[] }>({ path: '/gzip' }));
    expect(r.items).toHaveLength(50);
    expect(await withHttp(conn(ipServer.port), (h) => h.request({ path: '/echo' }))).toMatchObject({ acceptEncoding: 'gzip' });
    expect(await withHttp(conn(ipServer.port, { disableCompression: true }), (h) => h.request({ path: '/echo' }))).toMatchObject({ acceptEncoding: null });
  });

  it('maps a 403 Status to forbidden with the server message', async () => {
    const err = await withHttp(conn(ipServer.port), (h) => h.request({ path: '/forbidden' })).catch((e: unknown) => e);
    expect(err).toMatchObject({
      code: 'forbidden',
      message: 'pods is forbidden: User "ana" cannot list resource "pods" in API group "" in the namespace "ml"',
      detail: 'Forbidden (HTTP 403)',
    });
  });

  it('maps 404 and non-Status 5xx answers', async () => {
    await expect(withHttp(conn(ipServer.port), (h) => h.request({ path: '/missing' }))).rejects.toMatchObject({
      code: 'not-found',
      message: 'notebooks.kubeflow.org "nb" not found',
    });
    await expect(withHttp(conn(ipServer.port), (h) => h.request({ path: '/bad-gateway' }))).rejects.toMatchObject({
      code: 'unavailable',
      retryable: true,
      detail: 'HTTP 502: 502 Bad Gateway',
    });
  });

  it('maps connection refused to unavailable', async () => {
    const port = await unusedPort();
    await expect(withHttp(conn(port), (h) => h.version())).rejects.toMatchObject({
      code: 'unavailable',
      retryable: true,
      message: `Could not connect to 127.0.0.1:${port}: connection refused.`,
    });
  });

  it('maps abort to cancelled and its own deadline to timeout', async () => {
    const ac = new AbortController();
    api.onHang = () => ac.abort();
    await expect(withHttp(conn(ipServer.port), (h) => h.request({ path: '/hang', signal: ac.signal }))).rejects.toMatchObject({ code: 'cancelled' });
    api.onHang = undefined;
    await expect(withHttp(conn(ipServer.port), (h) => h.request({ path: '/hang', timeoutMs: 300 }))).rejects.toMatchObject({ code: 'timeout' });
    const pre = new AbortController();
    pre.abort();
    await expect(withHttp(conn(ipServer.port), (h) => h.version(pre.signal))).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('returns served group/versions from discovery', async () => {
    const d = await withHttp(conn(ipServer.port), (h) => h.discovery());
    expect(d).toEqual([
      { group: 'apps', version: 'v1', groupVersion: 'apps/v1', preferred: true },
      { group: 'kubeflow.org', version: 'v1', groupVersion: 'kubeflow.org/v1', preferred: true },
      { group: 'kubeflow.org', version: 'v1beta1', groupVersion: 'kubeflow.org/v1beta1', preferred: false },
    ]);
  });
});

describe('KubeHttp: 401 with exec credentials', () => {
  const plugins = writePlugins();
  const runner = new ExecCredentialRunner({ approvals: { isApproved: (inv) => Promise.resolve(inv.path === plugins.path.counter) } });

  function execConn(): { c: KubeConnection; runs: () => number } {
    const counter = path.join(mkdtempSync(path.join(tmpdir(), 'mldeck-401-')), 'count');
    const exec = {
      apiVersion: 'client.authentication.k8s.io/v1',
      interactiveMode: 'Never' as const,
      command: plugins.path.counter,
      args: [],
      env: [{ name: 'COUNTER_FILE', value: counter }],
    };
    return { c: conn(ipServer.port, { auth: execAuth(runner, exec, { server: 'https://127.0.0.1' }) }), runs: () => Number(readFileSync(counter, 'utf8')) };
  }

  it('re-runs the plugin once and retries once', async () => {
    const { c, runs } = execConn();
    const before = seen.length;
    await withHttp(c, async (h) => {
      expect(await h.request({ path: '/needs-t2' })).toEqual({ ok: true });
      expect(seen.slice(before).map((s) => s.auth)).toEqual(['Bearer t1', 'Bearer t2']);
      expect(runs()).toBe(2);
      // The fresh credential is cached: no further run.
      await h.request({ path: '/needs-t2' });
      expect(runs()).toBe(2);
    });
  });

  it('does not loop when the fresh credential is rejected too', async () => {
    const { c, runs } = execConn();
    const before = seen.length;
    await expect(withHttp(c, (h) => h.request({ path: '/always-401' }))).rejects.toMatchObject({ code: 'unauthenticated' });
    expect(seen.length - before).toBe(2);
    expect(runs()).toBe(2);
  });

  it('does not retry a static token', async () => {
    const before = seen.length;
    await expect(withHttp(conn(ipServer.port, { auth: staticTokenAuth('x') }), (h) => h.request({ path: '/always-401' }))).rejects.toMatchObject({
      code: 'unauthenticated',
    });
    expect(seen.length - before).toBe(1);
  });
});

describe('KubeHttp: streams', () => {
  it('yields watch events split across chunks and UTF-8 boundaries, reporting bytes', async () => {
    let bytes = 0;
    const events = await withHttp(conn(ipServer.port), async (h) => {
      const out: unknown[] = [];
      for await (const ev of h.stream({ path: '/watch', query: { watch: true }, onBytes: (n) => (bytes += n) })) out.push(ev);
      return out;
    });
    expect(events.map((e) => (e as { object: { metadata: { name: string } } }).object.metadata.name)).toEqual(['pod-é-1', 'pod-é-2', 'pod-é-3']);
    expect(bytes).toBeGreaterThan(100);
  });

  it('ends a watch with cancelled when aborted mid-stream, and closes it on break', async () => {
    const ac = new AbortController();
    const err = await withHttp(conn(ipServer.port), async (h) => {
      try {
        for await (const _ of h.stream({ path: '/watch-forever', signal: ac.signal })) ac.abort();
      } catch (e) {
        return e;
      }
      return undefined;
    });
    expect(err).toMatchObject({ code: 'cancelled' });
    const n = await withHttp(conn(ipServer.port), async (h) => {
      let count = 0;
      for await (const _ of h.stream({ path: '/watch-forever' })) {
        count++;
        break;
      }
      return count;
    });
    expect(n).toBe(1);
  });

  it('maps an error status before streaming', async () => {
    await expect(
      withHttp(conn(ipServer.port), async (h) => {
        for await (const _ of h.stream({ path: '/forbidden' })) void _;
      }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('returns the raw response for logs', async () => {
    const text = await withHttp(conn(ipServer.port), async (h) => {
      const res = await h.rawRequest({ path: '/logs', accept: '*/*' });
      let all = '';
      for await (const chunk of res) all += String(chunk);
      return all;
    });
    expect(text).toBe('line 1\nline 2\n');
  });
});

describe('KubeHttp: CONNECT proxy', () => {
  it('tunnels through the proxy, keeping CA checks and tls-server-name', async () => {
    const before = proxy.connects.length;
    const c = conn(nameServer.port, {
      tls: { ca: pki.ca.cert, servername: 'kube.internal', rejectUnauthorized: true },
      proxy: new URL(`http://127.0.0.1:${proxy.port}`),
      auth: staticTokenAuth('via-proxy'),
    });
    expect(await withHttp(c, (h) => h.request({ path: '/echo' }))).toMatchObject({ auth: 'Bearer via-proxy' });
    expect(proxy.connects.slice(before)).toEqual([`127.0.0.1:${nameServer.port}`]);
    const bad = conn(ipServer.port, { tls: { ca: otherPki.ca.cert, rejectUnauthorized: true }, proxy: new URL(`http://127.0.0.1:${proxy.port}`) });
    await expect(withHttp(bad, (h) => h.version())).rejects.toMatchObject({ message: expect.stringMatching(/unknown authority/) });
  });

  it('sends proxy credentials and reports a refusal', async () => {
    const ok = conn(ipServer.port, { proxy: new URL(`http://me:p%40ss@127.0.0.1:${authProxy.port}`) });
    expect((await withHttp(ok, (h) => h.version())).major).toBe('1');
    expect(authProxy.auth.at(-1)).toBe(`Basic ${Buffer.from('me:p@ss').toString('base64')}`);
    const wrong = conn(ipServer.port, { proxy: new URL(`http://me:nope@127.0.0.1:${authProxy.port}`) });
    await expect(withHttp(wrong, (h) => h.version())).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/refused to connect.*HTTP 407/),
    });
  });
});

describe('KubeHttp: from a kubeconfig', () => {
  it('connects with CA file, tls-server-name, proxy-url and token from the file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mldeck-kc-e2e-'));
    writeFileSync(path.join(dir, 'ca.crt'), pki.ca.cert);
    const yaml = `
clusters: [{ name: c, cluster: { server: "https://127.0.0.1:${nameServer.port}", certificate-authority: ca.crt, tls-server-name: kube.internal, proxy-url: "http://127.0.0.1:${proxy.port}" } }]
users: [{ name: u, user: { token: from-kubeconfig } }]
contexts: [{ name: x, context: { cluster: c, user: u } }]
current-context: x
`;
    const r = parseKubeconfig(yaml, { kind: 'file', path: path.join(dir, 'config') });
    if (!r.ok) throw new Error(r.error.message);
    const merged = mergeKubeconfigs([r.config]);
    const entry = merged.contexts[0];
    if (!entry) throw new Error('no context');
    const c = await resolveConnection(entry, merged, { env: {} });
    expect(await withHttp(c, (h) => h.request({ path: '/echo' }))).toMatchObject({ auth: 'Bearer from-kubeconfig' });
  });
});

describe('KubeHttp: WebSocket options', () => {
  it('lets a ws client use the same CA, tls-server-name, proxy and token', async () => {
    const wss = new WebSocketServer({ server: nameServer.server });
    wss.on('connection', (ws, req) => ws.send(JSON.stringify({ auth: req.headers.authorization, url: req.url })));
    const before = proxy.connects.length;
    const c = conn(nameServer.port, {
      tls: { ca: pki.ca.cert, servername: 'kube.internal', rejectUnauthorized: true },
      proxy: new URL(`http://127.0.0.1:${proxy.port}`),
      auth: staticTokenAuth('ws-token'),
    });
    try {
      const msg = await withHttp(c, async (h) => {
        const o = await h.connectOptions('/api/v1/namespaces/ml/pods/p/exec', { command: ['sh', '-c', 'ls'], stdout: true });
        const ws = new WebSocket(o.url, ['v5.channel.k8s.io'], { agent: o.agent, headers: o.headers });
        try {
          return await new Promise<string>((resolve, reject) => {
            ws.once('message', (d: Buffer) => resolve(d.toString()));
            ws.once('error', reject);
          });
        } finally {
          ws.terminate();
        }
      });
      expect(JSON.parse(msg)).toEqual({ auth: 'Bearer ws-token', url: '/api/v1/namespaces/ml/pods/p/exec?command=sh&command=-c&command=ls&stdout=true' });
      expect(proxy.connects.slice(before)).toEqual([`127.0.0.1:${nameServer.port}`]);
    } finally {
      for (const client of wss.clients) client.terminate();
      wss.close();
    }
  });
});
