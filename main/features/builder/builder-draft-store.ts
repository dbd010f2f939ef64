// SPDX-License-Identifier: Apache-2.0
/**
 * The builder's drafts on disk: a small SQLite file (`builder-drafts.sqlite` in the data
 * directory) with one row per cluster and starting point. Write-ahead log with `synchronous =
 * FULL`, so each save is one atomic, durable statement: a crash of the app or the machine leaves
 * the previous draft or the new one, never half of one. `quick_check` at open; a damaged file is
 * moved aside (kept for recovery) and started fresh.
 */
import Database from 'better-sqlite3';
import type { Disposable } from '../../../shared/lifecycle';
import { openStoreFile } from '../../platform/cache/store-file';

/** A draft row. */
export interface DraftRow {
  cluster: string;
  /** '' for the cluster's new pipeline, `<pipelineId>/<versionId>` for an opened version. */
  slot: string;
  name: string;
  tasks: number;
  savedAt: number;
  json: string;
}

const schemaVersion = 1;

/** The file's schema. */
const schema = `
        CREATE TABLE IF NOT EXISTS drafts (
          cluster TEXT NOT NULL,
          slot TEXT NOT NULL,
          name TEXT NOT NULL,
          tasks INTEGER NOT NULL,
          saved_at INTEGER NOT NULL,
          json TEXT NOT NULL,
          PRIMARY KEY (cluster, slot)
        ) WITHOUT ROWID;
      `;

type Summary = Omit<DraftRow, 'json'> & { chars: number };

/** The drafts file. */
export class BuilderDraftStore implements Disposable {
  private readonly db: Database.Database;
  private readonly put_: Database.Statement<[string, string, string, number, number, string]>;
  private readonly get_: Database.Statement<[string, string], { name: string; tasks: number; saved_at: number; json: string }>;
  private readonly list_: Database.Statement<
    [string | null, string | null],
    { cluster: string; slot: string; name: string; tasks: number; saved_at: number; chars: number }
  >;
  private readonly remove_: Database.Statement<[string, string]>;

  /** @throws AppError('unavailable') when no file can be opened */
  constructor(readonly file: string) {
    const db = openStoreFile(file, { schema, version: schemaVersion, durable: true, what: "builder's drafts" });
    this.db = db;
    this.put_ = db.prepare('INSERT OR REPLACE INTO drafts (cluster, slot, name, tasks, saved_at, json) VALUES (?, ?, ?, ?, ?, ?)');
    this.get_ = db.prepare('SELECT name, tasks, saved_at, json FROM drafts WHERE cluster = ? AND slot = ?');
    this.list_ = db.prepare(
      'SELECT cluster, slot, name, tasks, saved_at, length(json) AS chars FROM drafts WHERE (? IS NULL OR cluster = ?) ORDER BY saved_at DESC',
    );
    this.remove_ = db.prepare('DELETE FROM drafts WHERE cluster = ? AND slot = ?');
  }

  /** Keeps a draft, replacing the slot's previous one (one statement: atomic). */
  put(row: DraftRow): void {
    this.put_.run(row.cluster, row.slot, row.name, row.tasks, row.savedAt, row.json);
  }

  get(cluster: string, slot: string): DraftRow | undefined {
    const r = this.get_.get(cluster, slot);
    return r && { cluster, slot, name: r.name, tasks: r.tasks, savedAt: r.saved_at, json: r.json };
  }

  /** Drafts, newest first: one cluster's, or all. */
  list(cluster: string | undefined): Summary[] {
    const c = cluster ?? null;
    return this.list_.all(c, c).map((r) => ({ cluster: r.cluster, slot: r.slot, name: r.name, tasks: r.tasks, savedAt: r.saved_at, chars: r.chars }));
  }

  remove(cluster: string, slot: string): void {
    this.remove_.run(cluster, slot);
  }

  dispose(): void {
    if (this.db.open) this.db.close();
  }
}
