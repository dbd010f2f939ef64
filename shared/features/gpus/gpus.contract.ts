// SPDX-License-Identifier: Apache-2.0
/**
 * The GPU view: GPUs per model and node (capacity, allocatable, allocated from pod limits,
 * free), who holds them, who waits for them and why, and utilisation and memory over time from
 * DCGM metrics in Prometheus (a URL from the settings, or a port-forward to a Prometheus
 * service found in the cluster; the history already fetched is served offline). Idle GPUs
 * (held, utilisation under a threshold for a while) are flagged.
 */
import { z } from 'zod';
import { rpc } from '../../ipc/define';
import { ServicePin, type ServiceCandidate } from '../../kube/service-pin';
import type { SliceStatus } from '../sync/sync.contract';

const ClusterId = z.string().min(1).max(512);

/** The training job a pod belongs to (a link to the job page). */
export interface GpuJobRef {
  kind: string;
  group: string;
  version: string;
  resource: string;
  name: string;
}

/** GPUs of one model across a cluster. */
export interface GpuModelRow {
  model: string;
  nodes: number;
  capacity: number;
  allocatable: number;
  /** The sum of GPU limits of the non-terminated pods on these nodes. */
  allocated: number;
  /** allocatable − allocated, never below 0. */
  free: number;
}

/** One node with GPUs. */
export interface GpuNodeRow {
  name: string;
  model: string;
  /** `nvidia.com/gpu.memory` (MiB per GPU), when GPU Feature Discovery labels the node. */
  memoryMiB: number | undefined;
  ready: boolean;
  capacity: number;
  allocatable: number;
  allocated: number;
  free: number;
}

/** A pod holding GPUs on a node. */
export interface GpuHolder {
  namespace: string;
  pod: string;
  node: string;
  gpus: number;
  phase: string;
  job: GpuJobRef | undefined;
}

/** A pod waiting for GPUs: Pending, PodScheduled=False and the scheduler names a GPU resource. */
export interface GpuPending {
  namespace: string;
  pod: string;
  gpus: number;
  job: GpuJobRef | undefined;
  /** The condition's reason, e.g. `Unschedulable`. */
  reason: string;
  /** The scheduler's message, e.g. `0/7 nodes are available: … Insufficient nvidia.com/gpu`. */
  message: string;
  /** When the condition last changed (ISO time). */
  since: string | undefined;
}

/** Allocation of one cluster. */
export interface GpuAllocation {
  clusterId: string;
  models: GpuModelRow[];
  nodes: GpuNodeRow[];
  holders: GpuHolder[];
  pending: GpuPending[];
  /** Set when the user may not list nodes or pods: what is missing. */
  forbidden: string | undefined;
  /** How fresh the node and pod data is (offline: from the cache, with its time). */
  freshness: SliceStatus;
  fetchedAt: string;
}

/** One point of a series: ms since epoch and a value. */
export interface GpuPoint {
  t: number;
  v: number;
}

/** Which GPU a DCGM series is about, and who held it. */
export interface GpuLabels {
  node: string;
  gpu: string;
  uuid: string | undefined;
  model: string | undefined;
  namespace: string | undefined;
  pod: string | undefined;
  container: string | undefined;
}

/** One GPU's series. */
export interface GpuSeries extends GpuLabels {
  /** Stable key: the UUID, or node/gpu index when the exporter has none. */
  key: string;
  job: GpuJobRef | undefined;
  /** DCGM_FI_DEV_GPU_UTIL, %. */
  util: GpuPoint[];
  /** DCGM_FI_DEV_FB_USED, MiB. */
  memoryUsedMiB: GpuPoint[];
  /** Held (a pod is mapped to it) and under the idle threshold for the whole idle window. */
  idle: boolean;
  /** How long it has been under the threshold (minutes; 0 when it is not). */
  idleMinutes: number;
}

/** A training job's GPUs together: mean utilisation and summed memory over time. */
export interface GpuJobSeries {
  namespace: string;
  job: GpuJobRef;
  gpus: number;
  util: GpuPoint[];
  memoryUsedMiB: GpuPoint[];
  /** Every GPU of the job is idle. */
  idle: boolean;
}

/** Where metrics came from, or why there are none. */
export type GpuMetricsSource =
  | { kind: 'url'; url: string }
  | { kind: 'port-forward'; service: string; namespace: string; pod: string }
  | { kind: 'none'; why: string; candidates?: ServiceCandidate[] }
  | { kind: 'cache'; fetchedAt: number; why: string };

/** Metrics of one cluster. */
export interface GpuMetrics {
  clusterId: string;
  source: GpuMetricsSource;
  series: GpuSeries[];
  jobs: GpuJobSeries[];
  /** The idle rule applied. */
  idleRule: { thresholdPercent: number; windowMinutes: number };
  from: number;
  to: number;
  stepSeconds: number;
  fetchedAt: string;
}

export const GpuMetricsRequest = z
  .object({
    clusterId: ClusterId,
    /** How far back, in minutes (up to a day). */
    minutes: z.number().int().min(1).max(1440),
    /** Resolution; default a value giving about 240 points (at least 5 s). */
    stepSeconds: z.number().int().min(5).max(3600).optional(),
  })
  // Prometheus answers at most 11,000 points per series
  .refine((r) => r.stepSeconds === undefined || (r.minutes * 60) / r.stepSeconds <= 11_000, {
    message: 'Too many points: choose a larger step for this window (at most 11,000 per series).',
    path: ['stepSeconds'],
  });
/** {@link GpuMetricsRequest} */
export type GpuMetricsRequest = z.infer<typeof GpuMetricsRequest>;

/** The default idle rule. */
export const defaultIdleRule = { thresholdPercent: 5, windowMinutes: 10 } as const;

const urlShape = /^(https?):\/\/([^/?#\s]*)([^?#\s]*)([?#].*)?$/i;

/**
 * Checks a Prometheus base URL (shared code has no URL class): http or https, a host, an
 * optional port, no credentials, no query or fragment.
 * @returns why it is not acceptable, or undefined when it is
 */
export function prometheusUrlProblem(s: string): string | undefined {
  const m = urlShape.exec(s.trim());
  if (!m) return 'Enter an http:// or https:// URL, e.g. http://prometheus.example.com:9090';
  const authority = m[2] ?? '';
  if (authority.includes('@')) return 'A user name or password in the URL is not supported';
  if (m[4]) return 'Leave out the query and fragment: give the base URL Prometheus serves /api/v1 under';
  const hostPort = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(authority);
  if (!hostPort) return 'The URL needs a host name, e.g. http://prometheus.example.com:9090';
  const port = hostPort[2] === undefined ? undefined : Number(hostPort[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return 'The port must be between 1 and 65535';
  return undefined;
}

/** A Prometheus base URL: see {@link prometheusUrlProblem}. */
export const PrometheusUrl = z
  .string()
  .trim()
  .max(2048)
  .superRefine((s, ctx) => {
    const problem = prometheusUrlProblem(s);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

/** GPU settings of one cluster. */
export const GpuSettings = z.object({
  clusterId: ClusterId,
  /** Empty: the pinned Prometheus service in the cluster, through a port-forward. */
  prometheusUrl: z.union([z.literal(''), PrometheusUrl]),
  /**
   * The in-cluster Prometheus service the user confirmed (used when the URL is empty). MLDeck
   * never reads from a discovered service until it is pinned: one of the same name in another
   * namespace, or made again with another uid, is not it.
   */
  prometheusPin: ServicePin.nullable().optional(),
  idleThresholdPercent: z.number().min(0).max(100),
  idleWindowMinutes: z.number().int().min(1).max(1440),
});
/** {@link GpuSettings} */
export type GpuSettings = z.infer<typeof GpuSettings>;

const ClusterRequest = z.object({ clusterId: ClusterId });

export const gpusContract = {
  allocation: rpc<{ clusterId: string }, GpuAllocation>('gpus:allocation', ClusterRequest),
  metrics: rpc<GpuMetricsRequest, GpuMetrics>('gpus:metrics', GpuMetricsRequest),
  getSettings: rpc<{ clusterId: string }, GpuSettings>('gpus:get-settings', ClusterRequest),
  setSettings: rpc<GpuSettings, GpuSettings>('gpus:set-settings', GpuSettings),
  /** The Prometheus services found in the cluster, to pin one (nothing is sent to them). */
  prometheusCandidates: rpc<{ clusterId: string }, ServiceCandidate[]>('gpus:prometheus-candidates', ClusterRequest),
} as const;
