// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { FrameAssembler, frameChars, maxFrameBytes, maxMessageChars, toFrames } from './chunked-frames';
import { maxNotebookBytes } from '../features/notebooks/notebooks.contract';
import { ChunkFrameSchema, type ChunkFrame } from './transport';

/** UTF-8 length of a string (shared/ has no Buffer or TextEncoder). */
function utf8Bytes(s: string): number {
  let bytes = 0;
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    bytes += c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4;
  }
  return bytes;
}

const parse = (frame: string) => ChunkFrameSchema.parse(JSON.parse(frame));

function feed(a: FrameAssembler, frames: string[]) {
  return frames.map((f) => a.add(parse(f)));
}

describe('chunked frames', () => {
  it('sends a message that fits one frame as it is', () => {
    const text = JSON.stringify({ t: 'call', n: 1, id: 'a:b', payload: 'x'.repeat(100) });
    expect(toFrames(text, 'm1')).toEqual([text]);
  });

  it('cuts a long message into ordered chunks and puts it back together', () => {
    const text = JSON.stringify({ payload: 'abc"\\\u0001é€'.repeat(50) });
    const frames = toFrames(text, 'm1', 64);
    expect(frames.length).toBe(Math.ceil(text.length / 64));
    const steps = feed(new FrameAssembler(), frames);
    expect(steps.slice(0, -1).every((s) => s.kind === 'partial')).toBe(true);
    expect(steps.at(-1)).toEqual({ kind: 'message', text });
  });

  it('never cuts inside a surrogate pair', () => {
    const text = '😀'.repeat(100); // 200 UTF-16 units
    for (const size of [3, 7, 64]) {
      const frames = toFrames(text, 'e', size).map(parse);
      for (const f of frames) {
        expect(f.data.length).toBeLessThanOrEqual(size);
        expect(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(f.data)).toBe(false);
      }
      expect(new FrameAssembler().add(frames[0] as ChunkFrame).kind).toBe('partial');
      const a = new FrameAssembler();
      const last = frames.map((f) => a.add(f)).at(-1);
      expect(last).toEqual({ kind: 'message', text });
    }
  });

  it('keeps a frame of the default size under the frame limit even for 3-byte characters', () => {
    const frame = toFrames('€'.repeat(frameChars + 1), 'big')[0] as string;
    expect(utf8Bytes(frame)).toBeGreaterThan(3 * frameChars);
    expect(utf8Bytes(frame)).toBeLessThan(maxFrameBytes);
    expect(maxMessageChars).toBeGreaterThan(maxNotebookBytes);
  });

  it('assembles two messages whose chunks interleave', () => {
    const a = new FrameAssembler();
    const x = toFrames('x'.repeat(30), 'x', 10);
    const y = toFrames('y'.repeat(30), 'y', 10);
    const steps = [x[0], y[0], x[1], y[1], x[2], y[2]].map((f) => a.add(parse(f as string)));
    expect(steps.filter((s) => s.kind === 'message')).toEqual([
      { kind: 'message', text: 'x'.repeat(30) },
      { kind: 'message', text: 'y'.repeat(30) },
    ]);
    expect(a.waiting).toBe(false);
    expect(a.heldChars).toBe(0);
  });

  it('refuses a message larger than the limit with 1009 and forgets it', () => {
    const a = new FrameAssembler({ maxMessageChars: 25 });
    const steps = feed(a, toFrames('z'.repeat(40), 'z', 10));
    expect(steps[2]).toMatchObject({ kind: 'refused', close: 1009 });
    expect(a.heldChars).toBe(0);
    expect(a.waiting).toBe(false);
  });

  it('refuses more waiting than allowed across messages', () => {
    const a = new FrameAssembler({ maxMessageChars: 100, maxPendingChars: 25 });
    expect(a.add(parse(toFrames('a'.repeat(30), 'a', 10)[0] as string)).kind).toBe('partial');
    expect(a.add(parse(toFrames('b'.repeat(30), 'b', 10)[0] as string)).kind).toBe('partial');
    expect(a.add(parse(toFrames('c'.repeat(30), 'c', 10)[0] as string))).toMatchObject({ kind: 'refused', close: 1009 });
    expect(a.heldChars).toBe(20);
  });

  it('refuses frames out of order, of unknown messages, with a changed count, empty, or too many', () => {
    const frames = toFrames('q'.repeat(30), 'q', 10).map(parse);
    expect(new FrameAssembler().add(frames[1] as ChunkFrame)).toMatchObject({ kind: 'refused', close: 1008 });
    const a = new FrameAssembler();
    a.add(frames[0] as ChunkFrame);
    expect(a.add(frames[2] as ChunkFrame)).toMatchObject({ kind: 'refused', close: 1008, reason: expect.stringMatching(/order/) });
    const b = new FrameAssembler();
    b.add(frames[0] as ChunkFrame);
    expect(b.add({ ...(frames[1] as ChunkFrame), n: 5 })).toMatchObject({ kind: 'refused', close: 1008 });
    expect(new FrameAssembler().add({ t: 'chunk', id: 'e', i: 0, n: 2, data: '' })).toMatchObject({ kind: 'refused', close: 1008 });
    expect(new FrameAssembler({ maxChunks: 10 }).add({ t: 'chunk', id: 'm', i: 0, n: 11, data: 'x' })).toMatchObject({ kind: 'refused', close: 1009 });
    const c = new FrameAssembler({ maxPending: 2 });
    c.add({ t: 'chunk', id: '1', i: 0, n: 2, data: 'x' });
    c.add({ t: 'chunk', id: '2', i: 0, n: 2, data: 'x' });
    expect(c.add({ t: 'chunk', id: '3', i: 0, n: 2, data: 'x' })).toMatchObject({ kind: 'refused', close: 1008 });
  });

  it('forgets everything on clear', () => {
    const a = new FrameAssembler();
    a.add(parse(toFrames('w'.repeat(30), 'w', 10)[0] as string));
    a.clear();
    expect(a.waiting).toBe(false);
    expect(a.heldChars).toBe(0);
  });
});
