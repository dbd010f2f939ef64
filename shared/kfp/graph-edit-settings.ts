// SPDX-License-Identifier: Apache-2.0
/**
 * Per-task settings as the builder's drawer edits them, written the way the kfp SDK writes them:
 * display name, caching (`{}` when off), retries (the SDK's default back-off), CPU and memory
 * requests and limits (the quantity and the SDK's number: cores, GB), accelerator type and count,
 * environment variables, and kfp-kubernetes config (Secrets as volumes or env, PVC mounts, node
 * selector, tolerations). Pure: each returns a new graph.
 */
import { AppError } from '../errors';
import { parseQuantity } from '../kube/quantity';
import type { ItemId, PipelineGraph, TaskNode, TaskSettings } from './graph-types';
import { clone } from './graph-util';
import type { IrResources, K8sExecutorConfig, K8sToleration } from './ir-types';

/** What the drawer sets; a field left out is unchanged, `null` clears it. */
export interface TaskSettingsPatch {
  label?: string;
  caching?: boolean;
  /** Number of retries (0 or null: none). */
  retries?: number | null;
  image?: string;
  cpuRequest?: string | null;
  cpuLimit?: string | null;
  memoryRequest?: string | null;
  memoryLimit?: string | null;
  /** Accelerator resource name (`nvidia.com/gpu`) and count; null clears both. */
  accelerator?: { type: string; count: number } | null;
  env?: { name: string; value: string }[];
  secretVolumes?: { secret: string; mountPath: string; optional?: boolean }[];
  secretEnv?: { secret: string; keyToEnv: { secretKey: string; envVar: string }[]; optional?: boolean }[];
  pvcs?: { claim: string; mountPath: string; subPath?: string }[];
  nodeSelector?: Record<string, string>;
  tolerations?: { key?: string; operator?: 'Equal' | 'Exists'; value?: string; effect?: string; seconds?: number }[];
}

function quantity(field: string, q: string): number {
  const n = parseQuantity(q);
  if (!Number.isFinite(n) || n < 0) throw new AppError('validation', `${field} "${q}" is not a Kubernetes quantity`, field);
  return n;
}

/** Sets one of CPU/memory request/limit in both the quantity field and the SDK's number field. */
function setResource(r: IrResources, kind: 'cpu' | 'memory', which: 'Request' | 'Limit', q: string | null): void {
  const text = `resource${kind === 'cpu' ? 'Cpu' : 'Memory'}${which}` as const;
  const num = `${kind}${which}` as const;
  if (q === null || q === '') {
    delete r[text];
    delete r[num];
    return;
  }
  const n = quantity(`${kind} ${which.toLowerCase()}`, q);
  r[text] = q;
  r[num] = kind === 'cpu' ? n : n / 1e9;
}

function setK8s(k: K8sExecutorConfig, patch: TaskSettingsPatch): void {
  const set = <K extends keyof K8sExecutorConfig>(key: K, value: K8sExecutorConfig[K], empty: boolean) => {
    if (empty) delete k[key];
    else k[key] = value;
  };
  const name = (n: string) => ({ runtimeValue: { constant: n } });
  if (patch.secretVolumes)
    set(
      'secretAsVolume',
      patch.secretVolumes.map((v) => ({ mountPath: v.mountPath, optional: v.optional ?? false, secretName: v.secret, secretNameParameter: name(v.secret) })),
      patch.secretVolumes.length === 0,
    );
  if (patch.secretEnv)
    set(
      'secretAsEnv',
      patch.secretEnv.map((v) => ({ keyToEnv: clone(v.keyToEnv), optional: v.optional ?? false, secretName: v.secret, secretNameParameter: name(v.secret) })),
      patch.secretEnv.length === 0,
    );
  if (patch.pvcs)
    set(
      'pvcMount',
      patch.pvcs.map((p) => ({ constant: p.claim, mountPath: p.mountPath, pvcNameParameter: name(p.claim), ...(p.subPath ? { subPath: p.subPath } : {}) })),
      patch.pvcs.length === 0,
    );
  if (patch.nodeSelector) set('nodeSelector', { labels: { ...patch.nodeSelector } }, Object.keys(patch.nodeSelector).length === 0);
  if (patch.tolerations)
    set(
      'tolerations',
      patch.tolerations.map((t) => {
        const out: K8sToleration = {};
        if (t.key !== undefined) out.key = t.key;
        if (t.operator !== undefined) out.operator = t.operator;
        if (t.value !== undefined) out.value = t.value;
        if (t.effect !== undefined) out.effect = t.effect;
        if (t.seconds !== undefined) out.tolerationSeconds = String(t.seconds);
        return out;
      }),
      patch.tolerations.length === 0,
    );
}

/** The settings with a patch applied. */
export function patchedSettings(current: TaskSettings, patch: TaskSettingsPatch): TaskSettings {
  const s = clone(current);
  if (patch.image !== undefined) {
    if (s.image === undefined) throw new AppError('validation', 'Only a container task has an image');
    if (!patch.image.trim()) throw new AppError('validation', 'The image cannot be empty', 'image');
    s.image = patch.image.trim();
  }
  const r: IrResources = s.resources ?? {};
  if (patch.cpuRequest !== undefined) setResource(r, 'cpu', 'Request', patch.cpuRequest);
  if (patch.cpuLimit !== undefined) setResource(r, 'cpu', 'Limit', patch.cpuLimit);
  if (patch.memoryRequest !== undefined) setResource(r, 'memory', 'Request', patch.memoryRequest);
  if (patch.memoryLimit !== undefined) setResource(r, 'memory', 'Limit', patch.memoryLimit);
  if (patch.accelerator === null) delete r.accelerator;
  else if (patch.accelerator) {
    const { type, count } = patch.accelerator;
    if (!type.trim()) throw new AppError('validation', 'The accelerator needs a resource name, like nvidia.com/gpu', 'accelerator');
    if (!Number.isInteger(count) || count < 1) throw new AppError('validation', 'The accelerator count must be a whole number of at least 1', 'accelerator');
    r.accelerator = { count: String(count), resourceCount: String(count), resourceType: type, type };
  }
  if (Object.keys(r).length) s.resources = r;
  else delete s.resources;
  if (patch.env) {
    const names = new Set<string>();
    for (const e of patch.env) {
      if (!/^[-._a-zA-Z][-._a-zA-Z0-9]*$/.test(e.name)) throw new AppError('validation', `"${e.name}" is not a valid environment variable name`, 'env');
      if (names.has(e.name)) throw new AppError('validation', `The environment variable "${e.name}" is set twice`, 'env');
      names.add(e.name);
    }
    if (patch.env.length) s.env = clone(patch.env);
    else delete s.env;
  }
  const k: K8sExecutorConfig = clone(s.kubernetes) ?? {};
  setK8s(k, patch);
  if (Object.keys(k).length) s.kubernetes = k;
  else delete s.kubernetes;
  return s;
}

/** Sets a task's settings (display name, caching, retries, resources, env, kubernetes). */
export function setTaskSettings(graph: PipelineGraph, id: ItemId, patch: TaskSettingsPatch): PipelineGraph {
  const node = graph.nodes.find((n) => n.id === id);
  if (!node) throw new AppError('not-found', `There is no task "${id}" in the pipeline`);
  const next: TaskNode = { ...node, settings: patchedSettings(node.settings, patch) };
  if (patch.label !== undefined) {
    if (!patch.label.trim()) throw new AppError('validation', 'The display name cannot be empty', 'label');
    next.label = patch.label.trim();
  }
  if (patch.caching !== undefined) next.caching = patch.caching ? { enableCache: true } : {};
  if (patch.retries !== undefined) {
    if (patch.retries === null || patch.retries === 0) delete next.retry;
    else if (!Number.isInteger(patch.retries) || patch.retries < 0) throw new AppError('validation', 'Retries must be a whole number', 'retries');
    else next.retry = { ...(node.retry ?? { backoffDuration: '0s', backoffFactor: 2, backoffMaxDuration: '3600s' }), maxRetryCount: patch.retries };
  }
  return { ...graph, nodes: graph.nodes.map((n) => (n.id === id ? next : n)) };
}
