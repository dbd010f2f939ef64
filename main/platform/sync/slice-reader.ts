// SPDX-License-Identifier: Apache-2.0
/**
 * Reads a slice through the cache: for a live cluster it makes sure the slice's informer
 * runs (so the cache is filled and then kept fresh for a while), waits briefly for the first
 * sync, and returns the cached rows with their freshness; for a snapshot it reads the file.
 * Every view that is not a live list (overview, palette, detail) reads this way, so each one
 * works offline too.
 */
import type { SliceStatus } from '../../../shared/features/sync/sync.contract';
import type { KubeObject } from '../../../shared/kube/object';
import type { CacheDb, SourceKey, SourceState } from '../cache/cache-db';
import type { SyncEngine } from './sync-engine';
import { isSnapshotId, type SnapshotRegistry } from '../snapshots/snapshot-registry';
import { sliceStatus } from './slice-status';

/** Rows and how fresh they are. */
export interface SliceRead {
  items: KubeObject[];
  status: SliceStatus;
}

/** The reader. */
export class SliceReader {
  constructor(
    private readonly engine: SyncEngine,
    private readonly cache: CacheDb,
    private readonly snapshots: SnapshotRegistry,
  ) {}

  /** Reads a slice; waits at most `waitMs` for a first sync of a live cluster. */
  async read(source: SourceKey, waitMs = 15_000): Promise<SliceRead> {
    const ns = source.namespace || undefined;
    if (isSnapshotId(source.cluster)) {
      const snap = this.snapshots.get(source.cluster);
      const cluster = snap.meta.cluster;
      const items = await snap.cache.listObjects(cluster, source, ns);
      const state = (await snap.cache.listSources(cluster)).find((s) => s.key.group === source.group && s.key.resource === source.resource);
      return { items, status: snapshotStatus(snap.file, snap.meta.takenAt, state) };
    }
    let settle: (s: SourceState) => void = () => undefined;
    const settled = new Promise<SourceState>((r) => (settle = r));
    const sub = await this.engine.subscribe(source, (d) => {
      if (d.state && d.state.freshness !== 'syncing') settle(d.state);
    });
    try {
      let state = sub.initial.state;
      // a forbidden slice will not change by waiting
      if (state.freshness === 'syncing' || (state.freshness !== 'live' && state.freshness !== 'forbidden' && state.lastSyncedAt === undefined)) {
        state = await Promise.race([settled, new Promise<SourceState>((r) => setTimeout(() => r(this.engine.stateOf(source) ?? state), waitMs))]);
      }
      const items = await this.cache.listObjects(source.cluster, source, ns);
      return { items, status: sliceStatus(this.engine.stateOf(source) ?? state) };
    } finally {
      sub.dispose();
    }
  }

  /** One cached object (live clusters: as last synced; snapshots: from the file). */
  async cached(source: SourceKey, namespace: string, name: string): Promise<KubeObject | undefined> {
    if (isSnapshotId(source.cluster)) {
      const snap = this.snapshots.get(source.cluster);
      return snap.cache.getObject(snap.meta.cluster, source, namespace, name);
    }
    return this.cache.getObject(source.cluster, source, namespace, name);
  }
}

/** The status of rows read from a snapshot. */
export function snapshotStatus(file: string, takenAt: number, state: SourceState | undefined): SliceStatus {
  return { freshness: 'offline', lastSyncedAt: state?.lastSyncedAt ?? takenAt, reason: 'read-only snapshot', snapshot: { file, takenAt } };
}
