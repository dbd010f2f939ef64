// SPDX-License-Identifier: Apache-2.0
/**
 * One process per cache: `cache.lock` in the data directory, created with O_EXCL and holding
 * `{pid, startedAt}`. A lock left by a process that is gone is taken over; a live one is refused.
 */
import { linkSync, readFileSync, renameSync, statSync, unlinkSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';

/** A held cache lock; dispose to release it. */
export interface CacheLock extends Disposable {
  /** The lock file. */
  readonly file: string;
}

/** What the lock file holds. */
export interface LockOwner {
  pid: number;
  /** When the owner took the lock (ms since epoch). */
  startedAt: number;
}

/** The lock files this process holds (a pid equal to ours in a file not listed here is a previous run's). */
const heldHere = new Set<string>();

/** A lock file younger than this that cannot be parsed is being written by its owner. */
const writeGraceMs = 10_000;

/** Whether a process with this pid exists (EPERM means it exists but is not ours). */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readOwner(file: string): { text: string; owner: LockOwner | undefined } | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
  try {
    const v = JSON.parse(text) as Partial<LockOwner>;
    if (Number.isInteger(v.pid) && typeof v.startedAt === 'number') return { text, owner: { pid: v.pid as number, startedAt: v.startedAt } };
  } catch {
    /* unparsable: see below */
  }
  return { text, owner: undefined };
}

/**
 * Takes the data directory's cache lock.
 * @param dataDir - the data directory (created if missing)
 * @returns the held lock; dispose it on shutdown
 * @throws AppError('conflict') while another live process holds it
 */
export async function acquireCacheLock(dataDir: string): Promise<CacheLock> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(path.resolve(dataDir), 'cache.lock');
  const mine: LockOwner = { pid: process.pid, startedAt: Date.now() };
  const text = JSON.stringify(mine);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await writeFile(file, text, { flag: 'wx', mode: 0o600 });
      heldHere.add(file);
      return { file, dispose: () => release(file, text) };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw new AppError('unavailable', `The cache lock ${file} could not be created.`, (e as Error).message);
      }
    }
    const found = readOwner(file);
    if (found === undefined) continue; // released meanwhile
    const { owner } = found;
    if (owner === undefined) {
      if (Date.now() - mtimeOf(file) < writeGraceMs) throw new AppError('conflict', 'MLDeck is starting with this data directory in another process.', file);
    } else if (isLive(file, owner)) {
      throw new AppError('conflict', `MLDeck is already running with this data directory (pid ${owner.pid})`, file);
    }
    takeOver(file, found.text);
  }
  throw new AppError('conflict', 'MLDeck could not take the cache lock: another process keeps taking it.', file);
}

function isLive(file: string, owner: LockOwner): boolean {
  // Our own pid in a lock we do not hold is a previous run's (pids repeat, e.g. pid 1 in a container).
  if (owner.pid === process.pid) return heldHere.has(file);
  return isProcessAlive(owner.pid);
}

function mtimeOf(file: string): number {
  try {
    return statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Removes a stale lock only if it is still the one that was judged stale: it is renamed away
 * first (atomic), and put back if another process replaced it in between.
 */
function takeOver(file: string, staleText: string): void {
  const aside = `${file}.stale-${process.pid}-${Date.now()}`;
  try {
    renameSync(file, aside);
  } catch {
    return; // already gone; try again
  }
  let text: string | undefined;
  try {
    text = readFileSync(aside, 'utf8');
  } catch {
    text = undefined;
  }
  if (text !== staleText) {
    try {
      linkSync(aside, file); // fails if yet another lock appeared; that one wins
    } catch {
      /* keep theirs */
    }
  }
  try {
    unlinkSync(aside);
  } catch {
    /* best effort */
  }
}

function release(file: string, text: string): void {
  if (!heldHere.delete(file)) return;
  try {
    // Remove only our own lock, never one another process took over.
    if (readFileSync(file, 'utf8') === text) unlinkSync(file);
  } catch {
    /* already gone */
  }
}
