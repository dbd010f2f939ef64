// SPDX-License-Identifier: Apache-2.0
/** GPU arithmetic shared by the overview, tables and (later) the GPU view. */
import type { KubeObject } from './object';

/** The extended resource names counted as GPUs. */
export const gpuResources = ['nvidia.com/gpu', 'amd.com/gpu'] as const;

type Resources = { limits?: Record<string, string | number>; requests?: Record<string, string | number> };
type PodSpecLike = { containers?: { resources?: Resources }[]; initContainers?: { resources?: Resources }[] };

function gpusOf(r: Resources | undefined): number {
  let n = 0;
  for (const name of gpuResources) {
    // extended resources: requests must equal limits, and either may be given alone
    const v = r?.limits?.[name] ?? r?.requests?.[name];
    if (v !== undefined) n += Number(v) || 0;
  }
  return n;
}

/** GPUs a pod spec asks for: the sum over containers, or the largest init container if higher. */
export function gpuRequestOfPodSpec(spec: unknown): number {
  const s = (spec ?? {}) as PodSpecLike;
  const main = (s.containers ?? []).reduce((n, c) => n + gpusOf(c.resources), 0);
  const init = Math.max(0, ...(s.initContainers ?? []).map((c) => gpusOf(c.resources)));
  return Math.max(main, init);
}

/** GPUs a Kubeflow job asks for over all replicas (replicas × GPUs of the template). */
export function gpuRequestOfJob(job: KubeObject): number {
  const spec = (job.spec ?? {}) as Record<string, unknown>;
  let total = 0;
  for (const [key, value] of Object.entries(spec)) {
    if (!/ReplicaSpecs$/.test(key) || typeof value !== 'object' || value === null) continue;
    for (const rs of Object.values(value as Record<string, { replicas?: number; template?: { spec?: unknown } }>)) {
      total += (rs.replicas ?? 1) * gpuRequestOfPodSpec(rs.template?.spec);
    }
  }
  return total;
}
