// SPDX-License-Identifier: Apache-2.0
/**
 * Kept container logs, bounded per container and in total. Bytes count each line's UTF-8 text
 * plus its newline, so the bound is what the log would take as a file (and empty lines count).
 * When over a bound, the oldest lines go first: the container's own for the per-container bound,
 * the oldest anywhere for the total.
 */
import type { Database, Statement } from 'better-sqlite3';
import type { LogKey } from './cache-db';

/** The bounds on kept logs, in bytes. */
export interface LogLimits {
  /** At most this many bytes per container (oldest lines evicted first). */
  perContainerBytes: number;
  /** At most this many bytes over all containers (oldest lines anywhere evicted first). */
  totalBytes: number;
}

/** 4 MiB per container, 256 MiB in total. */
export const defaultLogLimits: Readonly<LogLimits> = { perContainerBytes: 4 * 1024 * 1024, totalBytes: 256 * 1024 * 1024 };

interface ContainerRow {
  id: number;
  bytes: number;
  last_at: number | null;
  truncated: number;
}

interface KeyRow {
  cluster: string;
  namespace: string;
  pod: string;
  container: string;
  bytes: number;
  last_at: number;
}

/** The bytes a line counts for. */
export function lineBytes(line: string): number {
  return Buffer.byteLength(line, 'utf8') + 1;
}

/** Cuts a line so it counts for at most `maxBytes` (never splitting a UTF-8 character). */
function cutLine(line: string, maxBytes: number): string {
  const buf = Buffer.from(line, 'utf8').subarray(0, Math.max(0, maxBytes - 1));
  // A cut inside a multi-byte character decodes to U+FFFD, which may grow the byte count: drop it.
  let text = buf.toString('utf8');
  while (text.endsWith('\uFFFD') && lineBytes(text) > maxBytes) text = text.slice(0, -1);
  return text;
}

/** Log tables behind {@link CacheDb}'s log methods. Call `append` inside a transaction. */
export class LogStore {
  private readonly findContainer: Statement<[string, string, string, string], ContainerRow>;
  private readonly insertContainer: Statement<[string, string, string, string]>;
  private readonly insertLine: Statement<[number, number, number, string]>;
  private readonly addToContainer: Statement<[number, number, number, number, number]>;
  private readonly oldestOfContainer: Statement<[number], { seq: number; bytes: number }>;
  private readonly oldestAnywhere: Statement<[], { seq: number; container_id: number; bytes: number }>;
  private readonly deleteContainerLinesUpTo: Statement<[number, number]>;
  private readonly deleteLinesUpTo: Statement<[number]>;
  private readonly evicted: Statement<[number, number]>;
  private readonly deleteIfEmpty: Statement<[number]>;
  private readonly totalBytes: Statement<[], number | null>;
  private readonly allLines: Statement<[number], string>;
  private readonly newestLines: Statement<[number, number], string>;
  private readonly keysOfCluster: Statement<[string], KeyRow>;
  private readonly keysOfNamespace: Statement<[string, string], KeyRow>;

  /**
   * @param db - a migrated connection
   * @param limits - the byte bounds
   */
  constructor(
    db: Database,
    private readonly limits: LogLimits,
  ) {
    this.findContainer = db.prepare(
      'SELECT id, bytes, last_at, truncated FROM log_containers WHERE cluster = ? AND namespace = ? AND pod = ? AND container = ?',
    );
    this.insertContainer = db.prepare('INSERT INTO log_containers (cluster, namespace, pod, container) VALUES (?, ?, ?, ?)');
    this.insertLine = db.prepare('INSERT INTO log_lines (container_id, at, bytes, line) VALUES (?, ?, ?, ?)');
    this.addToContainer = db.prepare(
      'UPDATE log_containers SET bytes = bytes + ?, last_at = max(coalesce(last_at, ?), ?), truncated = max(truncated, ?) WHERE id = ?',
    );
    this.oldestOfContainer = db.prepare('SELECT seq, bytes FROM log_lines WHERE container_id = ? ORDER BY seq');
    this.oldestAnywhere = db.prepare('SELECT seq, container_id, bytes FROM log_lines ORDER BY seq');
    this.deleteContainerLinesUpTo = db.prepare('DELETE FROM log_lines WHERE container_id = ? AND seq <= ?');
    this.deleteLinesUpTo = db.prepare('DELETE FROM log_lines WHERE seq <= ?');
    this.evicted = db.prepare('UPDATE log_containers SET bytes = bytes - ?, truncated = 1 WHERE id = ?');
    this.deleteIfEmpty = db.prepare('DELETE FROM log_containers WHERE id = ? AND bytes <= 0');
    this.totalBytes = db.prepare<[], number | null>('SELECT sum(bytes) FROM log_containers').pluck();
    this.allLines = db.prepare<[number], string>('SELECT line FROM log_lines WHERE container_id = ? ORDER BY seq').pluck();
    this.newestLines = db
      .prepare<[number, number], string>('SELECT line FROM (SELECT seq, line FROM log_lines WHERE container_id = ? ORDER BY seq DESC LIMIT ?) ORDER BY seq')
      .pluck();
    const keys = 'SELECT cluster, namespace, pod, container, bytes, last_at FROM log_containers WHERE bytes > 0 AND cluster = ?';
    this.keysOfCluster = db.prepare(`${keys} ORDER BY namespace, pod, container`);
    this.keysOfNamespace = db.prepare(`${keys} AND namespace = ? ORDER BY namespace, pod, container`);
  }

  /** Appends lines (oldest first) and evicts to stay within the bounds. Run inside a transaction. */
  append(key: LogKey, lines: readonly string[], at: number): void {
    if (lines.length === 0) return;
    const max = this.limits.perContainerBytes;
    // Keep only the newest lines of the batch that can fit in one container at all.
    const kept: { text: string; bytes: number }[] = [];
    let batchBytes = 0;
    let cut = false;
    for (let i = lines.length - 1; i >= 0; i--) {
      let text = lines[i] ?? '';
      let bytes = lineBytes(text);
      if (bytes > max) {
        if (kept.length > 0) {
          cut = true;
          break;
        }
        text = cutLine(text, max);
        bytes = lineBytes(text);
        cut = true;
      }
      if (batchBytes + bytes > max) {
        cut = true;
        break;
      }
      kept.push({ text, bytes });
      batchBytes += bytes;
    }
    kept.reverse();

    let container = this.findContainer.get(key.cluster, key.namespace, key.pod, key.container);
    if (container === undefined) {
      const id = Number(this.insertContainer.run(key.cluster, key.namespace, key.pod, key.container).lastInsertRowid);
      container = { id, bytes: 0, last_at: null, truncated: 0 };
    }
    for (const line of kept) this.insertLine.run(container.id, at, line.bytes, line.text);
    this.addToContainer.run(batchBytes, at, at, cut ? 1 : 0, container.id);
    if (container.bytes + batchBytes > max) this.evictFromContainer(container.id, container.bytes + batchBytes - max);
    const total = this.totalBytes.get() ?? 0;
    if (total > this.limits.totalBytes) this.evictOldest(total - this.limits.totalBytes);
  }

  private evictFromContainer(id: number, atLeast: number): void {
    let freed = 0;
    let lastSeq = -1;
    for (const row of this.oldestOfContainer.iterate(id)) {
      freed += row.bytes;
      lastSeq = row.seq;
      if (freed >= atLeast) break;
    }
    this.deleteContainerLinesUpTo.run(id, lastSeq);
    this.evicted.run(freed, id);
  }

  private evictOldest(atLeast: number): void {
    const freedBy = new Map<number, number>();
    let freed = 0;
    let lastSeq = -1;
    for (const row of this.oldestAnywhere.iterate()) {
      freed += row.bytes;
      lastSeq = row.seq;
      freedBy.set(row.container_id, (freedBy.get(row.container_id) ?? 0) + row.bytes);
      if (freed >= atLeast) break;
    }
    this.deleteLinesUpTo.run(lastSeq);
    for (const [id, bytes] of freedBy) {
      this.evicted.run(bytes, id);
      this.deleteIfEmpty.run(id);
    }
  }

  /** The kept lines of a container, oldest first; with `limit`, only the newest `limit`. */
  read(key: LogKey, limit?: number): { lines: string[]; truncated: boolean; lastAt: number | undefined } {
    const container = this.findContainer.get(key.cluster, key.namespace, key.pod, key.container);
    if (container === undefined) return { lines: [], truncated: false, lastAt: undefined };
    let truncated = container.truncated !== 0;
    let lines: string[];
    if (limit === undefined) {
      lines = this.allLines.all(container.id);
    } else {
      // One extra row tells whether the limit hid older lines.
      lines = this.newestLines.all(container.id, limit + 1);
      if (lines.length > limit) {
        lines = lines.slice(lines.length - limit);
        truncated = true;
      }
    }
    return { lines, truncated, lastAt: container.last_at ?? undefined };
  }

  /** Containers with kept lines in a cluster (optionally one namespace), by namespace, pod, container. */
  keys(cluster: string, namespace?: string): (LogKey & { bytes: number; lastAt: number })[] {
    const rows = namespace === undefined ? this.keysOfCluster.all(cluster) : this.keysOfNamespace.all(cluster, namespace);
    return rows.map((r) => ({ cluster: r.cluster, namespace: r.namespace, pod: r.pod, container: r.container, bytes: r.bytes, lastAt: r.last_at }));
  }
}
