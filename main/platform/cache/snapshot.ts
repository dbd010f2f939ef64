// SPDX-License-Identifier: Apache-2.0
/**
 * Snapshots: a standalone SQLite file with the cache's schema (filtered to one cluster, some
 * namespaces and kinds, logs optional) plus a `snapshot_meta` row, to share or to browse offline.
 * Rows are copied with ATTACH and INSERT…SELECT (never `db.serialize()`, which aborts in Electron).
 * Secrets are never exported. Snapshots open read-only, and only after the checks of
 * snapshot-checks.ts (schema exactly ours, statistics as SQLite makes them, cell size check on,
 * caps on value and row sizes), since a snapshot may come from someone else.
 */
import { copyFileSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError, isAppError } from '../../../shared/errors';
import type { CacheDb, Gvr } from './cache-db';
import { isDamage, quickCheck } from './cache-integrity';
import { defaultLogLimits } from './cache-logs';
import { latestSchemaVersion, migrate, schemaVersion } from './migrations/index';
import { applyUntrustedSettings, checkSizes, readSchema, schemaProblem, type Schema } from './snapshot-checks';
import { SqliteCache } from './sqlite-cache';

/** What goes into a snapshot. */
export interface SnapshotFilter {
  /** The cluster id in the cache. */
  cluster: string;
  /** Only these namespaces (include `''` for cluster-scoped objects); all when omitted. */
  namespaces?: string[];
  /** Only these kinds; all when omitted. */
  resources?: Gvr[];
  /** Whether kept container logs are included. */
  includeLogs: boolean;
}

/** What a snapshot says about where it came from. */
export interface SnapshotMeta {
  /** The cluster's display name. */
  clusterName: string;
  /** The API server URL. */
  server: string;
  /** When the snapshot was taken (ms since epoch). */
  takenAt: number;
}

/** The meta row as read back, with the cluster id the rows are stored under. */
export interface SnapshotInfo extends SnapshotMeta {
  cluster: string;
}

/** How many rows an export wrote. */
export interface SnapshotCounts {
  objects: number;
  sources: number;
  logLines: number;
}

const metaDdl = `CREATE TABLE snapshot_meta (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  cluster TEXT NOT NULL,
  cluster_name TEXT NOT NULL,
  server TEXT NOT NULL,
  taken_at INTEGER NOT NULL
)`;

/** Secrets stay in the cluster: never written to a file meant to be shared. */
const notSecrets = "NOT (o.api_group = '' AND o.resource = 'secrets')";

/**
 * Writes a snapshot of part of the cache to `file` (replacing it atomically).
 * @param cache - an open, writable cache
 * @param file - the snapshot file to write
 * @throws AppError('validation') when `cache` is itself a snapshot
 */
export async function exportSnapshot(cache: SqliteCache, file: string, filter: SnapshotFilter, meta: SnapshotMeta): Promise<SnapshotCounts> {
  if (cache.readOnly) throw new AppError('validation', 'A snapshot cannot be exported from a snapshot.');
  const target = path.resolve(file);
  const tmp = `${target}.tmp-${process.pid}-${Date.now()}`;
  try {
    const snap = new Database(tmp);
    try {
      migrate(snap);
      snap.exec(metaDdl);
      snap
        .prepare('INSERT INTO snapshot_meta (id, cluster, cluster_name, server, taken_at) VALUES (1, ?, ?, ?, ?)')
        .run(filter.cluster, meta.clusterName, meta.server, meta.takenAt);
    } finally {
      snap.close();
    }
    const counts = copyRows(cache.connection(), tmp, filter);
    renameSync(tmp, target);
    return counts;
  } catch (e) {
    rmSync(tmp, { force: true });
    rmSync(`${tmp}-journal`, { force: true });
    if (isAppError(e)) throw e;
    throw new AppError('unavailable', `The snapshot ${target} could not be written.`, e instanceof Error ? e.message : String(e));
  }
}

function copyRows(db: Database.Database, tmp: string, filter: SnapshotFilter): SnapshotCounts {
  const ns = filter.namespaces === undefined ? '1' : 'o.namespace IN (SELECT value FROM json_each(?))';
  const kinds =
    filter.resources === undefined
      ? '1'
      : `EXISTS (SELECT 1 FROM json_each(?) r WHERE json_extract(r.value, '$.group') = o.api_group
           AND json_extract(r.value, '$.version') = o.version AND json_extract(r.value, '$.resource') = o.resource)`;
  const params: string[] = [filter.cluster];
  if (filter.namespaces !== undefined) params.push(JSON.stringify(filter.namespaces));
  if (filter.resources !== undefined) params.push(JSON.stringify(filter.resources.map((r) => ({ group: r.group, version: r.version, resource: r.resource }))));
  // An all-namespaces source ('') is kept with its objects in the chosen namespaces.
  const sourceNs = filter.namespaces === undefined ? '1' : "(o.namespace = '' OR o.namespace IN (SELECT value FROM json_each(?)))";
  db.prepare('ATTACH DATABASE ? AS snap').run(tmp);
  try {
    return db.transaction(() => {
      const objects = db
        .prepare(`INSERT INTO snap.objects SELECT * FROM main.objects o WHERE o.cluster = ? AND ${ns} AND ${kinds} AND ${notSecrets}`)
        .run(...params).changes;
      const sources = db
        .prepare(`INSERT INTO snap.sources SELECT * FROM main.sources o WHERE o.cluster = ? AND ${sourceNs} AND ${kinds} AND ${notSecrets}`)
        .run(...params).changes;
      let logLines = 0;
      if (filter.includeLogs) {
        const logParams = filter.namespaces === undefined ? [filter.cluster] : [filter.cluster, JSON.stringify(filter.namespaces)];
        db.prepare(`INSERT INTO snap.log_containers SELECT * FROM main.log_containers o WHERE o.cluster = ? AND ${ns}`).run(...logParams);
        logLines = db
          .prepare('INSERT INTO snap.log_lines SELECT l.* FROM main.log_lines l JOIN snap.log_containers c ON c.id = l.container_id ORDER BY l.seq')
          .run().changes;
      }
      return { objects, sources, logLines };
    })();
  } finally {
    db.prepare('DETACH DATABASE snap').run();
  }
}

/** The schema a snapshot must have: ours, plus `snapshot_meta`. */
function expectedSchema(): Schema {
  const mem = new Database(':memory:');
  try {
    migrate(mem);
    mem.exec(metaDdl);
    return readSchema(mem);
  } finally {
    mem.close();
  }
}

/**
 * Opens a snapshot read-only. One from an older MLDeck is migrated in a temporary copy.
 * @returns the rows as a {@link CacheDb} whose writes throw AppError('validation') "snapshots are read-only", and its meta
 * @throws AppError('not-found') if the file is missing; AppError('validation') if it is not a usable snapshot
 */
export async function openSnapshot(file: string): Promise<{ cache: CacheDb; meta: SnapshotInfo }> {
  const source = path.resolve(file);
  if (!existsSync(source)) throw new AppError('not-found', `There is no snapshot at ${source}.`);
  let copyDir: string | undefined;
  let db: Database.Database | undefined;
  try {
    db = openChecked(source, false);
    if (schemaVersion(db) < latestSchemaVersion) {
      db.close();
      copyDir = mkdtempSync(path.join(tmpdir(), 'mldeck-snapshot-'));
      const copy = path.join(copyDir, 'snapshot.sqlite');
      copyFileSync(source, copy);
      const w = new Database(copy);
      try {
        applyUntrustedSettings(w);
        migrate(w);
      } finally {
        w.close();
      }
      db = openChecked(copy, true, source);
    }
    const row = db.prepare<[], { cluster: string; cluster_name: string; server: string; taken_at: number }>('SELECT * FROM snapshot_meta WHERE id = 1').get();
    if (row === undefined) throw notASnapshot(source, 'it has no snapshot_meta row');
    const meta: SnapshotInfo = { cluster: row.cluster, clusterName: row.cluster_name, server: row.server, takenAt: row.taken_at };
    const dir = copyDir;
    const cache = new SqliteCache(db, {
      file: source,
      limits: defaultLogLimits,
      onEvent: () => undefined,
      now: Date.now,
      readOnly: true,
      onClose: () => {
        if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
      },
    });
    return { cache, meta };
  } catch (e) {
    db?.close();
    if (copyDir !== undefined) rmSync(copyDir, { recursive: true, force: true });
    if (isAppError(e)) throw e;
    if (isDamage(e)) throw notASnapshot(source, `it is damaged (${e instanceof Error ? e.message : String(e)})`);
    throw new AppError('unavailable', `The snapshot ${source} could not be opened.`, e instanceof Error ? e.message : String(e));
  }
}

/**
 * Opens a file read-only as untrusted and checks it before any row is read: its version, its
 * schema (exactly ours when `exact`, else known names only, for an older MLDeck's file), then
 * `quick_check`, then the caps on value and row sizes.
 * @param shownAs - the name errors give (the user's file, not a temporary copy)
 */
function openChecked(file: string, exact: boolean, shownAs = file): Database.Database {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    applyUntrustedSettings(db);
    const version = schemaVersion(db);
    if (version > latestSchemaVersion) throw new AppError('validation', `The snapshot ${shownAs} was made by a newer MLDeck.`);
    const problem = schemaProblem(db, expectedSchema(), exact || version === latestSchemaVersion);
    if (problem !== undefined) throw notASnapshot(shownAs, problem);
    const damage = quickCheck(db);
    if (damage !== undefined) throw notASnapshot(shownAs, `it is damaged (${damage})`);
    checkSizes(db, shownAs);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

function notASnapshot(file: string, why: string): AppError {
  return new AppError('validation', `${file} is not a usable MLDeck snapshot: ${why}.`, why);
}
