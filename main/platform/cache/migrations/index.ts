// SPDX-License-Identifier: Apache-2.0
/**
 * The cache schema's migrations, applied in order, each in its own transaction together with
 * `PRAGMA user_version`, so a crash leaves the database at the last whole migration.
 */
import type { Database } from 'better-sqlite3';
import { AppError } from '../../../../shared/errors';
import { migration0001 } from './0001-objects';
import { migration0002 } from './0002-sources';
import { migration0003 } from './0003-logs';
import { migration0004 } from './0004-metric-samples';
import { migration0005 } from './0005-metric-samples-by-age';
import { migration0006 } from './0006-notebooks';
import type { Migration } from './migration';

export type { Migration } from './migration';

/** Every migration, oldest first; `migrations[i].version === i + 1`. */
export const migrations: readonly Migration[] = [migration0001, migration0002, migration0003, migration0004, migration0005, migration0006];

/** The schema version a fully migrated cache has. */
export const latestSchemaVersion: number = migrations.length;

/** The database's `user_version`. */
export function schemaVersion(db: Database): number {
  return Number(db.pragma('user_version', { simple: true }));
}

/**
 * Brings a database up to `target` (default: the latest version).
 * @param db - an open, writable connection
 * @param target - the version to stop at (tests use it to migrate step by step)
 * @param list - the migrations (tests pass their own)
 * @returns the versions applied, in order
 * @throws AppError('conflict') if the database is newer than `target` (written by a newer MLDeck)
 */
export function migrate(db: Database, target: number = latestSchemaVersion, list: readonly Migration[] = migrations): number[] {
  const current = schemaVersion(db);
  if (current > target) {
    throw new AppError('conflict', `The cache schema is version ${current}, newer than this MLDeck understands (${target}).`);
  }
  const applied: number[] = [];
  for (const m of list) {
    if (m.version <= current || m.version > target) continue;
    db.transaction(() => {
      m.up(db);
      // Inside the same transaction: the version moves only if the whole migration committed.
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
    applied.push(m.version);
  }
  return applied;
}
