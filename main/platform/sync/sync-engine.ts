// SPDX-License-Identifier: Apache-2.0
/**
 * The sync engine: one shared {@link Informer} per source, however many views look at it.
 * Subscribing returns the cached rows at once (offline too), then deltas. When the last
 * subscriber of a source goes, its informer keeps running for a grace period, so quick
 * navigation back and forth does not relist. A view that needs a whole source at once (an
 * experiment's 5,000 trials) asks {@link SyncEngine.listOnce}: one list call, which the source's
 * informer then starts from rather than paging through the same objects again.
 */
import { AppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import type { Disposable } from '../../../shared/lifecycle';
import type { CacheDb, SourceKey, SourceState } from '../cache/cache-db';
import { systemClock, type Clock } from './clock';
import { Informer, type InformerOptions, type InformerStats, type ListInfo } from './informer';
import { listAll, type ListResult } from './list-pages';
import { sourceId, type HttpProvider, type SyncListener } from './sync-types';

/** Options of {@link SyncEngine}. */
export interface SyncEngineOptions {
  clock?: Clock;
  /** Numbers in [0, 1) for backoff jitter. */
  random?: () => number;
  /** How long an informer outlives its last subscriber, in ms. Default 30 s. */
  graceMs?: number;
  /** Tunables of every informer. */
  informer?: InformerOptions;
  /** Where unexpected problems are reported. Default console.warn. */
  log?: (message: string, error?: unknown) => void;
  /** Told after every completed list. */
  onListed?: (source: SourceKey, info: ListInfo) => void;
}

/** A subscription to one source. */
export interface SyncSubscription extends Disposable {
  /** The cached rows when subscribing, and the source's state. */
  initial: { items: KubeObject[]; state: SourceState };
}

/** A one-call list: under way (`inFlight`), or read and kept for the source's informer until taken or expired. */
interface OneCallList {
  list: Promise<ListResult>;
  inFlight: Promise<ListResult> | undefined;
  expiry: Disposable | undefined;
  /** An informer took it (once only). */
  taken: boolean;
}

/** How long a one-call list that was read waits for its source's informer to take it, in ms. */
const oneCallListKeptMs = 10_000;

interface Entry {
  informer: Informer;
  subscribers: number;
  grace: Disposable | undefined;
}

/** The engine; see the file comment. */
export class SyncEngine implements Disposable {
  private readonly entries = new Map<string, Entry>();
  /** Informers still stopping, by source; a new informer of the source waits for its cache work. */
  private readonly stopping = new Map<string, Promise<void>>();
  /** One-call lists under way or just read, by source (see {@link listOnce}). */
  private readonly oneCallLists = new Map<string, OneCallList>();
  private readonly clock: Clock;
  private readonly graceMs: number;
  private disposed = false;

  /**
   * @param registry - gives each cluster's client (`ClusterRegistry`)
   * @param cache - the offline cache
   * @param opts - clock, grace period, informer tunables
   */
  constructor(
    private readonly registry: HttpProvider,
    private readonly cache: CacheDb,
    private readonly opts: SyncEngineOptions = {},
  ) {
    this.clock = opts.clock ?? systemClock;
    this.graceMs = opts.graceMs ?? 30_000;
  }

  /**
   * Subscribes to a source: starts its informer (or joins the running one) and returns the
   * cached rows; `listener` then gets every change after those rows, in order.
   * @throws AppError('cancelled') after {@link dispose}
   */
  async subscribe(source: SourceKey, listener: SyncListener): Promise<SyncSubscription> {
    if (this.disposed) throw new AppError('cancelled', 'The sync engine has stopped.');
    const id = sourceId(source);
    const entry = this.entries.get(id) ?? this.create(id, source);
    entry.subscribers++;
    entry.grace?.dispose();
    entry.grace = undefined;
    let attached;
    try {
      attached = await entry.informer.attach(listener);
    } catch (e) {
      this.release(id, entry);
      throw e;
    }
    let done = false;
    return {
      initial: { items: attached.items, state: attached.state },
      dispose: () => {
        if (done) return;
        done = true;
        attached.dispose();
        this.release(id, entry);
      },
    };
  }

  /**
   * Every object of a source from one list call (no pages). A source watched live answers from
   * the cache; a one-call list of it already under way is shared; and its informer, if it has
   * yet to list, starts from this list and its resourceVersion instead of listing again.
   * @throws AppError from the request, or `cancelled` after {@link dispose}
   */
  async listOnce(source: SourceKey): Promise<{ items: KubeObject[]; resourceVersion: string }> {
    if (this.disposed) throw new AppError('cancelled', 'The sync engine has stopped.');
    const id = sourceId(source);
    const state = this.entries.get(id)?.informer.state;
    if (state?.freshness === 'live' && state.resourceVersion) {
      const items = await this.cache.listObjects(source.cluster, source, source.namespace === '' ? undefined : source.namespace);
      return { items, resourceVersion: state.resourceVersion };
    }
    let list = this.oneCallLists.get(id)?.inFlight;
    if (!list) {
      const key = { ...source };
      const started = this.registry
        .http(source.cluster)
        .then((http) => listAll(http, key, { pageSize: 0, timeoutMs: 120_000, maxRestarts: 0, signal: new AbortController().signal, track: (call) => call() }));
      const entry: OneCallList = { list: started, inFlight: started, expiry: undefined, taken: false };
      this.oneCallLists.set(id, entry);
      const forget = () => {
        if (this.oneCallLists.get(id) !== entry) return;
        this.oneCallLists.delete(id);
        entry.expiry?.dispose();
      };
      // a list read stays for the source's informer to start from a while; a failed one is gone at once
      started.then(() => {
        entry.inFlight = undefined;
        if (entry.taken) forget();
        else entry.expiry = this.clock.timer(oneCallListKeptMs, forget);
      }, forget);
      list = started;
    }
    const { items, resourceVersion } = await list;
    return { items, resourceVersion };
  }

  /** The state of a source being synced now, or undefined if no informer runs for it. */
  stateOf(source: SourceKey): SourceState | undefined {
    return this.entries.get(sourceId(source))?.informer.state;
  }

  /** Counters of a source's informer (tests, benchmarks). */
  statsOf(source: SourceKey): InformerStats | undefined {
    return this.entries.get(sourceId(source))?.informer.stats;
  }

  /** Pauses every watch (e.g. while the system sleeps); {@link resume} continues from the same resourceVersions. */
  async pause(): Promise<void> {
    await Promise.all([...this.entries.values()].map((e) => e.informer.pause()));
  }

  /** Resumes after {@link pause}. */
  resume(): void {
    for (const e of this.entries.values()) e.informer.resume();
  }

  /** Stops every informer at once: no timer, request or socket is left. */
  dispose(): void {
    this.disposed = true;
    for (const l of this.oneCallLists.values()) l.expiry?.dispose();
    this.oneCallLists.clear();
    for (const e of this.entries.values()) {
      e.grace?.dispose();
      e.informer.dispose();
    }
    this.entries.clear();
  }

  private create(id: string, source: SourceKey): Entry {
    const key: SourceKey = { cluster: source.cluster, group: source.group, version: source.version, resource: source.resource, namespace: source.namespace };
    const onListed = this.opts.onListed;
    const informer = new Informer(
      key,
      {
        http: async () => this.registry.http(key.cluster),
        cache: this.cache,
        clock: this.clock,
        ...(this.opts.random ? { random: this.opts.random } : {}),
        ...(this.opts.log ? { log: this.opts.log } : {}),
        ...(onListed ? { onListed: (info: ListInfo) => onListed(key, info) } : {}),
        sharedList: () => this.takeOneCallList(id),
      },
      this.opts.informer,
    );
    const entry: Entry = { informer, subscribers: 0, grace: undefined };
    this.entries.set(id, entry);
    informer.start(this.stopping.get(id));
    return entry;
  }

  /**
   * The one-call list of a source under way or just read, for its informer to start from
   * (taken once). It resolves a turn of the event loop after the list: the view that asked for
   * it is answered before the informer writes thousands of rows to the cache and pushes them.
   */
  private takeOneCallList(id: string): Promise<ListResult> | undefined {
    const entry = this.oneCallLists.get(id);
    if (!entry || entry.taken) return undefined;
    entry.taken = true;
    if (!entry.inFlight) {
      this.oneCallLists.delete(id);
      entry.expiry?.dispose();
    }
    return entry.list.then((list) => new Promise<ListResult>((resolve) => setImmediate(() => resolve(list))));
  }

  private release(id: string, entry: Entry): void {
    entry.subscribers--;
    if (entry.subscribers > 0 || this.disposed) return;
    entry.grace = this.clock.timer(this.graceMs, () => {
      entry.grace = undefined;
      if (entry.subscribers > 0 || this.entries.get(id) !== entry) return;
      this.entries.delete(id);
      const stopped = entry.informer.stop().finally(() => {
        if (this.stopping.get(id) === stopped) this.stopping.delete(id);
      });
      this.stopping.set(id, stopped);
    });
  }
}
