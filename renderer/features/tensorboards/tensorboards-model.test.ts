// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { LogsPath } from '../../../shared/features/tensorboards/tensorboards.contract';
import type { KubeObject } from '../../../shared/kube/object';
import { madeFromRoute, suggestName, tensorboardRows, tensorboardSlices } from './tensorboards-model';

const tb = (status: unknown, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: 'tensorboard.kubeflow.org/v1alpha1',
  kind: 'Tensorboard',
  metadata: { name: 'mnist', namespace: 'team-a', ...extra },
  spec: { logspath: 'pvc://ws/runs' },
  status,
});

describe('the TensorBoard list', () => {
  it('follows one slice per cluster', () => {
    expect(tensorboardSlices(['a'], () => undefined)).toEqual([
      { req: { clusterId: 'a', group: 'tensorboard.kubeflow.org', version: 'v1alpha1', resource: 'tensorboards' }, tag: 'tensorboards' },
    ]);
  });

  it('words the status as the web app does', () => {
    const [ready, waiting, gone] = tensorboardRows(
      [
        { clusterId: 'a', object: tb({ readyReplicas: 1, conditions: [{ deploymentState: 'Available' }] }) },
        { clusterId: 'a', object: tb({ conditions: [{ deploymentState: 'Progressing' }] }) },
        { clusterId: 'a', object: tb({}, { deletionTimestamp: '2026-01-01T00:00:00Z' }) },
      ],
      () => 'lab-a',
    );
    expect(ready?.status).toEqual({ ready: true, phase: 'ready', deploymentState: 'Available', logsPath: 'pvc://ws/runs' });
    expect(waiting?.status).toMatchObject({ ready: false, phase: 'waiting', deploymentState: 'Progressing' });
    expect(gone?.status.phase).toBe('terminating');
  });

  it('checks log directories and suggests a name', () => {
    expect(LogsPath.safeParse('s3://mlpipeline/tensorboard/run-1').success).toBe(true);
    expect(LogsPath.safeParse('pvc://alice-workspace/runs/mnist').success).toBe(true);
    expect(LogsPath.safeParse('pvc://Bad_Name/x').success).toBe(false);
    expect(LogsPath.safeParse('/tmp/logs').success).toBe(false);
    expect(LogsPath.safeParse('pvc://ws/../etc').success).toBe(false);
    expect(suggestName('pvc://ws/runs/MNIST_cnn/')).toBe('tb-mnist-cnn');
    expect(suggestName('s3://b')).toBe('tb-b');
  });

  it('links a TensorBoard back to the job or run it was made from, and nothing else', () => {
    expect(madeFromRoute('c1', 'job:kubeflow.org/v1/pytorchjobs/team-a/mnist')).toEqual({
      route: { page: 'job', clusterId: 'c1', kind: { group: 'kubeflow.org', version: 'v1', resource: 'pytorchjobs' }, namespace: 'team-a', name: 'mnist' },
      text: 'job mnist',
    });
    expect(madeFromRoute('c1', 'run:0f1e2d3c-aaaa')?.route).toEqual({ page: 'pipeline-run', clusterId: 'c1', runId: '0f1e2d3c-aaaa' });
    expect(madeFromRoute('c1', 'https://example.com')).toBeUndefined();
    expect(madeFromRoute('c1', undefined)).toBeUndefined();
  });
});
