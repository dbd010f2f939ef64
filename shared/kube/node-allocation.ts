// SPDX-License-Identifier: Apache-2.0
/** Node capacity and what scheduled pods request: CPU, memory and GPUs, per node and per GPU model. */
import type { GpuModelOverview, NodeOverview } from '../features/overview/overview.contract';
import { gpuRequestOfPodSpec } from './gpus';
import type { KubeObject } from './object';
import { parseQuantity } from './quantity';

type Res = { requests?: Record<string, string>; limits?: Record<string, string> };
type PodSpec = { nodeName?: string; containers?: { resources?: Res }[]; initContainers?: { resources?: Res }[] };

function requested(spec: PodSpec, name: 'cpu' | 'memory'): number {
  const sum = (spec.containers ?? []).reduce((n, c) => n + (parseQuantity(c.resources?.requests?.[name] ?? c.resources?.limits?.[name]) || 0), 0);
  const init = Math.max(0, ...(spec.initContainers ?? []).map((c) => parseQuantity(c.resources?.requests?.[name] ?? c.resources?.limits?.[name]) || 0));
  return Math.max(sum, init);
}

/** Per-node overview from nodes and the pods that hold resources (not Succeeded or Failed). */
export function nodeAllocation(nodes: KubeObject[], pods: KubeObject[]): NodeOverview[] {
  const byNode = new Map<string, { cpu: number; mem: number; gpu: number; pods: number }>();
  for (const p of pods) {
    const phase = (p.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const spec = (p.spec ?? {}) as PodSpec;
    if (!spec.nodeName) continue;
    const a = byNode.get(spec.nodeName) ?? { cpu: 0, mem: 0, gpu: 0, pods: 0 };
    a.cpu += requested(spec, 'cpu');
    a.mem += requested(spec, 'memory');
    a.gpu += gpuRequestOfPodSpec(spec);
    a.pods += 1;
    byNode.set(spec.nodeName, a);
  }
  return nodes.map((n) => {
    const st = (n.status ?? {}) as { capacity?: Record<string, string>; allocatable?: Record<string, string>; conditions?: { type: string; status: string }[] };
    const a = byNode.get(n.metadata.name) ?? { cpu: 0, mem: 0, gpu: 0, pods: 0 };
    const gpuCap = parseQuantity(st.capacity?.['nvidia.com/gpu']) || 0;
    return {
      name: n.metadata.name,
      ready: st.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false,
      cpu: { capacity: parseQuantity(st.capacity?.cpu) || 0, allocatable: parseQuantity(st.allocatable?.cpu) || 0, requested: a.cpu },
      memoryBytes: { capacity: parseQuantity(st.capacity?.memory) || 0, allocatable: parseQuantity(st.allocatable?.memory) || 0, requested: a.mem },
      gpu: gpuCap
        ? {
            model: n.metadata.labels?.['nvidia.com/gpu.product'],
            capacity: gpuCap,
            allocatable: parseQuantity(st.allocatable?.['nvidia.com/gpu']) || 0,
            requested: a.gpu,
          }
        : undefined,
      pods: a.pods,
    };
  });
}

/** GPUs summed per model. */
export function gpuModels(nodes: NodeOverview[]): GpuModelOverview[] {
  const m = new Map<string, GpuModelOverview>();
  for (const n of nodes) {
    if (!n.gpu) continue;
    const model = n.gpu.model ?? 'unknown GPU';
    const g = m.get(model) ?? { model, nodes: 0, capacity: 0, allocatable: 0, requested: 0 };
    g.nodes += 1;
    g.capacity += n.gpu.capacity;
    g.allocatable += n.gpu.allocatable;
    g.requested += n.gpu.requested;
    m.set(model, g);
  }
  return [...m.values()].sort((a, b) => a.model.localeCompare(b.model));
}
