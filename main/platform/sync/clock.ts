// SPDX-License-Identifier: Apache-2.0
/** Time for the sync engine, injected so unit tests can drive it with a fake clock. */
import type { Disposable } from '../../../shared/lifecycle';

/** Wall time and one-shot timers. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /**
   * Runs `fn` once after `ms` milliseconds.
   * @returns a handle whose `dispose` cancels the timer
   */
  timer(ms: number, fn: () => void): Disposable;
}

/** The real clock: `Date.now` and `setTimeout`. */
export const systemClock: Clock = {
  now: () => Date.now(),
  timer(ms, fn) {
    const handle = setTimeout(fn, ms);
    return { dispose: () => clearTimeout(handle) };
  },
};

/**
 * Waits `ms` milliseconds, or less if `signal` aborts first; never rejects, and leaves no
 * timer behind either way.
 */
export function sleep(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      timer.dispose();
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = clock.timer(ms, done);
    signal.addEventListener('abort', done, { once: true });
  });
}
