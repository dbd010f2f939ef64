// SPDX-License-Identifier: Apache-2.0
/**
 * Test-only: a {@link CacheDb} in memory, for unit tests of the sync engine's logic. Objects
 * are copied in and out (as a database would), and a relist's diff counts an object as
 * unchanged when its uid and resourceVersion match.
 */
import { AppError } from '../../../../shared/errors';
import type { KubeObject } from '../../../../shared/kube/object';
import type { CacheDb, Gvr, LogKey, MetricSample, ObjectChange, SliceDiff, SourceKey, SourceState } from '../../cache/cache-db';
import { sourceId } from '../sync-types';

type Op = 'replaceSlice' | 'applyChanges' | 'setSourceState';

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;
const gvrId = (cluster: string, g: Gvr) => `${cluster}\u0000${g.group}\u0000${g.version}\u0000${g.resource}`;
const rowId = (namespace: string, name: string) => `${namespace}\u0000${name}`;

/** The fake cache. */
export class MemoryCache implements CacheDb {
  private readonly kinds = new Map<string, Map<string, KubeObject>>();
  private readonly sources = new Map<string, SourceState>();
  private readonly logs = new Map<string, { key: LogKey; lines: string[]; lastAt: number }>();
  private readonly samples = new Map<string, MetricSample & { cluster: string }>();
  /** How many times each write was called. */
  readonly calls: Record<Op, number> = { replaceSlice: 0, applyChanges: 0, setSourceState: 0 };
  /** Makes the next call of an operation fail (once). */
  failNext: Op | undefined;
  disposed = false;

  async listObjects(cluster: string, gvr: Gvr, namespace?: string): Promise<KubeObject[]> {
    const rows = [...(this.kinds.get(gvrId(cluster, gvr))?.values() ?? [])];
    return copy(rows.filter((o) => namespace === undefined || (o.metadata.namespace ?? '') === namespace));
  }

  async getObject(cluster: string, gvr: Gvr, namespace: string, name: string): Promise<KubeObject | undefined> {
    const o = this.kinds.get(gvrId(cluster, gvr))?.get(rowId(namespace, name));
    return o && copy(o);
  }

  async replaceSlice(source: SourceKey, objects: KubeObject[], resourceVersion: string): Promise<SliceDiff> {
    this.check('replaceSlice');
    const rows = this.rows(source);
    const inScope = (o: KubeObject) => source.namespace === '' || (o.metadata.namespace ?? '') === source.namespace;
    const fresh = new Map(objects.map((o) => [rowId(o.metadata.namespace ?? source.namespace, o.metadata.name), o]));
    const diff: SliceDiff = { upserted: [], deleted: [], unchanged: 0 };
    for (const [id, was] of rows) {
      if (inScope(was) && !fresh.has(id)) {
        diff.deleted.push(was);
        rows.delete(id);
      }
    }
    for (const [id, o] of fresh) {
      const was = rows.get(id);
      const same = was && was.metadata.uid === o.metadata.uid && was.metadata.resourceVersion === o.metadata.resourceVersion && o.metadata.resourceVersion;
      if (same) diff.unchanged++;
      else {
        rows.set(id, copy(o));
        diff.upserted.push(copy(o));
      }
    }
    this.recordSync(source, resourceVersion);
    return diff;
  }

  async applyChanges(source: SourceKey, changes: ObjectChange[], resourceVersion: string): Promise<void> {
    this.check('applyChanges');
    const rows = this.rows(source);
    for (const c of changes) {
      const id = rowId(c.object.metadata.namespace ?? source.namespace, c.object.metadata.name);
      if (c.type === 'delete') rows.delete(id);
      else rows.set(id, copy(c.object));
    }
    this.recordSync(source, resourceVersion);
  }

  async getSourceState(source: SourceKey): Promise<SourceState | undefined> {
    const s = this.sources.get(sourceId(source));
    return s && copy(s);
  }

  async setSourceState(state: SourceState): Promise<void> {
    this.check('setSourceState');
    this.sources.set(sourceId(state.key), copy(state));
  }

  async listSources(cluster: string): Promise<SourceState[]> {
    return copy([...this.sources.values()].filter((s) => s.key.cluster === cluster));
  }

  async appendLogs(key: LogKey, lines: string[], at: number): Promise<void> {
    const id = JSON.stringify(key);
    const entry = this.logs.get(id) ?? { key, lines: [], lastAt: at };
    entry.lines.push(...lines);
    entry.lastAt = at;
    this.logs.set(id, entry);
  }

  async readLogs(key: LogKey, limit?: number): Promise<{ lines: string[]; truncated: boolean; lastAt: number | undefined }> {
    const entry = this.logs.get(JSON.stringify(key));
    const lines = entry?.lines ?? [];
    const kept = limit === undefined ? lines : lines.slice(Math.max(0, lines.length - limit));
    return { lines: [...kept], truncated: kept.length < lines.length, lastAt: entry?.lastAt };
  }

  async listLogKeys(cluster: string, namespace?: string): Promise<(LogKey & { bytes: number; lastAt: number })[]> {
    return [...this.logs.values()]
      .filter((e) => e.key.cluster === cluster && (namespace === undefined || e.key.namespace === namespace))
      .map((e) => ({ ...e.key, bytes: e.lines.reduce((n, l) => n + Buffer.byteLength(l) + 1, 0), lastAt: e.lastAt }));
  }

  async putMetricSamples(cluster: string, samples: MetricSample[], keepSince: number): Promise<void> {
    for (const s of samples) this.samples.set(JSON.stringify([cluster, s.metric, s.series, s.at]), { ...s, cluster });
    for (const [k, s] of this.samples) if (s.at < keepSince) this.samples.delete(k);
  }

  async readMetricSamples(cluster: string, metrics: string[], since: number): Promise<MetricSample[]> {
    return [...this.samples.values()]
      .filter((s) => s.cluster === cluster && metrics.includes(s.metric) && s.at >= since)
      .sort((a, b) => a.at - b.at)
      .map(({ metric, series, at, value }) => ({ metric, series, at, value }));
  }

  dispose(): void {
    this.disposed = true;
  }

  private rows(source: SourceKey): Map<string, KubeObject> {
    const id = gvrId(source.cluster, source);
    let rows = this.kinds.get(id);
    if (!rows) this.kinds.set(id, (rows = new Map()));
    return rows;
  }

  private recordSync(source: SourceKey, resourceVersion: string): void {
    const id = sourceId(source);
    const was = this.sources.get(id);
    this.sources.set(
      id,
      was ? { ...was, resourceVersion } : { key: { ...source }, freshness: 'syncing', resourceVersion, lastSyncedAt: undefined, error: undefined },
    );
  }

  private check(op: Op): void {
    if (this.disposed) throw new AppError('internal', 'The cache is closed.');
    this.calls[op]++;
    if (this.failNext === op) {
      this.failNext = undefined;
      throw new AppError('unavailable', `The cache failed to ${op}.`);
    }
  }
}
