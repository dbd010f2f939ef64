// SPDX-License-Identifier: Apache-2.0
import { createServer, type Server } from 'node:http';
import net, { type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { AppError } from '../../../shared/errors';
import { routeCause, streamRoute, urlRoute } from './http-route';

const closers: (() => void)[] = [];
afterEach(() => {
  for (const c of closers.splice(0)) c();
});

const portOf = (s: Server | net.Server) => (s.address() as AddressInfo).port;

/** A server answering `hello <Host header>` on every path, with a WebSocket echo. */
async function origin(): Promise<Server> {
  const s = createServer((req, res) => res.end(`hello ${req.headers.host}`));
  const wss = new WebSocketServer({ server: s });
  wss.on('connection', (ws) => ws.on('message', (m) => ws.send(`echo ${String(m)}`)));
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closers.push(() => {
    wss.close();
    s.closeAllConnections();
    s.close();
  });
  return s;
}

/** A CONNECT proxy that sends every tunnel to 127.0.0.1 (so `*.lab.test` names only work through it), recording targets. */
async function connectProxy(): Promise<{ port: number; targets: string[] }> {
  const targets: string[] = [];
  const s = createServer((_req, res) => res.writeHead(405).end());
  s.on('connect', (req, client, head) => {
    targets.push(req.url ?? '');
    const port = Number((req.url ?? '').split(':').pop());
    const up = net.connect(port, '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      up.pipe(client);
      client.pipe(up);
    });
    up.on('error', () => client.destroy());
    client.on('error', () => up.destroy());
  });
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  closers.push(() => {
    s.closeAllConnections();
    s.close();
  });
  return { port: portOf(s), targets };
}

describe('urlRoute', () => {
  it('goes through the proxy the rule names, and around it for NO_PROXY', async () => {
    const o = await origin();
    const proxy = await connectProxy();
    const env = { HTTP_PROXY: `http://127.0.0.1:${proxy.port}` };
    const via = urlRoute(`http://mlflow.lab.test:${portOf(o)}/prefix/`, env);
    closers.push(() => void via.close());
    expect(via.baseUrl).toBe(`http://mlflow.lab.test:${portOf(o)}/prefix`);
    const res = await via.fetch(`${via.baseUrl}/api`);
    expect(await res.text()).toBe(`hello mlflow.lab.test:${portOf(o)}`);
    expect(proxy.targets).toEqual([`mlflow.lab.test:${portOf(o)}`]);

    // a name that resolves nowhere but through the proxy: NO_PROXY sends it direct, where it fails
    const around = urlRoute(`http://mlflow.lab.test:${portOf(o)}`, { ...env, NO_PROXY: '.lab.test' });
    closers.push(() => void around.close());
    await expect(around.fetch(`${around.baseUrl}/api`)).rejects.toThrow();
    expect(proxy.targets).toHaveLength(1);
  });

  it('carries WebSockets through the proxy', async () => {
    const o = await origin();
    const proxy = await connectProxy();
    const route = urlRoute(`http://jupyter.lab.test:${portOf(o)}`, { HTTP_PROXY: `http://127.0.0.1:${proxy.port}` });
    expect(route.wsCreateConnection).toBeDefined();
    const ws = new WebSocket(`ws://jupyter.lab.test:${portOf(o)}/ws`, {
      createConnection: route.wsCreateConnection as unknown as WebSocket.ClientOptions['createConnection'],
    });
    closers.push(() => ws.terminate());
    const answer = await new Promise<string>((resolve, reject) => {
      ws.once('open', () => ws.send('hi'));
      ws.once('message', (m) => resolve(String(m)));
      ws.once('error', reject);
    });
    expect(answer).toBe('echo hi');
    expect(proxy.targets).toEqual([`jupyter.lab.test:${portOf(o)}`]);
  });

  it('connects directly without a proxy (no tunnel, no WebSocket connector)', async () => {
    const o = await origin();
    const route = urlRoute(`http://127.0.0.1:${portOf(o)}`, {});
    closers.push(() => void route.close());
    expect(await (await route.fetch(`${route.baseUrl}/x`)).text()).toBe(`hello 127.0.0.1:${portOf(o)}`);
    expect(route.wsCreateConnection).toBeUndefined();
  });
});

describe('streamRoute', () => {
  it('sends every connection through the streams it opens, under a name that never resolves', async () => {
    const o = await origin();
    let opened = 0;
    const route = streamRoute('MLflow-0 kubeflow', 5000, async () => {
      opened++;
      return net.connect(portOf(o), '127.0.0.1');
    });
    closers.push(() => void route.close());
    expect(route.baseUrl).toBe('http://mlflow-0-kubeflow.invalid:5000');
    // the Host a kubectl port-forward user's client sends, which DNS-rebinding checks accept
    expect(await (await route.fetch(`${route.baseUrl}/a`, { headers: { 'x-a': 'b' } })).text()).toBe('hello localhost:5000');
    expect(route.hostHeader).toBe('localhost:5000');
    expect(opened).toBe(1);
  });

  it('fails a fetch with the connector’s own error, which routeCause finds', async () => {
    const refused = new AppError('forbidden', 'alice may not port-forward to team-b/mlflow-0');
    const route = streamRoute('x', 80, () => Promise.reject(refused));
    closers.push(() => void route.close());
    const err = await route.fetch(`${route.baseUrl}/`).catch((e: unknown) => e);
    expect(routeCause(err)).toBe(refused);
    expect(routeCause(new Error('other'))).toBeUndefined();
  });
});
