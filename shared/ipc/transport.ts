// SPDX-License-Identifier: Apache-2.0
import type { Result } from './result';

/** The seam both hosts implement: Electron IPC through the preload, or the loopback WebSocket. */
export interface Transport {
  /** Sends one call and resolves with its result (never rejects for a handler's error). */
  invoke(channel: string, payload: unknown): Promise<Result<unknown>>;
  /** Listens to a topic; returns the function that stops listening. */
  subscribe(topic: string, listener: (event: unknown) => void): () => void;
}

/** Messages on the browser-mode WebSocket. */
export type WireMessage =
  | { t: 'call'; n: number; id: string; payload: unknown }
  | { t: 'result'; n: number; result: Result<unknown> }
  | { t: 'sub'; topic: string }
  | { t: 'unsub'; topic: string }
  | { t: 'event'; topic: string; event: unknown };
