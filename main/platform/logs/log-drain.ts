// SPDX-License-Identifier: Apache-2.0
/**
 * Reads one log response (timestamps on) into batches of stamped lines: every `flushMs`, when
 * 1,000 lines wait, and at the end. The lines a resumed stream repeats (at or before the last
 * kept one) are dropped, over as many batches as they span.
 */
import type { IncomingMessage } from 'node:http';
import { dropRepeats, parseStamped, type StampedLine } from './cri-lines';

/**
 * Drains `res` into `keep`, one batch at a time and in order.
 * @param lastKept - the newest line already kept, when the stream resumes a kept log
 * @param signal - aborts the read; a batch that fails after it is dropped (the cache may be closed)
 */
export async function drainLog(
  res: IncomingMessage,
  lastKept: StampedLine | undefined,
  signal: AbortSignal,
  flushMs: number,
  keep: (lines: StampedLine[]) => Promise<void>,
): Promise<void> {
  res.setEncoding('utf8');
  let partial = '';
  let buffer: StampedLine[] = [];
  let previous = lastKept;
  let repeating = true;
  const flush = async () => {
    if (!buffer.length) return;
    let lines = buffer;
    buffer = [];
    if (repeating) {
      const r = dropRepeats(lines, lastKept);
      lines = r.lines;
      repeating = !r.done;
    }
    if (!lines.length) return;
    previous = lines[lines.length - 1];
    await keep(lines);
  };
  const safeFlush = () =>
    flush().catch((e: unknown) => {
      // the cache closes when MLDeck quits; lines that arrive then are dropped
      if (!signal.aborted) throw e;
    });
  const timer = setInterval(() => void safeFlush().catch(() => undefined), flushMs);
  try {
    for await (const chunk of res as AsyncIterable<string>) {
      if (signal.aborted) break;
      const parts = (partial + chunk).split('\n');
      partial = parts.pop() ?? '';
      buffer.push(...parseStamped(parts, previous?.time ?? ''));
      if (buffer.length >= 1000) await flush();
    }
    if (partial) buffer.push(...parseStamped([partial], previous?.time ?? ''));
  } catch (e) {
    if (!signal.aborted) throw e;
  } finally {
    clearInterval(timer);
    await safeFlush();
  }
}
