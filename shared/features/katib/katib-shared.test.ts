// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the shared Katib models: summaries, the observation-log parser and the experiment checks. */
import { describe, expect, it } from 'vitest';
import { checkExperimentSpec } from './experiment-checks';
import { summarizeExperiment, summarizeTrial } from './experiment-summary';
import type { ExperimentSpec } from './katib-objects';
import { parseObservationLog } from './observation-log';

const spec = (): ExperimentSpec => ({
  objective: { type: 'maximize', objectiveMetricName: 'accuracy', additionalMetricNames: ['loss'] },
  algorithm: { algorithmName: 'bayesianoptimization', algorithmSettings: [{ name: 'n_initial_points', value: '3' }] },
  parameters: [
    { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.0001', max: '0.1', distribution: 'logUniform' } },
    { name: 'batch_size', parameterType: 'categorical', feasibleSpace: { list: ['16', '32'] } },
  ],
  parallelTrialCount: 2,
  maxTrialCount: 8,
  maxFailedTrialCount: 2,
  trialTemplate: {
    primaryContainerName: 'pytorch',
    trialParameters: [
      { name: 'lr', reference: 'lr' },
      { name: 'bs', reference: 'batch_size' },
    ],
    trialSpec: { apiVersion: 'batch/v1', kind: 'Job', spec: { args: ['--lr=${trialParameters.lr}', '--bs=${trialParameters.bs}'] } },
  },
});

describe('experiment checks', () => {
  it('accepts a complete experiment', () => {
    expect(checkExperimentSpec(spec())).toEqual([]);
  });

  it('puts each problem at its field', () => {
    const s = spec();
    s.algorithm = { algorithmName: 'grid', algorithmSettings: [{ name: 'n_initial_points', value: '3' }] };
    s.parallelTrialCount = 9;
    s.trialTemplate!.trialParameters = [{ name: 'lr', reference: 'lr' }];
    const fields = checkExperimentSpec(s).map((p) => `${p.field}: ${p.message}`);
    expect(fields).toEqual(
      expect.arrayContaining([
        'spec.algorithm.algorithmSettings[0].name: grid has no setting "n_initial_points"',
        'spec.parameters[0].feasibleSpace.step: Required value: grid needs a step for a double parameter',
        'spec.parameters[0].feasibleSpace.distribution: grid does not sample a log scale',
        'spec.parallelTrialCount: must not exceed maxTrialCount',
        'spec.trialTemplate.trialParameters: the trial spec uses ${trialParameters.bs}, which is not declared',
        'spec.trialTemplate.trialParameters: the parameter batch_size reaches no field of the trial spec',
      ]),
    );
  });

  it('checks algorithm settings, medianstop and the collector', () => {
    const s = spec();
    s.algorithm = { algorithmName: 'bayesianoptimization', algorithmSettings: [{ name: 'acq_func', value: 'XX' }] };
    s.earlyStopping = { algorithmName: 'medianstop', algorithmSettings: [{ name: 'start_step', value: '0' }] };
    s.metricsCollectorSpec = { collector: { kind: 'File' } };
    expect(checkExperimentSpec(s).map((p) => p.field)).toEqual([
      'spec.algorithm.algorithmSettings[0].value',
      'spec.earlyStopping.algorithmSettings[0].value',
      'spec.metricsCollectorSpec.source.fileSystemPath.path',
    ]);
    s.algorithm = { algorithmName: 'hyperband' };
    expect(checkExperimentSpec(s).map((p) => p.message)).toContain('Required value: hyperband needs the setting resource_name');
  });

  it('takes the collector kinds by Katib’s names (PrometheusMetric, not Prometheus)', () => {
    const s = spec();
    s.metricsCollectorSpec = { collector: { kind: 'PrometheusMetric' } };
    expect(checkExperimentSpec(s)).toEqual([]);
    s.metricsCollectorSpec = { collector: { kind: 'Prometheus' } };
    expect(checkExperimentSpec(s).map((p) => p.field)).toEqual(['spec.metricsCollectorSpec.collector.kind']);
  });
});

describe('summaries', () => {
  it('maps an experiment and a trial', () => {
    const row = summarizeExperiment(
      {
        metadata: { name: 'e', namespace: 'ns', creationTimestamp: '2026-01-01T00:00:00Z' },
        spec: spec(),
        status: {
          startTime: '2026-01-01T00:00:00Z',
          completionTime: '2026-01-01T00:01:30Z',
          conditions: [
            { type: 'Created', status: 'True' },
            { type: 'Running', status: 'False' },
            { type: 'Succeeded', status: 'True', reason: 'ExperimentMaxTrialsReached' },
          ],
          currentOptimalTrial: { bestTrialName: 'e-1', observation: { metrics: [{ name: 'accuracy', min: '0.1', max: '0.93', latest: '0.9' }] } },
          trials: 8,
          trialsSucceeded: 6,
          trialsEarlyStopped: 2,
        },
      },
      0,
    );
    expect(row).toMatchObject({ phase: 'Succeeded', reason: 'ExperimentMaxTrialsReached', best: { trial: 'e-1', value: 0.93 }, durationMs: 90_000 });
    expect(row.trials).toEqual({ total: 8, running: 0, pending: 0, succeeded: 6, failed: 0, earlyStopped: 2, killed: 0 });
    const t = summarizeTrial(
      {
        metadata: { name: 'e-1' },
        spec: { parameterAssignments: [{ name: 'lr', value: '0.01' }] },
        status: { conditions: [{ type: 'EarlyStopped', status: 'True' }], observation: { metrics: [{ name: 'loss', min: '0.2', max: '2', latest: '0.3' }] } },
      },
      spec().objective,
      0,
    );
    expect(t).toMatchObject({ phase: 'EarlyStopped', params: { lr: '0.01' }, metrics: { loss: 0.3 }, objective: undefined });
  });
});

describe('the observation log', () => {
  it('reads name=value pairs of the experiment metrics as Katib’s StdOut collector does', () => {
    const lines = [
      { time: 't1', text: 'epoch 1/10' },
      { time: 't1', text: 'accuracy=0.5' },
      { time: 't1', text: 'loss=1.2e-1 lr=0.01 other-metric=3' },
      { time: 't2', text: 'accuracy = 0.75 junk' },
    ];
    expect(parseObservationLog(lines, ['accuracy', 'loss'])).toEqual([
      { metric: 'accuracy', value: 0.5, time: 't1', step: 1 },
      { metric: 'loss', value: 0.12, time: 't1', step: 1 },
      { metric: 'accuracy', value: 0.75, time: 't2', step: 2 },
    ]);
  });
});
