// SPDX-License-Identifier: Apache-2.0
/**
 * Opening the cache file safely: settings, `PRAGMA quick_check`, migrations, and, when the file
 * is damaged or is not a database, moving it aside (with its -wal and -shm) and starting fresh.
 * Recovery happens at most once per open, so a damaged file never causes a crash loop; a
 * failure to create the fresh file is thrown, never replaced by an in-memory cache.
 */
import { closeSync, existsSync, openSync, readdirSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { AppError, isAppError } from '../../../shared/errors';
import { migrate } from './migrations/index';

/** How long a statement waits for another connection's lock before failing (ms). */
export const busyTimeoutMs = 5000;

/** How many moved-aside copies are kept next to the cache (older ones are deleted). */
const keptCorruptCopies = 3;

/** What the cache tells the app about itself. */
export type CacheEvent =
  /** The file was damaged or unreadable; it was moved to `movedTo` and a fresh cache was made. */
  | { type: 'recovered'; movedTo: string; reason: string }
  /** SQLite reported damage while running; the file will be replaced on the next start. */
  | { type: 'corrupt'; reason: string };

/** A damaged database, found by `quick_check` or by reading it. */
class DamagedCache extends Error {}

/** The marker that asks the next open to replace the file (written when damage is seen at run time). */
export function replaceMarker(file: string): string {
  return `${file}.replace-on-start`;
}

/** Applies the connection settings every cache connection uses. */
export function applySettings(db: Database.Database): void {
  // Only takes effect on a new, empty file: pods of ~4 KB fit two to a page instead of spilling
  // into overflow pages (a faster cold first page in B4).
  db.pragma('page_size = 8192');
  const mode = db.pragma('journal_mode = WAL', { simple: true });
  if (mode !== 'wal') throw new AppError('unavailable', `The offline cache at ${db.name} cannot use write-ahead logging (journal mode ${String(mode)}).`);
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  // Caps the -wal left on disk after a big relist is checkpointed.
  db.pragma('journal_size_limit = 67108864');
  // Checkpoint every 32 MiB of WAL (4,096 pages of 8 KiB) instead of SQLite's 1,000 pages: a
  // relist of thousands of objects or a burst of watch batches is copied into the file (and
  // synced) a few times instead of every 8 MiB (B4 writes). Stays under journal_size_limit.
  db.pragma('wal_autocheckpoint = 4096');
}

/** The problems `PRAGMA quick_check` reports, or undefined when it says "ok". */
export function quickCheck(db: Database.Database): string | undefined {
  const rows = db.pragma('quick_check') as { quick_check: string }[];
  const problems = rows
    .flatMap((r) => r.quick_check.split('\n'))
    .map((p) => p.trim())
    .filter((p) => p !== 'ok' && p !== '' && !p.startsWith('***'));
  if (problems.length === 0) return rows.every((r) => r.quick_check === 'ok') ? undefined : 'quick_check failed';
  const more = problems.length > 3 ? ` (and ${problems.length - 3} more)` : '';
  return problems.slice(0, 3).join('; ') + more;
}

/** Whether an error from SQLite means the file is damaged or not a database. */
export function isDamage(e: unknown): boolean {
  if (e instanceof DamagedCache) return true;
  const code = e instanceof Database.SqliteError ? e.code : undefined;
  return code !== undefined && (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_IOERR_SHORT_READ');
}

function openChecked(file: string): Database.Database {
  const db = new Database(file, { timeout: busyTimeoutMs });
  try {
    applySettings(db);
    const problems = quickCheck(db);
    if (problems !== undefined) throw new DamagedCache(`quick_check: ${problems}`);
    migrate(db);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

/** Why an existing file must be replaced before opening, if it must. */
function reasonBeforeOpen(file: string): string | undefined {
  const marker = replaceMarker(file);
  if (existsSync(marker)) return `damage was reported while running`;
  if (!existsSync(file)) return undefined;
  const size = statSync(file).size;
  // SQLite would treat an empty file as a new database (deleting any -wal); for us it is a lost cache.
  if (size === 0) return 'the file is empty';
  // Checked here rather than by SQLite, which may rewrite a -wal it cannot use before failing.
  if (!startsWithSqliteHeader(file)) return 'the file is not an SQLite database';
  return undefined;
}

const sqliteHeader = Buffer.from('SQLite format 3\0', 'latin1');

function startsWithSqliteHeader(file: string): boolean {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(sqliteHeader.length);
    const read = readSync(fd, head, 0, head.length, 0);
    return read === head.length && head.equals(sqliteHeader);
  } finally {
    closeSync(fd);
  }
}

function reasonOf(e: unknown): string | undefined {
  if (isAppError(e) && e.code === 'conflict') return e.message;
  if (!isDamage(e)) return undefined;
  const message = e instanceof Error ? e.message : String(e);
  const code = e instanceof Database.SqliteError ? ` (${e.code})` : '';
  return `${message}${code}`;
}

/**
 * Moves a cache file and its -wal, -shm and -journal aside to `<file>.corrupt-<timestamp>`.
 * @returns the new path of the main file
 */
export function moveAside(file: string, at: Date = new Date()): string {
  const stamp = at.toISOString().replace(/[:.]/g, '-');
  let target = `${file}.corrupt-${stamp}`;
  for (let i = 1; existsSync(target); i++) target = `${file}.corrupt-${stamp}-${i}`;
  try {
    if (existsSync(file)) renameSync(file, target);
    for (const suffix of ['-wal', '-shm', '-journal']) {
      if (existsSync(file + suffix)) renameSync(file + suffix, target + suffix);
    }
  } catch (e) {
    throw new AppError('unavailable', `The damaged offline cache at ${file} could not be moved aside.`, e instanceof Error ? e.message : String(e));
  }
  pruneOldCopies(file);
  return target;
}

function pruneOldCopies(file: string): void {
  const dir = path.dirname(file);
  const prefix = `${path.basename(file)}.corrupt-`;
  const mains = readdirSync(dir)
    .filter((n) => n.startsWith(prefix) && !/-(wal|shm|journal)$/.test(n))
    .sort();
  for (const old of mains.slice(0, Math.max(0, mains.length - keptCorruptCopies))) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(path.join(dir, old + suffix), { force: true });
  }
}

/**
 * Opens (creating if needed) a cache file with its settings checked and schema migrated,
 * replacing a damaged file once.
 * @param file - the cache file
 * @param onEvent - told when a damaged file was moved aside
 * @throws AppError('unavailable') if the file cannot be opened or created for another reason
 */
export function openCacheFile(file: string, onEvent: (e: CacheEvent) => void): Database.Database {
  let reason = reasonBeforeOpen(file);
  if (reason === undefined) {
    try {
      return openChecked(file);
    } catch (e) {
      reason = reasonOf(e);
      if (reason === undefined) throw unavailable(file, e);
    }
  }
  const movedTo = moveAside(file);
  rmSync(replaceMarker(file), { force: true });
  onEvent({ type: 'recovered', movedTo, reason });
  try {
    return openChecked(file);
  } catch (e) {
    throw unavailable(file, e);
  }
}

/** Asks the next open to move the file aside (used when damage shows up while running). */
export function markForReplacement(file: string, reason: string): void {
  try {
    writeFileSync(replaceMarker(file), reason);
  } catch {
    /* the next quick_check is the fallback */
  }
}

function unavailable(file: string, e: unknown): AppError {
  if (isAppError(e)) return e;
  return new AppError('unavailable', `The offline cache at ${file} could not be opened.`, e instanceof Error ? e.message : String(e));
}
