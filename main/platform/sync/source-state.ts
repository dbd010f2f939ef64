// SPDX-License-Identifier: Apache-2.0
/**
 * The state of one synced source as its informer keeps it: the current freshness, error,
 * resourceVersion and `lastSyncedAt`; whether listeners have yet to hear of a change; and when
 * it was last stored. Storing is throttled while live (see {@link SourceStateKeeper.persist}).
 */
import type { SourceKey, SourceState } from '../cache/cache-db';
import type { Clock } from './clock';

/** What of the state an informer changes. */
export type StatePatch = Partial<Pick<SourceState, 'freshness' | 'error' | 'resourceVersion' | 'lastSyncedAt'>>;

/** Where the state is stored. */
export interface StateStore {
  getSourceState(key: SourceKey): Promise<SourceState | undefined>;
  setSourceState(state: SourceState): Promise<void>;
}

/** Store `lastSyncedAt` while live at most this often. */
export const STATE_PERSIST_MS = 10_000;

/** One source's state, its pending notice and its storing. */
export class SourceStateKeeper {
  private current: SourceState;
  private changed = false;
  private persistedAt = 0;

  constructor(
    key: SourceKey,
    private readonly store: StateStore,
    private readonly clock: Clock,
  ) {
    this.current = { key: { ...key }, freshness: 'syncing', resourceVersion: '', lastSyncedAt: undefined, error: undefined };
  }

  /** A copy of the state. */
  get state(): SourceState {
    return { ...this.current, key: { ...this.current.key } };
  }

  get freshness(): SourceState['freshness'] {
    return this.current.freshness;
  }

  /** The resourceVersion the cache's rows match. */
  get resourceVersion(): string {
    return this.current.resourceVersion;
  }

  set resourceVersion(rv: string) {
    this.current.resourceVersion = rv;
  }

  /** Records that the cache matched the cluster now (no notice: only freshness and error are news). */
  touch(): void {
    this.current.lastSyncedAt = this.clock.now();
  }

  /**
   * Changes the state.
   * @returns true when its freshness or error changed (listeners are to hear of it)
   */
  set(patch: StatePatch): boolean {
    const before = this.current;
    this.current = { ...before, ...patch };
    if (before.freshness === this.current.freshness && before.error === this.current.error) return false;
    this.changed = true;
    return true;
  }

  /** The state if listeners have yet to hear of a change (once), else undefined. */
  take(): SourceState | undefined {
    if (!this.changed) return undefined;
    this.changed = false;
    return this.state;
  }

  /** Stores the state; unless forced, at most every {@link STATE_PERSIST_MS}. */
  async persist(force: boolean): Promise<void> {
    const now = this.clock.now();
    if (!force && now - this.persistedAt < STATE_PERSIST_MS) return;
    this.persistedAt = now;
    await this.store.setSourceState(this.state);
  }

  /**
   * Reads the stored state (its resourceVersion and `lastSyncedAt`).
   * @returns whether the cache held this source at all
   */
  async load(): Promise<boolean> {
    const stored = await this.store.getSourceState(this.current.key);
    if (stored) this.current = { ...this.current, resourceVersion: stored.resourceVersion, lastSyncedAt: stored.lastSyncedAt };
    return stored !== undefined;
  }
}
