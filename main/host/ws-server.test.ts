// SPDX-License-Identifier: Apache-2.0
/**
 * The browser host on loopback: token, Origin and Host checks, the one-time code, the contract
 * over the socket, static files.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
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

function connect(host: BrowserHost, opts: { token?: string; origin?: string; path?: string; hostHeader?: string }): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}${opts.path ?? '/ws'}`, opts.token ? [`${tokenProtocolPrefix}${opts.token}`] : [], {
      headers: { ...(opts.origin ? { Origin: opts.origin } : {}), ...(opts.hostHeader ? { Host: opts.hostHeader } : {}) },
    });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** A plain HTTP request with any Host header (fetch does not let one set it). */
function get(
  port: number,
  path: string,
  hostHeader: string,
  method = 'GET',
  headers: Record<string, string> = {},
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { ...headers, Host: hostHeader } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('browser host', () => {
  let host: BrowserHost;
  let origin: string;
  let redeemed = 0;
  beforeAll(async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mldeck-host-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(join(tmpdir(), 'secret.txt'), 'secret');
    const d = new Dispatcher();
    d.register(demo, { echo: ({ text }) => `echo ${text}`, who: (_req, ctx) => ctx.clientId });
    host = await startBrowserHost({ rendererDir: dir, dispatcher: d, token, port: 0, onCodeRedeemed: () => redeemed++ });
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

  it('answers only requests that name it as 127.0.0.1:port or localhost:port (DNS rebinding)', async () => {
    expect((await get(host.port, '/', `127.0.0.1:${host.port}`)).status).toBe(200);
    expect((await get(host.port, '/', `localhost:${host.port}`)).status).toBe(200);
    for (const bad of [
      'evil.example',
      `evil.example:${host.port}`,
      `127.0.0.1:${host.port + 1}`,
      '127.0.0.1',
      `[::1]:${host.port}`,
      `127.0.0.1:${host.port}.evil.example`,
    ]) {
      const res = await get(host.port, '/', bad);
      expect(res.status, bad).toBe(403);
      expect(res.body).not.toContain('<title>');
    }
    await expect(connect(host, { token, origin, hostHeader: `evil.example:${host.port}` })).rejects.toThrow('HTTP 403');
    await expect(connect(host, { token, origin, hostHeader: `127.0.0.2:${host.port}` })).rejects.toThrow('HTTP 403');
    const ok = await connect(host, { token, origin, hostHeader: `localhost:${host.port}` });
    ok.close();
  });

  it('exchanges a one-time code for the token once only, and only from its own origin', async () => {
    const code = new URL(host.oneTimeUrl()).hash.replace(/^#code=/, '');
    expect(code).toMatch(/^[0-9a-f]{64}$/);
    expect(code).not.toContain(token);
    const hostHeader = `127.0.0.1:${host.port}`;
    // another origin gets nothing, and does not use the code up
    expect((await get(host.port, '/session', hostHeader, 'POST', { Origin: 'http://evil.example' }, code)).status).toBe(403);
    expect((await get(host.port, '/session', hostHeader, 'POST', {}, code)).status).toBe(403);
    expect(redeemed).toBe(0);
    const first = await get(host.port, '/session', hostHeader, 'POST', { Origin: origin }, code);
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body)).toEqual({ token });
    expect(redeemed).toBe(1);
    const second = await get(host.port, '/session', hostHeader, 'POST', { Origin: origin }, code);
    expect(second.status).toBe(403);
    expect(second.body).not.toContain(token);
    expect(JSON.parse(second.body).error).toMatch(/already used/);
    expect((await get(host.port, '/session', hostHeader, 'POST', { Origin: origin }, 'f'.repeat(64))).status).toBe(403);
    expect((await get(host.port, '/session', hostHeader, 'GET', { Origin: origin })).status).toBe(405);
    // a rebinding page cannot exchange either
    const other = new URL(host.oneTimeUrl()).hash.replace(/^#code=/, '');
    expect((await get(host.port, '/session', 'evil.example', 'POST', { Origin: origin }, other)).status).toBe(403);
    expect((await get(host.port, '/session', hostHeader, 'POST', { Origin: origin }, other)).status).toBe(200);
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
