// SPDX-License-Identifier: Apache-2.0
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { apiUrl, fetchError, JupyterClient, JupyterNetworkError, jupyterHttpError, needsXsrf, parseSetCookies } from './jupyter-client';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
}

let server: Server | undefined;
afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

/** A local stand-in for Jupyter's XSRF behaviour: HTML pages set `_xsrf`; writes need cookie = header. */
async function fakeJupyter(setsXsrf: boolean): Promise<{ base: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    if (req.url?.startsWith('/nb/lab')) {
      if (setsXsrf) res.setHeader('Set-Cookie', ['_xsrf=2|abc|def|123; Path=/nb/', 'username-x="2|1:0"; HttpOnly; Path=/nb/']);
      res.writeHead(404, { 'Content-Type': 'text/html' }).end('<html></html>');
      return;
    }
    if (req.method !== 'GET') {
      const cookie = /(?:^|; )_xsrf=([^;]*)/.exec(req.headers.cookie ?? '')?.[1];
      if (!cookie || cookie !== req.headers['x-xsrftoken']) {
        res.writeHead(403, { 'Content-Type': 'application/json' }).end('{"message": "\'_xsrf\' argument missing from POST", "reason": null}');
        return;
      }
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"ok": true}');
  });
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', () => r()));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}/nb/`, seen };
}

describe('Jupyter client helpers', () => {
  it('reads Set-Cookie names and values', () => {
    const c = parseSetCookies(['_xsrf=2|a|b|1; expires=Mon; Path=/x/', 'username-h="2|1:0|x"; HttpOnly', 'bad', '=nothing']);
    expect([...c]).toEqual([
      ['_xsrf', '2|a|b|1'],
      ['username-h', '"2|1:0|x"'],
    ]);
  });

  it('sends the XSRF pair on writes only', () => {
    expect(needsXsrf('GET')).toBe(false);
    expect(needsXsrf('post')).toBe(true);
    expect(needsXsrf('DELETE')).toBe(true);
  });

  it('encodes each path segment', () => {
    expect(apiUrl('http://h/nb/', 'api/contents/a b/c#d.ipynb', { content: '0', x: undefined })).toBe('http://h/nb/api/contents/a%20b/c%23d.ipynb?content=0');
  });

  it('maps answers and failures to error codes without tokens in the words', () => {
    expect(jupyterHttpError(404, '{"message": "No such file"}', 'Open a.ipynb')).toMatchObject({ code: 'not-found', detail: 'HTTP 404: No such file' });
    expect(jupyterHttpError(403, '{"message": "Forbidden", "reason": null}', 'Save')).toMatchObject({ code: 'forbidden', service: 'jupyter' });
    expect(jupyterHttpError(401, '', 'Save')).toMatchObject({ code: 'unauthenticated', service: 'jupyter' });
    expect(jupyterHttpError(409, '{"message": "File already exists"}', 'Rename')).toMatchObject({ code: 'conflict', message: 'Rename: File already exists.' });
    expect(jupyterHttpError(500, 'oops', 'Save')).toMatchObject({ code: 'unavailable', retryable: true });
    const refused = fetchError(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } }), '127.0.0.1:1');
    expect(refused).toBeInstanceOf(JupyterNetworkError);
    expect(refused).toMatchObject({ code: 'unavailable', message: 'The notebook server at 127.0.0.1:1 cannot be reached (ECONNREFUSED).' });
    expect(fetchError(Object.assign(new Error('t'), { name: 'TimeoutError' }), 'h')).toMatchObject({ code: 'timeout' });
  });
});

describe('JupyterClient', () => {
  it('without a token, gets the _xsrf cookie from a page once and sends it back as cookie and header', async () => {
    const { base, seen } = await fakeJupyter(true);
    const c = new JupyterClient({ baseUrl: base, via: 'gateway' });
    expect((await c.raw('api/contents', { method: 'POST', body: { type: 'notebook' } })).status).toBe(200);
    expect((await c.raw('api/contents/x', { method: 'DELETE' })).status).toBe(200);
    expect(seen.map((s) => `${s.method} ${s.url}`)).toEqual(['GET /nb/lab', 'POST /nb/api/contents', 'DELETE /nb/api/contents/x']);
    expect(seen[1]?.headers['x-xsrftoken']).toBe('2|abc|def|123');
    expect(seen[1]?.headers.cookie).toContain('username-x="2|1:0"');
    expect(seen[1]?.headers.authorization).toBeUndefined();
  });

  it('makes up a value when the server sets no cookie (Tornado only compares the pair)', async () => {
    const { base, seen } = await fakeJupyter(false);
    const c = new JupyterClient({ baseUrl: base, via: 'port-forward' });
    expect((await c.raw('api/sessions', { method: 'POST', body: {} })).status).toBe(200);
    expect(seen.map((s) => s.url)).toEqual(['/nb/lab', '/nb/tree', '/nb/api/sessions']);
    expect(seen[2]?.headers['x-xsrftoken']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('with a token, authenticates by header and asks for no page; with a gateway bearer, the token goes in the query', async () => {
    const { base, seen } = await fakeJupyter(true);
    await new JupyterClient({ baseUrl: base, via: 'port-forward', token: 'tok' }).raw('api/contents', { method: 'PUT', body: {} });
    expect(seen.map((s) => s.url)).toEqual(['/nb/api/contents']);
    expect(seen[0]?.headers.authorization).toBe('token tok');
    await new JupyterClient({ baseUrl: base, via: 'gateway', token: 'tok', bearer: 'gw' }).raw('api/status');
    expect(seen[1]?.headers.authorization).toBe('Bearer gw');
    expect(seen[1]?.url).toBe('/nb/api/status?token=tok');
  });

  it('gives the kernel library settings that go through the same auth', async () => {
    const { base, seen } = await fakeJupyter(true);
    const s = new JupyterClient({ baseUrl: base, via: 'gateway', bearer: 'gw' }).settings();
    expect(s.baseUrl).toBe(base);
    expect(s.wsUrl).toBe(base.replace('http', 'ws'));
    expect(s.token).toBe('');
    const res = await s.fetch(`${base}api/kernels/k/interrupt`, { method: 'POST' });
    expect(res.status).toBe(200);
    expect(seen.at(-1)?.headers.authorization).toBe('Bearer gw');
    expect(seen.at(-1)?.headers['x-xsrftoken']).toBe('2|abc|def|123');
  });

  it('reports an unreachable server as a network failure', async () => {
    const c = new JupyterClient({ baseUrl: 'http://127.0.0.1:1/', via: 'port-forward' });
    await expect(c.raw('api/status')).rejects.toBeInstanceOf(JupyterNetworkError);
  });
});
