// SPDX-License-Identifier: Apache-2.0
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type WebSocket from 'ws';
import { MAX_FRAME_BYTES, PortForwardStream } from './port-forward-stream';

/** What the stream needs of a WebSocket: send (with a callback), pause/resume, events. */
class FakeSocket extends EventEmitter {
  readonly OPEN = 1;
  readonly CONNECTING = 0;
  readyState = 1;
  sent: Buffer[] = [];
  send(data: Buffer, cb: (e?: Error) => void): void {
    this.sent.push(data);
    setImmediate(() => cb());
  }
  pause(): void {}
  resume(): void {}
  terminate(): void {
    this.readyState = 3;
  }
}

describe('PortForwardStream', () => {
  it('sends a large write as data-channel messages of at most 256 KiB, in order', async () => {
    const ws = new FakeSocket();
    const s = new PortForwardStream(ws as unknown as WebSocket, 'ns/pod:8888');
    const body = Buffer.alloc(MAX_FRAME_BYTES * 3 + 10, 7);
    body[0] = 1;
    body[body.length - 1] = 9;
    await new Promise<void>((resolve, reject) => s.write(body, (e) => (e ? reject(e) : resolve())));
    expect(ws.sent.map((m) => m.length)).toEqual([MAX_FRAME_BYTES + 1, MAX_FRAME_BYTES + 1, MAX_FRAME_BYTES + 1, 11]);
    expect(ws.sent.every((m) => m[0] === 0)).toBe(true);
    expect(Buffer.concat(ws.sent.map((m) => m.subarray(1))).equals(body)).toBe(true);
    s.destroy();
  });

  it('passes data after the port prefix on, and ends with the error channel’s words', async () => {
    const ws = new FakeSocket();
    const s = new PortForwardStream(ws as unknown as WebSocket, 'ns/pod:8888');
    const got: Buffer[] = [];
    s.on('data', (d: Buffer) => got.push(d));
    const ended = new Promise<Error>((resolve) => s.on('error', resolve));
    ws.emit('message', Buffer.from([0, 0xb8, 0x22]));
    ws.emit('message', Buffer.from([1, 0xb8, 0x22]));
    ws.emit('message', Buffer.from([0, ...Buffer.from('HTTP/1.1 200')]));
    ws.emit('message', Buffer.from([1, ...Buffer.from('connection refused')]));
    await new Promise((r) => setImmediate(r)); // the reader takes what came before the close
    ws.emit('close');
    expect(Buffer.concat(got).toString()).toBe('HTTP/1.1 200');
    expect((await ended).message).toBe('Port-forward to ns/pod:8888 failed: connection refused');
  });
});
