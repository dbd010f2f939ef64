// SPDX-License-Identifier: Apache-2.0
/**
 * GPU allocation from nodes and pods: per model and node (capacity, allocatable, allocated =
 * the GPU limits of non-terminated pods, free), the pods holding GPUs with their training job,
 * and the pods the scheduler cannot place for lack of GPUs.
 */
import type { GpuHolder, GpuJobRef, GpuModelRow, GpuNodeRow, GpuPending } from '../../../shared/features/gpus/gpus.contract';
import { gpuRequestOfPodSpec, gpuResources } from '../../../shared/kube/gpus';
import type { KubeObject } from '../../../shared/kube/object';
import { parseQuantity } from '../../../shared/kube/quantity';
import { trainingKinds, trainingKindOf, type TrainingKind } from '../../../shared/kube/training-kinds';
import { nodeAllocation } from '../../../shared/kube/node-allocation';

type PodStatus = { phase?: string; conditions?: { type: string; status: string; reason?: string; message?: string; lastTransitionTime?: string }[] };

/** The Training Operator's `operator-name` label per kind (pods of v1 jobs carry it). */
const operatorNames: Record<string, { kind: string; version: string }> = {
  'pytorchjob-controller': { kind: 'PyTorchJob', version: 'v1' },
  'tfjob-controller': { kind: 'TFJob', version: 'v1' },
  'mpijob-controller': { kind: 'MPIJob', version: 'v1' },
  'mpi-operator': { kind: 'MPIJob', version: 'v2beta1' },
  'xgboostjob-controller': { kind: 'XGBoostJob', version: 'v1' },
  'paddlejob-controller': { kind: 'PaddleJob', version: 'v1' },
  'jaxjob-controller': { kind: 'JAXJob', version: 'v1' },
  'mxjob-controller': { kind: 'MXJob', version: 'v1' },
};

function ref(k: TrainingKind, name: string): GpuJobRef {
  return { kind: k.kind, group: k.group, version: k.version, resource: k.resource, name };
}

/**
 * The training job a pod belongs to: its controller owner when that is a training kind, else
 * the Training Operator's `job-name` label (kind from `operator-name`), else a JobSet's name
 * (the TrainJob that made it).
 */
export function jobOfPod(pod: KubeObject): GpuJobRef | undefined {
  for (const o of pod.metadata.ownerReferences ?? []) {
    const k = trainingKindOf(o);
    if (k) return ref(k, o.name);
  }
  const labels = pod.metadata.labels ?? {};
  const opName = labels['training.kubeflow.org/job-name'];
  if (opName) {
    const op = operatorNames[labels['training.kubeflow.org/operator-name'] ?? ''];
    const k = op && trainingKinds.find((t) => t.kind === op.kind && t.version === op.version);
    if (k) return ref(k, opName);
  }
  const jobset = labels['jobset.sigs.k8s.io/jobset-name'];
  const trainJob = trainingKinds.find((t) => t.kind === 'TrainJob');
  if (jobset && trainJob) return ref(trainJob, jobset);
  return undefined;
}

const terminated = (phase: string | undefined) => phase === 'Succeeded' || phase === 'Failed';

/** Nodes with GPUs, with what their pods hold. */
export function gpuNodes(nodes: KubeObject[], pods: KubeObject[]): GpuNodeRow[] {
  const byName = new Map(nodes.map((n) => [n.metadata.name, n]));
  return nodeAllocation(nodes, pods)
    .filter((n) => n.gpu !== undefined)
    .map((n) => {
      const g = n.gpu as NonNullable<typeof n.gpu>;
      const mem = parseQuantity(byName.get(n.name)?.metadata.labels?.['nvidia.com/gpu.memory']);
      return {
        name: n.name,
        model: g.model ?? 'unknown GPU',
        memoryMiB: Number.isFinite(mem) ? mem : undefined,
        ready: n.ready,
        capacity: g.capacity,
        allocatable: g.allocatable,
        allocated: g.requested,
        free: Math.max(0, g.allocatable - g.requested),
      };
    })
    .sort((a, b) => a.model.localeCompare(b.model) || a.name.localeCompare(b.name));
}

/** GPU nodes summed per model. */
export function gpuModelRows(nodes: GpuNodeRow[]): GpuModelRow[] {
  const m = new Map<string, GpuModelRow>();
  for (const n of nodes) {
    const r = m.get(n.model) ?? { model: n.model, nodes: 0, capacity: 0, allocatable: 0, allocated: 0, free: 0 };
    r.nodes += 1;
    r.capacity += n.capacity;
    r.allocatable += n.allocatable;
    r.allocated += n.allocated;
    r.free += n.free;
    m.set(n.model, r);
  }
  return [...m.values()].sort((a, b) => a.model.localeCompare(b.model));
}

/** Pods bound to a node that hold GPUs and have not terminated. */
export function gpuHolders(pods: KubeObject[]): GpuHolder[] {
  const out: GpuHolder[] = [];
  for (const p of pods) {
    const phase = (p.status as PodStatus | undefined)?.phase ?? 'Unknown';
    const node = (p.spec as { nodeName?: string } | undefined)?.nodeName;
    const gpus = gpuRequestOfPodSpec(p.spec);
    if (!node || gpus <= 0 || terminated(phase)) continue;
    out.push({ namespace: p.metadata.namespace ?? '', pod: p.metadata.name, node, gpus, phase, job: jobOfPod(p) });
  }
  return out.sort((a, b) => a.namespace.localeCompare(b.namespace) || a.pod.localeCompare(b.pod));
}

/** Pending pods the scheduler cannot place, whose message names a GPU resource. */
export function gpuPending(pods: KubeObject[]): GpuPending[] {
  const out: GpuPending[] = [];
  for (const p of pods) {
    const st = (p.status ?? {}) as PodStatus;
    if (st.phase !== 'Pending') continue;
    const cond = st.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False');
    const message = cond?.message ?? '';
    if (!cond || !gpuResources.some((r) => message.includes(r))) continue;
    out.push({
      namespace: p.metadata.namespace ?? '',
      pod: p.metadata.name,
      gpus: gpuRequestOfPodSpec(p.spec),
      job: jobOfPod(p),
      reason: cond.reason ?? 'Unschedulable',
      message,
      since: cond.lastTransitionTime,
    });
  }
  return out.sort((a, b) => (a.since ?? '').localeCompare(b.since ?? '') || a.namespace.localeCompare(b.namespace) || a.pod.localeCompare(b.pod));
}
