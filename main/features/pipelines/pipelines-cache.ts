// SPDX-License-Identifier: Apache-2.0
/**
 * What MLDeck saw of each cluster's KFP, kept for offline use: the pipelines list, each
 * pipeline with its versions and each version with its spec, as JSON rows
 * with the time they were seen. It lives in its own SQLite file beside the offline cache
 * (`cache/pipelines-cache.sqlite`, WAL, `quick_check` at open, a damaged file moved aside and
 * started fresh), so these rows never take part in the object cache's migrations.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';
import { applySettings, busyTimeoutMs, moveAside, quickCheck } from '../../platform/cache/cache-integrity';

/** What a row holds. */
export type PipelinesCacheKind = 'pipelines' | 'pipeline' | 'version';

/** A kept row: the value and when it was seen (ms since epoch). */
export interface Seen<T> {
  value: T;
  seenAt: number;
}

const schemaVersion = 1;

function openFile(file: string): Database.Database {
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    applySettings(db);
    const problem = quickCheck(db);
    if (problem) throw new Error(problem);
    if (Number(db.pragma('user_version', { simple: true })) < schemaVersion) {
      db.exec(`
        CREATE TABLE IF NOT EXISTS pipeline_rows (
          cluster TEXT NOT NULL,
          kind TEXT NOT NULL,
          key TEXT NOT NULL,
          json TEXT NOT NULL,
          seen_at INTEGER NOT NULL,
          PRIMARY KEY (cluster, kind, key)
        ) WITHOUT ROWID;
      `);
      db.pragma(`user_version = ${schemaVersion}`);
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** The pipelines' offline rows. */
export class PipelinesCache implements Disposable {
  private readonly db: Database.Database;
  private readonly put_: Database.Statement<[string, string, string, string, number]>;
  private readonly get_: Database.Statement<[string, string, string], { json: string; seen_at: number }>;

  /**
   * Opens (creating if needed) the file; a damaged one is moved aside once and started fresh.
   * @throws AppError('unavailable') when no file can be opened
   */
  constructor(readonly file: string) {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    let db: Database.Database;
    try {
      db = openFile(file);
    } catch {
      moveAside(file);
      try {
        db = openFile(file);
      } catch (e) {
        throw new AppError('unavailable', `The pipelines cache at ${file} cannot be opened.`, (e as Error).message);
      }
    }
    this.db = db;
    this.put_ = db.prepare('INSERT OR REPLACE INTO pipeline_rows (cluster, kind, key, json, seen_at) VALUES (?, ?, ?, ?, ?)');
    this.get_ = db.prepare('SELECT json, seen_at FROM pipeline_rows WHERE cluster = ? AND kind = ? AND key = ?');
  }

  /** Keeps a value (replacing what was kept under the same key). */
  put(cluster: string, kind: PipelinesCacheKind, key: string, value: unknown, seenAt: number): void {
    this.put_.run(cluster, kind, key, JSON.stringify(value), seenAt);
  }

  /** A kept value, or undefined. */
  get<T>(cluster: string, kind: PipelinesCacheKind, key: string): Seen<T> | undefined {
    const row = this.get_.get(cluster, kind, key);
    if (!row) return undefined;
    return { value: JSON.parse(row.json) as T, seenAt: row.seen_at };
  }

  /** Forgets a key (a pipeline or version KFP says no longer exists, or one deleted). */
  remove(cluster: string, kind: PipelinesCacheKind, key: string): void {
    this.db.prepare('DELETE FROM pipeline_rows WHERE cluster = ? AND kind = ? AND key = ?').run(cluster, kind, key);
  }

  /** Forgets every key starting with a prefix (the versions of a deleted pipeline). */
  removePrefix(cluster: string, kind: PipelinesCacheKind, prefix: string): void {
    this.db.prepare('DELETE FROM pipeline_rows WHERE cluster = ? AND kind = ? AND substr(key, 1, ?) = ?').run(cluster, kind, prefix.length, prefix);
  }

  dispose(): void {
    if (this.db.open) this.db.close();
  }
}
