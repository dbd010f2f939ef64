// SPDX-License-Identifier: Apache-2.0
/**
 * A small SQLite file of JSON rows a feature keeps for offline use (what it last saw of an
 * in-cluster service such as MLflow or KFP), keyed by cluster, kind and key, with the time
 * each was seen. Each feature has its own file beside the offline cache (WAL, `quick_check`
 * at open, a damaged file moved aside and started fresh), so these rows never take part in
 * the object cache's migrations.
 */
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';
import { openStoreFile } from './store-file';

/** A kept row: the value and when it was seen (ms since epoch). */
export interface Seen<T> {
  value: T;
  seenAt: number;
}

const schemaVersion = 1;

/** The kept-rows table's schema. */
const schemaOf = (table: string): string => `
        CREATE TABLE IF NOT EXISTS ${table} (
          cluster TEXT NOT NULL,
          kind TEXT NOT NULL,
          key TEXT NOT NULL,
          json TEXT NOT NULL,
          seen_at INTEGER NOT NULL,
          PRIMARY KEY (cluster, kind, key)
        ) WITHOUT ROWID;
      `;

/** One feature's kept rows; `Kind` names what a row holds. */
export class KeptRows<Kind extends string> implements Disposable {
  private readonly db: Database.Database;
  private readonly put_: Database.Statement<[string, string, string, string, number]>;
  private readonly get_: Database.Statement<[string, string, string], { json: string; seen_at: number }>;
  private readonly remove_: Database.Statement<[string, string, string]>;
  private readonly removePrefix_: Database.Statement<[string, string, number, string]>;
  private readonly prune_: Database.Statement<[string, number, string, number]>;

  /**
   * Opens (creating if needed) the file; a damaged one is moved aside once and started fresh.
   * @param table - the table's name (a fixed identifier of the feature, never user input)
   * @param what - the rows in words, for the error message
   * @throws AppError('unavailable') when no file can be opened
   */
  constructor(
    readonly file: string,
    table: string,
    what: string,
  ) {
    if (!/^[a-z_]+$/.test(table)) throw new AppError('internal', `Bad table name ${table}.`);
    const db = openStoreFile(file, { schema: schemaOf(table), version: schemaVersion, what });
    this.db = db;
    this.put_ = db.prepare(`INSERT OR REPLACE INTO ${table} (cluster, kind, key, json, seen_at) VALUES (?, ?, ?, ?, ?)`);
    this.get_ = db.prepare(`SELECT json, seen_at FROM ${table} WHERE cluster = ? AND kind = ? AND key = ?`);
    this.remove_ = db.prepare(`DELETE FROM ${table} WHERE cluster = ? AND kind = ? AND key = ?`);
    this.removePrefix_ = db.prepare(`DELETE FROM ${table} WHERE cluster = ? AND kind = ? AND substr(key, 1, ?) = ?`);
    this.prune_ = db.prepare(
      `DELETE FROM ${table} WHERE kind = ? AND seen_at < ? AND (cluster, key) NOT IN (
         SELECT cluster, key FROM (
           SELECT cluster, key, ROW_NUMBER() OVER (PARTITION BY cluster ORDER BY seen_at DESC, key) AS n FROM ${table} WHERE kind = ?
         ) WHERE n <= ?)`,
    );
  }

  /** Keeps a value (replacing what was kept under the same key). */
  put(cluster: string, kind: Kind, key: string, value: unknown, seenAt: number): void {
    this.put_.run(cluster, kind, key, JSON.stringify(value), seenAt);
  }

  /** A kept value, or undefined. */
  get<T>(cluster: string, kind: Kind, key: string): Seen<T> | undefined {
    const row = this.get_.get(cluster, kind, key);
    if (!row) return undefined;
    return { value: JSON.parse(row.json) as T, seenAt: row.seen_at };
  }

  /** Forgets a key (something the service says no longer exists, or one deleted). */
  remove(cluster: string, kind: Kind, key: string): void {
    this.remove_.run(cluster, kind, key);
  }

  /** Forgets every key starting with a prefix (e.g. the versions of a deleted pipeline). */
  removePrefix(cluster: string, kind: Kind, prefix: string): void {
    this.removePrefix_.run(cluster, kind, prefix.length, prefix);
  }

  /**
   * Forgets the rows of a kind that are neither among the newest `keepNewest` of their cluster nor
   * seen since `seenSince` (ms since epoch).
   * @returns how many rows were forgotten
   */
  prune(kind: Kind, keepNewest: number, seenSince: number): number {
    return this.prune_.run(kind, seenSince, kind, Math.max(0, Math.floor(keepNewest))).changes;
  }

  dispose(): void {
    if (this.db.open) this.db.close();
  }
}
