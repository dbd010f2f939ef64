// SPDX-License-Identifier: Apache-2.0
/**
 * The transport seam both hosts implement, and the browser-mode WebSocket's wire messages with
 * their schemas: the host checks every message it receives against {@link ClientMessage}, the
 * renderer every message it receives against {@link ServerMessage}.
 */
import { z } from 'zod';
import type { Result } from './result';

/** The seam both hosts implement: Electron IPC through the preload, or the loopback WebSocket. */
export interface Transport {
  /** Sends one call and resolves with its result (never rejects for a handler's error). */
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  /** Listens to a topic; returns the function that stops listening. */
  subscribe(topic: string, listener: (event: unknown) => void): () => void;
}

/**
 * One frame of a message too large for one frame: the message's JSON text cut into `n` pieces,
 * sent in order (`i` = 0 … n-1) under an `id` unique per connection and direction.
 */
export interface ChunkFrame {
  t: 'chunk';
  id: string;
  i: number;
  n: number;
  data: string;
}

/** Messages on the browser-mode WebSocket. */
export type WireMessage =
  | { t: 'call'; n: number; id: string; payload: unknown }
  | { t: 'result'; n: number; result: Result<unknown> }
  | { t: 'sub'; topic: string }
  | { t: 'unsub'; topic: string }
  | { t: 'event'; topic: string; event: unknown }
  | ChunkFrame;

const callNumber = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const name = z.string().min(1).max(128);

/** The schema of a {@link ChunkFrame} (the limits on sizes are the assembler's). */
export const ChunkFrameSchema = z
  .object({
    t: z.literal('chunk'),
    id: z.string().min(1).max(64),
    i: z.number().int().nonnegative(),
    n: z.number().int().min(2),
    data: z.string(),
  })
  .strict();

/** What the renderer may send the host; anything else closes the socket. */
export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('call'), n: callNumber, id: name, payload: z.unknown() }).strict(),
  z.object({ t: z.literal('sub'), topic: name }).strict(),
  z.object({ t: z.literal('unsub'), topic: name }).strict(),
  ChunkFrameSchema,
]);
/** {@link ClientMessage} */
export type ClientMessage = z.infer<typeof ClientMessage>;

const resultSchema = z.custom<Result<unknown>>(
  (r) => typeof r === 'object' && r !== null && ((r as { ok?: unknown }).ok === true || (r as { ok?: unknown }).ok === false),
  'a result is { ok: true, value } or { ok: false, error }',
);

/** What the host may send the renderer. */
export const ServerMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('result'), n: callNumber, result: resultSchema }).strict(),
  z.object({ t: z.literal('event'), topic: name, event: z.unknown() }).strict(),
  ChunkFrameSchema,
]);
/** {@link ServerMessage} */
export type ServerMessage = z.infer<typeof ServerMessage>;
