// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/kube/object';
import { filterChoices, filterJobs, formatDuration, jobRows, jobSlices, jobSliceProblems, noFilters } from './jobs-filter';

const pyt = 'kubeflow.org/v1/pytorchjobs';
const tf = 'kubeflow.org/v1/tfjobs';
const mpi2 = 'kubeflow.org/v2beta1/mpijobs';

const job = (name: string, namespace: string, cond: string | undefined, gpus: number): KubeObject => ({
  metadata: { name, namespace, creationTimestamp: '2026-11-28T14:00:00Z' },
  spec: {
    pytorchReplicaSpecs: {
      Master: { replicas: 1, template: { spec: { containers: [{ resources: gpus ? { limits: { 'nvidia.com/gpu': String(gpus) } } : {} }] } } },
    },
    tfReplicaSpecs: {
      Worker: { replicas: 1, template: { spec: { containers: [{ resources: gpus ? { limits: { 'nvidia.com/gpu': String(gpus) } } : {} }] } } },
    },
  },
  status: cond ? { conditions: [{ type: cond, status: 'True', reason: `X${cond}`, lastTransitionTime: '2026-11-28T14:00:10Z' }] } : undefined,
});

const names = (id: string) => ({ a: 'lab-a', b: 'lab-b' })[id] ?? id;

describe('jobSlices', () => {
  it('one slice per served training kind per cluster, across namespaces unless told', () => {
    const s = jobSlices(
      [
        { id: 'a', served: new Set([pyt, tf, 'v1/pods']) },
        { id: 'b', served: new Set([mpi2]) },
      ],
      (c, k) => (c === 'a' && k.resource === 'tfjobs' ? 'team-a' : undefined),
    );
    expect(s.map((x) => [x.req.clusterId, x.tag, x.req.namespace])).toEqual([
      ['a', pyt, undefined],
      ['a', tf, 'team-a'],
      ['b', mpi2, undefined],
    ]);
  });
});

describe('filters', () => {
  const rows = jobRows(
    [
      { clusterId: 'a', tag: pyt, object: job('llama', 'team-a', 'Failed', 1) },
      { clusterId: 'a', tag: pyt, object: job('bert', 'team-a', 'Running', 0) },
      { clusterId: 'b', tag: tf, object: job('mnist', 'team-b', 'Succeeded', 2) },
      { clusterId: 'b', tag: 'not/a/kind', object: job('x', 'team-b', 'Succeeded', 2) },
    ],
    names,
  );
  it('builds rows with summaries and cluster names, skipping unknown kinds', () => {
    expect(rows.map((r) => [r.clusterName, r.object.metadata.name, r.summary.phase, r.summary.gpus])).toEqual([
      ['lab-a', 'llama', 'Failed', 1],
      ['lab-a', 'bert', 'Running', 0],
      ['lab-b', 'mnist', 'Succeeded', 2],
    ]);
    expect(new Set(rows.map((r) => r.key)).size).toBe(3);
  });
  it('filters by phase, kind, namespace and GPU use, together', () => {
    const n = (f: Partial<typeof noFilters>) => filterJobs(rows, { ...noFilters, ...f }).map((r) => r.object.metadata.name);
    expect(n({})).toEqual(['llama', 'bert', 'mnist']);
    expect(n({ phase: 'Failed' })).toEqual(['llama']);
    expect(n({ kind: tf })).toEqual(['mnist']);
    expect(n({ namespace: 'team-a' })).toEqual(['llama', 'bert']);
    expect(n({ gpusOnly: true })).toEqual(['llama', 'mnist']);
    expect(n({ gpusOnly: true, namespace: 'team-a', phase: 'Running' })).toEqual([]);
  });
  it('offers the kinds and namespaces present', () => {
    expect(filterChoices(rows)).toEqual({
      kinds: [
        { key: pyt, title: 'PyTorchJob' },
        { key: tf, title: 'TFJob' },
      ],
      namespaces: ['team-a', 'team-b'],
    });
  });
});

describe('jobSliceProblems', () => {
  it('groups non-live slices by cluster and freshness; live and syncing ones are fine', () => {
    const req = (clusterId: string) => ({ clusterId, group: 'kubeflow.org', version: 'v1', resource: 'x' });
    const st = (freshness: 'live' | 'offline' | 'forbidden', reason?: string, at?: number) => ({ freshness, reason, lastSyncedAt: at, snapshot: undefined });
    const p = jobSliceProblems(
      [
        { req: req('a'), tag: pyt, status: st('live'), error: undefined },
        { req: req('b'), tag: pyt, status: st('offline', 'connection refused', 5), error: undefined },
        { req: req('b'), tag: mpi2, status: st('offline', 'connection refused', 3), error: undefined },
        { req: req('c'), tag: tf, status: st('forbidden', 'alice cannot list tfjobs'), error: undefined },
        { req: req('d'), tag: tf, status: undefined, error: { message: 'boom' } },
        { req: req('s'), tag: tf, status: { ...st('offline', 'read-only snapshot', 9), snapshot: { file: 'f', takenAt: 7 } }, error: undefined },
      ],
      names,
    );
    expect(p).toEqual([
      { clusterId: 'b', clusterName: 'lab-b', freshness: 'offline', what: ['PyTorchJob', 'MPIJob (v2beta1)'], reason: 'connection refused', lastSyncedAt: 3 },
      { clusterId: 'c', clusterName: 'c', freshness: 'forbidden', what: ['TFJob'], reason: 'alice cannot list tfjobs', lastSyncedAt: undefined },
      { clusterId: 'd', clusterName: 'd', freshness: 'error', what: ['TFJob'], reason: 'boom', lastSyncedAt: undefined },
      { clusterId: 's', clusterName: 's', freshness: 'snapshot', what: ['TFJob'], reason: 'read-only snapshot', lastSyncedAt: 7 },
    ]);
  });
});

it('formatDuration', () => {
  expect([
    formatDuration(undefined),
    formatDuration(45_000),
    formatDuration(723_000),
    formatDuration(3 * 3600_000 + 20 * 60_000),
    formatDuration(52 * 3600_000),
  ]).toEqual(['', '45s', '12m 3s', '3h 20m', '2d 4h']);
});

describe('jobRows summaries', () => {
  it('reuses an unchanged job’s summary within one `now`, and counts a running job’s duration again when `now` moves', () => {
    const running = { ...job('r', 'team-a', 'Running', 0), status: { startTime: '2026-11-28T14:00:00Z', conditions: [{ type: 'Running', status: 'True' }] } };
    const t0 = Date.parse('2026-11-28T14:01:00Z');
    const first = jobRows([{ clusterId: 'a', tag: pyt, object: running }], names, t0);
    const again = jobRows([{ clusterId: 'a', tag: pyt, object: running }], names, t0);
    expect(again[0]?.summary).toBe(first[0]?.summary);
    const later = jobRows([{ clusterId: 'a', tag: pyt, object: running }], names, t0 + 5000);
    expect(later[0]?.summary.durationMs).toBe(65_000);
    // a delta brings a new object: its summary is new
    const failed = { ...running, status: { ...running.status, conditions: [{ type: 'Failed', status: 'True', reason: 'Oops' }] } };
    expect(jobRows([{ clusterId: 'a', tag: pyt, object: failed }], names, t0 + 5000)[0]?.summary.phase).toBe('Failed');
  });
});
