// SPDX-License-Identifier: Apache-2.0
/** The browser host on loopback: token and Origin checks, the contract over the socket, static files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { rpc, topic } from '../../shared/ipc/define';
import { Dispatcher } from '../ipc/dispatcher';
import { tokenProtocolPrefix } from './auth';
import { startBrowserHost, type BrowserHost } from './ws-server';

const demo = {
  echo: rpc<{ text: string }, string>('demo:echo', z.object({ text: z.string() })),
  who: rpc<{ n?: number }, string>('demo:who', z.object({ n: z.number().optional() })),
  ping: topic<number>('demo:ping'),
  blob: topic<string>('demo:blob'),
} as const;
const token = 'a'.repeat(64);

function connect(host: BrowserHost, opts: { token?: string; origin?: string; path?: string }): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${opts.path ?? '/ws'}`, opts.token ? [`${tokenProtocolPrefix}${opts.token}`] : [], {
      headers: opts.origin ? { Origin: opts.origin } : {},
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('browser host', () => {
  let host: BrowserHost;
  let origin: string;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mldeck-host-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(tmpdir(), 'secret.txt'), 'secret');
    const d = new Dispatcher();
    d.register(demo, { echo: ({ text }) => `echo ${text}`, who: (_req, ctx) => ctx.clientId });
    host = await startBrowserHost({ rendererDir: dir, dispatcher: d, token, port: 0 });
    origin = `http://127.0.0.1:${host.port}`;
  });
  afterAll(async () => host?.close());

  it('carries calls and topic events for a client with the token and the right Origin', async () => {
    const ws = await connect(host, { token, origin });
    ws.send(JSON.stringify({ t: 'sub', topic: 'demo:ping' }));
    const messages: unknown[] = [];
    ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
    ws.send(JSON.stringify({ t: 'call', n: 1, id: 'demo:echo', payload: { text: 'hi' } }));
    await new Promise((r) => setTimeout(r, 100));
    host.publish(demo.ping, 7);
    await new Promise((r) => setTimeout(r, 100));
    expect(messages).toContainEqual({ t: 'result', n: 1, result: { ok: true, value: 'echo hi' } });
    expect(messages).toContainEqual({ t: 'event', topic: 'demo:ping', event: 7 });
    ws.close();
  });

  it('refuses a wrong or missing token', async () => {
    await expect(connect(host, { token: 'b'.repeat(64), origin })).rejects.toThrow('HTTP 401');
    await expect(connect(host, { origin })).rejects.toThrow('HTTP 401');
  });

  it('refuses other origins, even with the token', async () => {
    await expect(connect(host, { token, origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(connect(host, { token, origin: `http://localhost:${host.port}` })).rejects.toThrow('HTTP 403');
    await expect(connect(host, { token })).rejects.toThrow('HTTP 403');
  });

  it('listens on loopback only and serves the app with a strict CSP', async () => {
    const res = await fetch(`${origin}/some/client/route`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(res.headers.get('content-security-policy')).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('does not serve files outside the renderer folder', async () => {
    for (const p of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const res = await fetch(`${origin}${p}`);
      expect(await res.text()).not.toContain('secret');
    }
    expect((await fetch(`${origin}/missing.js`)).status).toBe(404);
  });

  it('tells how much a client that does not read has yet to take', async () => {
    const ws = await connect(host, { token, origin });
    ws.send(JSON.stringify({ t: 'sub', topic: 'demo:blob' }));
    const answer = new Promise<{ result: { value: string } }>((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()))));
    ws.send(JSON.stringify({ t: 'call', n: 1, id: 'demo:who', payload: {} }));
    const clientId = (await answer).result.value;
    expect(host.backlog?.(clientId)).toBe(0);
    // the client stops reading: once the socket buffers are full, the rest waits in the host
    (ws as unknown as { _socket: { pause(): void; resume(): void } })._socket.pause();
    const mb = 'x'.repeat(1024 * 1024);
    for (let i = 0; i < 32; i++) host.publishTo(clientId, demo.blob, mb);
    await new Promise((r) => setTimeout(r, 200));
    expect(host.backlog?.(clientId)).toBeGreaterThan(4 * 1024 * 1024);
    // reading again drains it
    (ws as unknown as { _socket: { resume(): void } })._socket.resume();
    const deadline = Date.now() + 10_000;
    while ((host.backlog?.(clientId) ?? 0) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(host.backlog?.(clientId)).toBe(0);
    expect(host.backlog?.('ws-unknown')).toBe(0);
    ws.close();
  });
});
