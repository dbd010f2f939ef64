// SPDX-License-Identifier: Apache-2.0
/**
 * Opened snapshot files. Each appears as a read-only cluster whose id starts with
 * `snapshot:`; the list of opened files survives restarts (snapshots.json in the data
 * directory). Files that vanished are dropped with a problem line, never an error.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { AppError } from '../../../shared/errors';
import type { ClusterSummary, KubeconfigProblem } from '../../../shared/features/clusters/clusters.contract';
import type { Disposable } from '../../../shared/lifecycle';
import type { CacheDb } from '../cache/cache-db';
import { openSnapshot, type SnapshotInfo } from '../cache/snapshot';

/** An opened snapshot. */
export interface OpenedSnapshot {
  id: string;
  file: string;
  cache: CacheDb;
  meta: SnapshotInfo;
}

/** The prefix of snapshot cluster ids. */
export const snapshotPrefix = 'snapshot:';

/** What a change to a snapshot is told. */
export const snapshotReadOnly = 'A snapshot is read-only; choose a live cluster.';

/** Every permission of a snapshot: refused, with this reason. */
export const snapshotPermission = { allowed: false, reason: 'Snapshots are read-only.' } as const;

/** Is this cluster id a snapshot's? */
export function isSnapshotId(id: string): boolean {
  return id.startsWith(snapshotPrefix);
}

/** The registry of opened snapshots. */
export class SnapshotRegistry implements Disposable {
  private readonly open = new Map<string, OpenedSnapshot>();
  private problems: KubeconfigProblem[] = [];
  private current: string | undefined;
  private readonly listFile: string;

  constructor(dataDir: string) {
    this.listFile = join(dataDir, 'snapshots.json');
  }

  /** Re-opens the files opened in earlier runs. */
  async restore(): Promise<void> {
    const text = await readFile(this.listFile, 'utf8').catch(() => undefined);
    if (!text) return;
    let saved: { files?: unknown; current?: unknown };
    try {
      saved = JSON.parse(text) as { files?: unknown; current?: unknown };
    } catch {
      await rename(this.listFile, `${this.listFile}.corrupt-${Date.now()}`).catch(() => undefined);
      return;
    }
    for (const f of Array.isArray(saved.files) ? saved.files : []) {
      if (typeof f !== 'string') continue;
      try {
        await this.add(f, false);
      } catch (e) {
        this.problems.push({ origin: f, message: e instanceof Error ? e.message : String(e) });
      }
    }
    if (typeof saved.current === 'string' && this.open.has(saved.current)) this.current = saved.current;
  }

  /** Opens a snapshot file (read-only) and returns its cluster id. */
  async add(file: string, persist = true): Promise<string> {
    if (!isAbsolute(file)) throw new AppError('validation', `Give the full path of the snapshot file, not "${file}".`);
    if (!existsSync(file)) throw new AppError('not-found', `There is no snapshot file at ${file}.`);
    const id = `${snapshotPrefix}${createHash('sha256').update(file).digest('hex').slice(0, 16)}`;
    if (!this.open.has(id)) {
      const { cache, meta } = await openSnapshot(file);
      this.open.set(id, { id, file, cache, meta });
    }
    if (persist) await this.save();
    return id;
  }

  /** Closes a snapshot. */
  async remove(id: string): Promise<void> {
    const s = this.open.get(id);
    if (!s) throw new AppError('not-found', 'That snapshot is not open.');
    s.cache.dispose();
    this.open.delete(id);
    if (this.current === id) this.current = undefined;
    await this.save();
  }

  /** The opened snapshot, or not-found. */
  get(id: string): OpenedSnapshot {
    const s = this.open.get(id);
    if (!s) throw new AppError('not-found', 'That snapshot is not open (any more).');
    return s;
  }

  /** The snapshot chosen as the current cluster, if any. */
  currentId(): string | undefined {
    return this.current;
  }

  /** Chooses (or, with undefined, clears) the current snapshot. */
  async setCurrent(id: string | undefined): Promise<void> {
    if (id !== undefined) this.get(id);
    this.current = id;
    await this.save();
  }

  /** Problems met while restoring. */
  fileProblems(): KubeconfigProblem[] {
    return this.problems;
  }

  /** Summaries for the cluster list. */
  summaries(): ClusterSummary[] {
    return [...this.open.values()].map((s) => ({
      id: s.id,
      contextName: s.meta.clusterName,
      displayName: `${s.meta.clusterName} (snapshot ${new Date(s.meta.takenAt).toISOString().slice(0, 16).replace('T', ' ')})`,
      origin: { kind: 'file', path: s.file, source: 'added' },
      server: s.meta.server,
      userName: '',
      namespace: undefined,
      authKind: 'none',
      insecure: false,
      execCommand: undefined,
      execApproved: undefined,
      problems: [],
      snapshot: { file: s.file, takenAt: s.meta.takenAt, server: s.meta.server },
    }));
  }

  dispose(): void {
    for (const s of this.open.values()) s.cache.dispose();
    this.open.clear();
  }

  private async save(): Promise<void> {
    const tmp = `${this.listFile}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify({ files: [...this.open.values()].map((s) => s.file), current: this.current }, null, 2), { mode: 0o600 });
    await rename(tmp, this.listFile);
  }
}
