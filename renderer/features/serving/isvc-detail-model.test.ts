// SPDX-License-Identifier: Apache-2.0
/** The service page's pods and events, from objects shaped as the lab's driver and kubelet make them. */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/kube/object';
import { predictorPods, serviceEvents } from './isvc-detail-model';

const pod = (name: string, revision: string, service = 'iris', init?: unknown): KubeObject => ({
  metadata: { name, namespace: 'ns', labels: { 'serving.kserve.io/inferenceservice': service, 'serving.knative.dev/revision': revision } },
  spec: { initContainers: [{ name: 'storage-initializer' }], containers: [{ name: 'kserve-container' }, { name: 'queue-proxy' }] },
  status: { phase: 'Running', containerStatuses: [{ ready: true }, { ready: true }], ...(init ? { initContainerStatuses: [init] } : {}) },
});

const event = (name: string, kind: string, object: string, at: string, reason = 'Created'): KubeObject =>
  ({
    metadata: { name, namespace: 'ns' },
    involvedObject: { kind, name: object },
    reason,
    message: `${reason} ${object}`,
    type: 'Normal',
    lastTimestamp: at,
    count: 1,
  }) as KubeObject;

describe('service page model', () => {
  it('lists the predictor pods of the service, newest revision first, with the storage initializer’s failure', () => {
    const pods = predictorPods(
      [
        pod('iris-predictor-00001-deployment-a-1', 'iris-predictor-00001'),
        pod('iris-predictor-00002-deployment-b-1', 'iris-predictor-00002', 'iris', {
          name: 'storage-initializer',
          state: { terminated: { exitCode: 1, reason: 'Error', message: 'no objects found' } },
        }),
        pod('other-predictor-00001-deployment-c-1', 'other-predictor-00001', 'other'),
      ],
      'iris',
    );
    expect(pods.map((p) => p.revision)).toEqual(['iris-predictor-00002', 'iris-predictor-00001']);
    expect(pods[0]?.containers).toEqual(['storage-initializer', 'kserve-container', 'queue-proxy']);
    expect(pods[0]?.initProblems).toEqual(['storage-initializer: Error — no objects found']);
    expect(pods[1]?.ready).toBe('2/2');
  });

  it('keeps the events of the service, its Deployments, ReplicaSets and pods, oldest first', () => {
    const events = serviceEvents(
      [
        event('e3', 'Pod', 'iris-predictor-00001-deployment-a-1', '2026-11-28T10:00:03Z', 'Started'),
        event('e1', 'InferenceService', 'iris', '2026-11-28T10:00:01Z', 'RevisionCreated'),
        event('e2', 'ReplicaSet', 'iris-predictor-00001-deployment-a', '2026-11-28T10:00:02Z', 'SuccessfulCreate'),
        event('x', 'InferenceService', 'iris-canary', '2026-11-28T10:00:00Z'),
        event('y', 'Pod', 'iris-canary-predictor-00001-deployment-z-1', '2026-11-28T10:00:00Z'),
      ],
      'iris',
      ['iris-predictor-00001-deployment'],
      ['iris-predictor-00001-deployment-a-1'],
    );
    expect(events.map((e) => e.reason)).toEqual(['RevisionCreated', 'SuccessfulCreate', 'Started']);
    expect(events[0]?.object).toBe('InferenceService/iris');
  });
});
