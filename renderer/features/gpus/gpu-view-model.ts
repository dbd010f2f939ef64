// SPDX-License-Identifier: Apache-2.0
/**
 * Pure helpers of the GPU page: allocations of several clusters combined for "All clusters",
 * each holder's current utilisation and idle flag from the metrics, chart series, and the
 * metrics source in words.
 */
import type { GpuAllocation, GpuHolder, GpuMetrics, GpuMetricsSource, GpuModelRow, GpuNodeRow, GpuPending } from '../../../shared/features/gpus/gpus.contract';
import type { ChartSeries } from '../../components/LineChart';

/** A row tagged with the cluster it is from. */
export type InCluster<T> = T & { clusterId: string; clusterName: string };

/** Allocations of the clusters in scope, together. */
export interface CombinedAllocation {
  models: (GpuModelRow & { clusters: string[] })[];
  nodes: InCluster<GpuNodeRow>[];
  holders: InCluster<GpuHolder>[];
  pending: InCluster<GpuPending>[];
}

/** Sums models over clusters (same model name = one card) and tags rows with their cluster. */
export function combine(parts: { clusterId: string; clusterName: string; allocation: GpuAllocation }[]): CombinedAllocation {
  const models = new Map<string, GpuModelRow & { clusters: string[] }>();
  const out: CombinedAllocation = { models: [], nodes: [], holders: [], pending: [] };
  for (const { clusterId, clusterName, allocation: a } of parts) {
    const tag = <T>(r: T): InCluster<T> => ({ ...r, clusterId, clusterName });
    for (const m of a.models) {
      const row = models.get(m.model) ?? { model: m.model, nodes: 0, capacity: 0, allocatable: 0, allocated: 0, free: 0, clusters: [] };
      row.nodes += m.nodes;
      row.capacity += m.capacity;
      row.allocatable += m.allocatable;
      row.allocated += m.allocated;
      row.free += m.free;
      if (!row.clusters.includes(clusterName)) row.clusters.push(clusterName);
      models.set(m.model, row);
    }
    out.nodes.push(...a.nodes.map(tag));
    out.holders.push(...a.holders.map(tag));
    out.pending.push(...a.pending.map(tag));
  }
  out.models = [...models.values()].sort((a, b) => a.model.localeCompare(b.model));
  return out;
}

/** What the metrics say about one pod now. */
export interface PodUse {
  /** Mean of the latest utilisation of its GPUs, %. */
  utilNow: number | undefined;
  memoryNowMiB: number | undefined;
  /** Every GPU it holds is idle. */
  idle: boolean;
  idleMinutes: number;
}

/** Latest utilisation and idle flag per `clusterId/namespace/pod`. */
export function podUse(metrics: { clusterId: string; metrics: GpuMetrics }[]): Map<string, PodUse> {
  const acc = new Map<string, { utils: number[]; mem: number; idle: boolean[]; minutes: number }>();
  for (const { clusterId, metrics: m } of metrics) {
    // a series that ended before now (the GPU's labels changed, the pod moved on) says nothing of now
    const current = m.to - 3 * m.stepSeconds * 1000;
    for (const s of m.series) {
      if (!s.pod) continue;
      const last = s.util.at(-1);
      if (last && last.t < current) continue;
      const key = `${clusterId}/${s.namespace ?? ''}/${s.pod}`;
      const a = acc.get(key) ?? { utils: [], mem: 0, idle: [], minutes: Infinity };
      if (last) a.utils.push(last.v);
      a.mem += s.memoryUsedMiB.at(-1)?.v ?? 0;
      a.idle.push(s.idle);
      a.minutes = Math.min(a.minutes, s.idleMinutes);
      acc.set(key, a);
    }
  }
  const out = new Map<string, PodUse>();
  for (const [k, a] of acc) {
    out.set(k, {
      utilNow: a.utils.length ? Math.round(a.utils.reduce((x, y) => x + y, 0) / a.utils.length) : undefined,
      memoryNowMiB: a.mem || undefined,
      idle: a.idle.length > 0 && a.idle.every(Boolean),
      idleMinutes: Number.isFinite(a.minutes) ? a.minutes : 0,
    });
  }
  return out;
}

/**
 * Chart lines: one per GPU (its holders over the window joined; named after the latest holder)
 * or one per job, named so the user can tell them apart.
 */
export function chartSeries(
  metrics: { clusterName: string; metrics: GpuMetrics }[],
  what: 'gpu-util' | 'gpu-memory' | 'job-util' | 'job-memory',
): ChartSeries[] {
  const many = metrics.length > 1;
  const prefix = (c: string) => (many ? `${c} · ` : '');
  const out: ChartSeries[] = [];
  for (const { clusterName, metrics: m } of metrics) {
    if (what === 'gpu-util' || what === 'gpu-memory') {
      const gpus = new Map<string, { points: Map<number, number>; last: number; holder: string }>();
      for (const s of m.series) {
        const points = what === 'gpu-util' ? s.util : s.memoryUsedMiB;
        const id = `${s.node} gpu${s.gpu}`;
        const g = gpus.get(id) ?? { points: new Map<number, number>(), last: -Infinity, holder: '' };
        for (const p of points) g.points.set(p.t, p.v);
        const lastT = points.at(-1)?.t ?? -Infinity;
        if (lastT >= g.last) {
          g.last = lastT;
          g.holder = s.pod ? ` · ${s.namespace ?? ''}/${s.pod}` : '';
        }
        gpus.set(id, g);
      }
      for (const [id, g] of gpus) {
        out.push({ name: `${prefix(clusterName)}${id}${g.holder}`, points: [...g.points].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v })) });
      }
    } else {
      for (const j of m.jobs) {
        out.push({
          name: `${prefix(clusterName)}${j.namespace}/${j.job.name} (${j.job.kind}, ${j.gpus} GPU${j.gpus === 1 ? '' : 's'})`,
          points: what === 'job-util' ? j.util : j.memoryUsedMiB,
        });
      }
    }
  }
  return out.filter((s) => s.points.length > 0);
}

/**
 * One context per API server (contexts of other users or credentials reach the same cluster):
 * the current context where it is one of them, else the first in list order.
 */
export function onePerServer<C extends { id: string; server: string; displayName: string }>(
  clusters: C[],
  currentId: string | undefined,
): { scope: C[]; duplicates: { displayName: string; sameAs: string }[] } {
  const chosen = new Map<string, C>();
  const ordered = [...clusters.filter((c) => c.id === currentId), ...clusters.filter((c) => c.id !== currentId)];
  for (const c of ordered) if (!chosen.has(c.server)) chosen.set(c.server, c);
  const kept = new Set([...chosen.values()].map((c) => c.id));
  return {
    scope: clusters.filter((c) => kept.has(c.id)),
    duplicates: clusters.filter((c) => !kept.has(c.id)).map((c) => ({ displayName: c.displayName, sameAs: chosen.get(c.server)?.displayName ?? '' })),
  };
}

/** The metrics source in words. */
export function sourceText(s: GpuMetricsSource, formatTime: (ms: number) => string): { text: string; level: 'ok' | 'warn' | 'missing' } {
  switch (s.kind) {
    case 'url':
      return { text: `Metrics from Prometheus at ${s.url}`, level: 'ok' };
    case 'port-forward':
      return { text: `Metrics via port-forward to ${s.namespace}/${s.service}`, level: 'ok' };
    case 'cache':
      return { text: `Showing metrics cached at ${formatTime(s.fetchedAt)}: ${s.why}`, level: 'warn' };
    case 'none':
      return { text: s.why, level: 'missing' };
  }
}
