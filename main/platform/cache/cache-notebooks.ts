// SPDX-License-Identifier: Apache-2.0
/**
 * Notebooks kept in the offline cache: the last copy seen of each notebook (with its outputs,
 * for reading offline; the oldest copies go first when over a total bound) and the user's drafts
 * (never evicted: they are unsaved work). Both are keyed by cluster, namespace, notebook server
 * and path. It shares the cache's connection; calls are synchronous and atomic, like the cache's.
 */
import type { Database, Statement } from 'better-sqlite3';
import { AppError, isAppError } from '../../../shared/errors';
import type { SqliteCache } from './sqlite-cache';

/** A notebook server (the Notebook resource) in a cluster. */
export interface NotebookServerKey {
  cluster: string;
  namespace: string;
  server: string;
}

/** A kept copy, without its content. */
export interface NotebookCopyInfo {
  path: string;
  lastModified: string;
  size: number;
  /** When it was kept (ms since epoch). */
  keptAt: number;
}

/** A kept copy with its JSON. */
export interface NotebookCopy extends NotebookCopyInfo {
  json: string;
}

/** A kept draft. */
export interface NotebookDraftRow {
  path: string;
  json: string;
  savedAt: number;
  baseLastModified: string | undefined;
}

/** A draft without its content, with its server. */
export interface NotebookDraftInfo extends NotebookServerKey {
  path: string;
  savedAt: number;
  baseLastModified: string | undefined;
}

/** The copies are kept within this many bytes in total (default 512 MiB). */
export const defaultNotebookCopyBytes = 512 * 1024 * 1024;

interface CopyRow {
  path: string;
  last_modified: string;
  size: number;
  kept_at: number;
}

interface DraftRow {
  cluster: string;
  namespace: string;
  server: string;
  path: string;
  saved_at: number;
  base_last_modified: string | null;
}

type K = [string, string, string];
const where = 'cluster = ? AND namespace = ? AND server = ?';
/** A path, or anything in it as a folder (binds the path three times). */
const under = "(path = ? OR substr(path, 1, length(?) + 1) = ? || '/')";
type KP = [string, string, string, string];

/** The folder of a path ('' for the root). */
export function dirOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}

/** The notebook tables. Make one with {@link notebookCacheOf}. */
export class NotebookCache {
  private readonly s: ReturnType<typeof prepare>;

  /**
   * @param db - a migrated connection
   * @param maxCopyBytes - the bound on all copies' JSON
   */
  constructor(
    private readonly db: Database,
    private readonly maxCopyBytes = defaultNotebookCopyBytes,
  ) {
    this.s = prepare(db);
  }

  /** Keeps (or replaces) a copy, then evicts the oldest copies while over the bound (never the one just kept). */
  putCopy(key: NotebookServerKey, copy: NotebookCopy): void {
    this.run('keep a notebook', () =>
      this.db
        .transaction(() => {
          const bytes = Buffer.byteLength(copy.json, 'utf8');
          this.s.putCopy.run(key.cluster, key.namespace, key.server, copy.path, dirOf(copy.path), copy.lastModified, bytes, copy.keptAt, copy.json);
          let total = this.s.totalBytes.get() ?? 0;
          while (total > this.maxCopyBytes) {
            const oldest = this.s.oldest.get(key.cluster, key.namespace, key.server, copy.path);
            if (!oldest) break;
            this.s.deleteCopyById.run(oldest.rowid);
            total -= oldest.size;
          }
        })
        .immediate(),
    );
  }

  /** A kept copy. */
  getCopy(key: NotebookServerKey, path: string): NotebookCopy | undefined {
    return this.run('read a kept notebook', () => {
      const r = this.s.getCopy.get(key.cluster, key.namespace, key.server, path);
      return r ? { path: r.path, lastModified: r.last_modified, size: r.size, keptAt: r.kept_at, json: r.json } : undefined;
    });
  }

  /** Every kept copy of a server (without content). */
  listCopies(key: NotebookServerKey): NotebookCopyInfo[] {
    return this.run('list kept notebooks', () =>
      this.s.listCopies
        .all(key.cluster, key.namespace, key.server)
        .map((r) => ({ path: r.path, lastModified: r.last_modified, size: r.size, keptAt: r.kept_at })),
    );
  }

  /** Moves copies and drafts at `from` (a file, or a folder and everything in it) to `to`. */
  move(key: NotebookServerKey, from: string, to: string): void {
    this.run('move kept notebooks', () =>
      this.db
        .transaction(() => {
          const k: K = [key.cluster, key.namespace, key.server];
          for (const table of ['notebook_copies', 'notebook_drafts'] as const) {
            const rows = this.db
              .prepare<[...K, string, string, string], { path: string }>(`SELECT path FROM ${table} WHERE ${where} AND ${under}`)
              .all(...k, from, from, from);
            for (const { path } of rows) {
              const moved = to + path.slice(from.length);
              this.db.prepare(`DELETE FROM ${table} WHERE cluster = ? AND namespace = ? AND server = ? AND path = ?`).run(...k, moved);
              const set = table === 'notebook_copies' ? 'path = ?, dir = ?' : 'path = ?';
              const params = table === 'notebook_copies' ? [moved, dirOf(moved)] : [moved];
              this.db.prepare(`UPDATE ${table} SET ${set} WHERE cluster = ? AND namespace = ? AND server = ? AND path = ?`).run(...params, ...k, path);
            }
          }
        })
        .immediate(),
    );
  }

  /** Forgets the copy and draft at a path (a file, or a folder and everything in it). */
  forget(key: NotebookServerKey, path: string): void {
    this.run('forget kept notebooks', () => {
      const k: K = [key.cluster, key.namespace, key.server];
      this.s.forgetCopies.run(...k, path, path, path);
      this.s.forgetDrafts.run(...k, path, path, path);
    });
  }

  /** Keeps (or replaces) a draft. */
  putDraft(key: NotebookServerKey, draft: NotebookDraftRow): void {
    this.run('keep a draft', () =>
      this.s.putDraft.run(key.cluster, key.namespace, key.server, draft.path, draft.savedAt, draft.baseLastModified ?? null, draft.json),
    );
  }

  /** A kept draft. */
  getDraft(key: NotebookServerKey, path: string): NotebookDraftRow | undefined {
    return this.run('read a draft', () => {
      const r = this.s.getDraft.get(key.cluster, key.namespace, key.server, path);
      return r ? { path: r.path, json: r.json, savedAt: r.saved_at, baseLastModified: r.base_last_modified ?? undefined } : undefined;
    });
  }

  /** Drops a draft (nothing happens if there is none). */
  dropDraft(key: NotebookServerKey, path: string): void {
    this.run('drop a draft', () => this.s.dropDraft.run(key.cluster, key.namespace, key.server, path));
  }

  /** Every draft (of one cluster, or all), newest first. */
  listDrafts(cluster?: string): NotebookDraftInfo[] {
    return this.run('list drafts', () =>
      (cluster === undefined ? this.s.allDrafts.all() : this.s.clusterDrafts.all(cluster)).map((r) => ({
        cluster: r.cluster,
        namespace: r.namespace,
        server: r.server,
        path: r.path,
        savedAt: r.saved_at,
        baseLastModified: r.base_last_modified ?? undefined,
      })),
    );
  }

  private run<T>(what: string, fn: () => T): T {
    if (!this.db.open) throw new AppError('unavailable', 'The offline cache is closed.');
    try {
      return fn();
    } catch (e) {
      if (isAppError(e)) throw e;
      const detail = e instanceof Error ? e.message : String(e);
      const code = e instanceof Error ? (e as Error & { code?: unknown }).code : undefined;
      if (code === 'SQLITE_FULL') throw new AppError('unavailable', `The disk holding the offline cache is full (while trying to ${what}).`, detail);
      throw new AppError('internal', `The offline cache could not ${what}.`, detail);
    }
  }
}

function prepare(db: Database) {
  return {
    putCopy: db.prepare<[...KP, string, string, number, number, string]>(
      `INSERT INTO notebook_copies (cluster, namespace, server, path, dir, last_modified, size, kept_at, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (cluster, namespace, server, path) DO UPDATE SET dir = excluded.dir, last_modified = excluded.last_modified,
       size = excluded.size, kept_at = excluded.kept_at, json = excluded.json`,
    ),
    totalBytes: db.prepare<[], number | null>('SELECT sum(size) FROM notebook_copies').pluck() as Statement<[], number | null>,
    oldest: db.prepare<KP, { rowid: number; size: number }>(
      `SELECT rowid, size FROM notebook_copies WHERE NOT (${where} AND path = ?) ORDER BY kept_at LIMIT 1`,
    ),
    deleteCopyById: db.prepare<[number]>('DELETE FROM notebook_copies WHERE rowid = ?'),
    getCopy: db.prepare<KP, CopyRow & { json: string }>(`SELECT path, last_modified, size, kept_at, json FROM notebook_copies WHERE ${where} AND path = ?`),
    listCopies: db.prepare<K, CopyRow>(`SELECT path, last_modified, size, kept_at FROM notebook_copies WHERE ${where} ORDER BY path`),
    forgetCopies: db.prepare<[...KP, string, string]>(`DELETE FROM notebook_copies WHERE ${where} AND ${under}`),
    forgetDrafts: db.prepare<[...KP, string, string]>(`DELETE FROM notebook_drafts WHERE ${where} AND ${under}`),
    putDraft: db.prepare<[...KP, number, string | null, string]>(
      `INSERT INTO notebook_drafts (cluster, namespace, server, path, saved_at, base_last_modified, json) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (cluster, namespace, server, path) DO UPDATE SET saved_at = excluded.saved_at,
       base_last_modified = excluded.base_last_modified, json = excluded.json`,
    ),
    getDraft: db.prepare<KP, DraftRow & { json: string }>(`SELECT * FROM notebook_drafts WHERE ${where} AND path = ?`),
    dropDraft: db.prepare<KP>(`DELETE FROM notebook_drafts WHERE ${where} AND path = ?`),
    allDrafts: db.prepare<[], DraftRow>('SELECT cluster, namespace, server, path, saved_at, base_last_modified FROM notebook_drafts ORDER BY saved_at DESC'),
    clusterDrafts: db.prepare<[string], DraftRow>(
      'SELECT cluster, namespace, server, path, saved_at, base_last_modified FROM notebook_drafts WHERE cluster = ? ORDER BY saved_at DESC',
    ),
  };
}

/** The notebook tables of the app's cache (sharing its connection). */
export function notebookCacheOf(cache: SqliteCache, maxCopyBytes?: number): NotebookCache {
  return new NotebookCache(cache.connection(), maxCopyBytes);
}
