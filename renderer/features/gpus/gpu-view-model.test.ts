// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { GpuAllocation, GpuMetrics, GpuSeries } from '../../../shared/features/gpus/gpus.contract';
import { chartSeries, combine, onePerServer, podUse, sourceText } from './gpu-view-model';

const status = { freshness: 'live' as const, lastSyncedAt: 1, reason: undefined, snapshot: undefined };
const alloc = (model: string, capacity: number, allocated: number): GpuAllocation => ({
  clusterId: 'x',
  models: [{ model, nodes: 1, capacity, allocatable: capacity, allocated, free: capacity - allocated }],
  nodes: [{ name: `${model}-0`, model, memoryMiB: 1, ready: true, capacity, allocatable: capacity, allocated, free: capacity - allocated }],
  holders: [{ namespace: 'ns', pod: 'p', node: `${model}-0`, gpus: allocated, phase: 'Running', job: undefined }],
  pending: [],
  forbidden: undefined,
  freshness: status,
  fetchedAt: '',
});
const series = (pod: string, util: number[], idle: boolean, idleMinutes = 0): GpuSeries => ({
  key: pod,
  node: 'n',
  gpu: '0',
  uuid: undefined,
  model: undefined,
  namespace: 'ns',
  pod,
  container: undefined,
  job: undefined,
  util: util.map((v, i) => ({ t: i, v })),
  memoryUsedMiB: [{ t: 0, v: 100 }],
  idle,
  idleMinutes,
});
const metrics = (s: GpuSeries[]): GpuMetrics => ({
  clusterId: 'x',
  source: { kind: 'url', url: 'http://p' },
  series: s,
  jobs: [],
  idleRule: { thresholdPercent: 5, windowMinutes: 10 },
  from: 0,
  to: 1,
  stepSeconds: 5,
  fetchedAt: '',
});

describe('the GPU page model', () => {
  it('sums a model over clusters and tags rows with their cluster', () => {
    const c = combine([
      { clusterId: 'a', clusterName: 'lab-a', allocation: alloc('A100', 8, 3) },
      { clusterId: 'b', clusterName: 'lab-b', allocation: alloc('A100', 16, 4) },
      { clusterId: 'b', clusterName: 'lab-b', allocation: alloc('L4', 4, 0) },
    ]);
    expect(c.models).toEqual([
      { model: 'A100', nodes: 2, capacity: 24, allocatable: 24, allocated: 7, free: 17, clusters: ['lab-a', 'lab-b'] },
      { model: 'L4', nodes: 1, capacity: 4, allocatable: 4, allocated: 0, free: 4, clusters: ['lab-b'] },
    ]);
    expect(c.holders.map((h) => h.clusterName)).toEqual(['lab-a', 'lab-b', 'lab-b']);
  });

  it('gives each pod its latest utilisation (mean over its GPUs) and idle only if all its GPUs are', () => {
    const use = podUse([
      { clusterId: 'a', metrics: metrics([series('busy', [10, 80], false), series('busy', [0, 40], false), series('nb', [0, 0], true, 12)]) },
    ]);
    expect(use.get('a/ns/busy')).toMatchObject({ utilNow: 60, idle: false, memoryNowMiB: 200 });
    expect(use.get('a/ns/nb')).toMatchObject({ utilNow: 0, idle: true, idleMinutes: 12 });
  });

  it('judges a pod by its series that reach now, not by one that ended earlier', () => {
    const ended = { ...series('nb', [0], false), key: 'old-gpu', util: [{ t: 0, v: 0 }] };
    const now = { ...series('nb', [], true, 7), util: [{ t: 600_000, v: 0 }] };
    const m = { ...metrics([ended, now]), to: 600_000, stepSeconds: 15 };
    expect(podUse([{ clusterId: 'a', metrics: m }]).get('a/ns/nb')).toMatchObject({ utilNow: 0, idle: true, idleMinutes: 7, memoryNowMiB: 100 });
  });

  it('names chart lines by node, GPU and holder, with the cluster when there are several', () => {
    const one = chartSeries([{ clusterName: 'lab-a', metrics: metrics([series('p', [1], false)]) }], 'gpu-util');
    expect(one.map((s) => s.name)).toEqual(['n gpu0 · ns/p']);
    const two = chartSeries(
      [
        { clusterName: 'lab-a', metrics: metrics([series('p', [1], false)]) },
        { clusterName: 'lab-b', metrics: metrics([series('q', [], false)]) },
      ],
      'gpu-util',
    );
    expect(two.map((s) => s.name)).toEqual(['lab-a · n gpu0 · ns/p']);
  });

  it('joins the holders of one GPU into one line, named after the latest holder', () => {
    const before = { ...series('old', [50, 60], false) };
    const after = { ...series('new', [], false), util: [{ t: 5, v: 90 }] };
    const lines = chartSeries([{ clusterName: 'lab-a', metrics: metrics([after, before]) }], 'gpu-util');
    expect(lines).toEqual([
      {
        name: 'n gpu0 · ns/new',
        points: [
          { t: 0, v: 50 },
          { t: 1, v: 60 },
          { t: 5, v: 90 },
        ],
      },
    ]);
  });

  it('counts a cluster reached by several contexts once, preferring the current context', () => {
    const c = (id: string, server: string) => ({ id, server, displayName: id });
    const list = [c('lab-a', 's1'), c('lab-a-restricted', 's1'), c('lab-b', 's2'), c('lab-a-exec', 's1')];
    expect(onePerServer(list, 'lab-b')).toEqual({
      scope: [list[0], list[2]],
      duplicates: [
        { displayName: 'lab-a-restricted', sameAs: 'lab-a' },
        { displayName: 'lab-a-exec', sameAs: 'lab-a' },
      ],
    });
    expect(onePerServer(list, 'lab-a-exec').scope.map((x) => x.id)).toEqual(['lab-b', 'lab-a-exec']);
  });

  it('words the metrics source', () => {
    expect(sourceText({ kind: 'port-forward', namespace: 'monitoring', service: 'prometheus-k8s', pod: 'p' }, String).text).toBe(
      'Metrics via port-forward to monitoring/prometheus-k8s',
    );
    expect(sourceText({ kind: 'cache', fetchedAt: 5, why: 'down' }, (t) => `t${t}`)).toEqual({ text: 'Showing metrics cached at t5: down', level: 'warn' });
    expect(sourceText({ kind: 'none', why: 'No Prometheus found' }, String).level).toBe('missing');
  });
});
