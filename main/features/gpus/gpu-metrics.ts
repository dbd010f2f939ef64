// SPDX-License-Identifier: Apache-2.0
/**
 * DCGM series → what the GPU view draws. Labels are read in both forms dcgm-exporter is seen
 * with (`pod`/`namespace`/`container`, or `exported_*` when Prometheus did not honour the
 * exporter's labels; `Hostname` or `hostname`). A series belongs to a cluster when its node is
 * one of the cluster's nodes (real clusters carry no cluster label), or, without a node label,
 * when its pod is one of the cluster's pods.
 */
import type { GpuJobRef, GpuJobSeries, GpuLabels, GpuPoint, GpuSeries } from '../../../shared/features/gpus/gpus.contract';
import { idleState, jobIdle, type IdleRule } from '../../../shared/kube/gpu-idle';
import type { PromSeries } from './prometheus-client';

export type { GpuLabels };

/** One metric's samples for one GPU and holder. */
export interface RawSeries {
  labels: GpuLabels;
  points: GpuPoint[];
}

/** What the cluster knows: its node names and its pods (by `namespace/name`). */
export interface ClusterView {
  nodes: ReadonlySet<string>;
  pods: ReadonlyMap<string, { job: GpuJobRef | undefined; holdsGpus: boolean }>;
}

const nonEmpty = (v: string | undefined) => (v === undefined || v === '' ? undefined : v);

/** Reads the labels, preferring `exported_*` (the holder's) over the scrape target's own. */
export function gpuLabels(m: Record<string, string>): GpuLabels {
  return {
    node: nonEmpty(m['Hostname']) ?? nonEmpty(m['hostname']) ?? '',
    gpu: m['gpu'] ?? '',
    uuid: nonEmpty(m['UUID']),
    model: nonEmpty(m['modelName']),
    namespace: nonEmpty(m['exported_namespace']) ?? nonEmpty(m['namespace']) ?? nonEmpty(m['pod_namespace']),
    pod: nonEmpty(m['exported_pod']) ?? nonEmpty(m['pod']) ?? nonEmpty(m['pod_name']),
    container: nonEmpty(m['exported_container']) ?? nonEmpty(m['container']) ?? nonEmpty(m['container_name']),
  };
}

/** A stable key of a label set (also the cache's series key). */
export function labelsKey(l: GpuLabels): string {
  return JSON.stringify([l.node, l.gpu, l.uuid ?? '', l.model ?? '', l.namespace ?? '', l.pod ?? '', l.container ?? '']);
}

/** The inverse of {@link labelsKey}. */
export function labelsFromKey(key: string): GpuLabels {
  const [node, gpu, uuid, model, namespace, pod, container] = JSON.parse(key) as string[];
  return {
    node: node ?? '',
    gpu: gpu ?? '',
    uuid: nonEmpty(uuid),
    model: nonEmpty(model),
    namespace: nonEmpty(namespace),
    pod: nonEmpty(pod),
    container: nonEmpty(container),
  };
}

/** Prometheus matrix → series per label set (series with equal labels merged, points by time). */
export function fromMatrix(result: PromSeries[]): RawSeries[] {
  const byKey = new Map<string, { labels: GpuLabels; points: Map<number, number> }>();
  for (const s of result) {
    const labels = gpuLabels(s.metric);
    const key = labelsKey(labels);
    const entry = byKey.get(key) ?? { labels, points: new Map<number, number>() };
    for (const [t, v] of s.values) {
      const n = Number(v);
      if (Number.isFinite(n)) entry.points.set(Math.round(t * 1000), n);
    }
    byKey.set(key, entry);
  }
  return [...byKey.values()].map((e) => ({ labels: e.labels, points: [...e.points].sort((a, b) => a[0] - b[0]).map(([t, v]) => ({ t, v })) }));
}

/** Whether a series is this cluster's. */
export function belongsTo(l: GpuLabels, view: ClusterView): boolean {
  if (l.node !== '') return view.nodes.has(l.node);
  return l.pod !== undefined && view.pods.has(`${l.namespace ?? ''}/${l.pod}`);
}

function mergeByTime(lists: GpuPoint[][], combine: (values: number[]) => number): GpuPoint[] {
  const at = new Map<number, number[]>();
  for (const list of lists) for (const p of list) at.set(p.t, [...(at.get(p.t) ?? []), p.v]);
  return [...at].sort((a, b) => a[0] - b[0]).map(([t, values]) => ({ t, v: combine(values) }));
}

/**
 * Builds the per-GPU series (utilisation and memory side by side), idle flags and per-job
 * aggregates (mean utilisation, summed memory) for one cluster.
 */
export function buildMetrics(
  util: RawSeries[],
  memory: RawSeries[],
  view: ClusterView,
  rule: IdleRule,
  stepSeconds: number,
): { series: GpuSeries[]; jobs: GpuJobSeries[] } {
  const mem = new Map(memory.map((m) => [labelsKey(m.labels), m.points]));
  const keys = new Set([...util.map((u) => labelsKey(u.labels)), ...memory.map((m) => labelsKey(m.labels))]);
  const utilByKey = new Map(util.map((u) => [labelsKey(u.labels), u.points]));
  const series: GpuSeries[] = [];
  for (const key of keys) {
    const labels = labelsFromKey(key);
    if (!belongsTo(labels, view)) continue;
    const pod = labels.pod === undefined ? undefined : view.pods.get(`${labels.namespace ?? ''}/${labels.pod}`);
    const points = utilByKey.get(key) ?? [];
    const idle = idleState(points, rule, pod?.holdsGpus ?? false, 3 * stepSeconds * 1000);
    series.push({
      key,
      node: labels.node,
      gpu: labels.gpu,
      uuid: labels.uuid,
      model: labels.model,
      namespace: labels.namespace,
      pod: labels.pod,
      container: labels.container,
      job: pod?.job,
      util: points,
      memoryUsedMiB: mem.get(key) ?? [],
      idle: idle.idle,
      idleMinutes: Math.round(idle.idleMinutes * 10) / 10,
    });
  }
  series.sort((a, b) => a.node.localeCompare(b.node) || Number(a.gpu) - Number(b.gpu) || (a.pod ?? '').localeCompare(b.pod ?? ''));
  const groups = new Map<string, { namespace: string; job: GpuJobRef; members: GpuSeries[] }>();
  for (const s of series) {
    if (!s.job) continue;
    const id = `${s.namespace ?? ''}/${s.job.group}/${s.job.kind}/${s.job.name}`;
    const g = groups.get(id) ?? { namespace: s.namespace ?? '', job: s.job, members: [] };
    g.members.push(s);
    groups.set(id, g);
  }
  const jobs: GpuJobSeries[] = [...groups.values()].map((g) => ({
    namespace: g.namespace,
    job: g.job,
    gpus: new Set(g.members.map((m) => `${m.node}/${m.gpu}`)).size,
    util: mergeByTime(
      g.members.map((m) => m.util),
      (v) => Math.round((v.reduce((a, b) => a + b, 0) / v.length) * 10) / 10,
    ),
    memoryUsedMiB: mergeByTime(
      g.members.map((m) => m.memoryUsedMiB),
      (v) => v.reduce((a, b) => a + b, 0),
    ),
    idle: jobIdle(g.members.map((m) => ({ idle: m.idle, idleMinutes: m.idleMinutes }))),
  }));
  jobs.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.job.name.localeCompare(b.job.name));
  return { series, jobs };
}
