// SPDX-License-Identifier: Apache-2.0
/**
 * Benchmark load for `seed --scale N` (lab-a): N × 20 namespaces `load-NNN`, N × 200
 * training jobs (PyTorchJob, TFJob, XGBoostJob; 70 % running, 20 % succeeding, 10 %
 * failing) with five pods each, so N × 1,000 pods. The pods tolerate and select dedicated
 * KWOK nodes `load-node-N` (250 pods each, tainted so the team's workloads stay off them),
 * which keeps the seeded GPU nodes' pod capacity free. Creates run concurrently.
 */
import { core, mapLimit, type Kube, type Manifest, type Resource } from '../controllers/kube.ts';

const nodes: Resource = { group: '', version: 'v1', plural: 'nodes', namespaced: false };
const podsPerNode = 250;

function loadNode(name: string): Manifest {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: {
        'kubernetes.io/hostname': name,
        'kubernetes.io/os': 'linux',
        'kubernetes.io/arch': 'amd64',
        'node.kubernetes.io/instance-type': 'cpu-load',
        type: 'kwok',
        'mldeck.dev/load-node': 'true',
      },
      annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' },
    },
    spec: { taints: [{ key: 'mldeck.dev/load', value: 'true', effect: 'NoSchedule' }] },
  };
}

const kindsCycle = [
  {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    plural: 'pytorchjobs',
    key: 'pytorchReplicaSpecs',
    container: 'pytorch',
    master: 'Master',
    image: 'pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime',
  },
  {
    apiVersion: 'kubeflow.org/v1',
    kind: 'TFJob',
    plural: 'tfjobs',
    key: 'tfReplicaSpecs',
    container: 'tensorflow',
    master: 'Chief',
    image: 'tensorflow/tensorflow:2.16.1',
  },
  {
    apiVersion: 'kubeflow.org/v1',
    kind: 'XGBoostJob',
    plural: 'xgboostjobs',
    key: 'xgbReplicaSpecs',
    container: 'xgboost',
    master: 'Master',
    image: 'docker.io/kubeflow/xgboost-dist-iris:latest',
  },
] as const;

function loadJob(i: number, namespace: string): { resource: Resource; body: Manifest } {
  const k = kindsCycle[i % kindsCycle.length] ?? kindsCycle[0];
  const phase = i % 10 < 7 ? 'running' : i % 10 < 9 ? 'succeeded' : 'failed';
  const labels: Record<string, string> = phase === 'running' ? {} : { 'mldeck.dev/sim-outcome': phase };
  const annotations: Record<string, string> =
    phase === 'running' ? {} : { 'mldeck.dev/sim-duration': `${60 + (i % 240)}s`, 'mldeck.dev/sim-message': 'RuntimeError: loss is NaN at step 1200' };
  const template = (outcome: boolean) => ({
    metadata: outcome ? { labels, annotations } : {},
    spec: {
      nodeSelector: { 'mldeck.dev/load-node': 'true' },
      tolerations: [{ key: 'mldeck.dev/load', operator: 'Exists', effect: 'NoSchedule' }],
      containers: [
        { name: k.container, image: k.image, command: ['python', 'train.py', `--seed=${i}`], resources: { requests: { cpu: '10m', memory: '64Mi' } } },
      ],
    },
  });
  return {
    resource: { group: 'kubeflow.org', version: 'v1', plural: k.plural, namespaced: true },
    body: {
      apiVersion: k.apiVersion,
      kind: k.kind,
      metadata: { name: `load-${k.kind.toLowerCase()}-${String(i).padStart(5, '0')}`, namespace, labels: { 'mldeck.dev/seed': 'scale' } },
      spec: {
        runPolicy: { cleanPodPolicy: 'None' },
        [k.key]: {
          [k.master]: { replicas: 1, restartPolicy: 'Never', template: template(true) },
          Worker: { replicas: 4, restartPolicy: 'Never', template: template(phase === 'succeeded') },
        },
      },
    },
  };
}

/** Creates the load for `--scale n` on a cluster; resolves to what it asked for. */
export async function seedScale(kube: Kube, n: number): Promise<{ namespaces: number; jobs: number; pods: number; nodes: number }> {
  const namespaces = Array.from({ length: n * 20 }, (_, i) => `load-${String(i).padStart(3, '0')}`);
  const jobs = n * 200;
  const nodeCount = Math.ceil((jobs * 5) / (podsPerNode * 0.9));
  const nodeNames = Array.from({ length: nodeCount }, (_, i) => `load-node-${i}`);
  await mapLimit(nodeNames, 8, async (name) => {
    await kube.create(nodes, loadNode(name));
    const capacity = { cpu: '256', memory: '1Ti', pods: String(podsPerNode) };
    await kube.patch(
      nodes,
      undefined,
      name,
      { status: { capacity, allocatable: capacity, addresses: [{ type: 'InternalIP', address: '127.0.0.1' }] } },
      'status',
    );
  });
  await mapLimit(namespaces, 16, async (name) => {
    await kube.create(core.namespaces, { apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels: { 'mldeck.dev/load': 'true' } } });
  });
  await mapLimit(
    Array.from({ length: jobs }, (_, i) => i),
    32,
    async (i) => {
      const { resource, body } = loadJob(i, namespaces[Math.floor(i / 10)] ?? 'load-000'); // 10 per namespace: stable across scales
      await kube.create(resource, body);
    },
  );
  return { namespaces: namespaces.length, jobs, pods: jobs * 5, nodes: nodeCount };
}
