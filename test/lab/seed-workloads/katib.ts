// SPDX-License-Identifier: Apache-2.0
/**
 * Seeded Katib experiments: random, grid, Bayesian optimisation and TPE, with batch Job
 * trials (which finish at once: KWOK completes Job pods) and PyTorchJob trials (run by the
 * real Training Operator; they take `mldeck.dev/sim-duration`, and some fail).
 */
import type { ClusterName } from '../control-plane.ts';
import type { Manifest } from '../controllers/kube.ts';

/** A batch Job trial template running the Katib MNIST example. */
function jobTrial(image: string, args: string[]): Record<string, unknown> {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    spec: {
      template: {
        spec: {
          restartPolicy: 'Never',
          containers: [{ name: 'training-container', image, command: ['python3', ...args], resources: { limits: { cpu: '1', memory: '2Gi' } } }],
        },
      },
    },
  };
}

/** A PyTorchJob trial template; `outcome` labels its pods (omit: they run until deleted). */
function pytorchTrial(args: string[], outcome?: { durationS: number }): Record<string, unknown> {
  const meta = outcome
    ? {
        labels: { 'mldeck.dev/sim-outcome': 'succeeded' },
        annotations: { 'mldeck.dev/sim-duration': `${outcome.durationS}s`, 'sidecar.istio.io/inject': 'false' },
      }
    : { annotations: { 'sidecar.istio.io/inject': 'false' } };
  const container = {
    name: 'pytorch',
    image: 'docker.io/kubeflowkatib/pytorch-mnist-cpu:v0.19.0',
    command: ['python3', '/opt/pytorch-mnist/mnist.py', ...args],
    resources: { limits: { cpu: '1', memory: '2Gi' } },
  };
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    spec: { pytorchReplicaSpecs: { Master: { replicas: 1, restartPolicy: 'Never', template: { metadata: meta, spec: { containers: [container] } } } } },
  };
}

/** The seeded experiments, per cluster. */
export function experiments(): { cluster: ClusterName; body: Manifest }[] {
  const meta = (name: string, namespace: string, annotations: Record<string, string> = {}) => ({
    name,
    namespace,
    labels: { 'mldeck.dev/seed': 'workloads' },
    annotations,
  });
  return [
    {
      cluster: 'lab-a',
      body: {
        apiVersion: 'kubeflow.org/v1beta1',
        kind: 'Experiment',
        metadata: meta('mnist-grid', 'team-a'),
        spec: {
          objective: { type: 'maximize', goal: 0.995, objectiveMetricName: 'Validation-accuracy', additionalMetricNames: ['Train-accuracy'] },
          algorithm: { algorithmName: 'grid' },
          parallelTrialCount: 3,
          maxTrialCount: 12,
          maxFailedTrialCount: 3,
          parameters: [
            { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.05', step: '0.02' } },
            { name: 'num-layers', parameterType: 'int', feasibleSpace: { min: '2', max: '3' } },
          ],
          trialTemplate: {
            primaryContainerName: 'training-container',
            trialParameters: [
              { name: 'learningRate', description: 'Learning rate for the training model', reference: 'lr' },
              { name: 'numberLayers', description: 'Number of training model layers', reference: 'num-layers' },
            ],
            trialSpec: jobTrial('docker.io/kubeflowkatib/mxnet-mnist:v0.19.0', [
              '/opt/mxnet-mnist/mnist.py',
              '--batch-size=64',
              '--lr=${trialParameters.learningRate}',
              '--num-layers=${trialParameters.numberLayers}',
            ]),
          },
        },
      },
    },
    {
      cluster: 'lab-a',
      body: {
        apiVersion: 'kubeflow.org/v1beta1',
        kind: 'Experiment',
        metadata: meta('resnet-random-search', 'team-vision', { 'mldeck.dev/sim-trial-failure-rate': '0.2' }),
        spec: {
          objective: { type: 'maximize', goal: 0.99, objectiveMetricName: 'accuracy', additionalMetricNames: ['loss'] },
          algorithm: { algorithmName: 'random' },
          parallelTrialCount: 3,
          maxTrialCount: 9,
          maxFailedTrialCount: 4,
          parameters: [
            { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.0001', max: '0.1', distribution: 'logUniform' } },
            { name: 'momentum', parameterType: 'double', feasibleSpace: { min: '0.5', max: '0.99' } },
            { name: 'optimizer', parameterType: 'categorical', feasibleSpace: { list: ['sgd', 'adam', 'adamw'] } },
          ],
          trialTemplate: {
            primaryContainerName: 'pytorch',
            trialParameters: [
              { name: 'lr', reference: 'lr' },
              { name: 'momentum', reference: 'momentum' },
              { name: 'optimizer', reference: 'optimizer' },
            ],
            trialSpec: pytorchTrial(
              ['--epochs=5', '--lr=${trialParameters.lr}', '--momentum=${trialParameters.momentum}', '--optimizer=${trialParameters.optimizer}'],
              { durationS: 40 },
            ),
          },
        },
      },
    },
    {
      cluster: 'lab-a',
      body: {
        apiVersion: 'kubeflow.org/v1beta1',
        kind: 'Experiment',
        metadata: meta('xgb-bayes-opt', 'team-b'),
        spec: {
          objective: { type: 'minimize', objectiveMetricName: 'validation-logloss', additionalMetricNames: ['validation-auc'] },
          algorithm: {
            algorithmName: 'bayesianoptimization',
            algorithmSettings: [
              { name: 'random_state', value: '10' },
              { name: 'n_initial_points', value: '4' },
            ],
          },
          parallelTrialCount: 2,
          maxTrialCount: 12,
          maxFailedTrialCount: 3,
          parameters: [
            { name: 'max_depth', parameterType: 'int', feasibleSpace: { min: '3', max: '10' } },
            { name: 'eta', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.3' } },
            { name: 'subsample', parameterType: 'double', feasibleSpace: { min: '0.5', max: '1.0' } },
          ],
          trialTemplate: {
            primaryContainerName: 'training-container',
            trialParameters: [
              { name: 'maxDepth', reference: 'max_depth' },
              { name: 'eta', reference: 'eta' },
              { name: 'subsample', reference: 'subsample' },
            ],
            trialSpec: jobTrial('docker.io/kubeflow/xgboost-dist-iris:latest', [
              '/opt/xgboost/main.py',
              '--max_depth=${trialParameters.maxDepth}',
              '--eta=${trialParameters.eta}',
              '--subsample=${trialParameters.subsample}',
            ]),
          },
        },
      },
    },
    {
      cluster: 'lab-a',
      body: {
        apiVersion: 'kubeflow.org/v1beta1',
        kind: 'Experiment',
        metadata: meta('bert-lr-bayes', 'team-a'),
        spec: {
          objective: { type: 'minimize', goal: 0.05, objectiveMetricName: 'eval_loss' },
          algorithm: { algorithmName: 'bayesianoptimization' },
          parallelTrialCount: 2,
          maxTrialCount: 10,
          parameters: [
            { name: 'learning_rate', parameterType: 'double', feasibleSpace: { min: '0.00001', max: '0.0005', distribution: 'logUniform' } },
            { name: 'warmup_ratio', parameterType: 'discrete', feasibleSpace: { list: ['0.0', '0.06', '0.1'] } },
          ],
          trialTemplate: {
            primaryContainerName: 'pytorch',
            trialParameters: [
              { name: 'lr', reference: 'learning_rate' },
              { name: 'warmup', reference: 'warmup_ratio' },
            ],
            trialSpec: pytorchTrial(['--lr=${trialParameters.lr}', '--warmup=${trialParameters.warmup}']),
          },
        },
      },
    },
    {
      cluster: 'lab-b',
      body: {
        apiVersion: 'kubeflow.org/v1beta1',
        kind: 'Experiment',
        metadata: meta('transformer-tpe', 'research'),
        spec: {
          objective: { type: 'maximize', goal: 0.9, objectiveMetricName: 'bleu' },
          algorithm: { algorithmName: 'tpe' },
          parallelTrialCount: 3,
          maxTrialCount: 9,
          maxFailedTrialCount: 3,
          parameters: [
            { name: 'dropout', parameterType: 'double', feasibleSpace: { min: '0.0', max: '0.5' } },
            { name: 'heads', parameterType: 'discrete', feasibleSpace: { list: ['4', '8', '16'] } },
          ],
          trialTemplate: {
            primaryContainerName: 'training-container',
            trialParameters: [
              { name: 'dropout', reference: 'dropout' },
              { name: 'heads', reference: 'heads' },
            ],
            trialSpec: jobTrial('docker.io/kubeflowkatib/pytorch-mnist-cpu:v0.19.0', [
              '/opt/train.py',
              '--dropout=${trialParameters.dropout}',
              '--heads=${trialParameters.heads}',
            ]),
          },
        },
      },
    },
  ];
}
