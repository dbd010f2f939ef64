// SPDX-License-Identifier: Apache-2.0
/**
 * Large messages over the browser-mode WebSocket: a message's JSON text longer than one frame
 * is cut into chunk frames ({@link toFrames}) and put back together on the other side
 * ({@link FrameAssembler}), which holds every sender to limits (the largest message the contract
 * allows, how much may wait half-received, frames in order). Pure: both the host and the
 * renderer use it.
 */
import { maxNotebookBytes } from '../features/notebooks/notebooks.contract';
import type { ChunkFrame } from './transport';

/** Characters of message text per chunk frame (a frame is then at most ~12 MiB of UTF-8). */
export const frameChars = 4 * 1024 * 1024;

/** The largest WebSocket frame either side accepts, bytes. */
export const maxFrameBytes = 16 * 1024 * 1024;

/**
 * The largest message, in characters of JSON text: the contract's largest payload (a notebook,
 * which a save or a draft carries whole) plus room for the rest of the call.
 */
export const maxMessageChars = maxNotebookBytes + 16 * 1024 * 1024;

/**
 * The frames that carry `text`: the text itself when it fits one frame, else chunk frames.
 * A cut never falls inside a surrogate pair.
 * @param id - names this message's chunks; unique per connection and direction
 * @param size - characters per chunk (tests use small ones)
 */
export function toFrames(text: string, id: string, size = frameChars): string[] {
  if (text.length <= size) return [text];
  const pieces: string[] = [];
  let at = 0;
  while (at < text.length) {
    let end = Math.min(text.length, at + size);
    // keep a surrogate pair together: never end a piece on a high surrogate
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    pieces.push(text.slice(at, end));
    at = end;
  }
  return pieces.map((data, i) => JSON.stringify({ t: 'chunk', id, i, n: pieces.length, data } satisfies ChunkFrame));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** Limits an assembler holds a sender to. */
export interface AssemblerLimits {
  /** The longest whole message, characters. */
  maxMessageChars: number;
  /** Characters that may wait in half-received messages at once. */
  maxPendingChars: number;
  /** Half-received messages at once. */
  maxPending: number;
  /** Chunks of one message. */
  maxChunks: number;
}

/** What an added frame gave. */
export type AssemblyStep =
  /** More frames of this message are due. */
  | { kind: 'partial' }
  /** The message is whole: its JSON text. */
  | { kind: 'message'; text: string }
  /**
   * The sender broke the rules: close the socket with `close` (1009: too big, 1008: anything
   * else) and `reason`.
   */
  | { kind: 'refused'; close: 1008 | 1009; reason: string };

interface HalfMessage {
  n: number;
  parts: string[];
  chars: number;
}

/** Puts chunked messages back together, one assembler per connection and direction. */
export class FrameAssembler {
  private readonly partial = new Map<string, HalfMessage>();
  private pendingChars = 0;
  private readonly limits: AssemblerLimits;

  constructor(limits: Partial<AssemblerLimits> = {}) {
    const maxMessage = limits.maxMessageChars ?? maxMessageChars;
    this.limits = {
      maxMessageChars: maxMessage,
      maxPendingChars: limits.maxPendingChars ?? maxMessage,
      maxPending: limits.maxPending ?? 4,
      maxChunks: limits.maxChunks ?? 4096,
    };
  }

  /** Whether some message is half-received. */
  get waiting(): boolean {
    return this.partial.size > 0;
  }

  /** Characters held in half-received messages. */
  get heldChars(): number {
    return this.pendingChars;
  }

  /** Adds one chunk frame (already checked against the frame schema). */
  add(frame: ChunkFrame): AssemblyStep {
    let p = this.partial.get(frame.id);
    if (frame.data.length === 0) return this.refuse(frame.id, 1008, 'an empty chunk');
    if (!p) {
      if (frame.n > this.limits.maxChunks) return { kind: 'refused', close: 1009, reason: `a message of more than ${this.limits.maxChunks} chunks` };
      if (frame.i !== 0) return { kind: 'refused', close: 1008, reason: `chunk ${frame.i} of an unknown message` };
      if (this.partial.size >= this.limits.maxPending) return { kind: 'refused', close: 1008, reason: 'too many chunked messages at once' };
      p = { n: frame.n, parts: [], chars: 0 };
      this.partial.set(frame.id, p);
    } else if (frame.n !== p.n) return this.refuse(frame.id, 1008, 'the chunk count changed');
    if (frame.i !== p.parts.length) return this.refuse(frame.id, 1008, `chunk ${frame.i} came out of order (expected ${p.parts.length})`);
    p.chars += frame.data.length;
    this.pendingChars += frame.data.length;
    if (p.chars > this.limits.maxMessageChars) return this.refuse(frame.id, 1009, `the message is larger than ${this.limits.maxMessageChars} characters`);
    if (this.pendingChars > this.limits.maxPendingChars) return this.refuse(frame.id, 1009, 'too much is waiting in chunked messages');
    p.parts.push(frame.data);
    if (p.parts.length < p.n) return { kind: 'partial' };
    this.partial.delete(frame.id);
    this.pendingChars -= p.chars;
    return { kind: 'message', text: p.parts.join('') };
  }

  /** Drops everything half-received (the connection closed). */
  clear(): void {
    this.partial.clear();
    this.pendingChars = 0;
  }

  private refuse(id: string, close: 1008 | 1009, reason: string): AssemblyStep {
    const p = this.partial.get(id);
    if (p) this.pendingChars -= p.chars;
    this.partial.delete(id);
    return { kind: 'refused', close, reason };
  }
}
