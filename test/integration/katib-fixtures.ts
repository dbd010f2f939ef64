// SPDX-License-Identifier: Apache-2.0
/**
 * Katib experiments the Katib tests create, and what the lab's metric function says about their
 * trials (test/lab/controllers/katib-algorithms.ts): PyTorchJob trials the real Training Operator
 * runs for `durationS` (the lab's `mldeck.dev/sim-*` pod labels), reporting 10 epochs.
 */
import { curveValue, epochs, finalValue, quality, type Parameter } from '../lab/controllers/katib-algorithms.ts';
import type { KatibParameter, TrialObject } from '../../shared/features/katib/katib-objects';

/** What an experiment varies. */
export interface ExperimentShape {
  name: string;
  namespace: string;
  algorithm: string;
  settings?: Record<string, string>;
  earlyStopping?: Record<string, string>;
  parameters: KatibParameter[];
  parallel: number;
  max: number;
  durationS: number;
  resumePolicy?: 'Never' | 'LongRunning';
}

/** An Experiment maximising `accuracy` (also reporting `loss`) over PyTorchJob trials. */
export function experimentManifest(s: ExperimentShape): Record<string, unknown> {
  const settings = (o: Record<string, string> | undefined) => Object.entries(o ?? {}).map(([name, value]) => ({ name, value }));
  return {
    apiVersion: 'kubeflow.org/v1beta1',
    kind: 'Experiment',
    metadata: { name: s.name, namespace: s.namespace },
    spec: {
      objective: { type: 'maximize', goal: 0.999, objectiveMetricName: 'accuracy', additionalMetricNames: ['loss'] },
      algorithm: { algorithmName: s.algorithm, algorithmSettings: settings(s.settings) },
      ...(s.earlyStopping ? { earlyStopping: { algorithmName: 'medianstop', algorithmSettings: settings(s.earlyStopping) } } : {}),
      parallelTrialCount: s.parallel,
      maxTrialCount: s.max,
      maxFailedTrialCount: Math.min(3, s.max), // Katib refuses more than maxTrialCount
      resumePolicy: s.resumePolicy ?? 'Never',
      parameters: s.parameters,
      trialTemplate: {
        primaryContainerName: 'pytorch',
        trialParameters: s.parameters.map((p) => ({ name: p.name.replace(/[^a-zA-Z0-9]/g, ''), reference: p.name })),
        trialSpec: {
          apiVersion: 'kubeflow.org/v1',
          kind: 'PyTorchJob',
          spec: {
            pytorchReplicaSpecs: {
              Master: {
                replicas: 1,
                restartPolicy: 'Never',
                template: {
                  metadata: {
                    labels: { 'mldeck.dev/sim-outcome': 'succeeded' },
                    annotations: { 'mldeck.dev/sim-duration': `${s.durationS}s`, 'sidecar.istio.io/inject': 'false' },
                  },
                  spec: {
                    containers: [
                      {
                        name: 'pytorch',
                        image: 'docker.io/kubeflowkatib/pytorch-mnist-cpu:v0.19.0',
                        command: [
                          'python3',
                          '/opt/pytorch-mnist/mnist.py',
                          ...s.parameters.map((p) => `--${p.name}=\${trialParameters.${p.name.replace(/[^a-zA-Z0-9]/g, '')}}`),
                        ],
                      },
                    ],
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}

/** The trial's final value of a metric by the lab's function (4 decimals, as the trial prints it). */
export function expectedFinal(params: KatibParameter[], t: TrialObject, metric: string): number {
  return Number(finalValue(metric, quality(params as Parameter[], t.spec?.parameterAssignments ?? []), t.metadata.name).toFixed(4));
}

/** The trial's curve of a metric over all epochs, by the lab's function. */
export function expectedCurve(params: KatibParameter[], t: TrialObject, metric: string, upTo = epochs): number[] {
  const q = quality(params as Parameter[], t.spec?.parameterAssignments ?? []);
  return Array.from({ length: upTo }, (_, i) => curveValue(metric, q, t.metadata.name, i + 1));
}
