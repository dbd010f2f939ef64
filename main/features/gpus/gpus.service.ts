// SPDX-License-Identifier: Apache-2.0
/**
 * The GPU view's service. Allocation comes from nodes and pods read through the cache (so it
 * works offline and from snapshots). Metrics come from Prometheus: the cluster's URL from the
 * settings (through the proxy rule), else the in-cluster Prometheus service the user pinned,
 * through the in-cluster connector's port-forward. A discovered service is never read from until
 * the user confirms it. Fetched samples are kept in the cache; when Prometheus or the cluster
 * cannot be reached, the kept history is served and the source says so.
 */
import { AppError, isAppError } from '../../../shared/errors';
import type { ServiceCandidate } from '../../../shared/kube/service-pin';
import type { GpuAllocation, GpuMetrics, GpuMetricsRequest, GpuMetricsSource, GpuPoint, GpuSettings } from '../../../shared/features/gpus/gpus.contract';
import type { SliceStatus } from '../../../shared/features/sync/sync.contract';
import { gpuRequestOfPodSpec } from '../../../shared/kube/gpus';
import type { KubeObject } from '../../../shared/kube/object';
import type { Disposable } from '../../../shared/lifecycle';
import type { CacheDb, MetricSample } from '../../platform/cache/cache-db';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import type { InClusterConnector } from '../../platform/kube/in-cluster-connector';
import type { PortForwardTarget } from '../../platform/kube/port-forward';
import { isSnapshotId } from '../../platform/snapshots/snapshot-registry';
import type { SliceReader } from '../../platform/sync/slice-reader';
import { gpuHolders, gpuModelRows, gpuNodes, gpuPending, jobOfPod } from './gpu-allocation';
import { belongsTo, buildMetrics, fromMatrix, labelsFromKey, labelsKey, type ClusterView, type RawSeries } from './gpu-metrics';
import type { GpuSettingsStore } from './gpu-settings';
import { discoveryError, noPrometheusMessage, pinnedPrometheus, prometheusCandidates, unconfirmedPrometheusMessage } from './prometheus-discovery';
import { PrometheusClient } from './prometheus-client';

const core = (resource: string) => ({ group: '', version: 'v1', resource });
const utilMetric = 'gpu-util';
const memoryMetric = 'gpu-fb-used';

/** A way to reach a cluster's Prometheus, kept between calls. */
interface Access {
  client: PrometheusClient;
  source: Extract<GpuMetricsSource, { kind: 'url' | 'port-forward' }>;
  /** The pod port forwarded to, when through a port-forward. */
  forward: PortForwardTarget | undefined;
  /** The settings it was made for (URL, or the pin's uid). */
  key: string;
}

type NoAccess = { none: string; candidates?: ServiceCandidate[] };

/** Options (tests). */
export interface GpusServiceOptions {
  now?: () => number;
  /** How long fetched samples are kept (default 24 h). */
  retentionMs?: number;
  /** How long to wait for a first sync of nodes and pods (default 15 s). */
  syncWaitMs?: number;
}

/** The service. */
export class GpusService implements Disposable {
  private readonly access = new Map<string, { key: string; made: Promise<Access | NoAccess> }>();
  private readonly now: () => number;
  private readonly retentionMs: number;
  private readonly syncWaitMs: number;

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly reader: SliceReader,
    private readonly cache: CacheDb,
    private readonly settings: GpuSettingsStore,
    private readonly connector: InClusterConnector,
    opts: GpusServiceOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.retentionMs = opts.retentionMs ?? 24 * 3_600_000;
    this.syncWaitMs = opts.syncWaitMs ?? 15_000;
  }

  /** GPUs per model and node, holders and pods waiting for GPUs. */
  async allocation(clusterId: string): Promise<GpuAllocation> {
    const { nodes, pods, forbidden, freshness } = await this.readCluster(clusterId);
    const nodeRows = gpuNodes(nodes, pods);
    return {
      clusterId,
      models: gpuModelRows(nodeRows),
      nodes: nodeRows,
      holders: gpuHolders(pods),
      pending: gpuPending(pods),
      forbidden,
      freshness,
      fetchedAt: new Date(this.now()).toISOString(),
    };
  }

  /** Utilisation and memory per GPU and per job over the last `minutes`. */
  async metrics(req: GpuMetricsRequest): Promise<GpuMetrics> {
    const settings = await this.settings.get(req.clusterId);
    const rule = { thresholdPercent: settings.idleThresholdPercent, windowMinutes: settings.idleWindowMinutes };
    const to = this.now();
    const from = to - req.minutes * 60_000;
    const step = req.stepSeconds ?? Math.max(5, Math.ceil((req.minutes * 60) / 240));
    const base = { clusterId: req.clusterId, idleRule: rule, from, to, stepSeconds: step, fetchedAt: new Date(to).toISOString() };
    if (isSnapshotId(req.clusterId)) {
      return { ...base, source: { kind: 'none', why: 'Snapshots hold no GPU metrics.' }, series: [], jobs: [] };
    }
    const cluster = await this.readCluster(req.clusterId);
    const view = clusterView(cluster.nodes, cluster.pods);
    let source: GpuMetricsSource;
    let util: RawSeries[];
    let memory: RawSeries[];
    let noAccess: NoAccess | undefined;
    try {
      const access = await this.accessFor(req.clusterId, settings);
      if ('none' in access) {
        noAccess = access;
        throw new AppError('not-found', access.none);
      }
      const range = { start: Math.floor(from / 1000), end: Math.floor(to / 1000), stepSeconds: step };
      try {
        [util, memory] = await Promise.all([
          access.client.queryRange({ ...range, query: 'DCGM_FI_DEV_GPU_UTIL' }).then(fromMatrix),
          access.client.queryRange({ ...range, query: 'DCGM_FI_DEV_FB_USED' }).then(fromMatrix),
        ]);
      } catch (e) {
        this.forget(req.clusterId);
        throw (access.forward && (await this.connector.lastError(req.clusterId, access.forward))) ?? e;
      }
      source = access.source;
      await this.keep(req.clusterId, util, memory, view, to);
    } catch (e) {
      if (!isAppError(e) || e.code === 'internal') throw e;
      const why = e.message;
      const cached = await this.cached(req.clusterId, from);
      if (cached.fetchedAt === undefined) {
        return {
          ...base,
          source: {
            kind: 'none',
            why: e.code === 'not-found' ? why : `${why} No GPU metrics of this cluster are cached yet.`,
            ...(noAccess?.candidates ? { candidates: noAccess.candidates } : {}),
          },
          series: [],
          jobs: [],
        };
      }
      source = { kind: 'cache', fetchedAt: cached.fetchedAt, why };
      util = cached.util;
      memory = cached.memory;
    }
    const built = buildMetrics(util, memory, view, rule, step);
    return { ...base, source, ...built };
  }

  /** A cluster's GPU settings. */
  getSettings(clusterId: string): Promise<GpuSettings> {
    return this.settings.get(clusterId);
  }

  /** Stores a cluster's GPU settings; the next metrics call uses them. */
  async setSettings(s: GpuSettings): Promise<GpuSettings> {
    const saved = await this.settings.set(s);
    this.forget(s.clusterId);
    return saved;
  }

  /** Forgets every way to Prometheus (the connector closes the forwards). */
  dispose(): void {
    for (const id of [...this.access.keys()]) this.forget(id);
  }

  private async readCluster(clusterId: string): Promise<{ nodes: KubeObject[]; pods: KubeObject[]; forbidden: string | undefined; freshness: SliceStatus }> {
    const slice = (resource: string) => this.reader.read({ cluster: clusterId, ...core(resource), namespace: '' }, this.syncWaitMs);
    const [nodes, pods] = await Promise.all([slice('nodes'), slice('pods')]);
    const denied = (s: SliceStatus) => s.freshness === 'forbidden';
    const missing = [denied(nodes.status) ? 'nodes' : '', denied(pods.status) ? 'pods in all namespaces' : ''].filter(Boolean);
    return {
      nodes: denied(nodes.status) ? [] : nodes.items,
      pods: denied(pods.status) ? [] : pods.items,
      forbidden: missing.length ? `Your account cannot list ${missing.join(' or ')}, so GPU allocation is incomplete.` : undefined,
      freshness: denied(nodes.status) ? pods.status : nodes.status,
    };
  }

  /** The Prometheus services found in a cluster, to pin one. Nothing is sent to them. */
  async prometheusCandidates(clusterId: string): Promise<ServiceCandidate[]> {
    if (isSnapshotId(clusterId)) return [];
    const http = await this.registry.http(clusterId);
    return prometheusCandidates(http).catch((e: unknown) => Promise.reject(discoveryError(e)));
  }

  private accessFor(clusterId: string, settings: GpuSettings): Promise<Access | NoAccess> {
    const key = settings.prometheusUrl || (settings.prometheusPin ? `pin:${settings.prometheusPin.uid}` : '');
    const existing = this.access.get(clusterId);
    if (existing && existing.key === key) return existing.made;
    if (existing) this.forget(clusterId);
    const made = this.makeAccess(clusterId, settings, key);
    const entry = { key, made };
    this.access.set(clusterId, entry);
    const drop = () => {
      if (this.access.get(clusterId) === entry) this.access.delete(clusterId);
    };
    made.then((a) => ('none' in a ? drop() : undefined), drop); // nothing to keep: look again next time
    return made;
  }

  private async makeAccess(clusterId: string, settings: GpuSettings, key: string): Promise<Access | NoAccess> {
    const url = settings.prometheusUrl;
    if (url !== '')
      return { client: new PrometheusClient(this.connector.url(url), `Prometheus at ${url}`), source: { kind: 'url', url }, forward: undefined, key };
    const http = await this.registry.http(clusterId);
    const pin = settings.prometheusPin;
    if (!pin) {
      const found = await prometheusCandidates(http).catch((e: unknown) => Promise.reject(discoveryError(e)));
      return found.length ? { none: unconfirmedPrometheusMessage(found), candidates: found } : { none: noPrometheusMessage };
    }
    const target = await pinnedPrometheus(http, pin);
    const forward = { namespace: target.namespace, pod: target.pod, port: target.port };
    const route = await this.connector.pod(clusterId, forward);
    return {
      client: new PrometheusClient(route, `Prometheus (port-forward to ${target.namespace}/${target.service})`),
      source: { kind: 'port-forward', namespace: target.namespace, service: target.service, pod: target.pod },
      forward,
      key,
    };
  }

  private forget(clusterId: string): void {
    const a = this.access.get(clusterId);
    this.access.delete(clusterId);
    void a?.made.then(
      (x) => ('forward' in x && x.forward ? this.connector.close(clusterId, x.forward) : undefined),
      () => undefined,
    );
  }

  /** Keeps this cluster's fetched samples (only series that belong to it). */
  private async keep(clusterId: string, util: RawSeries[], memory: RawSeries[], view: ClusterView, now: number): Promise<void> {
    const samples: MetricSample[] = [];
    const add = (metric: string, list: RawSeries[]) => {
      for (const s of list) {
        if (!belongsTo(s.labels, view)) continue;
        const key = labelsKey(s.labels);
        for (const p of s.points) samples.push({ metric, series: key, at: p.t, value: p.v });
      }
    };
    add(utilMetric, util);
    add(memoryMetric, memory);
    await this.cache.putMetricSamples(clusterId, samples, now - this.retentionMs);
  }

  private async cached(clusterId: string, since: number): Promise<{ util: RawSeries[]; memory: RawSeries[]; fetchedAt: number | undefined }> {
    const rows = await this.cache.readMetricSamples(clusterId, [utilMetric, memoryMetric], since);
    const group = (metric: string): RawSeries[] => {
      const m = new Map<string, GpuPoint[]>();
      for (const r of rows) {
        if (r.metric !== metric) continue;
        // appended in place: a day of samples per series would be quadratic if copied each time
        const points = m.get(r.series);
        if (points) points.push({ t: r.at, v: r.value });
        else m.set(r.series, [{ t: r.at, v: r.value }]);
      }
      return [...m].map(([key, points]) => ({ labels: labelsFromKey(key), points }));
    };
    const last = rows.reduce((n, r) => Math.max(n, r.at), -Infinity);
    return { util: group(utilMetric), memory: group(memoryMetric), fetchedAt: Number.isFinite(last) ? last : undefined };
  }
}

/** Node names and pods (with job and whether they hold GPUs now) of a cluster. */
export function clusterView(nodes: KubeObject[], pods: KubeObject[]): ClusterView {
  const holds = (p: KubeObject) => {
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    return !!(p.spec as { nodeName?: string } | undefined)?.nodeName && gpuRequestOfPodSpec(p.spec) > 0 && phase !== 'Succeeded' && phase !== 'Failed';
  };
  return {
    nodes: new Set(nodes.map((n) => n.metadata.name)),
    pods: new Map(pods.map((p) => [`${p.metadata.namespace ?? ''}/${p.metadata.name}`, { job: jobOfPod(p), holdsGpus: holds(p) }])),
  };
}
