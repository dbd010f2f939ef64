// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { KubeObject } from './object';
import { gpuModels, nodeAllocation } from './node-allocation';

const node = (name: string, gpus: number, model?: string): KubeObject => ({
  metadata: { name, labels: model ? { 'nvidia.com/gpu.product': model } : {} },
  status: {
    capacity: { cpu: '32', memory: '128Gi', ...(gpus ? { 'nvidia.com/gpu': String(gpus) } : {}) },
    allocatable: { cpu: '32', memory: '128Gi', ...(gpus ? { 'nvidia.com/gpu': String(gpus) } : {}) },
    conditions: [{ type: 'Ready', status: 'True' }],
  },
});
const pod = (nodeName: string, phase: string, gpus: number, cpu = '500m', memory = '1Gi'): KubeObject => ({
  metadata: { name: `p-${Math.random()}` },
  spec: { nodeName, containers: [{ resources: { requests: { cpu, memory }, limits: gpus ? { 'nvidia.com/gpu': String(gpus) } : {} } }] },
  status: { phase },
});

describe('nodeAllocation', () => {
  it('sums requests of live pods per node and ignores finished ones', () => {
    const nodes = nodeAllocation(
      [node('g0', 8, 'A100'), node('c0', 0)],
      [pod('g0', 'Running', 2), pod('g0', 'Pending', 1), pod('g0', 'Succeeded', 4), pod('c0', 'Running', 0, '2', '4Gi')],
    );
    const g0 = nodes.find((n) => n.name === 'g0');
    expect(g0?.gpu).toEqual({ model: 'A100', capacity: 8, allocatable: 8, requested: 3 });
    expect(g0?.cpu.requested).toBeCloseTo(1);
    expect(g0?.pods).toBe(2);
    const c0 = nodes.find((n) => n.name === 'c0');
    expect(c0?.gpu).toBeUndefined();
    expect(c0?.memoryBytes.requested).toBe(4 * 2 ** 30);
  });
  it('groups GPUs by model', () => {
    const models = gpuModels(
      nodeAllocation([node('a', 8, 'A100'), node('b', 8, 'A100'), node('t', 4, 'T4')], [pod('a', 'Running', 8), pod('t', 'Running', 1)]),
    );
    expect(models).toEqual([
      { model: 'A100', nodes: 2, capacity: 16, allocatable: 16, requested: 8 },
      { model: 'T4', nodes: 1, capacity: 4, allocatable: 4, requested: 1 },
    ]);
  });
});
