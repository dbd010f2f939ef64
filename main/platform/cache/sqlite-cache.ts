// SPDX-License-Identifier: Apache-2.0
/**
 * The offline cache on SQLite (better-sqlite3). Every method runs synchronously when called and
 * returns a settled promise, so calls never interleave: each is atomic and they take effect in
 * call order. The async surface lets this move to a worker thread without changing callers.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Database, Statement } from 'better-sqlite3';
import { AppError, isAppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import type { CacheDb, Freshness, Gvr, LogKey, MetricSample, ObjectChange, SliceDiff, SourceKey, SourceState } from './cache-db';
import { assertLocalCacheLocation } from './cache-location';
import { type CacheEvent, isDamage, markForReplacement, openCacheFile } from './cache-integrity';
import { defaultLogLimits, type LogLimits, LogStore } from './cache-logs';
import { type CachedVersion, planSlice, rowKey, toRow } from './object-rows';

export type { CacheEvent } from './cache-integrity';
export type { LogLimits } from './cache-logs';

/** How {@link openCache} opens a cache. */
export interface OpenCacheOptions {
  /** The cache file, e.g. `<dataDir>/cache.sqlite`. */
  file: string;
  /** Bounds on kept logs (default 4 MiB per container, 256 MiB in total). */
  logLimits?: LogLimits;
  /** Told about recoveries and damage (show these to the user). */
  onEvent?: (e: CacheEvent) => void;
  /** The clock for `seen_at` and `lastSyncedAt` (tests). */
  now?: () => number;
}

/** Where the next page of {@link SqliteCache.listObjectsPage} starts. */
export interface PageCursor {
  namespace: string;
  name: string;
}

type ObjectKeyParams = [string, string, string, string, string, string];
type ScopeParams = [string, string, string, string];
type ScopeNsParams = [string, string, string, string, string];
type UpsertParams = [string, string, string, string, string, string, string, string, string, number];

interface PageRow {
  namespace: string;
  name: string;
  json: string;
}

interface SourceRow {
  cluster: string;
  api_group: string;
  version: string;
  resource: string;
  namespace: string;
  freshness: Freshness;
  resource_version: string;
  last_synced_at: number | null;
  error: string | null;
}

const objectColumns = 'cluster = ? AND api_group = ? AND version = ? AND resource = ?';
const sourceColumns = 'cluster, api_group, version, resource, namespace';

/**
 * Opens the cache file: refuses network and sync folders, applies WAL, `synchronous = NORMAL`,
 * foreign keys and a busy timeout, runs `quick_check`, replaces a damaged file (telling
 * `onEvent`), and migrates the schema.
 * @throws AppError('validation') for a network or sync-folder location; AppError('unavailable') if the file cannot be opened
 */
export async function openCache(opts: OpenCacheOptions): Promise<SqliteCache> {
  const file = path.resolve(opts.file);
  const limits = opts.logLimits ?? defaultLogLimits;
  if (!(limits.perContainerBytes >= 1 && limits.totalBytes >= limits.perContainerBytes)) {
    throw new AppError('validation', 'Log limits need 1 ≤ perContainerBytes ≤ totalBytes.');
  }
  assertLocalCacheLocation(file);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const onEvent = (e: CacheEvent): void => {
    try {
      opts.onEvent?.(e);
    } catch {
      // A listener's failure must not fail the cache (nor, after a recovery, loop the start).
    }
  };
  const db = openCacheFile(file, onEvent);
  return new SqliteCache(db, { file, limits, onEvent, now: opts.now ?? Date.now, readOnly: false });
}

/** The {@link CacheDb} on SQLite. Make one with {@link openCache} (or `openSnapshot`, read-only). */
export class SqliteCache implements CacheDb {
  /** The absolute path of the database file. */
  readonly file: string;
  /** True for snapshots: every write throws AppError('validation'). */
  readonly readOnly: boolean;
  private readonly now: () => number;
  private readonly onEvent: (e: CacheEvent) => void;
  private readonly logs: LogStore;
  private readonly s: ReturnType<typeof prepareStatements>;
  private readonly onClose: (() => void) | undefined;
  private closed = false;

  /**
   * Wraps an open, migrated connection; use {@link openCache} instead.
   * @internal
   */
  constructor(
    private readonly db: Database,
    opts: { file: string; limits: LogLimits; onEvent: (e: CacheEvent) => void; now: () => number; readOnly: boolean; onClose?: () => void },
  ) {
    this.onClose = opts.onClose;
    this.file = opts.file;
    this.readOnly = opts.readOnly;
    this.now = opts.now;
    this.onEvent = opts.onEvent;
    this.logs = new LogStore(db, opts.limits);
    this.s = prepareStatements(db);
  }

  /** The connection, for snapshot export in this folder only. @internal */
  connection(): Database {
    this.assertOpen();
    return this.db;
  }

  /** {@inheritDoc CacheDb.listObjects} */
  listObjects(cluster: string, gvr: Gvr, namespace?: string): Promise<KubeObject[]> {
    return this.op('read objects', () => {
      const json =
        namespace === undefined
          ? this.s.listAll.all(cluster, gvr.group, gvr.version, gvr.resource)
          : this.s.listNs.all(cluster, gvr.group, gvr.version, gvr.resource, namespace);
      return this.parseAll(json);
    });
  }

  /**
   * One page of cached objects, ordered by namespace then name (for a fast first paint).
   * @param after - the last key of the previous page
   */
  listObjectsPage(
    cluster: string,
    gvr: Gvr,
    namespace: string | undefined,
    limit: number,
    after?: PageCursor,
  ): Promise<{ items: KubeObject[]; next: PageCursor | undefined }> {
    if (!(Number.isInteger(limit) && limit > 0)) return Promise.reject(new AppError('validation', 'limit must be a whole number > 0.'));
    return this.op('read objects', () => {
      const g = [cluster, gvr.group, gvr.version, gvr.resource] as const;
      let rows: { namespace: string; name: string; json: string }[];
      if (namespace === undefined) {
        rows = after === undefined ? this.s.firstPageAll.all(...g, limit) : this.s.nextPageAll.all(...g, after.namespace, after.namespace, after.name, limit);
      } else {
        rows = after === undefined ? this.s.firstPageNs.all(...g, namespace, limit) : this.s.nextPageNs.all(...g, namespace, after.name, limit);
      }
      const last = rows.at(-1);
      const next = rows.length === limit && last !== undefined ? { namespace: last.namespace, name: last.name } : undefined;
      return { items: this.parseAll(rows.map((r) => r.json)), next };
    });
  }

  /** {@inheritDoc CacheDb.getObject} */
  getObject(cluster: string, gvr: Gvr, namespace: string, name: string): Promise<KubeObject | undefined> {
    return this.op('read an object', () => {
      const json = this.s.getJson.get(cluster, gvr.group, gvr.version, gvr.resource, namespace, name);
      return json === undefined ? undefined : this.parseAll([json])[0];
    });
  }

  /**
   * {@inheritDoc CacheDb.replaceSlice}
   * Unchanged means the same uid and resourceVersion; objects without a resourceVersion are
   * compared by their JSON. Duplicate keys in `objects` count once (the last wins).
   */
  replaceSlice(source: SourceKey, objects: KubeObject[], resourceVersion: string): Promise<SliceDiff> {
    return this.write('replace a slice', () => {
      const rows = objects.map((o) => toRow(source, o));
      const g = [source.cluster, source.group, source.version, source.resource] as const;
      const cached = new Map<string, CachedVersion>();
      const versions = source.namespace === '' ? this.s.versionsAll.all(...g) : this.s.versionsNs.all(...g, source.namespace);
      for (const v of versions) cached.set(rowKey(v.namespace, v.name), { uid: v.uid, resourceVersion: v.resource_version });
      const plan = planSlice(rows, cached, (ns, name) => this.s.getJson.get(...g, ns, name));
      const deleted: KubeObject[] = [];
      const at = this.now();
      for (const [ns, name] of plan.delete) {
        const json = this.s.getJson.get(...g, ns, name);
        if (json !== undefined) deleted.push(...this.parseAll([json]));
        this.s.deleteObject.run(...g, ns, name);
      }
      for (const r of plan.upsert) this.s.upsert.run(...g, r.namespace, r.name, r.uid, r.resourceVersion, JSON.stringify(r.object), at);
      this.recordSync(source, resourceVersion, at);
      return { upserted: plan.upsert.map((r) => r.object), deleted, unchanged: plan.unchanged };
    });
  }

  /** {@inheritDoc CacheDb.applyChanges} */
  applyChanges(source: SourceKey, changes: ObjectChange[], resourceVersion: string): Promise<void> {
    return this.write('apply changes', () => {
      const g = [source.cluster, source.group, source.version, source.resource] as const;
      const at = this.now();
      for (const change of changes) {
        const r = toRow(source, change.object);
        if (change.type === 'delete') this.s.deleteObject.run(...g, r.namespace, r.name);
        else this.s.upsert.run(...g, r.namespace, r.name, r.uid, r.resourceVersion, change.json ?? JSON.stringify(r.object), at);
      }
      this.recordSync(source, resourceVersion, at);
    });
  }

  /** Records a list's or watch's resourceVersion; a new source starts as 'syncing'. */
  private recordSync(source: SourceKey, resourceVersion: string, at: number): void {
    this.s.recordSync.run(source.cluster, source.group, source.version, source.resource, source.namespace, resourceVersion, at);
  }

  /** {@inheritDoc CacheDb.getSourceState} */
  getSourceState(source: SourceKey): Promise<SourceState | undefined> {
    return this.op('read a source', () => {
      const row = this.s.getSource.get(source.cluster, source.group, source.version, source.resource, source.namespace);
      return row === undefined ? undefined : toSourceState(row);
    });
  }

  /** {@inheritDoc CacheDb.setSourceState} Writes every field as given. */
  setSourceState(state: SourceState): Promise<void> {
    return this.write('store a source', () => {
      const k = state.key;
      this.s.setSource.run(
        k.cluster,
        k.group,
        k.version,
        k.resource,
        k.namespace,
        state.freshness,
        state.resourceVersion,
        state.lastSyncedAt ?? null,
        state.error ?? null,
      );
    });
  }

  /** {@inheritDoc CacheDb.listSources} */
  listSources(cluster: string): Promise<SourceState[]> {
    return this.op('list sources', () => this.s.listSources.all(cluster).map(toSourceState));
  }

  /** {@inheritDoc CacheDb.appendLogs} */
  appendLogs(key: LogKey, lines: string[], at: number): Promise<void> {
    return this.write('keep logs', () => this.logs.append(key, lines, at));
  }

  /** {@inheritDoc CacheDb.readLogs} */
  readLogs(key: LogKey, limit?: number): Promise<{ lines: string[]; truncated: boolean; lastAt: number | undefined }> {
    if (limit !== undefined && !(Number.isInteger(limit) && limit >= 0)) return Promise.reject(new AppError('validation', 'limit must be a whole number ≥ 0.'));
    return this.op('read logs', () => this.logs.read(key, limit));
  }

  /** {@inheritDoc CacheDb.listLogKeys} */
  listLogKeys(cluster: string, namespace?: string): Promise<(LogKey & { bytes: number; lastAt: number })[]> {
    return this.op('list logs', () => this.logs.keys(cluster, namespace));
  }

  /** {@inheritDoc CacheDb.putMetricSamples} */
  putMetricSamples(cluster: string, samples: MetricSample[], keepSince: number): Promise<void> {
    return this.write('keep metric samples', () => {
      for (const s of samples) if (Number.isFinite(s.value)) this.s.putSample.run(cluster, s.metric, s.series, Math.round(s.at), s.value);
      this.s.trimSamples.run(keepSince); // every cluster's: a cluster no longer fetched keeps nothing forever
    });
  }

  /** {@inheritDoc CacheDb.readMetricSamples} */
  readMetricSamples(cluster: string, metrics: string[], since: number): Promise<MetricSample[]> {
    return this.op('read metric samples', () =>
      metrics.flatMap((metric) => this.s.readSamples.all(cluster, metric, since).map((r) => ({ metric, series: r.series, at: r.at, value: r.value }))),
    );
  }

  /** Closes the connection (SQLite checkpoints the -wal into the file). Safe to call twice. */
  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.db.close();
    } finally {
      this.onClose?.();
    }
  }

  private parseAll(json: string[]): KubeObject[] {
    const out: KubeObject[] = [];
    for (const text of json) {
      try {
        out.push(JSON.parse(text) as KubeObject);
      } catch {
        // SQLite has no page checksums: a damaged payload can pass quick_check. Skip the row.
        this.reportDamage('a cached object is not valid JSON');
      }
    }
    return out;
  }

  private write<T>(what: string, fn: () => T): Promise<T> {
    if (this.readOnly) return Promise.reject(new AppError('validation', 'snapshots are read-only'));
    return this.op(what, () => this.db.transaction(fn).immediate());
  }

  private op<T>(what: string, fn: () => T): Promise<T> {
    try {
      this.assertOpen();
      return Promise.resolve(fn());
    } catch (e) {
      return Promise.reject(this.toAppError(what, e));
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new AppError('unavailable', 'The offline cache is closed.');
  }

  private reportDamage(reason: string): void {
    if (!this.readOnly) markForReplacement(this.file, reason);
    this.onEvent({ type: 'corrupt', reason });
  }

  private toAppError(what: string, e: unknown): AppError {
    if (isAppError(e)) return e;
    const detail = e instanceof Error ? e.message : String(e);
    const code = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
    if (isDamage(e)) {
      this.reportDamage(detail);
      return new AppError('internal', `The offline cache is damaged (while trying to ${what}); it will be rebuilt at the next start.`, detail);
    }
    if (code === 'SQLITE_FULL') return new AppError('unavailable', `The disk holding the offline cache is full (while trying to ${what}).`, detail);
    if (code === 'SQLITE_BUSY' || (typeof code === 'string' && code.startsWith('SQLITE_IOERR'))) {
      return new AppError('unavailable', `The offline cache could not ${what}.`, detail, true);
    }
    return new AppError('internal', `The offline cache could not ${what}.`, detail);
  }
}

function toSourceState(r: SourceRow): SourceState {
  return {
    key: { cluster: r.cluster, group: r.api_group, version: r.version, resource: r.resource, namespace: r.namespace },
    freshness: r.freshness,
    resourceVersion: r.resource_version,
    lastSyncedAt: r.last_synced_at ?? undefined,
    error: r.error ?? undefined,
  };
}

function prepareStatements(db: Database) {
  const json = <P extends unknown[]>(sql: string): Statement<P, string> => db.prepare<P, string>(sql).pluck();
  const page = `SELECT namespace, name, json FROM objects WHERE ${objectColumns}`;
  return {
    listAll: json<ScopeParams>(`SELECT json FROM objects WHERE ${objectColumns} ORDER BY namespace, name`),
    listNs: json<ScopeNsParams>(`SELECT json FROM objects WHERE ${objectColumns} AND namespace = ? ORDER BY name`),
    firstPageAll: db.prepare<[...ScopeParams, number], PageRow>(`${page} ORDER BY namespace, name LIMIT ?`),
    nextPageAll: db.prepare<[...ScopeParams, string, string, string, number], PageRow>(
      `${page} AND (namespace > ? OR (namespace = ? AND name > ?)) ORDER BY namespace, name LIMIT ?`,
    ),
    firstPageNs: db.prepare<[...ScopeNsParams, number], PageRow>(`${page} AND namespace = ? ORDER BY name LIMIT ?`),
    nextPageNs: db.prepare<[...ScopeNsParams, string, number], PageRow>(`${page} AND namespace = ? AND name > ? ORDER BY name LIMIT ?`),
    getJson: json<ObjectKeyParams>(`SELECT json FROM objects WHERE ${objectColumns} AND namespace = ? AND name = ?`),
    versionsAll: db.prepare<ScopeParams, { namespace: string; name: string; uid: string; resource_version: string }>(
      `SELECT namespace, name, uid, resource_version FROM objects WHERE ${objectColumns}`,
    ),
    versionsNs: db.prepare<ScopeNsParams, { namespace: string; name: string; uid: string; resource_version: string }>(
      `SELECT namespace, name, uid, resource_version FROM objects WHERE ${objectColumns} AND namespace = ?`,
    ),
    upsert: db.prepare<UpsertParams>(
      `INSERT INTO objects (cluster, api_group, version, resource, namespace, name, uid, resource_version, json, seen_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (cluster, api_group, version, resource, namespace, name) DO UPDATE SET
         uid = excluded.uid, resource_version = excluded.resource_version, json = excluded.json, seen_at = excluded.seen_at`,
    ),
    deleteObject: db.prepare<ObjectKeyParams>(`DELETE FROM objects WHERE ${objectColumns} AND namespace = ? AND name = ?`),
    recordSync: db.prepare<[string, string, string, string, string, string, number]>(
      `INSERT INTO sources (${sourceColumns}, freshness, resource_version, last_synced_at) VALUES (?, ?, ?, ?, ?, 'syncing', ?, ?)
       ON CONFLICT (${sourceColumns}) DO UPDATE SET resource_version = excluded.resource_version, last_synced_at = excluded.last_synced_at`,
    ),
    getSource: db.prepare<ScopeNsParams, SourceRow>(`SELECT * FROM sources WHERE ${objectColumns} AND namespace = ?`),
    setSource: db.prepare<[string, string, string, string, string, Freshness, string, number | null, string | null]>(
      `INSERT INTO sources (${sourceColumns}, freshness, resource_version, last_synced_at, error) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (${sourceColumns}) DO UPDATE SET freshness = excluded.freshness, resource_version = excluded.resource_version,
         last_synced_at = excluded.last_synced_at, error = excluded.error`,
    ),
    listSources: db.prepare<[string], SourceRow>(`SELECT * FROM sources WHERE cluster = ? ORDER BY api_group, version, resource, namespace`),
    putSample: db.prepare<[string, string, string, number, number]>(
      `INSERT INTO metric_samples (cluster, metric, series, at, value) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (cluster, metric, series, at) DO UPDATE SET value = excluded.value`,
    ),
    // served by metric_samples_by_age (migration 5)
    trimSamples: db.prepare<[number]>(`DELETE FROM metric_samples WHERE at < ?`),
    readSamples: db.prepare<[string, string, number], { series: string; at: number; value: number }>(
      `SELECT series, at, value FROM metric_samples WHERE cluster = ? AND metric = ? AND at >= ? ORDER BY at, series`,
    ),
  };
}
