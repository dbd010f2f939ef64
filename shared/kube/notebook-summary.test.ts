// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { KubeObject } from './object';
import { notebookEvents, summarizeNotebook } from './notebook-summary';

const t0 = Date.parse('2026-01-01T10:00:00Z');

function nb(over: { annotations?: Record<string, string>; status?: unknown; deletion?: boolean; created?: number } = {}): KubeObject {
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: {
      name: 'alice',
      namespace: 'team-a',
      uid: 'u1',
      creationTimestamp: new Date(over.created ?? t0).toISOString(),
      annotations: { 'notebooks.kubeflow.org/server-type': 'group-one', 'notebooks.kubeflow.org/last-activity': '2026-01-01T11:00:00Z', ...over.annotations },
      ...(over.deletion ? { deletionTimestamp: '2026-01-01T12:00:00Z' } : {}),
    },
    spec: {
      template: {
        spec: {
          containers: [
            { name: 'sidecar', image: 'busybox' },
            {
              name: 'alice',
              image: 'kubeflownotebookswg/codeserver-python:v1.9.0',
              resources: { requests: { cpu: '0.5', memory: '1Gi' }, limits: { cpu: '0.6', memory: '1.2Gi', 'amd.com/gpu': '2' } },
              volumeMounts: [
                { name: 'ws', mountPath: '/home/jovyan' },
                { name: 'dshm', mountPath: '/dev/shm' },
              ],
            },
          ],
          volumes: [
            { name: 'ws', persistentVolumeClaim: { claimName: 'alice-workspace' } },
            { name: 'dshm', emptyDir: { medium: 'Memory' } },
          ],
        },
      },
    },
    ...(over.status !== undefined ? { status: over.status } : {}),
  } as KubeObject;
}

function pod(state: unknown, conditions: unknown[] = []): KubeObject {
  return {
    metadata: { name: 'alice-0', namespace: 'team-a', labels: { 'notebook-name': 'alice' } },
    status: { phase: 'Pending', conditions, containerStatuses: [{ name: 'alice', state }] },
  } as KubeObject;
}

function event(type: string, reason: string, message: string, kind: string, name: string, at: number): KubeObject {
  return {
    metadata: { name: `${name}.${reason}.${at}`, namespace: 'team-a', creationTimestamp: new Date(at).toISOString() },
    type,
    reason,
    message,
    involvedObject: { kind, name },
    lastTimestamp: new Date(at).toISOString(),
  } as unknown as KubeObject;
}

describe('summarizeNotebook', () => {
  it('reads image, resources, GPUs, volumes and annotations from the container named like the Notebook', () => {
    const s = summarizeNotebook(nb({ status: { readyReplicas: 1 } }), undefined, [], t0 + 60_000);
    expect(s).toMatchObject({
      status: 'ready',
      reason: 'Running',
      image: 'kubeflownotebookswg/codeserver-python:v1.9.0',
      serverType: 'group-one',
      cpu: { request: '0.5', limit: '0.6' },
      memory: { request: '1Gi', limit: '1.2Gi' },
      gpus: { count: 2, vendor: 'amd.com/gpu' },
      lastActivity: '2026-01-01T11:00:00Z',
      podName: 'alice-0',
      container: 'alice',
    });
    expect(s.volumes).toEqual([
      { name: 'ws', claim: 'alice-workspace', type: 'pvc', mountPath: '/home/jovyan', readOnly: false },
      { name: 'dshm', claim: undefined, type: 'emptyDir', mountPath: '/dev/shm', readOnly: false },
    ]);
  });

  it('is stopped once the stop annotation is there and no replica is ready; terminating while one still is', () => {
    const stopped = { 'kubeflow-resource-stopped': '2026-01-01T12:00:00Z' };
    expect(summarizeNotebook(nb({ annotations: stopped, status: { readyReplicas: 0 } }), undefined, [], t0 + 60_000)).toMatchObject({
      status: 'stopped',
      stoppedAt: '2026-01-01T12:00:00Z',
    });
    expect(summarizeNotebook(nb({ annotations: stopped, status: { readyReplicas: 1 } }), undefined, [], t0 + 60_000).status).toBe('terminating');
    expect(summarizeNotebook(nb({ deletion: true, status: { readyReplicas: 1 } }), undefined, [], t0 + 60_000).status).toBe('terminating');
  });

  it('waits while the container is being created, and is an error for a failing image pull', () => {
    const creating = summarizeNotebook(nb({ status: { readyReplicas: 0 } }), pod({ waiting: { reason: 'ContainerCreating' } }), [], t0 + 60_000);
    expect(creating).toMatchObject({ status: 'waiting', reason: 'ContainerCreating' });
    const pull = summarizeNotebook(
      nb({ status: { readyReplicas: 0 } }),
      pod({ waiting: { reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope"' } }),
      [],
      t0 + 60_000,
    );
    expect(pull).toMatchObject({ status: 'error', reason: 'ImagePullBackOff', message: 'Back-off pulling image "nope"' });
    // the CR's mirrored state when the pod is not known
    const fromCr = summarizeNotebook(
      nb({ status: { readyReplicas: 0, containerState: { terminated: { reason: 'Error', exitCode: 3 } } } }),
      undefined,
      [],
      t0 + 60_000,
    );
    expect(fromCr).toMatchObject({ status: 'error', reason: 'Error' });
    expect(fromCr.message).toContain('exit code 3');
  });

  it('waits with the scheduler’s message when the pod cannot be placed', () => {
    const msg = '0/3 nodes are available: 3 Insufficient nvidia.com/gpu.';
    const s = summarizeNotebook(
      nb({ status: { readyReplicas: 0 } }),
      pod(undefined, [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg }]),
      [],
      t0 + 60_000,
    );
    expect(s).toMatchObject({ status: 'waiting', reason: 'FailedScheduling', message: msg });
  });

  it('falls back to the newest warning event of the Notebook, its StatefulSet or its pod; FailedCreate is an error', () => {
    const events = [
      event('Warning', 'FailedScheduling', 'old', 'Pod', 'alice-0', t0 - 60_000), // before this Notebook: another one of the same name
      event(
        'Warning',
        'FailedCreate',
        'pods "alice-0" is forbidden: error looking up service account team-a/default-editor',
        'StatefulSet',
        'alice',
        t0 + 5_000,
      ),
      event('Warning', 'BackOff', 'someone else', 'Pod', 'bob-0', t0 + 6_000),
    ];
    expect(notebookEvents(nb(), events).map((e) => (e as unknown as { reason: string }).reason)).toEqual(['FailedCreate']);
    const s = summarizeNotebook(nb({ status: { readyReplicas: 0 } }), undefined, events, t0 + 60_000);
    expect(s).toMatchObject({ status: 'error', reason: 'FailedCreate' });
    expect(s.message).toContain('default-editor');
  });

  it('waits for the StatefulSet to make the pod in the first seconds', () => {
    expect(summarizeNotebook(nb(), undefined, [], t0 + 3_000)).toMatchObject({ status: 'waiting', reason: 'Creating' });
  });
});
