// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the status driver's pure logic: condition rules, PodDefault merging (Katib's: katib-algorithms.test.ts). */
import { describe, expect, it } from 'vitest';
import { isTrue, setJobCondition, setMetaCondition } from './conditions.ts';
import { applyPodDefaults, selectorMatches } from './notebooks.ts';

describe('Kubeflow job conditions', () => {
  it('replaces Running with Restarting, flips Running off on success and freezes after Failed', () => {
    let c = setJobCondition([], 'Created', 'True', 'PyTorchJobCreated', 'created');
    c = setJobCondition(c, 'Running', 'True', 'PyTorchJobRunning', 'running');
    c = setJobCondition(c, 'Restarting', 'True', 'PyTorchJobRestarting', 'restarting');
    expect(c.map((x) => x.type)).toEqual(['Created', 'Restarting']);
    c = setJobCondition(c, 'Running', 'True', 'PyTorchJobRunning', 'running');
    c = setJobCondition(c, 'Succeeded', 'True', 'PyTorchJobSucceeded', 'done');
    expect(c.find((x) => x.type === 'Running')?.status).toBe('False');
    expect(isTrue(c, 'Succeeded')).toBe(true);
    const failed = setJobCondition(c, 'Failed', 'True', 'PyTorchJobFailed', 'failed');
    expect(setJobCondition(failed, 'Running', 'True', 'PyTorchJobRunning', 'again')).toEqual(failed);
  });

  it('keeps lastTransitionTime of an unchanged metav1 condition', () => {
    const a = setMetaCondition([], { type: 'Complete', status: 'True', reason: 'AllJobsCompleted', message: 'ok' });
    expect(setMetaCondition(a, { type: 'Complete', status: 'True', reason: 'AllJobsCompleted', message: 'ok' })).toEqual(a);
  });
});

describe('PodDefaults', () => {
  it('merges matching PodDefaults into the pod template', () => {
    expect(selectorMatches({ matchLabels: { a: 'true' } }, { a: 'true' })).toBe(true);
    expect(selectorMatches({}, { a: 'true' })).toBe(false);
    const out = applyPodDefaults({ metadata: { labels: { a: 'true' } }, spec: { containers: [{ name: 'nb', env: [{ name: 'X', value: '1' }] }] } }, [
      {
        metadata: { name: 'pd', resourceVersion: '7' },
        spec: {
          selector: { matchLabels: { a: 'true' } },
          env: [{ name: 'Y', value: '2' }],
          volumes: [{ name: 'v' }],
          volumeMounts: [{ name: 'v', mountPath: '/v' }],
        },
      },
      { metadata: { name: 'other' }, spec: { selector: { matchLabels: { b: 'true' } }, env: [{ name: 'Z', value: '3' }] } },
    ]);
    expect(out.spec.containers[0]?.env?.map((e) => e.name)).toEqual(['X', 'Y']);
    expect(out.spec.volumes).toEqual([{ name: 'v' }]);
    expect(out.metadata?.annotations?.['poddefault.admission.kubeflow.org/poddefault-pd']).toBe('7');
  });
});
