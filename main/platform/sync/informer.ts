// SPDX-License-Identifier: Apache-2.0
/**
 * Keeps one source (a kind in a cluster, one namespace or all) in the offline cache: a paged
 * list, then a watch from the list's resourceVersion, resumed after every normal close, with a
 * relist only when the server says 410. Written for the ways client-node's informer fails
 * (benchmarks-and-faults.md §3): a watchdog for silent watches, backoff with jitter, exactly
 * one request in flight at any time, every error classified and retried, and a cache that
 * holds a change before any listener hears of it.
 *
 * States: `syncing` (first list) → `live` (list done and a watch started) → on failure
 * `reconnecting` → `offline` (after `offlineAfterFailures` failures or `offlineAfterMs`);
 * 403 → `forbidden` and 401/404 → `offline`, both re-checked every `slowRetryMs`; a relist
 * after a 410 shows `syncing`. `lastSyncedAt` is when the cache last matched the cluster.
 */
import { asAppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import type { Disposable } from '../../../shared/lifecycle';
import type { ObjectChange, SourceKey, SourceState } from '../cache/cache-db';
import { httpStatusError } from '../kube/kube-errors';
import { FailureStreak } from './backoff';
import { ChangeBatch, listDelta, splitChanges } from './change-batch';
import { sleep, systemClock, type Clock } from './clock';
import { listAll } from './list-pages';
import { trimObject } from './trim-object';
import { collectionPath, describeSource, type KubeHttpLike, type SyncDelta, type SyncListener, type WatchEvent, type WatchStatus } from './sync-types';
import { watchStream, type WatchEnd } from './watch-stream';
import { countInFlight, emptyStats, notifyListeners, resolveOptions } from './informer-types';
import type { Attached, InformerDeps, InformerOptions, InformerStats } from './informer-types';
import { SourceStateKeeper, type StatePatch } from './source-state';
import { TaskLane } from './task-lane';

export type { Attached, InformerDeps, InformerOptions, InformerStats, ListInfo } from './informer-types';

type Phase = 'new' | 'running' | 'paused' | 'stopped';

/** Keeps one source in the cache; see the file comment. */
export class Informer implements Disposable {
  private readonly opts: Required<InformerOptions>;
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly log: (message: string, error?: unknown) => void;
  private readonly listeners = new Set<SyncListener>();
  private readonly batch = new ChangeBatch();
  private readonly counters: InformerStats = emptyStats();
  private phase: Phase = 'new';
  private run: AbortController | undefined;
  private loopDone: Promise<void> = Promise.resolve();
  /** Cache reads, writes and pushes, one at a time in order, so listeners always match the cache. */
  private readonly lane = new TaskLane();
  /** The stored state has been read (whether the cache holds this source decides how to list). */
  private loaded: Promise<void> = Promise.resolve();
  private readonly keeper: SourceStateKeeper;
  private rv = '';
  private needList = true;
  private coldCache = false;
  private readonly streak: FailureStreak;
  private flushTimer: Disposable | undefined;
  private watchAbort: AbortController | undefined;
  private cacheError: unknown;

  /**
   * @param key - the source
   * @param deps - client, cache, clock
   * @param options - tunables
   */
  constructor(
    readonly key: SourceKey,
    private readonly deps: InformerDeps,
    options: InformerOptions = {},
  ) {
    this.opts = resolveOptions(options);
    this.clock = deps.clock ?? systemClock;
    this.random = deps.random ?? Math.random;
    this.log = deps.log ?? ((m, e) => console.warn(`[sync] ${m}`, e ?? ''));
    this.keeper = new SourceStateKeeper(key, deps.cache, this.clock);
    this.streak = new FailureStreak(this.opts, this.random);
  }

  /** The current state (a copy). */
  get state(): SourceState {
    return this.keeper.state;
  }

  /** Counters (a copy). */
  get stats(): InformerStats {
    return { ...this.counters };
  }

  /**
   * Starts listing and watching.
   * @param after - cache work to wait for first (an earlier informer of the same source stopping)
   */
  start(after: Promise<void> = Promise.resolve()): void {
    if (this.phase !== 'new') return;
    this.phase = 'running';
    this.loaded = after
      .then(async () => {
        this.coldCache = !(await this.keeper.load());
      })
      .catch((e: unknown) => this.log(`reading the state of ${describeSource(this.key)}`, e));
    this.lane.waitFor(this.loaded);
    this.startLoop();
  }

  /**
   * Adds a listener, atomically with reading the cached rows: the rows it gets and the deltas
   * that follow fit together exactly.
   */
  attach(listener: SyncListener): Promise<Attached> {
    return this.enqueue(async () => {
      const { cluster, namespace } = this.key;
      const items = await this.deps.cache.listObjects(cluster, this.key, namespace === '' ? undefined : namespace);
      if (this.phase !== 'stopped') this.listeners.add(listener);
      return { items, state: this.state, dispose: () => void this.listeners.delete(listener) };
    });
  }

  /** Stops the watch but keeps its resourceVersion; {@link resume} watches on from there. */
  async pause(): Promise<void> {
    if (this.phase !== 'running') return;
    this.phase = 'paused';
    this.run?.abort();
    await this.loopDone;
    await this.flush();
    this.setState({ freshness: 'offline', error: 'Sync is paused.' });
    await this.lane.drained();
  }

  /** Resumes after {@link pause}: watches from the last resourceVersion (a 410 then relists). */
  resume(): void {
    if (this.phase !== 'paused') return;
    this.phase = 'running';
    this.startLoop();
  }

  /**
   * Stops for good: aborts the request in flight, cancels timers, drops unwritten changes (the
   * cache's resourceVersion still matches its rows), and records the state as not live.
   */
  async stop(): Promise<void> {
    if (this.phase === 'stopped') return;
    const wasActive = this.phase !== 'new';
    this.halt();
    await this.loopDone;
    if (!wasActive) return;
    const state: SourceState = { ...this.state, freshness: 'offline', error: 'Not watched.' };
    await this.enqueue(() => this.deps.cache.setSourceState(state)).catch((e: unknown) => this.log(`recording the state of ${describeSource(this.key)}`, e));
  }

  /** Stops at once, without recording anything; leaves no timer or request behind. */
  dispose(): void {
    this.halt();
  }

  private halt(): void {
    this.phase = 'stopped';
    this.run?.abort();
    this.flushTimer?.dispose();
    this.flushTimer = undefined;
    this.batch.clear();
    this.listeners.clear();
  }

  private startLoop(): void {
    const run = new AbortController();
    this.run = run;
    this.loopDone = this.loopDone.then(() => this.loop(run.signal)).catch((e: unknown) => this.log(`the informer of ${describeSource(this.key)} stopped`, e));
  }

  /** The one loop: list if needed, watch, and on failure wait; never two requests at once. */
  private async loop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      let delay = 0;
      try {
        const http = await this.deps.http();
        if (signal.aborted) break;
        if (this.needList) await this.list(http, signal);
        const end = await this.watch(http, signal);
        if (end === 'gone') {
          this.counters.gone++;
          this.needList = true;
          delay = this.streak.goneDelay();
        }
      } catch (e) {
        if (signal.aborted) break;
        delay = this.onFailure(e);
      }
      if (delay > 0) await sleep(this.clock, delay, signal);
    }
  }

  private async list(http: KubeHttpLike, signal: AbortSignal): Promise<void> {
    await this.loaded;
    const started = this.clock.now();
    const relist = this.counters.lists > 0;
    // A cold slice shows its first pages at once; a warm one waits for the exact diff.
    const progressive = this.coldCache && !relist;
    // a relist of a live source shows 'syncing'; a failing one keeps its state until the list succeeds
    if (this.keeper.freshness === 'live') this.setState({ freshness: 'syncing', error: undefined });
    // a one-call list of this source under way (SyncEngine.listOnce) is used rather than paging through it again
    const shared = await this.deps.sharedList?.()?.catch(() => undefined);
    const result =
      shared ??
      (await listAll(http, this.key, {
        pageSize: this.opts.pageSize,
        timeoutMs: this.opts.listTimeoutMs,
        maxRestarts: this.opts.maxListRestarts,
        signal,
        track: (call) => {
          this.counters.listRequests++;
          return countInFlight(this.counters, call);
        },
        onPage: progressive ? (items, pass) => (pass === 0 && items.length > 0 ? this.writePage(items) : Promise.resolve()) : undefined,
      }));
    this.counters.listRestarts += result.restarts;
    if (signal.aborted) return;
    await this.enqueue(() => this.storeList(result.items, result.resourceVersion));
    this.rv = result.resourceVersion;
    this.needList = false;
    this.coldCache = false;
    this.counters.lists++;
    this.setState({ freshness: 'syncing', resourceVersion: result.resourceVersion, lastSyncedAt: this.clock.now(), error: undefined });
    this.deps.onListed?.({ items: result.items.length, pages: result.pages, restarts: result.restarts, ms: this.clock.now() - started, relist });
  }

  /** Writes one page of a cold first list and pushes it (the final diff will not repeat it). */
  private writePage(items: KubeObject[]): Promise<void> {
    // if this list fails, the next one is not cold: its diff must not push these rows again
    this.coldCache = false;
    const changes: ObjectChange[] = items.map((object) => ({ type: 'upsert', object }));
    return this.enqueue(async () => {
      await this.deps.cache.applyChanges(this.key, changes, this.keeper.resourceVersion);
      this.emit({ upserts: items, deletes: [], reset: undefined, state: this.keeper.take() });
    });
  }

  /** Replaces the slice and pushes exactly what changed (lane task). */
  private async storeList(items: KubeObject[], resourceVersion: string): Promise<void> {
    let diff;
    try {
      diff = await this.deps.cache.replaceSlice(this.key, items, resourceVersion);
    } catch (e) {
      // listeners still get the truth; the cache is retried by the next list
      this.log(`writing the list of ${describeSource(this.key)} to the cache`, e);
      this.needList = true;
      this.emit({ upserts: [], deletes: [], reset: items, state: this.keeper.take() });
      throw e;
    }
    this.keeper.resourceVersion = resourceVersion;
    const delta = listDelta(items, diff, this.keeper.take());
    if (delta) this.emit(delta);
  }

  private async watch(http: KubeHttpLike, signal: AbortSignal): Promise<WatchEnd> {
    const abort = new AbortController();
    this.watchAbort = abort;
    this.cacheError = undefined;
    this.counters.watches++;
    try {
      return await countInFlight(this.counters, () =>
        watchStream(http, {
          path: collectionPath(this.key),
          resourceVersion: this.rv,
          timeoutSeconds: this.opts.watchTimeoutSeconds,
          openTimeoutMs: this.opts.watchOpenTimeoutMs,
          silenceMs: this.opts.silenceMs,
          minWatchMs: this.opts.minWatchMs,
          clock: this.clock,
          signal,
          abort,
          onStarted: () => this.onWatchStarted(),
          onSilent: () => this.counters.watchdogFires++,
          onEvent: (ev) => this.onEvent(ev),
        }),
      );
    } catch (e) {
      if (this.cacheError !== undefined) {
        const cause = this.cacheError;
        this.cacheError = undefined;
        throw cause;
      }
      throw e;
    } finally {
      this.watchAbort = undefined;
      // changes received before the end are written before anything else happens
      await this.flush();
    }
  }

  /**
   * Handles one watch event; true when the watch must end with a 410. Synchronous unless the
   * batch is full and must be written first (no promise per event on the hot path).
   */
  private onEvent(ev: WatchEvent): boolean | Promise<boolean> {
    switch (ev.type) {
      case 'ADDED':
      case 'MODIFIED':
      case 'DELETED': {
        const object = trimObject(ev.object as KubeObject);
        this.rv = object.metadata.resourceVersion ?? this.rv;
        this.counters.events++;
        this.batch.add({ type: ev.type === 'DELETED' ? 'delete' : 'upsert', object, json: ev.json }, this.rv);
        this.keeper.touch();
        if (this.batch.events >= this.opts.batchMax) return this.flush().then(() => false);
        this.flushTimer ??= this.clock.timer(this.opts.batchMs, () => {
          this.flush().catch((e: unknown) => this.log(`writing changes of ${describeSource(this.key)}`, e));
        });
        return false;
      }
      case 'BOOKMARK': {
        // a bookmark moves the resourceVersion only
        this.rv = (ev.object as KubeObject).metadata.resourceVersion ?? this.rv;
        this.counters.bookmarks++;
        this.keeper.touch();
        if (this.batch.events === 0) {
          const rv = this.rv;
          void this.enqueue(async () => {
            this.keeper.resourceVersion = rv;
            await this.persistState(true);
          }).catch((e: unknown) => this.log(`recording the state of ${describeSource(this.key)}`, e));
        }
        return false;
      }
      case 'ERROR': {
        const status = ev.object as WatchStatus;
        if (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone') return true;
        throw httpStatusError(status.code ?? 500, JSON.stringify(status));
      }
      default:
        return false;
    }
  }

  /** Writes the pending batch in one transaction, then pushes it. */
  private flush(): Promise<void> {
    this.flushTimer?.dispose();
    this.flushTimer = undefined;
    const taken = this.batch.take();
    if (!taken) return this.lane.drained();
    return this.enqueue(async () => {
      if (this.phase === 'stopped') return;
      const started = this.clock.now();
      try {
        await this.deps.cache.applyChanges(this.key, taken.changes, taken.resourceVersion);
        this.counters.writeMs += this.clock.now() - started;
      } catch (e) {
        // the transaction did not happen: relist, whose diff will carry these changes
        this.log(`writing changes of ${describeSource(this.key)} to the cache`, e);
        this.cacheError = asAppError(e);
        this.needList = true;
        this.watchAbort?.abort();
        return;
      }
      this.counters.flushes++;
      this.counters.applied += taken.events;
      this.keeper.resourceVersion = taken.resourceVersion;
      await this.persistState(false);
      const { upserts, deletes } = splitChanges(taken.changes);
      this.emit({ upserts, deletes, reset: undefined, state: this.keeper.take() });
    });
  }

  private onWatchStarted(): void {
    this.streak.reset();
    this.setState({ freshness: 'live', error: undefined, lastSyncedAt: this.clock.now() });
  }

  /** Records a failure and returns how long to wait before the next attempt. */
  private onFailure(e: unknown): number {
    this.counters.failures++;
    const plan = this.streak.fail(e, this.clock.now());
    if (plan.relist) this.needList = true;
    this.setState({ freshness: plan.freshness, error: plan.error.message });
    return plan.delayMs;
  }

  /** Changes the state; listeners hear of it with the next push, in order with the data. */
  private setState(patch: StatePatch): void {
    if (!this.keeper.set(patch)) return;
    void this.enqueue(async () => {
      await this.persistState(true);
      const state = this.keeper.take();
      if (state) this.emit({ upserts: [], deletes: [], reset: undefined, state });
    }).catch((e: unknown) => this.log(`recording the state of ${describeSource(this.key)}`, e));
  }

  /** Stores the state (lane task); while live, `lastSyncedAt` alone is stored at most every 10 s. */
  private persistState(force: boolean): Promise<void> {
    return this.phase === 'stopped' ? Promise.resolve() : this.keeper.persist(force);
  }

  private emit(delta: SyncDelta): void {
    if (this.phase !== 'stopped') notifyListeners(this.listeners, delta, (e) => this.log(`a listener of ${describeSource(this.key)} failed`, e));
  }

  private enqueue<T>(task: () => Promise<T>): Promise<T> {
    return this.lane.enqueue(task);
  }
}
