// SPDX-License-Identifier: Apache-2.0
/**
 * One watch request, from open to end, with a silence watchdog: if no bytes (events or
 * bookmarks) arrive for `silenceMs`, the request is aborted, because a TCP connection can
 * die without a FIN and a watch on it then waits forever (client-node#596, #958).
 */
import { AppError, isAppError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';
import { isGone } from '../kube/kube-errors';
import type { Clock } from './clock';
import type { KubeStreamOptions } from '../kube/kube-http';
import type { KubeHttpLike, WatchEvent } from './sync-types';
import { decodeWatch } from './watch-decode';

/** How a watch ended without an error: the server closed it, or said 410. */
export type WatchEnd = 'closed' | 'gone';

/** Options of {@link watchStream}. */
export interface WatchStreamOptions {
  path: string;
  /** Watch from here ('' for now). */
  resourceVersion: string;
  /** Asks the server to end the watch after this many seconds. */
  timeoutSeconds: number;
  /** Time for the response headers; a watch not failed by then (plus a margin) has started. */
  openTimeoutMs: number;
  /** Abort when nothing arrives for this long. */
  silenceMs: number;
  /** A normal close sooner than this, with nothing received, is a failure (no hot loop). */
  minWatchMs: number;
  clock: Clock;
  /** The owner's signal (stop, pause). */
  signal: AbortSignal;
  /** Aborts this request (the owner may abort it too). */
  abort: AbortController;
  /** The watch is known to have started: the first event or bookmark, or the open timeout passed. */
  onStarted: () => void;
  /** The watchdog fired. */
  onSilent: () => void;
  /** Handles an event; true (or a promise of it) when the watch must end as `gone` (a 410 ERROR event). */
  onEvent: (ev: WatchEvent) => boolean | Promise<boolean>;
}

/**
 * Runs one watch to its end.
 * @returns 'closed' when the server ended it normally, 'gone' on a 410 (event or response)
 * @throws AppError on failures; `timeout` when the watchdog fired; `cancelled` when aborted
 */
export async function watchStream(http: KubeHttpLike, o: WatchStreamOptions): Promise<WatchEnd> {
  const { clock, abort } = o;
  const onOwnerAbort = () => abort.abort();
  if (o.signal.aborted) abort.abort();
  else o.signal.addEventListener('abort', onOwnerAbort, { once: true });
  const openedAt = clock.now();
  let lastBytesAt = openedAt;
  let received = false;
  let started = false;
  let silent = false;
  const start = () => {
    if (started || abort.signal.aborted) return;
    started = true;
    o.onStarted();
  };
  let watchdog: Disposable | undefined;
  const check = () => {
    const idle = clock.now() - lastBytesAt;
    if (idle < o.silenceMs) {
      watchdog = clock.timer(o.silenceMs - idle, check);
      return;
    }
    silent = true;
    o.onSilent();
    abort.abort();
  };
  watchdog = clock.timer(o.silenceMs, check);
  // KubeHttp fails a watch whose headers take longer than openTimeoutMs: past it (and a margin), it started
  const openTimer = clock.timer(o.openTimeoutMs + Math.min(1000, o.silenceMs / 4), start);
  try {
    const events = openEvents(http, {
      path: o.path,
      query: { watch: 1, allowWatchBookmarks: true, resourceVersion: o.resourceVersion || undefined, timeoutSeconds: o.timeoutSeconds },
      signal: abort.signal,
      timeoutMs: o.openTimeoutMs,
      // a 2xx answer means the server holds the watch: live now, not after the open timeout
      onOpen: start,
      onBytes: () => {
        lastBytesAt = clock.now();
        received = true;
      },
    });
    for await (const ev of events) {
      if (ev.type !== 'ERROR') start();
      const end = o.onEvent(ev);
      if (end === true || (end !== false && (await end))) return 'gone';
    }
    if (!received && clock.now() - openedAt < o.minWatchMs) {
      throw new AppError('unavailable', 'The cluster ended the watch as soon as it started.', undefined, true);
    }
    return 'closed';
  } catch (e) {
    if (silent && !o.signal.aborted) {
      throw new AppError('timeout', `Nothing came from the cluster for ${Math.round(o.silenceMs / 1000)} s; reconnecting.`, undefined, true);
    }
    if (isGone(e)) return 'gone';
    throw e;
  } finally {
    watchdog?.dispose();
    openTimer.dispose();
    o.signal.removeEventListener('abort', onOwnerAbort);
  }
}

/**
 * The events of one watch request: decoded here from the raw response when the client offers
 * `rawRequest` (only what is kept is parsed, watch-decode.ts), else through its `stream`.
 * Failures while reading are AppErrors as `stream` makes them: `cancelled` when the signal was
 * aborted, else `unavailable` (retryable).
 */
async function* openEvents(http: KubeHttpLike, opts: KubeStreamOptions): AsyncGenerator<WatchEvent, void, undefined> {
  if (!http.rawRequest) {
    yield* http.stream<WatchEvent>(opts);
    return;
  }
  const res = await http.rawRequest(opts);
  opts.onOpen?.();
  try {
    yield* decodeWatch(res, opts.onBytes);
  } catch (e) {
    if (isAppError(e)) throw e;
    if (opts.signal?.aborted) throw new AppError('cancelled', 'The request was cancelled.');
    throw new AppError('unavailable', 'The connection to the cluster broke during a watch.', e instanceof Error ? e.message : String(e), true);
  } finally {
    res.destroy();
  }
}
