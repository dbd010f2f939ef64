// SPDX-License-Identifier: Apache-2.0
/**
 * Opening one of MLDeck's own SQLite files (kept rows, builder drafts, saved comparisons, the
 * MLflow runs index): its folder made, the connection settings applied, `PRAGMA quick_check`,
 * the schema created when `user_version` is older than the file's version; a file that cannot be
 * opened that way is moved aside once and made anew, else the caller gets AppError('unavailable').
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError } from '../../../shared/errors';
import { applySettings, busyTimeoutMs, moveAside, quickCheck } from './cache-integrity';

/** What a store file is. */
export interface StoreFileSpec {
  /** Its schema (CREATE … IF NOT EXISTS statements), run when `user_version` < `version`. */
  schema: string;
  /** The schema's version, written to `user_version`. */
  version: number;
  /** `synchronous = FULL` for the user's own work (drafts, saved comparisons). */
  durable?: boolean;
  /** What it holds, for the error ("the saved comparisons"). */
  what: string;
}

function openChecked(file: string, spec: StoreFileSpec): Database.Database {
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    applySettings(db);
    if (spec.durable) db.pragma('synchronous = FULL');
    const problem = quickCheck(db);
    if (problem) throw new Error(problem);
    if (Number(db.pragma('user_version', { simple: true })) < spec.version) {
      db.exec(spec.schema);
      db.pragma(`user_version = ${spec.version}`);
    }
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/**
 * Opens (creating if needed) a store file, replacing it once when it cannot be opened.
 * @throws AppError('unavailable') when no file can be opened
 */
export function openStoreFile(file: string, spec: StoreFileSpec): Database.Database {
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    return openChecked(file, spec);
  } catch {
    moveAside(file);
    try {
      return openChecked(file, spec);
    } catch (e) {
      throw new AppError('unavailable', `The ${spec.what} at ${file} cannot be opened.`, (e as Error).message);
    }
  }
}
