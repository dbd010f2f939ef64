// SPDX-License-Identifier: Apache-2.0
/**
 * The sync engine: one shared {@link Informer} per source, however many views look at it.
 * Subscribing returns the cached rows at once (offline too), then deltas. When the last
 * subscriber of a source goes, its informer keeps running for a grace period, so quick
 * navigation back and forth does not relist.
 */
import { AppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import type { Disposable } from '../../../shared/lifecycle';
import type { CacheDb, SourceKey, SourceState } from '../cache/cache-db';
import { systemClock, type Clock } from './clock';
import { Informer, type InformerOptions, type InformerStats, type ListInfo } from './informer';
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
      },
      this.opts.informer,
    );
    const entry: Entry = { informer, subscribers: 0, grace: undefined };
    this.entries.set(id, entry);
    informer.start(this.stopping.get(id));
    return entry;
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
