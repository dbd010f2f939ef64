// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/kube/object';
import { gpuHolders, gpuModelRows, gpuNodes, gpuPending, jobOfPod } from './gpu-allocation';

function node(name: string, model: string | undefined, gpus: number, allocatable = gpus): KubeObject {
  return {
    metadata: { name, labels: model ? { 'nvidia.com/gpu.product': model, 'nvidia.com/gpu.memory': '81920' } : {} },
    status: {
      capacity: { cpu: '32', memory: '256Gi', ...(gpus ? { 'nvidia.com/gpu': String(gpus) } : {}) },
      allocatable: { cpu: '32', memory: '256Gi', ...(gpus ? { 'nvidia.com/gpu': String(allocatable) } : {}) },
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

function pod(
  name: string,
  opts: { node?: string; gpus?: number[]; phase?: string; labels?: Record<string, string>; owner?: string; scheduled?: { message: string; at: string } },
): KubeObject {
  return {
    metadata: {
      name,
      namespace: 'team-a',
      labels: opts.labels ?? {},
      ...(opts.owner ? { ownerReferences: [{ apiVersion: 'kubeflow.org/v1', kind: opts.owner, name: 'job-1', uid: 'u', controller: true }] } : {}),
    },
    spec: {
      ...(opts.node ? { nodeName: opts.node } : {}),
      containers: (opts.gpus ?? [0]).map((g, i) => ({ name: `c${i}`, resources: g ? { limits: { 'nvidia.com/gpu': String(g) } } : {} })),
    },
    status: {
      phase: opts.phase ?? 'Running',
      conditions: opts.scheduled
        ? [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: opts.scheduled.message, lastTransitionTime: opts.scheduled.at }]
        : [],
    },
  };
}

const nodes = [node('a100-0', 'A100', 8), node('a100-1', 'A100', 8, 7), node('t4-0', 'T4', 4), node('cpu-0', undefined, 0)];
const pods = [
  pod('train-0', { node: 'a100-0', gpus: [2, 1], owner: 'PyTorchJob' }),
  pod('train-1', { node: 'a100-1', gpus: [4] }),
  pod('done', { node: 'a100-0', gpus: [8], phase: 'Succeeded' }),
  pod('failed', { node: 't4-0', gpus: [4], phase: 'Failed' }),
  pod('nb', { node: 't4-0', gpus: [1], labels: { 'training.kubeflow.org/job-name': 'tf-1', 'training.kubeflow.org/operator-name': 'tfjob-controller' } }),
  pod('cpu', { node: 'cpu-0' }),
  pod('big', { gpus: [16], phase: 'Pending', scheduled: { message: '0/4 nodes are available: 3 Insufficient nvidia.com/gpu.', at: '2026-01-01T00:00:00Z' } }),
  pod('mem', { gpus: [0], phase: 'Pending', scheduled: { message: '0/4 nodes are available: 4 Insufficient memory.', at: '2026-01-01T00:00:00Z' } }),
];

describe('GPU allocation', () => {
  it('sums GPU limits of non-terminated pods per node, and free from allocatable', () => {
    expect(gpuNodes(nodes, pods)).toEqual([
      { name: 'a100-0', model: 'A100', memoryMiB: 81920, ready: true, capacity: 8, allocatable: 8, allocated: 3, free: 5 },
      { name: 'a100-1', model: 'A100', memoryMiB: 81920, ready: true, capacity: 8, allocatable: 7, allocated: 4, free: 3 },
      { name: 't4-0', model: 'T4', memoryMiB: 81920, ready: true, capacity: 4, allocatable: 4, allocated: 1, free: 3 },
    ]);
  });

  it('sums nodes per model', () => {
    expect(gpuModelRows(gpuNodes(nodes, pods))).toEqual([
      { model: 'A100', nodes: 2, capacity: 16, allocatable: 15, allocated: 7, free: 8 },
      { model: 'T4', nodes: 1, capacity: 4, allocatable: 4, allocated: 1, free: 3 },
    ]);
  });

  it('never shows negative free GPUs when a node is over-committed', () => {
    const [row] = gpuNodes([node('x', 'A100', 2, 1)], [pod('p', { node: 'x', gpus: [2] })]);
    expect(row).toMatchObject({ allocated: 2, free: 0 });
  });

  it('lists the holders with their jobs, leaving out finished pods and CPU pods', () => {
    expect(gpuHolders(pods)).toEqual([
      {
        namespace: 'team-a',
        pod: 'nb',
        node: 't4-0',
        gpus: 1,
        phase: 'Running',
        job: { kind: 'TFJob', group: 'kubeflow.org', version: 'v1', resource: 'tfjobs', name: 'tf-1' },
      },
      {
        namespace: 'team-a',
        pod: 'train-0',
        node: 'a100-0',
        gpus: 3,
        phase: 'Running',
        job: { kind: 'PyTorchJob', group: 'kubeflow.org', version: 'v1', resource: 'pytorchjobs', name: 'job-1' },
      },
      { namespace: 'team-a', pod: 'train-1', node: 'a100-1', gpus: 4, phase: 'Running', job: undefined },
    ]);
  });

  it('lists pods the scheduler cannot place for lack of GPUs, with its message', () => {
    expect(gpuPending(pods)).toEqual([
      {
        namespace: 'team-a',
        pod: 'big',
        gpus: 16,
        job: undefined,
        reason: 'Unschedulable',
        message: '0/4 nodes are available: 3 Insufficient nvidia.com/gpu.',
        since: '2026-01-01T00:00:00Z',
      },
    ]);
  });

  it('finds TrainJobs from the JobSet label and MPIJob v2beta1 from the MPI Operator', () => {
    expect(jobOfPod(pod('n', { labels: { 'jobset.sigs.k8s.io/jobset-name': 'llm' } }))).toMatchObject({
      kind: 'TrainJob',
      name: 'llm',
      group: 'trainer.kubeflow.org',
    });
    expect(jobOfPod(pod('w', { labels: { 'training.kubeflow.org/job-name': 'hv', 'training.kubeflow.org/operator-name': 'mpi-operator' } }))).toMatchObject({
      kind: 'MPIJob',
      version: 'v2beta1',
      name: 'hv',
    });
    expect(jobOfPod(pod('s', { labels: { app: 'x' } }))).toBeUndefined();
  });
});
