// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the one-call trial list's cut-down trials: the views read the same from them as from the whole objects. */
import { describe, expect, it } from 'vitest';
import { summarizeTrial } from '../../../shared/features/katib/experiment-summary';
import type { TrialObject } from '../../../shared/features/katib/katib-objects';
import { listedTrial } from './trial-list';

const whole: TrialObject = {
  apiVersion: 'kubeflow.org/v1beta1',
  kind: 'Trial',
  metadata: {
    name: 'bench-00001',
    namespace: 'ns',
    uid: 'u1',
    resourceVersion: '42',
    labels: { 'katib.kubeflow.org/experiment': 'bench' },
    creationTimestamp: '2026-01-01T00:00:00Z',
    annotations: { big: 'x'.repeat(1000) },
    ownerReferences: [{ apiVersion: 'kubeflow.org/v1beta1', kind: 'Experiment', name: 'bench', uid: 'e1' }],
  },
  spec: {
    objective: { type: 'maximize', objectiveMetricName: 'accuracy', additionalMetricNames: ['loss'] },
    parameterAssignments: [
      { name: 'lr', value: '0.01' },
      { name: 'optimizer', value: 'adam' },
    ],
    earlyStoppingRules: [{ name: 'accuracy', value: '0.5', comparison: 'less', startStep: 4 }],
    primaryContainerName: 'main',
    // the run's whole spec is dropped: only its kind is shown
    runSpec: { apiVersion: 'batch/v1', kind: 'Job', spec: { template: { spec: { containers: [{ name: 'main', image: 'busybox' }] } } } } as {
      apiVersion?: string;
      kind?: string;
    },
  },
  status: {
    startTime: '2026-01-01T00:00:05Z',
    completionTime: '2026-01-01T00:01:05Z',
    conditions: [{ type: 'Succeeded', status: 'True', reason: 'TrialSucceeded' }],
    observation: { metrics: [{ name: 'accuracy', min: '0.1', max: '0.93', latest: '0.93' }] },
  },
};

describe('listedTrial', () => {
  it('summarises as the whole trial does', () => {
    expect(summarizeTrial(listedTrial(whole), undefined, Date.parse('2026-01-02T00:00:00Z'))).toEqual(
      summarizeTrial(whole, undefined, Date.parse('2026-01-02T00:00:00Z')),
    );
  });
  it('keeps what the trial detail reads and drops the rest', () => {
    const t = listedTrial(whole);
    expect(t.metadata).toEqual({
      name: 'bench-00001',
      namespace: 'ns',
      uid: 'u1',
      resourceVersion: '42',
      labels: { 'katib.kubeflow.org/experiment': 'bench' },
      creationTimestamp: '2026-01-01T00:00:00Z',
    });
    expect(t.spec?.runSpec).toEqual({ apiVersion: 'batch/v1', kind: 'Job' });
    expect(t.spec?.primaryContainerName).toBe('main');
    expect(t.status?.conditions).toEqual(whole.status?.conditions);
    expect(JSON.stringify(t).length).toBeLessThan(JSON.stringify(whole).length / 2);
  });
  it('keeps a trial without spec or status as it is', () => {
    const bare = listedTrial({ apiVersion: 'kubeflow.org/v1beta1', kind: 'Trial', metadata: { name: 'a' } });
    expect(bare.spec).toBeUndefined();
    expect(bare.status).toBeUndefined();
  });
});
