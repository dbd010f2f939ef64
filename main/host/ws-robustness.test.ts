// SPDX-License-Identifier: Apache-2.0
/**
 * The browser host on loopback takes whatever a client sends: `null`, arrays, numbers, bad JSON,
 * binary frames, unknown shapes, a frame over the size limit, a thousand malformed messages,
 * chunked messages that break the rules or stall. Each closes only the socket that sent it, with
 * a code that says why, and the host answers the next call. Large calls and results travel in
 * chunks.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { z } from 'zod';
import { FrameAssembler, toFrames } from '../../shared/ipc/chunked-frames';
import { rpc } from '../../shared/ipc/define';
import { ServerMessage } from '../../shared/ipc/transport';
import { Dispatcher } from '../ipc/dispatcher';
import { tokenProtocolPrefix } from './auth';
import { startBrowserHost, type BrowserHost } from './ws-server';

const demo = {
  echo: rpc<{ text: string }, string>('demo:echo', z.object({ text: z.string() })),
  length: rpc<{ text: string }, number>('demo:length', z.object({ text: z.string() })),
} as const;
const token = 'c'.repeat(64);

let host: BrowserHost;
const hostLog: string[] = [];

function connect(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${host.port}/ws`, [`${tokenProtocolPrefix}${token}`], {
      headers: { Origin: `http://127.0.0.1:${host.port}` },
      maxPayload: 512 * 1024 * 1024,
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** Resolves with the close code the host sent. */
function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

/** Makes one call on an open socket (chunked when large) and reassembles the answer. */
function call(ws: WebSocket, n: number, id: string, payload: unknown, chunk = 4 * 1024 * 1024): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const assembler = new FrameAssembler();
    const onClose = (code: number) => reject(new Error(`closed ${code}`));
    const onMessage = (data: Buffer) => {
      let msg = ServerMessage.parse(JSON.parse(data.toString()));
      if (msg.t === 'chunk') {
        const step = assembler.add(msg);
        if (step.kind === 'refused') return reject(new Error(step.reason));
        if (step.kind === 'partial') return;
        msg = ServerMessage.parse(JSON.parse(step.text));
      }
      if (msg.t === 'result' && msg.n === n) {
        ws.off('message', onMessage);
        ws.off('close', onClose);
        resolve(msg.result);
      }
    };
    ws.on('message', onMessage);
    ws.once('close', onClose);
    for (const f of toFrames(JSON.stringify({ t: 'call', n, id, payload }), `c${n}`, chunk)) ws.send(f);
  });
}

/** A fresh socket's call is answered: the host is alive and serving. */
async function hostServes(): Promise<void> {
  const ws = await connect();
  expect(await call(ws, 1, 'demo:echo', { text: 'still here' })).toEqual({ ok: true, value: 'echo still here' });
  ws.close();
}

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mldeck-host-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>t</title>');
  const d = new Dispatcher();
  d.register(demo, { echo: ({ text }) => `echo ${text}`, length: ({ text }) => text.length });
  // long enough that a loaded machine does not stall between 4 MiB frames; the stall test waits for it
  host = await startBrowserHost({ rendererDir: dir, dispatcher: d, token, port: 0, chunkTimeoutMs: 3_000, log: (m) => hostLog.push(m) });
});
afterAll(async () => host?.close());

describe('the browser host under hostile messages', () => {
  const bad: [string, string | Buffer, number][] = [
    ['JSON null', 'null', 1008],
    ['an array', '[1,2]', 1008],
    ['a number', '42', 1008],
    ['a string', '"call"', 1008],
    ['bad JSON', '{"t":"call",', 1008],
    ['an unknown kind', '{"t":"boom"}', 1008],
    ['a call without an id', '{"t":"call","n":1,"payload":{}}', 1008],
    ['a call with a negative number', '{"t":"call","n":-1,"id":"demo:echo","payload":{}}', 1008],
    ['a call with extra keys', '{"t":"call","n":1,"id":"demo:echo","payload":{},"x":1}', 1008],
    ['a subscription to a number', '{"t":"sub","topic":5}', 1008],
    ['a lone middle chunk', '{"t":"chunk","id":"a","i":3,"n":9,"data":"x"}', 1008],
    ['a chunk claiming to be the only one', '{"t":"chunk","id":"a","i":0,"n":1,"data":"x"}', 1008],
    ['a binary frame', Buffer.from([0, 1, 2, 3]), 1003],
  ];
  for (const [what, message, code] of bad) {
    it(`closes the socket that sent ${what} with ${code} and serves on`, async () => {
      const ws = await connect();
      const done = closed(ws);
      ws.send(message);
      expect(await done).toBe(code);
      await hostServes();
    });
  }

  it('closes a socket that sends a 17 MiB frame with 1009, and only that one', async () => {
    const bystander = await connect();
    const ws = await connect();
    const done = closed(ws);
    ws.send(JSON.stringify({ t: 'call', n: 1, id: 'demo:length', payload: { text: 'x'.repeat(17 * 1024 * 1024) } }));
    expect(await done).toBe(1009);
    // the socket's error was handled (and reported), not thrown at the host
    expect(hostLog.some((l) => l.includes('Max payload size exceeded'))).toBe(true);
    expect(bystander.readyState).toBe(WebSocket.OPEN);
    expect(await call(bystander, 7, 'demo:echo', { text: 'after' })).toEqual({ ok: true, value: 'echo after' });
    bystander.close();
    await hostServes();
  });

  it('takes 1,000 malformed messages and answers a call after each batch', async () => {
    const bystander = await connect();
    const kinds = [
      () => 'null',
      () => '[]',
      () => String(Math.random()),
      () => '{',
      () => JSON.stringify({ t: 'call', n: 'x', id: 1 }),
      () => JSON.stringify({ t: 'sub' }),
      () => JSON.stringify({ t: 'result', n: 1, result: null }),
      () => JSON.stringify({ t: 'chunk', id: 'z', i: 1, n: 2, data: 'y' }),
      () => JSON.stringify({ t: 'chunk', id: 'z', i: 0, n: 1e9, data: 'y' }),
      () => '\u0000\uffff',
    ];
    let sent = 0;
    for (let batch = 0; batch < 20; batch++) {
      const codes = await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const ws = await connect();
          const done = closed(ws);
          ws.send((kinds[(batch * 50 + i) % kinds.length] as () => string)());
          sent++;
          return done;
        }),
      );
      expect(codes.every((c) => c === 1008 || c === 1009)).toBe(true);
      expect(await call(bystander, batch + 1, 'demo:echo', { text: `batch ${batch}` })).toEqual({ ok: true, value: `echo batch ${batch}` });
    }
    expect(sent).toBe(1000);
    bystander.close();
    await hostServes();
  }, 60_000);

  it('closes a socket whose chunked message stalls', async () => {
    const ws = await connect();
    const done = closed(ws);
    ws.send(toFrames(JSON.stringify({ t: 'call', n: 1, id: 'demo:echo', payload: { text: 'x'.repeat(100) } }), 'st', 10)[0] as string);
    expect(await done).toBe(1008);
    expect(hostLog.some((l) => l.includes('stalled'))).toBe(true);
    await hostServes();
  });
});

describe('large messages in chunks', () => {
  it('carries a 40 MB call and its 40 MB result over one socket', async () => {
    const ws = await connect();
    const text = 'é"\\\n'.repeat(10 * 1024 * 1024); // 40 Mi characters, escapes in the JSON
    const result = (await call(ws, 1, 'demo:echo', { text })) as { ok: boolean; value: string };
    expect(result.ok).toBe(true);
    expect(result.value.length).toBe(text.length + 5);
    expect(result.value === `echo ${text}`).toBe(true);
    // chunks interleaved with small calls on the same socket
    const [a, b] = await Promise.all([call(ws, 2, 'demo:length', { text: 'y'.repeat(20_000_000) }), call(ws, 3, 'demo:echo', { text: 'small' })]);
    expect(a).toEqual({ ok: true, value: 20_000_000 });
    expect(b).toEqual({ ok: true, value: 'echo small' });
    ws.close();
  }, 60_000);

  it('refuses a chunked message larger than the contract allows with 1009', async () => {
    const ws = await connect();
    const done = closed(ws);
    // claims 100 chunks of 4 MiB: over 256 MiB + margin at the 67th
    const piece = 'x'.repeat(4 * 1024 * 1024);
    for (let i = 0; i < 100 && ws.readyState === WebSocket.OPEN; i++) {
      ws.send(JSON.stringify({ t: 'chunk', id: 'huge', i, n: 100, data: piece }));
      await new Promise((r) => setImmediate(r));
    }
    expect(await done).toBe(1009);
    await hostServes();
  }, 60_000);
});
