// SPDX-License-Identifier: Apache-2.0
/** Test-only: helpers for the migration tests: a fresh database file and a readable schema. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { onTestFinished } from 'vitest';

/** A new database file in a fresh temporary directory, closed and removed when the current test finishes. */
export function freshDb(): Database.Database {
  const dir = mkdtempSync(path.join(tmpdir(), 'mldeck-migrations-'));
  const db = new Database(path.join(dir, 'cache.sqlite'));
  onTestFinished(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return db;
}

/** A table's columns as `name type notnull pk`, in order. */
export function columns(db: Database.Database, table: string): string[] {
  const rows = db.pragma(`table_info(${table})`) as { name: string; type: string; notnull: number; pk: number }[];
  return rows.map((c) => `${c.name} ${c.type}${c.notnull ? ' NOT NULL' : ''}${c.pk ? ` PK${c.pk}` : ''}`);
}

/** The names of a table's indexes (including the automatic ones for keys). */
export function indexes(db: Database.Database, table: string): string[] {
  return db.prepare<[string], string>("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = ? ORDER BY name").pluck().all(table);
}
