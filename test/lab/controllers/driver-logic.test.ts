// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the status driver's pure logic: condition rules, Katib suggestions, PodDefault merging. */
import { describe, expect, it } from 'vitest';
import { isTrue, setJobCondition, setMetaCondition } from './conditions.ts';
import { gridSize, quality, suggest, trialMetrics, type Parameter } from './katib-algorithms.ts';
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

describe('Katib suggestions', () => {
  const params: Parameter[] = [
    { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.05', step: '0.02' } },
    { name: 'layers', parameterType: 'int', feasibleSpace: { min: '2', max: '3' } },
    { name: 'opt', parameterType: 'categorical', feasibleSpace: { list: ['sgd', 'adam'] } },
  ];

  it('enumerates the grid once and then ends', () => {
    expect(gridSize(params)).toBe(12);
    const seen = new Set(Array.from({ length: 12 }, (_, i) => JSON.stringify(suggest('grid', params, 's', i, []))));
    expect(seen.size).toBe(12);
    expect(suggest('grid', params, 's', 12, [])).toBeUndefined();
  });

  it('samples inside the feasible space, deterministically', () => {
    for (let i = 0; i < 50; i++) {
      const a = suggest('random', params, 'seed', i, []) ?? [];
      const lr = Number(a.find((x) => x.name === 'lr')?.value);
      expect(lr).toBeGreaterThanOrEqual(0.01);
      expect(lr).toBeLessThanOrEqual(0.05);
      expect(['2', '3']).toContain(a.find((x) => x.name === 'layers')?.value);
      expect(suggest('random', params, 'seed', i, [])).toEqual(a);
    }
  });

  it('explores around the best trial once the initial points are done', () => {
    const best = [
      { name: 'lr', value: '0.03' },
      { name: 'layers', value: '2' },
      { name: 'opt', value: 'adam' },
    ];
    const history = [0.2, 0.9, 0.4, 0.5].map((objective, i) => ({ assignments: i === 1 ? best : (suggest('random', params, 'x', i, []) ?? []), objective }));
    const next = suggest('bayesianoptimization', params, 'x', 4, history, { n_initial_points: '4' }) ?? [];
    expect(Math.abs(Number(next.find((a) => a.name === 'lr')?.value) - 0.03)).toBeLessThanOrEqual(0.006 + 1e-9);
  });

  it('makes accuracy rise and loss fall with quality', () => {
    const [accLow, lossLow] = trialMetrics(['accuracy', 'loss'], 0.1, 't');
    const [accHigh, lossHigh] = trialMetrics(['accuracy', 'loss'], 0.9, 't');
    expect(Number(accHigh?.latest)).toBeGreaterThan(Number(accLow?.latest));
    expect(Number(lossHigh?.latest)).toBeLessThan(Number(lossLow?.latest));
    expect(quality(params, suggest('random', params, 'q', 0, []) ?? [])).toBeGreaterThanOrEqual(0);
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
