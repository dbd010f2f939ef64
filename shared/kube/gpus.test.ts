// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { gpuRequestOfJob, gpuRequestOfPodSpec } from './gpus';

describe('GPU requests', () => {
  it('sums containers and reads limits or requests', () => {
    expect(
      gpuRequestOfPodSpec({
        containers: [{ resources: { limits: { 'nvidia.com/gpu': '2' } } }, { resources: { requests: { 'nvidia.com/gpu': 1 } } }, { resources: {} }],
      }),
    ).toBe(3);
  });
  it('counts an init container only when it needs more', () => {
    expect(
      gpuRequestOfPodSpec({
        containers: [{ resources: { limits: { 'nvidia.com/gpu': '1' } } }],
        initContainers: [{ resources: { limits: { 'nvidia.com/gpu': '4' } } }],
      }),
    ).toBe(4);
  });
  it('multiplies replicas of every replica type', () => {
    const gpu = (n: number) => ({ spec: { containers: [{ resources: { limits: { 'nvidia.com/gpu': String(n) } } }] } });
    const job = {
      metadata: { name: 'j' },
      spec: { pytorchReplicaSpecs: { Master: { replicas: 1, template: gpu(1) }, Worker: { replicas: 3, template: gpu(2) } } },
    };
    expect(gpuRequestOfJob(job)).toBe(7);
  });
  it('is zero for a CPU job', () => {
    expect(gpuRequestOfJob({ metadata: { name: 'j' }, spec: { tfReplicaSpecs: { Worker: { replicas: 2, template: { spec: { containers: [{}] } } } } } })).toBe(
      0,
    );
  });
});
