// SPDX-License-Identifier: Apache-2.0
/**
 * The GPU view against the lab: allocation equals what the nodes and pods say (counted here
 * independently with client-node), a pod asking more GPUs than any node has waits with the
 * scheduler's reason, metrics arrive through a port-forward to the in-cluster Prometheus
 * (`monitoring/prometheus-k8s`), the idle notebook GPU is flagged, and with the cluster
 * unreachable the allocation and the metric history already fetched are still served.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { gpusContract, type GpuAllocation } from '../../shared/features/gpus/gpus.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';

const labPrometheus = 'http://127.0.0.1:19090';

type Counts = Record<string, { capacity: number; allocatable: number; allocated: number }>;

/** GPUs per model, counted from the cluster directly. */
async function countFromCluster(): Promise<Counts> {
  const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
  const [nodes, pods] = await Promise.all([core.listNode(), core.listPodForAllNamespaces()]);
  const held = new Map<string, number>();
  for (const p of pods.items) {
    if (!p.spec?.nodeName || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const n = (p.spec.containers ?? []).reduce((sum, c) => sum + Number(c.resources?.limits?.['nvidia.com/gpu'] ?? 0), 0);
    held.set(p.spec.nodeName, (held.get(p.spec.nodeName) ?? 0) + n);
  }
  const out: Counts = {};
  for (const n of nodes.items) {
    const cap = Number(n.status?.capacity?.['nvidia.com/gpu'] ?? 0);
    if (!cap) continue;
    const model = n.metadata?.labels?.['nvidia.com/gpu.product'] ?? '?';
    const row = out[model] ?? { capacity: 0, allocatable: 0, allocated: 0 };
    row.capacity += cap;
    row.allocatable += Number(n.status?.allocatable?.['nvidia.com/gpu'] ?? 0);
    row.allocated += held.get(n.metadata?.name ?? '') ?? 0;
    out[model] = row;
  }
  return out;
}

const countsOf = (a: GpuAllocation): Counts =>
  Object.fromEntries(a.models.map((m) => [m.model, { capacity: m.capacity, allocatable: m.allocatable, allocated: m.allocated }]));

describe('the GPU view', () => {
  let ns: { name: string; remove(): Promise<void> };
  let relay: TcpRelay;
  let app: AppUnderTest;
  let clusterId = '';
  const core = () => kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
  const gpuPod = (name: string, gpus: number): k8s.V1Pod => ({
    metadata: { name },
    spec: {
      nodeSelector: { 'nvidia.com/gpu.product': 'Tesla-T4' },
      containers: [{ name: 'pytorch', image: 'pytorch/pytorch:2.4.0', resources: { limits: { 'nvidia.com/gpu': String(gpus) } } }],
    },
  });

  beforeAll(async () => {
    ns = await tempNamespace('gpus');
    relay = await startRelay(16443);
    app = await startApp(relay.kubeconfig(labInfo().kubeconfig, 'lab-a'));
    clusterId = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
  });
  afterAll(async () => {
    app?.close();
    await relay?.close();
    await ns?.remove();
  });

  it('counts GPUs per model as the nodes and pods say', async () => {
    const first = await app.api.call(gpusContract.allocation, { clusterId });
    expect(first.models.map((m) => [m.model, m.nodes, m.capacity])).toEqual([
      ['NVIDIA-A100-SXM4-80GB', 2, 16],
      ['Tesla-T4', 2, 8],
    ]);
    // pods come and go in the lab (Katib trials): compare both counts taken close together
    await eventually('the app’s allocation to match an independent count', async () => {
      const [mine, theirs] = await Promise.all([app.api.call(gpusContract.allocation, { clusterId }), countFromCluster()]);
      return JSON.stringify(countsOf(mine)) === JSON.stringify(theirs) ? true : undefined;
    });
    const a = await app.api.call(gpusContract.allocation, { clusterId });
    for (const m of a.models) expect(m.free).toBe(Math.max(0, m.allocatable - m.allocated));
    expect(a.nodes.find((n) => n.name === 'gpu-a100-0')).toMatchObject({ model: 'NVIDIA-A100-SXM4-80GB', capacity: 8, memoryMiB: 81920 });
    const idle = a.holders.find((h) => h.pod === 'carol-gpu-idle-0');
    expect(idle).toMatchObject({ namespace: 'team-vision', gpus: 1, phase: 'Running' });
    expect(a.holders.find((h) => h.pod === 'bert-finetune-squad-master-0')?.job).toMatchObject({ kind: 'PyTorchJob', name: 'bert-finetune-squad' });
    expect(a.freshness.freshness).toBe('live');
  });

  it('lists a pod asking more GPUs than any node has as waiting, with the scheduler’s reason', async () => {
    await core().createNamespacedPod({
      namespace: ns.name,
      body: { ...gpuPod('too-big', 16), spec: { ...gpuPod('too-big', 16).spec, nodeSelector: {} } } as k8s.V1Pod,
    });
    const waiting = await eventually('the pod in the waiting list', async () => {
      const a = await app.api.call(gpusContract.allocation, { clusterId });
      return a.pending.find((p) => p.namespace === ns.name && p.pod === 'too-big');
    });
    expect(waiting).toMatchObject({ gpus: 16, reason: 'Unschedulable', job: undefined });
    expect(waiting.message).toMatch(/Insufficient nvidia\.com\/gpu/);
  });

  it('offers the in-cluster Prometheus and reads nothing from it until it is confirmed', async () => {
    const m = await app.api.call(gpusContract.metrics, { clusterId, minutes: 5 });
    expect(m.source.kind).toBe('none');
    if (m.source.kind !== 'none') return;
    expect(m.source.why).toMatch(
      /Prometheus found in the cluster \(monitoring\/prometheus-k8s\)\. MLDeck reads GPU metrics from an in-cluster service only after you confirm it/,
    );
    expect(m.source.candidates?.map((c) => [c.namespace, c.name, c.pod])).toEqual([['monitoring', 'prometheus-k8s', 'prometheus-k8s-0']]);
    expect(m.series).toEqual([]);
    expect(app.services.connector.openForwards).toBe(0);
    const [found] = await app.api.call(gpusContract.prometheusCandidates, { clusterId });
    const uid = (await core().readNamespacedService({ name: 'prometheus-k8s', namespace: 'monitoring' })).metadata?.uid;
    expect(found).toMatchObject({ namespace: 'monitoring', name: 'prometheus-k8s', uid, port: 9090 });
    await app.api.call(gpusContract.setSettings, {
      clusterId,
      prometheusUrl: '',
      prometheusPin: { namespace: 'monitoring', name: 'prometheus-k8s', uid: found?.uid ?? '' },
      idleThresholdPercent: 5,
      idleWindowMinutes: 10,
    });
  });

  it('reads utilisation through a port-forward to monitoring/prometheus-k8s', async () => {
    await core().createNamespacedPod({ namespace: ns.name, body: gpuPod('busy', 1) });
    await eventually('pod Running', async () =>
      (await core().readNamespacedPod({ name: 'busy', namespace: ns.name })).status?.phase === 'Running' ? true : undefined,
    );
    const series = await eventually(
      'utilisation of the new pod',
      async () => {
        const m = await app.api.call(gpusContract.metrics, { clusterId, minutes: 5 });
        expect(m.source).toEqual({ kind: 'port-forward', namespace: 'monitoring', service: 'prometheus-k8s', pod: 'prometheus-k8s-0' });
        return m.series.find((s) => s.namespace === ns.name && s.pod === 'busy' && s.util.length > 0);
      },
      60_000,
    );
    expect(series.node).toMatch(/^gpu-t4-/);
    expect(series.model).toBe('Tesla T4');
    expect(series.util.at(-1)?.v).toBeGreaterThan(10);
    expect(series.memoryUsedMiB.at(-1)?.v).toBeGreaterThan(0);
    expect(series.idle).toBe(false);
  });

  it('flags the notebook holding a GPU at 0 % as idle (1-minute window)', async () => {
    await app.api.call(gpusContract.setSettings, { clusterId, prometheusUrl: '', idleThresholdPercent: 5, idleWindowMinutes: 1 });
    const m = await app.api.call(gpusContract.metrics, { clusterId, minutes: 5 });
    const idle = m.series.find((s) => s.pod === 'carol-gpu-idle-0');
    expect(idle).toMatchObject({ namespace: 'team-vision', idle: true });
    expect(idle?.idleMinutes).toBeGreaterThanOrEqual(1);
    expect(m.series.filter((s) => s.idle).every((s) => s.util.every((p) => p.v < 5))).toBe(true);
    expect(m.jobs.find((j) => j.job.name === 'bert-finetune-squad')).toMatchObject({ idle: false });
    expect(m.idleRule).toEqual({ thresholdPercent: 5, windowMinutes: 1 });
  });

  it('still serves allocation and the fetched metric history with the cluster down', async () => {
    const before = await app.api.call(gpusContract.allocation, { clusterId });
    await relay.down();
    try {
      const a = await eventually('allocation marked stale', async () => {
        const r = await app.api.call(gpusContract.allocation, { clusterId });
        return r.freshness.freshness !== 'live' ? r : undefined;
      });
      expect(a.models.map((x) => [x.model, x.capacity])).toEqual(before.models.map((x) => [x.model, x.capacity]));
      expect(a.holders.some((h) => h.pod === 'carol-gpu-idle-0')).toBe(true);
      const m = await app.api.call(gpusContract.metrics, { clusterId, minutes: 5 });
      expect(m.source.kind).toBe('cache');
      if (m.source.kind === 'cache') expect(m.source.fetchedAt).toBeGreaterThan(Date.now() - 10 * 60_000);
      expect(m.series.find((s) => s.pod === 'carol-gpu-idle-0')).toMatchObject({ idle: true });
      expect(m.series.some((s) => s.pod === 'busy' && s.util.length > 0)).toBe(true);
    } finally {
      await relay.up();
    }
  });

  it('says what is missing when the Prometheus URL cannot be reached, and uses a URL that works', async () => {
    const other = await startApp(labInfo().kubeconfig);
    try {
      const id = (await other.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-b')?.id ?? '';
      await expect(
        other.api.call(gpusContract.setSettings, { clusterId: id, prometheusUrl: 'ftp://x', idleThresholdPercent: 5, idleWindowMinutes: 10 }),
      ).rejects.toMatchObject({
        code: 'validation',
      });
      await other.api.call(gpusContract.setSettings, {
        clusterId: id,
        prometheusUrl: 'http://127.0.0.1:19091',
        idleThresholdPercent: 5,
        idleWindowMinutes: 10,
      });
      const m = await other.api.call(gpusContract.metrics, { clusterId: id, minutes: 5 });
      expect(m.source.kind).toBe('none');
      if (m.source.kind === 'none')
        expect(m.source.why).toMatch(
          /Prometheus at http:\/\/127\.0\.0\.1:19091 could not be reached \(ECONNREFUSED\)\. No GPU metrics of this cluster are cached yet/,
        );
      const a = await other.api.call(gpusContract.allocation, { clusterId: id });
      expect(a.models.map((x) => x.model)).toEqual(['NVIDIA-H100-80GB-HBM3', 'NVIDIA-L4']);

      // the lab's Prometheus holds both clusters' series: only lab-b's nodes are kept for lab-b
      await other.api.call(gpusContract.setSettings, { clusterId: id, prometheusUrl: labPrometheus, idleThresholdPercent: 5, idleWindowMinutes: 10 });
      const viaUrl = await other.api.call(gpusContract.metrics, { clusterId: id, minutes: 5 });
      expect(viaUrl.source).toEqual({ kind: 'url', url: labPrometheus });
      expect(viaUrl.series.length).toBeGreaterThan(0);
      const labBNodes = new Set(a.nodes.map((n) => n.name));
      expect(viaUrl.series.every((s) => labBNodes.has(s.node))).toBe(true);

      // a user who may not list nodes or services is told what is missing, not given an error
      const alice = (await other.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a-restricted')?.id ?? '';
      const limited = await other.api.call(gpusContract.allocation, { clusterId: alice });
      expect(limited.forbidden).toMatch(/cannot list nodes or pods in all namespaces/);
      expect(limited.models).toEqual([]);
      const noMetrics = await other.api.call(gpusContract.metrics, { clusterId: alice, minutes: 5 });
      expect(noMetrics.source.kind).toBe('none');
      if (noMetrics.source.kind === 'none') expect(noMetrics.source.why).toMatch(/Cannot look for a Prometheus service.*Set a Prometheus URL in GPU settings/);
    } finally {
      other.close();
    }
  });
});
