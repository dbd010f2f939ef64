// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { buildMetrics, fromMatrix, gpuLabels, labelsFromKey, labelsKey, type ClusterView } from './gpu-metrics';

const job = { kind: 'PyTorchJob', group: 'kubeflow.org', version: 'v1', resource: 'pytorchjobs', name: 'bert' };
const view: ClusterView = {
  nodes: new Set(['gpu-a100-0', 'gpu-a100-1']),
  pods: new Map([
    ['team-a/bert-master-0', { job, holdsGpus: true }],
    ['team-a/bert-worker-0', { job, holdsGpus: true }],
    ['team-vision/idle-0', { job: undefined, holdsGpus: true }],
  ]),
};
const dcgm = (labels: Record<string, string>, values: [number, string][]) => ({
  metric: { __name__: 'DCGM_FI_DEV_GPU_UTIL', gpu: '0', UUID: 'GPU-1', modelName: 'NVIDIA A100', ...labels },
  values,
});
const minutes = (n: number, v: string): [number, string][] => Array.from({ length: n }, (_, i) => [1_000 + i * 60, v]);

describe('DCGM labels', () => {
  it('prefers exported_* labels (Prometheus without honor_labels) and accepts hostname', () => {
    const l = gpuLabels({
      hostname: 'n1',
      gpu: '3',
      pod: 'dcgm-exporter-x',
      namespace: 'gpu-operator',
      exported_pod: 'p',
      exported_namespace: 'ns',
      exported_container: 'c',
    });
    expect(l).toEqual({ node: 'n1', gpu: '3', uuid: undefined, model: undefined, namespace: 'ns', pod: 'p', container: 'c' });
    expect(gpuLabels({ Hostname: 'n2', gpu: '0', pod: 'p', namespace: 'ns', container: 'c' })).toMatchObject({
      node: 'n2',
      pod: 'p',
      namespace: 'ns',
      container: 'c',
    });
  });

  it('round-trips label keys', () => {
    const l = gpuLabels({ Hostname: 'n', gpu: '1', UUID: 'GPU-9', pod: 'p', namespace: 'ns' });
    expect(labelsFromKey(labelsKey(l))).toEqual(l);
  });

  it('merges series with equal labels and drops values that are not numbers', () => {
    const out = fromMatrix([
      dcgm({ Hostname: 'n', pod: 'p', namespace: 'ns', instance: 'a' }, [
        [10, '1'],
        [20, 'NaN'],
      ]),
      dcgm({ Hostname: 'n', exported_pod: 'p', exported_namespace: 'ns', instance: 'b' }, [[30, '3']]),
    ]);
    expect(out).toHaveLength(1);
    expect(out[0]?.points).toEqual([
      { t: 10_000, v: 1 },
      { t: 30_000, v: 3 },
    ]);
  });
});

describe('buildMetrics', () => {
  const util = fromMatrix([
    dcgm({ Hostname: 'gpu-a100-0', pod: 'bert-master-0', namespace: 'team-a', container: 'pytorch' }, minutes(12, '80')),
    dcgm({ Hostname: 'gpu-a100-1', gpu: '1', UUID: 'GPU-2', pod: 'bert-worker-0', namespace: 'team-a' }, minutes(12, '60')),
    dcgm({ Hostname: 'gpu-a100-1', gpu: '2', UUID: 'GPU-3', pod: 'idle-0', namespace: 'team-vision' }, minutes(12, '0')),
    dcgm({ Hostname: 'gpu-h100-0', pod: 'other-cluster', namespace: 'team-a' }, minutes(12, '50')),
  ]);
  const memory = fromMatrix([
    { ...dcgm({ Hostname: 'gpu-a100-0', pod: 'bert-master-0', namespace: 'team-a', container: 'pytorch' }, minutes(12, '1000')) },
    { ...dcgm({ Hostname: 'gpu-a100-1', gpu: '1', UUID: 'GPU-2', pod: 'bert-worker-0', namespace: 'team-a' }, minutes(12, '3000')) },
  ]);
  const out = buildMetrics(util, memory, view, { thresholdPercent: 5, windowMinutes: 10 }, 60);

  it('keeps only the series of this cluster’s nodes', () => {
    expect(out.series.map((s) => `${s.node}/${s.gpu}/${s.pod}`)).toEqual(['gpu-a100-0/0/bert-master-0', 'gpu-a100-1/1/bert-worker-0', 'gpu-a100-1/2/idle-0']);
  });

  it('puts utilisation and memory of a GPU side by side, with its job', () => {
    const s = out.series[0];
    expect(s).toMatchObject({ uuid: 'GPU-1', model: 'NVIDIA A100', container: 'pytorch', job });
    expect(s?.util.at(-1)).toEqual({ t: 1_000_000 + 11 * 60_000, v: 80 });
    expect(s?.memoryUsedMiB.at(-1)?.v).toBe(1000);
  });

  it('flags the GPU held at 0 % for the window as idle', () => {
    expect(out.series.map((s) => [s.pod, s.idle, s.idleMinutes])).toEqual([
      ['bert-master-0', false, 0],
      ['bert-worker-0', false, 0],
      ['idle-0', true, 11],
    ]);
  });

  it('aggregates per job: mean utilisation, summed memory', () => {
    expect(out.jobs).toHaveLength(1);
    expect(out.jobs[0]).toMatchObject({ namespace: 'team-a', job, gpus: 2, idle: false });
    expect(out.jobs[0]?.util[0]?.v).toBe(70);
    expect(out.jobs[0]?.memoryUsedMiB[0]?.v).toBe(4000);
  });

  it('maps a series without a node label by its pod', () => {
    const r = buildMetrics(
      fromMatrix([dcgm({ pod: 'idle-0', namespace: 'team-vision' }, minutes(2, '1'))]),
      [],
      view,
      { thresholdPercent: 5, windowMinutes: 1 },
      60,
    );
    expect(r.series.map((s) => [s.pod, s.idle])).toEqual([['idle-0', true]]);
  });
});
