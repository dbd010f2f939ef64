// SPDX-License-Identifier: Apache-2.0
/**
 * The offline cache's interface. Everything MLDeck sees lands here, so views read the cache
 * first and stay readable offline. Async on purpose: the SQLite implementation may move to a
 * worker thread without changing callers.
 */
import type { KubeObject } from '../../../shared/kube/object';
import type { Disposable } from '../../../shared/lifecycle';

/** A resource kind in a cluster. */
export interface Gvr {
  group: string;
  version: string;
  resource: string;
}

/**
 * What one informer keeps in sync: a kind in a cluster, in one namespace or in all
 * (`namespace: ''`, also used for cluster-scoped kinds).
 */
export interface SourceKey extends Gvr {
  cluster: string;
  namespace: string;
}

/** How fresh a source's cached objects are. */
export type Freshness = 'live' | 'syncing' | 'reconnecting' | 'offline' | 'forbidden';

/** The sync state of a source, kept with its objects. */
export interface SourceState {
  key: SourceKey;
  freshness: Freshness;
  /** The resourceVersion the cached objects are at ('' before the first list). */
  resourceVersion: string;
  /** When the cache last matched the cluster (ms since epoch). */
  lastSyncedAt: number | undefined;
  /** The last error, in words (never a secret). */
  error: string | undefined;
}

/**
 * One change from a watch. `json`, when given, is the object's JSON text as received (the
 * same value as `object`); the cache stores it instead of serialising the object again.
 */
export type ObjectChange = { type: 'upsert' | 'delete'; object: KubeObject; json?: string };

/** What a relist changed, for pushing exact deltas (no phantom deletes or duplicates). */
export interface SliceDiff {
  upserted: KubeObject[];
  /** Objects that were cached but are no longer in the cluster. */
  deleted: KubeObject[];
  /** Objects whose resourceVersion did not change (not pushed again). */
  unchanged: number;
}

/** Kept container logs: one container of one pod. */
export interface LogKey {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
}

/** One fetched metric value (e.g. a GPU's utilisation at a time). */
export interface MetricSample {
  /** The metric, e.g. `gpu-util`. */
  metric: string;
  /** The series' labels as a stable key. */
  series: string;
  /** ms since epoch. */
  at: number;
  value: number;
}

/** The cache. */
export interface CacheDb extends Disposable {
  /** Cached objects of a kind, in one namespace or all (namespace undefined). */
  listObjects(cluster: string, gvr: Gvr, namespace?: string): Promise<KubeObject[]>;
  /** One cached object. */
  getObject(cluster: string, gvr: Gvr, namespace: string, name: string): Promise<KubeObject | undefined>;
  /**
   * Replaces every cached object in a source's scope with a fresh list, in one transaction,
   * and records the list's resourceVersion; returns exactly what changed.
   */
  replaceSlice(source: SourceKey, objects: KubeObject[], resourceVersion: string): Promise<SliceDiff>;
  /** Applies watch changes in one transaction and records the new resourceVersion. */
  applyChanges(source: SourceKey, changes: ObjectChange[], resourceVersion: string): Promise<void>;
  /** The stored sync state of a source, if it was ever synced. */
  getSourceState(source: SourceKey): Promise<SourceState | undefined>;
  /** Stores the sync state of a source. */
  setSourceState(state: SourceState): Promise<void>;
  /** Every source ever synced for a cluster (for offline views and snapshots). */
  listSources(cluster: string): Promise<SourceState[]>;

  /** Appends log lines of a container, keeping at most the configured bytes per container and in total. */
  appendLogs(key: LogKey, lines: string[], at: number): Promise<void>;
  /** The kept lines of a container, oldest first (at most `limit`, newest kept). */
  readLogs(key: LogKey, limit?: number): Promise<{ lines: string[]; truncated: boolean; lastAt: number | undefined }>;
  /** Containers with kept logs in a cluster (optionally one namespace). */
  listLogKeys(cluster: string, namespace?: string): Promise<(LogKey & { bytes: number; lastAt: number })[]>;

  /**
   * Keeps fetched metric samples of a cluster (a sample at the same metric, series and time is
   * replaced) and removes every cluster's samples older than `keepSince` (ms), in one transaction.
   */
  putMetricSamples(cluster: string, samples: MetricSample[], keepSince: number): Promise<void>;
  /** A cluster's kept samples of the given metrics at or after `since` (ms), oldest first. */
  readMetricSamples(cluster: string, metrics: string[], since: number): Promise<MetricSample[]>;
}
