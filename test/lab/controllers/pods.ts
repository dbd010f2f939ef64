// SPDX-License-Identifier: Apache-2.0
/**
 * Pod shapes and helpers shared by the driven controllers: making a pod from a template as a
 * controller would (labels, owner, restart policy, injected env), reading its phase, and the
 * short deterministic suffixes Kubernetes controllers put in generated names.
 */
import { createHash } from 'node:crypto';
import { controllerRef, type KObject } from './kube.ts';

/** An environment variable. */
export interface EnvVar {
  name: string;
  value?: string;
  valueFrom?: unknown;
}

/** A container (the fields the lab touches; the rest passes through). */
export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
  env?: EnvVar[];
  ports?: { name?: string; containerPort: number; protocol?: string }[];
  resources?: { limits?: Record<string, string>; requests?: Record<string, string> };
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
  [field: string]: unknown;
}

/** A pod spec (the fields the lab touches; the rest passes through). */
export interface PodSpec {
  containers: Container[];
  initContainers?: Container[];
  restartPolicy?: string;
  volumes?: { name: string; [field: string]: unknown }[];
  hostname?: string;
  subdomain?: string;
  serviceAccountName?: string;
  tolerations?: unknown[];
  [field: string]: unknown;
}

/** A pod template. */
export interface PodTemplate {
  metadata?: { labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: PodSpec;
}

/** One container's state. */
export interface ContainerStatus {
  name: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    running?: { startedAt?: string };
    waiting?: { reason?: string; message?: string };
    terminated?: { exitCode?: number; reason?: string; message?: string; finishedAt?: string };
  };
}

/** Pod status. */
export interface PodStatus {
  phase?: 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
  conditions?: { type: string; status: string; reason?: string; message?: string; lastProbeTime?: string | null; lastTransitionTime?: string }[];
  containerStatuses?: ContainerStatus[];
  startTime?: string;
}

/** A pod. */
export type Pod = KObject<PodSpec, PodStatus>;

/** A deterministic lower-case alphanumeric suffix (as in `<name>-7f9c4`). */
export function suffix(seed: string, length = 5): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  const digest = createHash('sha256').update(seed).digest();
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[(digest[i] ?? 0) % alphabet.length];
  return out;
}

/** Is the pod alive (not being deleted and not finished)? */
export function isActive(p: Pod): boolean {
  return !p.metadata.deletionTimestamp && (p.status?.phase === 'Pending' || p.status?.phase === 'Running' || !p.status?.phase);
}

/** Is the pod Ready? */
export function isReady(p: Pod): boolean {
  return p.status?.phase === 'Running' && (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');
}

/** The first termination message of a failed pod's containers. */
export function failureMessage(p: Pod): string | undefined {
  for (const cs of p.status?.containerStatuses ?? []) {
    const t = cs.state?.terminated;
    if (t && t.exitCode !== 0) return t.message ?? t.reason;
  }
  return undefined;
}

/** Adds (or replaces) env vars on a container. */
export function withEnv(c: Container, env: EnvVar[]): Container {
  const names = new Set(env.map((e) => e.name));
  return { ...c, env: [...(c.env ?? []).filter((e) => !names.has(e.name)), ...env] };
}

/** Options of {@link podFromTemplate}. */
export interface PodOptions {
  name: string;
  namespace: string;
  owner: KObject;
  template: PodTemplate;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  restartPolicy?: string;
  /** Changes each container (e.g. env injection). */
  container?: (c: Container, index: number) => Container;
}

/** A pod made from a template the way a controller makes it. */
export function podFromTemplate(o: PodOptions): Pod {
  const tpl = o.template;
  const spec: PodSpec = { ...structuredClone(tpl.spec) };
  if (o.restartPolicy) spec.restartPolicy = o.restartPolicy;
  if (o.container) spec.containers = spec.containers.map(o.container);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: o.name,
      namespace: o.namespace,
      labels: { ...(tpl.metadata?.labels ?? {}), ...o.labels },
      annotations: { ...(tpl.metadata?.annotations ?? {}), ...(o.annotations ?? {}) },
      ownerReferences: [controllerRef(o.owner)],
    },
    spec,
  };
}

/** Groups objects by `<namespace>/<value of label>`. */
export function groupByLabel<T extends KObject>(items: T[], label: string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const v = it.metadata.labels?.[label];
    if (v === undefined) continue;
    const key = `${it.metadata.namespace ?? ''}/${v}`;
    const list = out.get(key);
    if (list) list.push(it);
    else out.set(key, [it]);
  }
  return out;
}

/** Groups objects by the uid of their controller owner. */
export function groupByOwner<T extends KObject>(items: T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const it of items) {
    const uid = it.metadata.ownerReferences?.find((r) => r.controller)?.uid;
    if (!uid) continue;
    const list = out.get(uid);
    if (list) list.push(it);
    else out.set(uid, [it]);
  }
  return out;
}
