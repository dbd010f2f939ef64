// SPDX-License-Identifier: Apache-2.0
/**
 * Measurements of the sync engine for the benchmark runner (benchmarks-and-faults.md §7):
 * B1 cold list into the cache, B2 watch events applied per second, B3 relist after a 410.
 * Each takes the cluster's client (or a registry and a cluster id) and the cache to fill, and
 * returns plain numbers; the runner compares them with its baselines.
 */
import { AppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import type { CacheDb, SourceKey } from '../cache/cache-db';
import type { KubeStreamOptions } from '../kube/kube-http';
import { Informer, type InformerOptions, type ListInfo } from './informer';
import { collectionPath, type HttpProvider, type KubeHttpLike, type SyncDelta, type WatchEvent } from './sync-types';

/** Where a benchmark gets its client: the client itself, or a registry and a cluster id. */
export type BenchClient = KubeHttpLike | HttpProvider;

/** What every benchmark takes. */
export interface BenchTarget {
  client: BenchClient;
  /** The cluster id (the source key's cluster; with a registry, the context to use). */
  clusterId: string;
  /** The cache to fill; for B1, one where this source was never synced. */
  cache: CacheDb;
  /** Informer tunables (e.g. the page size). */
  informer?: InformerOptions;
  /** Give up after this long, in ms. Default 10 min. */
  timeoutMs?: number;
}

/** Result of {@link benchColdList} (B1). */
export interface ColdListResult {
  /** From start until the first 100 rows (or all, if fewer) were in the cache and pushed. */
  firstRowsMs: number;
  /** From start until the whole list was in the cache. */
  fullListMs: number;
  items: number;
  pages: number;
}

/** Result of {@link benchWatchApply} (B2). */
export interface WatchApplyResult {
  /** Changes made (and watch events expected). */
  events: number;
  /** From the first change (live) or the resume (backlog) until all were written to the cache. */
  ms: number;
  eventsPerSecond: number;
  /** How long making the changes took, and its rate (the server-side ceiling in live mode). */
  generateMs: number;
  generatedPerSecond: number;
  /** Cache transactions used. */
  flushes: number;
  /** Milliseconds of `ms` spent writing them (the watch is not read meanwhile). */
  writeMs: number;
}

/** Result of {@link benchRelist} (B3). */
export interface RelistResult {
  /** From the 410 until the relist was in the cache. */
  relistMs: number;
  /** From the 410 until the watch was running again. */
  recoverMs: number;
  items: number;
  /** Objects pushed as changed or deleted by the relist (0 when nothing changed meanwhile). */
  pushedUpserts: number;
  pushedDeletes: number;
  /** Requests made from the 410 until recovered. */
  requests: number;
}

const pods = { group: '', version: 'v1', resource: 'pods' };
const podTemplates = { group: '', version: 'v1', resource: 'podtemplates' };

/**
 * B1: a cold list of every pod (all namespaces) into the cache.
 * @param target - the cache must not hold this source yet
 * @param source - another kind or namespace than all pods
 */
export async function benchColdList(target: BenchTarget, source: Partial<Omit<SourceKey, 'cluster'>> = {}): Promise<ColdListResult> {
  const key: SourceKey = { ...pods, namespace: '', ...source, cluster: target.clusterId };
  if (await target.cache.getSourceState(key)) throw new AppError('validation', 'B1 needs a cache where this source was never synced.');
  const run = await startInformer(target, key);
  try {
    let rows = 0;
    let firstRowsMs: number | undefined;
    const started = performance.now();
    const listed = run.nextList();
    await run.informer.attach((d) => {
      rows += d.upserts.length + (d.reset?.length ?? 0);
      if (firstRowsMs === undefined && rows >= 100) firstRowsMs = performance.now() - started;
    });
    const info = await run.within(listed);
    const fullListMs = performance.now() - started;
    return { firstRowsMs: firstRowsMs ?? fullListMs, fullListMs, items: info.items, pages: info.pages };
  } finally {
    run.informer.dispose();
  }
}

/** Options of {@link benchWatchApply}. */
export interface WatchApplyOptions {
  /** An existing namespace the benchmark may fill with PodTemplates `mldeck-bench-*` (removed after). */
  namespace: string;
  /** Objects to create. Default 100. */
  objects?: number;
  /** Updates spread over them. Default 5000. */
  updates?: number;
  /** Requests in flight while generating. Default 16. */
  concurrency?: number;
  /**
   * `live`: changes are made while the watch runs (bounded by how fast the server takes writes);
   * `backlog`: the watch is paused while they are made, then resumed, so the server replays them
   * as fast as the engine takes them (the engine's own ceiling). Default `backlog`.
   */
  mode?: 'live' | 'backlog';
  /**
   * Backlog mode: called with the number of changes once they are all made, before the watch
   * resumes (a runner reads the same backlog raw here, so the server has encoded each event
   * once before either reader is timed).
   */
  beforeResume?: (events: number) => Promise<void>;
}

/** B2: watch events applied to the cache per second, for changes the benchmark makes itself. */
export async function benchWatchApply(target: BenchTarget, opts: WatchApplyOptions): Promise<WatchApplyResult> {
  const { namespace, objects = 100, updates = 5000, concurrency = 16, mode = 'backlog' } = opts;
  const key: SourceKey = { ...podTemplates, namespace, cluster: target.clusterId };
  const http = await clientOf(target);
  const path = collectionPath(key);
  const names = Array.from({ length: objects }, (_, i) => `mldeck-bench-${i}`);
  const run = await startInformer(target, key);
  try {
    await run.within(run.nextList());
    if (mode === 'backlog') await run.informer.pause();
    const before = run.informer.stats.applied;
    const goneBefore = run.informer.stats.gone;
    const total = objects + updates;
    const genStart = performance.now();
    await inParallel(objects, concurrency, (i) => http.request({ method: 'POST', path, body: podTemplate(names[i] ?? '', 0) }));
    await inParallel(updates, concurrency, (i) =>
      http.request({
        method: 'PATCH',
        path: `${path}/${names[i % objects] ?? ''}`,
        body: { metadata: { annotations: { 'mldeck.dev/bench': `update-${i}` } } },
      }),
    );
    const generateMs = performance.now() - genStart;
    if (mode === 'backlog') await opts.beforeResume?.(total);
    const start = mode === 'backlog' ? performance.now() : genStart;
    if (mode === 'backlog') run.informer.resume();
    await run.within(
      until(() => {
        // a 410 means the server dropped part of the backlog: the engine relists and those events never come
        if (run.informer.stats.gone > goneBefore) {
          throw new AppError('unavailable', 'The API server no longer held the changes when the watch read them (410): the lab is too busy; run again.');
        }
        return run.informer.stats.applied - before >= total;
      }),
    );
    const ms = performance.now() - start;
    return {
      events: total,
      ms,
      eventsPerSecond: (total / ms) * 1000,
      generateMs,
      generatedPerSecond: (total / generateMs) * 1000,
      flushes: run.informer.stats.flushes,
      writeMs: run.informer.stats.writeMs,
    };
  } finally {
    run.informer.dispose();
    await inParallel(objects, concurrency, (i) => http.request({ method: 'DELETE', path: `${path}/${names[i] ?? ''}` }).catch(() => undefined));
  }
}

/**
 * B3: relist after a 410. The source is listed and watched, then the watch is handed a 410
 * (as a proxy or an etcd compaction would cause); the informer relists and watches again.
 * @param source - default all pods
 */
export async function benchRelist(target: BenchTarget, source: Partial<Omit<SourceKey, 'cluster'>> = {}): Promise<RelistResult> {
  const key: SourceKey = { ...pods, namespace: '', ...source, cluster: target.clusterId };
  const gone = new GoneInjector(await clientOf(target));
  let pushedUpserts = 0;
  let pushedDeletes = 0;
  const run = await startInformer({ ...target, client: gone }, key);
  try {
    await run.within(run.nextList());
    await run.within(until(() => run.informer.state.freshness === 'live' || gone.watching));
    await run.informer.attach((d: SyncDelta) => {
      pushedUpserts += d.upserts.length + (d.reset?.length ?? 0);
      pushedDeletes += d.deletes.length;
    });
    const requests = () => run.informer.stats.listRequests + run.informer.stats.watches;
    const requestsBefore = requests();
    const listed = run.nextList();
    const started = performance.now();
    gone.inject();
    const info = await run.within(listed);
    const relistMs = performance.now() - started;
    await run.within(until(() => gone.watching && run.informer.stats.gone > 0));
    const recoverMs = performance.now() - started;
    return { relistMs, recoverMs, items: info.items, pushedUpserts, pushedDeletes, requests: requests() - requestsBefore };
  } finally {
    run.informer.dispose();
  }
}

interface Run {
  informer: Informer;
  /** Resolves with the next completed list. */
  nextList(): Promise<ListInfo>;
  /** Rejects if the promise takes longer than the target's timeout. */
  within<T>(p: Promise<T>): Promise<T>;
}

async function startInformer(target: BenchTarget, key: SourceKey): Promise<Run> {
  const http = await clientOf(target);
  let onList: ((info: ListInfo) => void) | undefined;
  const informer = new Informer(key, { http: async () => http, cache: target.cache, onListed: (info) => onList?.(info) }, target.informer);
  informer.start();
  const timeoutMs = target.timeoutMs ?? 600_000;
  return {
    informer,
    nextList: () => new Promise<ListInfo>((resolve) => (onList = resolve)),
    within: <T>(p: Promise<T>) => {
      let timer: NodeJS.Timeout | undefined;
      const limit = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new AppError('timeout', `The benchmark did not finish within ${timeoutMs} ms.`)), timeoutMs);
      });
      return Promise.race([p, limit]).finally(() => clearTimeout(timer));
    },
  };
}

async function clientOf(target: BenchTarget): Promise<KubeHttpLike> {
  return 'request' in target.client ? target.client : target.client.http(target.clusterId);
}

function podTemplate(name: string, i: number): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'PodTemplate',
    metadata: { name, labels: { 'mldeck.dev/bench': 'true' }, annotations: { 'mldeck.dev/bench': String(i) } },
    template: { spec: { containers: [{ name: 'main', image: 'busybox' }] } },
  };
}

async function inParallel(count: number, concurrency: number, call: (i: number) => Promise<unknown>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) await call(next++);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker));
}

async function until(check: () => boolean, pollMs = 5): Promise<void> {
  while (!check()) await new Promise((r) => setTimeout(r, pollMs));
}

/** A client whose current watch can be made to end with a 410 ERROR event. */
class GoneInjector implements KubeHttpLike {
  private inner: AbortController | undefined;
  private injecting = false;
  /** Whether a watch is open. */
  watching = false;

  constructor(private readonly http: KubeHttpLike) {}

  request: KubeHttpLike['request'] = (opts, schema) => this.http.request(opts, schema);

  /** Ends the open watch with a 410. */
  inject(): void {
    this.injecting = true;
    this.inner?.abort();
  }

  stream<T = unknown>(opts: KubeStreamOptions): AsyncGenerator<T, void, undefined> {
    return this.wrap(opts) as AsyncGenerator<T, void, undefined>;
  }

  private async *wrap(opts: KubeStreamOptions): AsyncGenerator<WatchEvent, void, undefined> {
    const inner = new AbortController();
    const outer = opts.signal;
    const onAbort = () => inner.abort();
    outer?.addEventListener('abort', onAbort, { once: true });
    this.inner = inner;
    this.watching = true;
    try {
      yield* this.http.stream<WatchEvent>({ ...opts, signal: inner.signal });
    } catch (e) {
      if (!this.injecting || outer?.aborted) throw e;
      this.injecting = false;
      yield { type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'injected by the benchmark' } };
    } finally {
      this.watching = false;
      outer?.removeEventListener('abort', onAbort);
    }
  }
}
