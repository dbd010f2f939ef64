// SPDX-License-Identifier: Apache-2.0
/**
 * The objects every lab cluster starts with: nodes (CPU and GPU, with GPU feature
 * discovery labels), namespaces, Kubeflow profiles and the RBAC of the lab's users.
 */
import type { ClusterName, LabCluster } from './control-plane.ts';
import { kubectl } from './kwok.ts';
import { labUsers } from './pki.ts';
import { oidcLab } from './peers/oidc-issuer.ts';

type Obj = Record<string, unknown>;

/** A GPU model as GPU feature discovery labels it. */
interface GpuModel {
  product: string;
  memoryMiB: number;
  family: string;
}

const A100: GpuModel = { product: 'NVIDIA-A100-SXM4-80GB', memoryMiB: 81920, family: 'ampere' };
const T4: GpuModel = { product: 'Tesla-T4', memoryMiB: 15360, family: 'turing' };
const H100: GpuModel = { product: 'NVIDIA-H100-80GB-HBM3', memoryMiB: 81559, family: 'hopper' };
const L4: GpuModel = { product: 'NVIDIA-L4', memoryMiB: 23034, family: 'ada-lovelace' };

/** The nodes of each lab cluster: name, CPUs, memory, and GPUs if any. */
export const labNodes: Record<ClusterName, { name: string; cpu: number; memoryGi: number; gpu?: { model: GpuModel; count: number } }[]> = {
  'lab-a': [
    { name: 'cpu-0', cpu: 32, memoryGi: 128 },
    { name: 'cpu-1', cpu: 32, memoryGi: 128 },
    { name: 'cpu-2', cpu: 16, memoryGi: 64 },
    { name: 'gpu-a100-0', cpu: 96, memoryGi: 1024, gpu: { model: A100, count: 8 } },
    { name: 'gpu-a100-1', cpu: 96, memoryGi: 1024, gpu: { model: A100, count: 8 } },
    { name: 'gpu-t4-0', cpu: 32, memoryGi: 192, gpu: { model: T4, count: 4 } },
    { name: 'gpu-t4-1', cpu: 32, memoryGi: 192, gpu: { model: T4, count: 4 } },
  ],
  'lab-b': [
    { name: 'cpu-0', cpu: 32, memoryGi: 128 },
    { name: 'cpu-1', cpu: 32, memoryGi: 128 },
    { name: 'gpu-h100-0', cpu: 112, memoryGi: 2048, gpu: { model: H100, count: 8 } },
    { name: 'gpu-h100-1', cpu: 112, memoryGi: 2048, gpu: { model: H100, count: 8 } },
    { name: 'gpu-l4-0', cpu: 48, memoryGi: 192, gpu: { model: L4, count: 4 } },
  ],
};

/** Namespaces with a Kubeflow profile (owner) in each cluster. */
export const labNamespaces: Record<ClusterName, { name: string; owner: string }[]> = {
  'lab-a': [
    { name: 'team-a', owner: 'alice@example.com' },
    { name: 'team-b', owner: 'bob@example.com' },
    { name: 'team-vision', owner: 'carol@example.com' },
  ],
  'lab-b': [
    { name: 'team-a', owner: 'alice@example.com' },
    { name: 'research', owner: 'dave@example.com' },
  ],
};

function node(n: (typeof labNodes)['lab-a'][number]): Obj {
  const labels: Record<string, string> = {
    'kubernetes.io/hostname': n.name,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'node.kubernetes.io/instance-type': n.gpu ? `gpu-${n.gpu.model.family}` : 'cpu-standard',
    type: 'kwok',
  };
  const capacity: Record<string, string> = { cpu: String(n.cpu), memory: `${n.memoryGi}Gi`, pods: '110' };
  if (n.gpu) {
    Object.assign(labels, {
      'nvidia.com/gpu.present': 'true',
      'nvidia.com/gpu.product': n.gpu.model.product,
      'nvidia.com/gpu.count': String(n.gpu.count),
      'nvidia.com/gpu.memory': String(n.gpu.model.memoryMiB),
      'nvidia.com/gpu.family': n.gpu.model.family,
      'nvidia.com/cuda.driver.major': '550',
    });
    capacity['nvidia.com/gpu'] = String(n.gpu.count);
  }
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.name, labels, annotations: { 'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0' } },
    status: { addresses: [{ type: 'InternalIP', address: '127.0.0.1' }], capacity, allocatable: capacity },
  };
}

/** ClusterRole that gives namespace admins and editors the Kubeflow kinds too. */
const kubeflowAggregate: Obj = {
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'ClusterRole',
  metadata: {
    name: 'mldeck-lab-kubeflow-edit',
    labels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true', 'rbac.authorization.k8s.io/aggregate-to-edit': 'true' },
  },
  rules: [
    {
      apiGroups: ['kubeflow.org', 'trainer.kubeflow.org', 'serving.kserve.io'],
      resources: ['*'],
      verbs: ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'],
    },
  ],
};

/** Applies (idempotently) nodes, namespaces, profiles and RBAC to a cluster. */
export function seedClusterBase(c: LabCluster): void {
  const items: Obj[] = [kubeflowAggregate];
  for (const ns of ['kubeflow', ...labNamespaces[c.name].map((n) => n.name)]) {
    items.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns, labels: ns === 'kubeflow' ? {} : { 'app.kubernetes.io/part-of': 'kubeflow-profile' } },
    });
  }
  // alice administers team-a and nothing else
  items.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'alice-admin', namespace: 'team-a' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: labUsers.alice.user }],
  });
  // the exec-credential user is a cluster admin, so the exec context is fully usable
  items.push({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: 'lab-exec-admin' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'lab-exec' }],
  });
  // lab-a's OIDC viewer (a user of the lab's OIDC issuer) may read everything
  if (c.name === 'lab-a') {
    items.push({
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRoleBinding',
      metadata: { name: 'lab-oidc-view' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: `${oidcLab.usernamePrefix}${oidcLab.viewerSubject}` }],
    });
  }
  kubectl(c, ['apply', '--server-side', '--force-conflicts', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
  const nodes = labNodes[c.name].map(node);
  // create nodes with their status; KWOK keeps capacity and allocatable when present
  const existing = new Set(kubectl(c, ['get', 'nodes', '-o', 'name']).split('\n').filter(Boolean));
  const missing = nodes.filter((n) => !existing.has(`node/${(n.metadata as { name: string }).name}`));
  if (missing.length) kubectl(c, ['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: missing }));
  for (const n of nodes) {
    const meta = n.metadata as { name: string };
    kubectl(c, ['patch', 'node', meta.name, '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: n.status })]);
  }
}

/** Creates the Kubeflow Profile objects (needs the Profile CRD). */
export function seedProfiles(c: LabCluster): void {
  const items = labNamespaces[c.name].map((ns) => ({
    apiVersion: 'kubeflow.org/v1',
    kind: 'Profile',
    metadata: { name: ns.name },
    spec: { owner: { kind: 'User', name: ns.owner } },
  }));
  kubectl(c, ['apply', '--server-side', '--force-conflicts', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items }));
}
