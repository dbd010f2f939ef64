// SPDX-License-Identifier: Apache-2.0
/**
 * Condition bookkeeping in the three shapes the driven controllers use: Kubeflow job
 * conditions (Training Operator, MPI Operator, Katib), `metav1.Condition` (Trainer v2) and
 * Knative conditions (KServe). Each setter keeps `lastTransitionTime` when the status does
 * not change, as the upstream helpers do.
 */

/** Kubeflow's condition shape (`pkg/apis/kubeflow.org/v1/common_types.go`). */
export interface KubeflowCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

/** `metav1.Condition`. */
export interface MetaCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastTransitionTime: string;
  observedGeneration?: number;
}

/** Knative's `apis.Condition` (KServe status). */
export interface KnativeCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
  severity?: string;
  lastTransitionTime?: string;
}

/** The condition of a type, or undefined. */
export function findCondition<C extends { type: string }>(conds: readonly C[] | undefined, type: string): C | undefined {
  return conds?.find((c) => c.type === type);
}

/** Is the condition of this type present with status True? */
export function isTrue(conds: readonly { type: string; status: string }[] | undefined, type: string): boolean {
  return findCondition(conds, type)?.status === 'True';
}

/** Now as an RFC 3339 timestamp without fractions (what the API server stores). */
export function now(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Sets a Kubeflow job condition with the Training Operator's rules (`pkg/util/status.go`):
 * Running and Restarting replace each other; Succeeded or Failed flip Running to False;
 * nothing changes once Failed is True.
 * @returns the new list (the input is not modified)
 */
export function setJobCondition(
  conds: readonly KubeflowCondition[] | undefined,
  type: string,
  status: 'True' | 'False',
  reason: string,
  message: string,
): KubeflowCondition[] {
  const list = [...(conds ?? [])];
  if (isTrue(list, 'Failed')) return list;
  const old = findCondition(list, type);
  if (old && old.status === status && old.reason === reason && old.message === message) return list;
  const t = now();
  const next: KubeflowCondition = {
    type,
    status,
    reason,
    message,
    lastUpdateTime: t,
    lastTransitionTime: old && old.status === status ? (old.lastTransitionTime ?? t) : t,
  };
  let out = list.filter((c) => c.type !== type);
  if (type === 'Running') out = out.filter((c) => c.type !== 'Restarting');
  if (type === 'Restarting') out = out.filter((c) => c.type !== 'Running');
  if ((type === 'Succeeded' || type === 'Failed') && status === 'True') {
    out = out.map((c) => (c.type === 'Running' && c.status === 'True' ? { ...c, status: 'False', lastUpdateTime: t, lastTransitionTime: t } : c));
  }
  out.push(next);
  return out;
}

/** Sets a `metav1.Condition` (as `meta.SetStatusCondition`). */
export function setMetaCondition(conds: readonly MetaCondition[] | undefined, c: Omit<MetaCondition, 'lastTransitionTime'>): MetaCondition[] {
  const list = [...(conds ?? [])];
  const old = findCondition(list, c.type);
  if (old && old.status === c.status && old.reason === c.reason && old.message === c.message) return list;
  const next: MetaCondition = { ...c, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now() };
  return [...list.filter((x) => x.type !== c.type), next];
}

/** Sets a Knative condition, keeping the list sorted by type as Knative does. */
export function setKnativeCondition(conds: readonly KnativeCondition[] | undefined, c: Omit<KnativeCondition, 'lastTransitionTime'>): KnativeCondition[] {
  const list = [...(conds ?? [])];
  const old = findCondition(list, c.type);
  const same = old && old.status === c.status && old.reason === c.reason && old.message === c.message;
  const next: KnativeCondition = same ? old : { ...c, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : now() };
  return [...list.filter((x) => x.type !== c.type), next].sort((x, y) => x.type.localeCompare(y.type));
}

/** Order-insensitive deep equality of two JSON values (for "did the status change?"). */
export function sameJson(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}

function stable(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined && o[k] !== null)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
