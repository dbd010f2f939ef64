// SPDX-License-Identifier: Apache-2.0
/**
 * The renderer's browser-mode transport against the real host on loopback (the `ws` package
 * stands in for the browser's WebSocket): large calls, results and events cross in chunks; a
 * page opened with a one-time code gets the token once, and the code is then spent.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import NodeWebSocket from 'ws';
import { z } from 'zod';
import { rpc, topic } from '../../../shared/ipc/define';
import { Dispatcher } from '../../../main/ipc/dispatcher';
import { startBrowserHost, type BrowserHost } from '../../../main/host/ws-server';
import { tokenFromLocation } from './pick-transport';
import { wsTransport, type SocketConstructor, type WsTransport } from './ws-transport';

const demo = {
  echo: rpc<{ text: string }, string>('demo:echo', z.object({ text: z.string() })),
  big: topic<string>('demo:big'),
} as const;
const token = 'd'.repeat(64);
let host: BrowserHost;
let origin: string;

/** `ws` with the Origin a browser would send for the app's page. */
function socketClass(): SocketConstructor {
  return class extends NodeWebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { headers: { Origin: origin } });
    }
  } as unknown as SocketConstructor;
}

function opened(t: WsTransport): Promise<void> {
  return new Promise((resolve) => {
    if (t.state() === 'open') return resolve();
    const off = t.onState((s) => {
      if (s === 'open') {
        off();
        resolve();
      }
    });
  });
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mldeck-transport-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  const d = new Dispatcher();
  d.register(demo, { echo: ({ text }) => `echo ${text}` });
  host = await startBrowserHost({ rendererDir: dir, dispatcher: d, token, port: 0 });
  origin = `http://127.0.0.1:${host.port}`;
});
afterAll(async () => host?.close());

describe('ws transport', () => {
  it('sends a 40 MB call and takes its 40 MB result and a 20 MB event, in chunks', async () => {
    const t = wsTransport(`ws://127.0.0.1:${host.port}/ws`, token, socketClass());
    const events: string[] = [];
    t.subscribe(demo.big.id, (e) => events.push(e as string));
    const text = 'ü"{}\n'.repeat(8 * 1024 * 1024);
    const r = await t.invoke(demo.echo.id, { text });
    expect(r.ok).toBe(true);
    expect(r.ok && r.value === `echo ${text}`).toBe(true);
    await opened(t);
    host.publish(demo.big, 'e'.repeat(20_000_000));
    await expect.poll(() => events.length, { timeout: 10_000 }).toBe(1);
    expect(events[0]?.length).toBe(20_000_000);
    expect(await t.invoke(demo.echo.id, { text: 'small' })).toEqual({ ok: true, value: 'echo small' });
  }, 60_000);
});

describe('token from the page URL', () => {
  const stored = new Map<string, string>();
  beforeAll(() => {
    (globalThis as unknown as { sessionStorage: Pick<Storage, 'getItem' | 'setItem'> }).sessionStorage = {
      getItem: (k) => stored.get(k) ?? null,
      setItem: (k, v) => void stored.set(k, v),
    };
  });

  function page(hash: string) {
    const state = { url: `/#${hash}` };
    const loc = { hash: `#${hash}`, pathname: '/', search: '' } as Location;
    const history = { replaceState: (_s: unknown, _t: string, url: string) => (state.url = url) } as unknown as History;
    // the page's fetch: same origin, so the browser sends the Origin header
    const post = ((path: string, init: RequestInit) => fetch(`${origin}${path}`, { ...init, headers: { ...init.headers, Origin: origin } })) as typeof fetch;
    return { loc, history, post, state };
  }

  it('exchanges a one-time code once, takes it out of the address bar, and keeps the token for reloads', async () => {
    const hash = new URL(host.oneTimeUrl()).hash.slice(1);
    const p = page(`${hash}&x=1`);
    expect(await tokenFromLocation(p.loc, p.history, p.post)).toBe(token);
    expect(p.state.url).toBe('/#x=1');
    const again = page(hash);
    await expect(tokenFromLocation(again.loc, again.history, again.post)).rejects.toThrow(/already used/);
    expect(again.state.url).toBe('/');
    stored.set('mldeck.token', token);
    const reload = page('');
    expect(await tokenFromLocation(reload.loc, reload.history, reload.post)).toBe(token);
  });
});
