// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { yamlPathLocator, yamlSyntaxError } from './yaml-paths';

const text = `apiVersion: kubeflow.org/v1
kind: PyTorchJob
metadata:
  name: train
spec:
  pytorchReplicaSpecs:
    Worker:
      replicas: two
      template:
        spec:
          containers:
            - name: pytorch
              image: pytorch/pytorch:2.4.0
              resources:
                limits:
                  nvidia.com/gpu: abc
`;

describe('YAML field locations', () => {
  const at = yamlPathLocator(text);

  it('finds scalars by the server’s path', () => {
    expect(at('spec.pytorchReplicaSpecs.Worker.replicas')).toMatchObject({ startLine: 8, startColumn: 7, endLine: 8 });
    expect(at('spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].image').startLine).toBe(13);
    expect(at('.spec.pytorchReplicaSpecs[Worker].replicas').startLine).toBe(8);
  });

  it('matches keys with dots', () => {
    expect(at('spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].resources.limits.nvidia.com/gpu').startLine).toBe(16);
  });

  it('puts a missing field on its deepest parent', () => {
    expect(at('spec.pytorchReplicaSpecs.Master.replicas').startLine).toBe(6);
    expect(at('metadata.namespace').startLine).toBe(3);
    expect(at('spec.pytorchReplicaSpecs.Worker.template.spec.containers[3].name').startLine).toBe(11);
    expect(at('').startLine).toBe(1);
  });

  it('reports syntax errors with their line', () => {
    expect(yamlSyntaxError(text)).toBeUndefined();
    const err = yamlSyntaxError('a: 1\nb: [1, 2\nc: 3\n');
    expect(err?.range.startLine).toBeGreaterThanOrEqual(2);
    expect(err?.message).toBeTruthy();
  });
});
