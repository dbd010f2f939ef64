// SPDX-License-Identifier: Apache-2.0
/**
 * The local index of MLflow runs MLDeck fetched (`cache/mlflow-runs.sqlite`): per tracking
 * server, experiment and filter (a "query"), the runs `runs/search` returned, the page token to
 * go on with, whether every page was fetched, and the param/metric/tag keys seen. The runs table
 * pages and sorts from here (SQL over the rows' JSON), so 10,000 runs sort without asking the
 * server again, and the table opens offline with the time it was fetched.
 */
import Database from 'better-sqlite3';
import type { Disposable } from '../../../shared/lifecycle';
import type { RunColumn } from '../../../shared/features/mlflow/mlflow.contract';
import type { TrackingRunRow } from '../../../shared/features/mlflow/tracking-types';
import { openStoreFile } from '../../platform/cache/store-file';

const schemaVersion = 1;

/** What the index knows of one query. */
export interface QueryState {
  nextToken: string | undefined;
  complete: boolean;
  fetchedAt: number;
  /** Highest start time among the indexed runs (for incremental refresh). */
  maxStart: number;
}

/** The file's schema. */
const schema = `
        CREATE TABLE IF NOT EXISTS queries (
          qkey TEXT PRIMARY KEY, next_token TEXT, complete INTEGER NOT NULL, fetched_at INTEGER NOT NULL, seq INTEGER NOT NULL
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS runs (
          qkey TEXT NOT NULL, run_id TEXT NOT NULL, seq INTEGER NOT NULL, name TEXT NOT NULL, status TEXT NOT NULL,
          start_time INTEGER, end_time INTEGER, user TEXT NOT NULL, json TEXT NOT NULL,
          PRIMARY KEY (qkey, run_id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS runs_seq ON runs (qkey, seq);
        CREATE TABLE IF NOT EXISTS run_keys (qkey TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, PRIMARY KEY (qkey, kind, key)) WITHOUT ROWID;
      `;

/** The key of a query. */
export function queryKey(serverId: string, experimentId: string, filter: string): string {
  return `${serverId}\n${experimentId}\n${filter.trim()}`;
}

/** A JSON path to a member of the row's params, metrics or tags (key quoted). */
function memberPath(kind: 'param' | 'metric' | 'tag', key: string): string {
  const obj = kind === 'param' ? 'params' : kind === 'metric' ? 'metrics' : 'tags';
  return `$.${obj}."${key.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The index. */
export class RunsIndex implements Disposable {
  private readonly db: Database.Database;

  /** @throws AppError('unavailable') when no file can be opened */
  constructor(readonly file: string) {
    const db = openStoreFile(file, { schema, version: schemaVersion, what: 'MLflow runs index' });
    this.db = db;
  }

  /** What is known of a query, or undefined when it was never fetched. */
  state(qkey: string): QueryState | undefined {
    const row = this.db.prepare('SELECT next_token, complete, fetched_at FROM queries WHERE qkey = ?').get(qkey) as
      { next_token: string | null; complete: number; fetched_at: number } | undefined;
    if (!row) return undefined;
    const max = this.db.prepare('SELECT MAX(start_time) AS m FROM runs WHERE qkey = ?').get(qkey) as { m: number | null };
    return { nextToken: row.next_token ?? undefined, complete: row.complete === 1, fetchedAt: row.fetched_at, maxStart: max.m ?? 0 };
  }

  /** Forgets a query's runs (a fresh fetch from the first page follows). */
  reset(qkey: string): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM runs WHERE qkey = ?').run(qkey);
      this.db.prepare('DELETE FROM run_keys WHERE qkey = ?').run(qkey);
      this.db.prepare('DELETE FROM queries WHERE qkey = ?').run(qkey);
    })();
  }

  /**
   * Stores a page of runs (new ones after the others, known ones replaced in place) and where
   * the search goes on; `nextToken` undefined keeps the query's token (a refresh).
   */
  store(qkey: string, rows: TrackingRunRow[], at: number, progress: { nextToken: string | undefined; complete: boolean } | undefined): void {
    this.db.transaction(() => {
      const q = this.db.prepare('SELECT seq FROM queries WHERE qkey = ?').get(qkey) as { seq: number } | undefined;
      let seq = q?.seq ?? 0;
      // a known run keeps its place (its seq is not updated); one statement per run, each key once a page
      const put = this.db.prepare(
        `INSERT INTO runs (qkey, run_id, seq, name, status, start_time, end_time, user, json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (qkey, run_id) DO UPDATE SET name = excluded.name, status = excluded.status, start_time = excluded.start_time,
           end_time = excluded.end_time, user = excluded.user, json = excluded.json`,
      );
      const seen = { param: new Set<string>(), metric: new Set<string>(), tag: new Set<string>() };
      for (const r of rows) {
        put.run(qkey, r.runId, ++seq, r.runName, r.status, r.startTime ?? null, r.endTime ?? null, r.user, JSON.stringify(r));
        for (const k in r.params) seen.param.add(k);
        for (const k in r.metrics) seen.metric.add(k);
        for (const k in r.tags) seen.tag.add(k);
      }
      const key = this.db.prepare('INSERT OR IGNORE INTO run_keys (qkey, kind, key) VALUES (?, ?, ?)');
      for (const [kind, keys] of Object.entries(seen)) for (const k of keys) key.run(qkey, kind, k);
      if (q) {
        if (progress)
          this.db
            .prepare('UPDATE queries SET next_token = ?, complete = ?, fetched_at = ?, seq = ? WHERE qkey = ?')
            .run(progress.nextToken ?? null, progress.complete ? 1 : 0, at, seq, qkey);
        else this.db.prepare('UPDATE queries SET fetched_at = ?, seq = ? WHERE qkey = ?').run(at, seq, qkey);
      } else {
        this.db
          .prepare('INSERT INTO queries (qkey, next_token, complete, fetched_at, seq) VALUES (?, ?, ?, ?, ?)')
          .run(qkey, progress?.nextToken ?? null, progress?.complete ? 1 : 0, at, seq);
      }
    })();
  }

  /** The ids of indexed runs that have not finished (RUNNING, SCHEDULED), for a refresh. */
  unfinished(qkey: string, limit = 500): string[] {
    return (
      this.db.prepare("SELECT run_id FROM runs WHERE qkey = ? AND status IN ('RUNNING', 'SCHEDULED') LIMIT ?").all(qkey, limit) as { run_id: string }[]
    ).map((r) => r.run_id);
  }

  /** How many runs a query holds. */
  count(qkey: string): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM runs WHERE qkey = ?').get(qkey) as { n: number }).n;
  }

  /** The keys seen among a query's runs, sorted. */
  keys(qkey: string): { params: string[]; metrics: string[]; tags: string[] } {
    const rows = this.db.prepare('SELECT kind, key FROM run_keys WHERE qkey = ? ORDER BY key').all(qkey) as { kind: string; key: string }[];
    return {
      params: rows.filter((r) => r.kind === 'param').map((r) => r.key),
      metrics: rows.filter((r) => r.kind === 'metric').map((r) => r.key),
      tags: rows.filter((r) => r.kind === 'tag').map((r) => r.key),
    };
  }

  /**
   * A window of a query's runs: in fetch order (the server's: newest first), or sorted by a
   * column (empty values last, either way).
   */
  window(qkey: string, offset: number, limit: number, sort?: { column: RunColumn; desc: boolean }): TrackingRunRow[] {
    const dir = sort?.desc ? 'DESC' : 'ASC';
    let order = 'seq ASC';
    const args: (string | number)[] = [qkey];
    if (sort) {
      const c = sort.column;
      if (c.kind === 'attribute') {
        const expr =
          c.key === 'runName'
            ? 'name'
            : c.key === 'status'
              ? 'status'
              : c.key === 'startTime'
                ? 'start_time'
                : c.key === 'endTime'
                  ? 'end_time'
                  : c.key === 'user'
                    ? 'user'
                    : '(end_time - start_time)';
        order = `(${expr}) IS NULL, ${expr} ${dir}, seq ASC`;
      } else {
        const p = memberPath(c.kind, c.key);
        // params and tags are text: numbers among them sort as numbers, then text
        order =
          c.kind === 'metric'
            ? `json_extract(json, ?) IS NULL, json_extract(json, ?) ${dir}, seq ASC`
            : `json_extract(json, ?) IS NULL, CAST(json_extract(json, ?) AS REAL) ${dir}, json_extract(json, ?) ${dir}, seq ASC`;
        args.push(p, p);
        if (c.kind !== 'metric') args.push(p);
      }
    }
    const rows = this.db.prepare(`SELECT json FROM runs WHERE qkey = ? ORDER BY ${order} LIMIT ? OFFSET ?`).all(...args, limit, offset) as { json: string }[];
    return rows.map((r) => JSON.parse(r.json) as TrackingRunRow);
  }

  dispose(): void {
    if (this.db.open) this.db.close();
  }
}
