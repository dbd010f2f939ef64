// SPDX-License-Identifier: Apache-2.0
/**
 * Seeded notebook servers with their workspace volumes (a PVC pre-bound to a static PV, so
 * the scheduler can place the pod), the PodDefaults the Jupyter web app offers as
 * "configurations", and the Secret one of them reads.
 */
import type { ClusterName } from '../control-plane.ts';
import type { Manifest } from '../controllers/kube.ts';
import { s3Endpoint, S3_ACCESS_KEY, S3_SECRET_KEY } from '../peers/s3.ts';
import { gpuProducts } from './training.ts';

/** One seeded notebook. */
export interface NotebookPlan {
  cluster: ClusterName;
  namespace: string;
  name: string;
  owner: string;
  image: string;
  serverType: 'jupyter' | 'group-one' | 'group-two';
  stopped: boolean;
  gpu?: { product: keyof typeof gpuProducts; count: number; idle?: boolean };
  configurations: string[];
  cpu: string;
  memory: string;
}

/** The seeded notebooks. */
export const notebookPlans: NotebookPlan[] = [
  {
    cluster: 'lab-a',
    namespace: 'team-a',
    name: 'alice-scipy',
    owner: 'alice@example.com',
    image: 'kubeflownotebookswg/jupyter-scipy:v1.9.0',
    serverType: 'jupyter',
    stopped: false,
    configurations: ['access-ml-pipeline', 'mlflow-s3'],
    cpu: '1',
    memory: '4Gi',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-a',
    name: 'alice-pytorch-gpu',
    owner: 'alice@example.com',
    image: 'kubeflownotebookswg/jupyter-pytorch-cuda-full:v1.9.0',
    serverType: 'jupyter',
    stopped: false,
    gpu: { product: 't4', count: 1 },
    configurations: ['mlflow-s3'],
    cpu: '4',
    memory: '16Gi',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-a',
    name: 'eda-vscode',
    owner: 'alice@example.com',
    image: 'kubeflownotebookswg/codeserver-python:v1.9.0',
    serverType: 'group-one',
    stopped: false,
    configurations: [],
    cpu: '500m',
    memory: '2Gi',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-a',
    name: 'old-experiments',
    owner: 'alice@example.com',
    image: 'kubeflownotebookswg/jupyter-tensorflow-full:v1.9.0',
    serverType: 'jupyter',
    stopped: true,
    configurations: ['access-ml-pipeline'],
    cpu: '2',
    memory: '8Gi',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-b',
    name: 'bob-tabular',
    owner: 'bob@example.com',
    image: 'kubeflownotebookswg/jupyter-scipy:v1.9.0',
    serverType: 'jupyter',
    stopped: true,
    configurations: ['mlflow-s3'],
    cpu: '1',
    memory: '4Gi',
  },
  {
    cluster: 'lab-a',
    namespace: 'team-vision',
    name: 'carol-gpu-idle',
    owner: 'carol@example.com',
    image: 'kubeflownotebookswg/jupyter-pytorch-cuda-full:v1.9.0',
    serverType: 'jupyter',
    stopped: false,
    gpu: { product: 'a100', count: 1, idle: true },
    configurations: ['access-ml-pipeline'],
    cpu: '8',
    memory: '64Gi',
  },
  {
    cluster: 'lab-b',
    namespace: 'research',
    name: 'dave-jax',
    owner: 'dave@example.com',
    image: 'kubeflownotebookswg/jupyter-scipy:v1.9.0',
    serverType: 'jupyter',
    stopped: false,
    gpu: { product: 'l4', count: 1 },
    configurations: ['mlflow-s3'],
    cpu: '4',
    memory: '16Gi',
  },
  {
    cluster: 'lab-b',
    namespace: 'research',
    name: 'dave-rstudio',
    owner: 'dave@example.com',
    image: 'kubeflownotebookswg/rstudio-tidyverse:v1.9.0',
    serverType: 'group-two',
    stopped: true,
    configurations: [],
    cpu: '1',
    memory: '4Gi',
  },
];

/** PodDefaults and the Secret of `mlflow-s3`, per namespace. */
export function podDefaults(namespace: string): Manifest[] {
  return [
    {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 'mlflow-s3-credentials', namespace },
      type: 'Opaque',
      stringData: { AWS_ACCESS_KEY_ID: S3_ACCESS_KEY, AWS_SECRET_ACCESS_KEY: S3_SECRET_KEY },
    },
    {
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'PodDefault',
      metadata: { name: 'access-ml-pipeline', namespace },
      spec: {
        desc: 'Allow access to Kubeflow Pipelines',
        selector: { matchLabels: { 'access-ml-pipeline': 'true' } },
        env: [{ name: 'KF_PIPELINES_SA_TOKEN_PATH', value: '/var/run/secrets/kubeflow/pipelines/token' }],
        volumeMounts: [{ mountPath: '/var/run/secrets/kubeflow/pipelines', name: 'volume-kf-pipeline-token', readOnly: true }],
        volumes: [
          {
            name: 'volume-kf-pipeline-token',
            projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 7200, audience: 'pipelines.kubeflow.org' } }] },
          },
        ],
      },
    },
    {
      apiVersion: 'kubeflow.org/v1alpha1',
      kind: 'PodDefault',
      metadata: { name: 'mlflow-s3', namespace },
      spec: {
        desc: 'MLflow tracking and S3 artifact credentials',
        selector: { matchLabels: { 'mlflow-s3': 'true' } },
        env: [
          { name: 'MLFLOW_TRACKING_URI', value: 'http://mlflow.kubeflow.svc.cluster.local:5000' },
          { name: 'MLFLOW_S3_ENDPOINT_URL', value: s3Endpoint },
        ],
        envFrom: [{ secretRef: { name: 'mlflow-s3-credentials' } }],
      },
    },
  ];
}

/** The StorageClass of the lab's static workspace volumes (no provisioner). */
export const storageClass: Manifest = {
  apiVersion: 'storage.k8s.io/v1',
  kind: 'StorageClass',
  metadata: { name: 'lab-static' },
  provisioner: 'kubernetes.io/no-provisioner',
  volumeBindingMode: 'Immediate',
};

/** The workspace PV and PVC of a notebook (pre-bound to each other). */
export function workspace(p: NotebookPlan): { pv: Manifest; pvc: Manifest } {
  const claim = `${p.name}-workspace`;
  const pvName = `lab-pv-${p.namespace}-${p.name}`;
  return {
    pv: {
      apiVersion: 'v1',
      kind: 'PersistentVolume',
      metadata: { name: pvName, labels: { 'mldeck.dev/seed': 'workloads' } },
      spec: {
        capacity: { storage: '10Gi' },
        accessModes: ['ReadWriteOnce'],
        storageClassName: 'lab-static',
        persistentVolumeReclaimPolicy: 'Retain',
        hostPath: { path: `/var/lib/mldeck-lab/pv/${p.namespace}/${p.name}` },
        claimRef: { namespace: p.namespace, name: claim },
      },
    },
    pvc: {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: claim, namespace: p.namespace },
      spec: { accessModes: ['ReadWriteOnce'], storageClassName: 'lab-static', volumeName: pvName, resources: { requests: { storage: '10Gi' } } },
    },
  };
}

/** A Notebook as the Jupyter web app creates it. */
export function notebook(p: NotebookPlan): Manifest {
  const labels: Record<string, string> = Object.fromEntries(p.configurations.map((c) => [c, 'true']));
  const annotations: Record<string, string> = {};
  if (p.gpu?.idle) annotations['mldeck.dev/sim-gpu-util'] = '0';
  const limits: Record<string, string> = { cpu: p.cpu, memory: p.memory, ...(p.gpu ? { 'nvidia.com/gpu': String(p.gpu.count) } : {}) };
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'Notebook',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      labels: { app: p.name },
      annotations: {
        'notebooks.kubeflow.org/creator': p.owner,
        'notebooks.kubeflow.org/server-type': p.serverType,
        'notebooks.kubeflow.org/last-activity': new Date(Date.now() - 3_600_000).toISOString().replace(/\.\d+Z$/, 'Z'),
        ...(p.stopped ? { 'kubeflow-resource-stopped': new Date(Date.now() - 86_400_000).toISOString().replace(/\.\d+Z$/, 'Z') } : {}),
      },
    },
    spec: {
      template: {
        metadata: { labels, annotations },
        spec: {
          serviceAccountName: 'default-editor',
          ...(p.gpu ? { nodeSelector: { 'nvidia.com/gpu.product': gpuProducts[p.gpu.product] } } : {}),
          containers: [
            {
              name: p.name,
              image: p.image,
              imagePullPolicy: 'IfNotPresent',
              resources: { requests: { cpu: p.cpu, memory: p.memory, ...(p.gpu ? { 'nvidia.com/gpu': String(p.gpu.count) } : {}) }, limits },
              volumeMounts: [
                { mountPath: '/home/jovyan', name: 'workspace' },
                { mountPath: '/dev/shm', name: 'dshm' },
              ],
            },
          ],
          volumes: [
            { name: 'workspace', persistentVolumeClaim: { claimName: `${p.name}-workspace` } },
            { name: 'dshm', emptyDir: { medium: 'Memory' } },
          ],
        },
      },
    },
  };
}
