// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the trials' table form: every trial comes back as it went, in a fraction of the text. */
import { describe, expect, it } from 'vitest';
import { summarizeTrial } from './experiment-summary';
import type { TrialObject } from './katib-objects';
import { fromTrialTable, toTrialTable } from './trial-table';

const objective = { type: 'maximize' as const, objectiveMetricName: 'accuracy', additionalMetricNames: ['loss'] };
const trial = (i: number, over: Partial<TrialObject> = {}): TrialObject => ({
  apiVersion: 'kubeflow.org/v1beta1',
  kind: 'Trial',
  metadata: {
    name: `t-${i}`,
    namespace: 'ns',
    uid: `u-${i}`,
    resourceVersion: String(100 + i),
    labels: { 'katib.kubeflow.org/experiment': 'e' },
    creationTimestamp: '2026-01-01T00:00:00Z',
  },
  spec: {
    objective,
    parameterAssignments: [
      { name: 'lr', value: String(0.01 * i) },
      { name: 'optimizer', value: i % 2 ? 'adam' : 'sgd' },
    ],
    runSpec: { apiVersion: 'batch/v1', kind: 'Job' },
  },
  status: {
    startTime: '2026-01-01T00:00:05Z',
    completionTime: '2026-01-01T00:01:05Z',
    conditions: [{ type: 'Succeeded', status: 'True', reason: 'TrialSucceeded', message: 'Trial has succeeded' }],
    observation: {
      metrics: [
        { name: 'accuracy', min: '0.1', max: String(0.5 + i / 100), latest: String(0.5 + i / 100) },
        { name: 'loss', min: '0.2', max: '2', latest: '0.3' },
      ],
    },
  },
  ...over,
});

describe('the trials as a table', () => {
  it('gives every trial back as it was, in a fraction of the text', () => {
    const trials = Array.from({ length: 200 }, (_, i) => trial(i));
    const table = toTrialTable(trials);
    expect(fromTrialTable(JSON.parse(JSON.stringify(table)))).toEqual(trials);
    expect(table.params).toEqual(['lr', 'optimizer']);
    expect(table.metrics).toEqual(['accuracy', 'loss']);
    // the objective, the labels and the condition are said once
    expect(table.texts).toHaveLength(3);
    expect(JSON.stringify(table).length).toBeLessThan(JSON.stringify(trials).length / 3);
  });

  it('keeps trials that differ: a pending one, one without a metric, one with a parameter of its own, labels of their own', () => {
    const pending = trial(1, { status: undefined });
    const running = trial(2, { status: { startTime: '2026-01-01T00:00:05Z', conditions: [{ type: 'Running', status: 'True' }] } });
    const partial = trial(3);
    partial.status!.observation!.metrics = [{ name: 'loss', min: '1', max: '2', latest: '1.5' }];
    const extra = trial(4);
    extra.metadata.labels = { 'katib.kubeflow.org/experiment': 'e', team: 'a' };
    extra.spec!.parameterAssignments = [...extra.spec!.parameterAssignments!, { name: 'layers', value: '3' }];
    const bare: TrialObject = { metadata: { name: 'bare' } };
    const trials = [pending, running, partial, extra, bare];
    const back = fromTrialTable(JSON.parse(JSON.stringify(toTrialTable(trials))));
    expect(back.slice(0, 4)).toEqual(trials.slice(0, 4));
    // a table's kind and namespace are the first trial's
    expect(back[4]).toEqual({ ...bare, apiVersion: 'kubeflow.org/v1beta1', kind: 'Trial', metadata: { name: 'bare', namespace: 'ns' } });
    for (const [i, t] of trials.entries()) expect(summarizeTrial(back[i]!, objective, 0)).toEqual(summarizeTrial(t, objective, 0));
  });

  it('is empty for no trials', () => {
    expect(fromTrialTable(toTrialTable([]))).toEqual([]);
  });
});
