// SPDX-License-Identifier: Apache-2.0
/**
 * Seeded InferenceServices (lab-a, the cluster with KServe): ready ones, one mid-canary
 * (`iris-canary`: v1 rolled out, then v2 at 20 %), and ones whose model cannot be loaded.
 */
import type { Manifest } from '../controllers/kube.ts';

/** A model InferenceService. */
function isvc(
  namespace: string,
  name: string,
  format: string,
  storageUri: string,
  extra: Record<string, unknown> = {},
  annotations: Record<string, string> = {},
): Manifest {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name, namespace, labels: { 'mldeck.dev/seed': 'workloads' }, annotations },
    spec: {
      predictor: {
        minReplicas: 1,
        model: { modelFormat: { name: format }, storageUri, resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi' } } },
        ...extra,
      },
    },
  };
}

/** The canary InferenceService's first and second model versions. */
export const canary = { namespace: 'team-a', name: 'iris-canary', v1: 's3://models/iris/v1', v2: 's3://models/iris/v2', percent: 20 } as const;

/** The seeded InferenceServices (all on lab-a). */
export function inferenceServices(): Manifest[] {
  return [
    isvc('team-a', 'iris', 'sklearn', 's3://models/iris/v1'),
    isvc(canary.namespace, canary.name, 'sklearn', canary.v1, {}, { 'serving.kserve.io/enable-tag-routing': 'true' }),
    isvc('team-b', 'fraud-clf', 'sklearn', 's3://models/fraud-clf/v3'),
    isvc('team-b', 'churn-xgb', 'xgboost', 'gs://kfserving-examples/models/xgboost/churn'),
    isvc('team-vision', 'iris-v2-gpu', 'sklearn', 's3://models/iris/v2', { nodeSelector: { 'nvidia.com/gpu.present': 'true' } }),
    {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'image-embedder', namespace: 'team-vision', labels: { 'mldeck.dev/seed': 'workloads' } },
      spec: {
        predictor: {
          minReplicas: 2,
          containers: [
            {
              name: 'kserve-container',
              image: 'ghcr.io/team-vision/clip-embedder:1.4.2',
              ports: [{ containerPort: 8080, protocol: 'TCP' }],
              env: [{ name: 'MODEL_NAME', value: 'clip-vit-b32' }],
            },
          ],
        },
      },
    },
  ];
}
