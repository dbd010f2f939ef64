// SPDX-License-Identifier: Apache-2.0
/**
 * Saved comparisons and the runs they were last read as, in one small SQLite file
 * (`comparisons.sqlite` in the data directory: user work, beside the caches): a comparison is its
 * name, its selection (run references) and its view settings; a run is the compared run as last
 * read from its source, with that time, so a comparison reopens offline. Write-ahead log with
 * `synchronous = FULL`; `quick_check` at open, a damaged file moved aside and started fresh, as
 * the builder's drafts are kept.
 */
import Database from 'better-sqlite3';
import type { Disposable } from '../../../shared/lifecycle';
import { openStoreFile } from '../../platform/cache/store-file';

/** A saved comparison row (selection and settings as JSON). */
export interface ComparisonRow {
  id: string;
  name: string;
  createdAt: number;
  updatedAt: number;
  refsJson: string;
  viewJson: string;
  runs: number;
}

const schemaVersion = 1;

/** The file's schema. */
const schema = `
        CREATE TABLE IF NOT EXISTS comparisons (
          id TEXT PRIMARY KEY,
          name TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          runs INTEGER NOT NULL,
          refs TEXT NOT NULL,
          view TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS runs (
          key TEXT PRIMARY KEY,
          fetched_at INTEGER NOT NULL,
          json TEXT NOT NULL
        ) WITHOUT ROWID;
      `;

type RawRow = { id: string; name: string; created_at: number; updated_at: number; runs: number; refs: string; view: string };
const fromRaw = (r: RawRow): ComparisonRow => ({
  id: r.id,
  name: r.name,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  runs: r.runs,
  refsJson: r.refs,
  viewJson: r.view,
});

/** The comparisons file. */
export class CompareStore implements Disposable {
  private readonly db: Database.Database;
  private readonly put_: Database.Statement<[string, string, number, number, number, string, string]>;
  private readonly get_: Database.Statement<[string], RawRow>;
  private readonly list_: Database.Statement<[], RawRow>;
  private readonly lastChange_: Database.Statement<[], { at: number | null }>;
  private readonly rename_: Database.Statement<[string, number, string]>;
  private readonly remove_: Database.Statement<[string]>;
  private readonly putRun_: Database.Statement<[string, number, string]>;
  private readonly getRun_: Database.Statement<[string], { fetched_at: number; json: string }>;

  /** @throws AppError('unavailable') when no file can be opened */
  constructor(readonly file: string) {
    const db = openStoreFile(file, { schema, version: schemaVersion, durable: true, what: 'saved comparisons' });
    this.db = db;
    this.put_ = db.prepare('INSERT OR REPLACE INTO comparisons (id, name, created_at, updated_at, runs, refs, view) VALUES (?, ?, ?, ?, ?, ?, ?)');
    this.get_ = db.prepare('SELECT * FROM comparisons WHERE id = ?');
    this.list_ = db.prepare('SELECT * FROM comparisons ORDER BY updated_at DESC, name');
    this.lastChange_ = db.prepare('SELECT MAX(updated_at) AS at FROM comparisons');
    this.rename_ = db.prepare('UPDATE comparisons SET name = ?, updated_at = ? WHERE id = ?');
    this.remove_ = db.prepare('DELETE FROM comparisons WHERE id = ?');
    this.putRun_ = db.prepare('INSERT OR REPLACE INTO runs (key, fetched_at, json) VALUES (?, ?, ?)');
    this.getRun_ = db.prepare('SELECT fetched_at, json FROM runs WHERE key = ?');
  }

  put(row: ComparisonRow): void {
    this.put_.run(row.id, row.name, row.createdAt, row.updatedAt, row.runs, row.refsJson, row.viewJson);
  }

  get(id: string): ComparisonRow | undefined {
    const r = this.get_.get(id);
    return r && fromRaw(r);
  }

  /**
   * The time to record a change made at `now`: later than every change recorded, so the list's
   * order (most recently changed first) holds for two changes within one millisecond too.
   */
  changeTime(now: number): number {
    return Math.max(now, (this.lastChange_.get()?.at ?? 0) + 1);
  }

  /** Most recently changed first. */
  list(): ComparisonRow[] {
    return this.list_.all().map(fromRaw);
  }

  /** @returns whether there was such a comparison */
  rename(id: string, name: string, at: number): boolean {
    return this.rename_.run(name, at, id).changes > 0;
  }

  /** @returns whether there was such a comparison */
  remove(id: string): boolean {
    return this.remove_.run(id).changes > 0;
  }

  /** Keeps a run as read. */
  putRun(key: string, fetchedAt: number, json: string): void {
    this.putRun_.run(key, fetchedAt, json);
  }

  /** A run as last read. */
  getRun(key: string): { fetchedAt: number; json: string } | undefined {
    const r = this.getRun_.get(key);
    return r && { fetchedAt: r.fetched_at, json: r.json };
  }

  dispose(): void {
    if (this.db.open) this.db.close();
  }
}
