// SPDX-License-Identifier: Apache-2.0
/** The options, dependencies and counters of an informer. */
import type { KubeObject } from '../../../shared/kube/object';
import type { Disposable } from '../../../shared/lifecycle';
import type { CacheDb, SourceState } from '../cache/cache-db';
import type { BackoffOptions } from './backoff';
import type { Clock } from './clock';
import type { ListResult } from './list-pages';
import type { KubeHttpLike, SyncDelta, SyncListener } from './sync-types';

/** Tunables of an informer; every field has a default. */
export interface InformerOptions {
  /** Items per list page. Default 500. */
  pageSize?: number;
  /** Timeout of each list page, in ms. Default 60 s. */
  listTimeoutMs?: number;
  /** Expired continue tokens tolerated per list before backing off. Default 3. */
  maxListRestarts?: number;
  /** The server ends each watch after this many seconds (then it is resumed). Default 240. */
  watchTimeoutSeconds?: number;
  /**
   * Time for a watch's response headers, in ms (at most half of `silenceMs`); a watch not
   * failed shortly after has started. Default 5 s.
   */
  watchOpenTimeoutMs?: number;
  /** A watch with no bytes (events or bookmarks) for this long is presumed dead. Default 90 s. */
  silenceMs?: number;
  /** A watch closed sooner than this with nothing received counts as a failure. Default 1 s. */
  minWatchMs?: number;
  /** Watch events are written together within this window, in ms. Default 50. */
  batchMs?: number;
  /** ...or as soon as this many events wait. Default 500. */
  batchMax?: number;
  /** Backoff after failures. Default 500 ms doubling to 30 s, full jitter. */
  backoff?: BackoffOptions;
  /** Wait before checking again after 403, 401 or 404, in ms. Default 60 s. */
  slowRetryMs?: number;
  /** `reconnecting` becomes `offline` after this many failures in a row... Default 5. */
  offlineAfterFailures?: number;
  /** ...or after failing for this long, in ms. Default 30 s. */
  offlineAfterMs?: number;
}

/** What an informer needs. */
export interface InformerDeps {
  /** The cluster's client, asked for before every request. */
  http: () => Promise<KubeHttpLike>;
  cache: CacheDb;
  clock?: Clock;
  /** Numbers in [0, 1) for the backoff's jitter. */
  random?: () => number;
  /** Where unexpected problems (a listener or the cache throwing) are reported. */
  log?: (message: string, error?: unknown) => void;
  /** Told after every completed list (benchmarks, tests). */
  onListed?: (info: ListInfo) => void;
  /** A one-call list of the same source under way (SyncEngine.listOnce), which a list uses rather than paging through it again. */
  sharedList?: () => Promise<ListResult> | undefined;
}

/** One completed list. */
export interface ListInfo {
  items: number;
  pages: number;
  /** Passes restarted because a continue token expired. */
  restarts: number;
  /** From the first request to the cache holding the result, in ms. */
  ms: number;
  /** Whether this list replaced an earlier one (after a 410 or a failure). */
  relist: boolean;
}

/** Counters, for tests and benchmarks. */
export interface InformerStats {
  /** Completed lists. */
  lists: number;
  /** List requests (pages). */
  listRequests: number;
  /** Lists restarted because a continue token expired. */
  listRestarts: number;
  /** Watch requests. */
  watches: number;
  /** 410s seen on watches. */
  gone: number;
  /** Watches aborted by the silence watchdog. */
  watchdogFires: number;
  /** Failed attempts (any kind). */
  failures: number;
  /** Watch events received (not counting bookmarks and errors). */
  events: number;
  bookmarks: number;
  /** Batches written to the cache. */
  flushes: number;
  /** Watch events written to the cache (before coalescing). */
  applied: number;
  /** Milliseconds spent writing watch batches to the cache (the stream is not read meanwhile). */
  writeMs: number;
  /** Requests in flight now, and the most ever. */
  inFlight: number;
  maxInFlight: number;
}

/** What {@link Informer.attach} gives a new listener. */
export interface Attached extends Disposable {
  /** The cached objects, consistent with the deltas that follow. */
  items: KubeObject[];
  state: SourceState;
}

/** The default of every {@link InformerOptions} field. */
export const informerDefaults = {
  pageSize: 500,
  listTimeoutMs: 60_000,
  maxListRestarts: 3,
  watchTimeoutSeconds: 240,
  watchOpenTimeoutMs: 5_000,
  silenceMs: 90_000,
  minWatchMs: 1000,
  batchMs: 50,
  batchMax: 500,
  backoff: { baseMs: 500, capMs: 30_000 },
  slowRetryMs: 60_000,
  offlineAfterFailures: 5,
  offlineAfterMs: 30_000,
} satisfies Required<InformerOptions>;

/** Every counter at zero. */
export function emptyStats(): InformerStats {
  return {
    lists: 0,
    listRequests: 0,
    listRestarts: 0,
    watches: 0,
    gone: 0,
    watchdogFires: 0,
    failures: 0,
    events: 0,
    bookmarks: 0,
    flushes: 0,
    applied: 0,
    writeMs: 0,
    inFlight: 0,
    maxInFlight: 0,
  };
}

/** Runs a request, counting it in `inFlight` (and `maxInFlight`) while it runs. */
export async function countInFlight<T>(counters: InformerStats, call: () => Promise<T>): Promise<T> {
  counters.inFlight++;
  counters.maxInFlight = Math.max(counters.maxInFlight, counters.inFlight);
  try {
    return await call();
  } finally {
    counters.inFlight--;
  }
}

/** Calls every listener with a delta; one that throws is logged and does not stop the others. */
export function notifyListeners(listeners: Iterable<SyncListener>, delta: SyncDelta, onError: (e: unknown) => void): void {
  for (const l of listeners) {
    try {
      l(delta);
    } catch (e) {
      onError(e);
    }
  }
}

/** The options with every default filled in. */
export function resolveOptions(options: InformerOptions): Required<InformerOptions> {
  const opts = { ...informerDefaults, ...options };
  // a watch must open well within the silence window, or a quiet one could never count as started
  opts.watchOpenTimeoutMs = Math.min(opts.watchOpenTimeoutMs, Math.max(1, Math.floor(opts.silenceMs / 2)));
  return opts;
}
