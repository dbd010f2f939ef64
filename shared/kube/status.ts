// SPDX-License-Identifier: Apache-2.0
/**
 * A one-word status for any object, as a person would say it: a pod's phase (or why its
 * container is waiting), a node's readiness, a Kubeflow job's state from its conditions
 * (picked by type and status, not by order).
 */
import type { KubeObject } from './object';

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}

function conditions(o: KubeObject): Condition[] {
  const s = o.status as { conditions?: Condition[] } | undefined;
  return Array.isArray(s?.conditions) ? s.conditions : [];
}

/** The status word and, if any, why. */
export interface StatusWord {
  text: string;
  tone: 'ok' | 'warn' | 'error' | 'neutral' | 'progress';
  reason?: string;
}

/** A pod's status like kubectl's STATUS column. */
export function podStatus(o: KubeObject): StatusWord {
  if (o.metadata.deletionTimestamp) return { text: 'Terminating', tone: 'warn' };
  const st = (o.status ?? {}) as {
    phase?: string;
    reason?: string;
    containerStatuses?: { state?: { waiting?: { reason?: string; message?: string }; terminated?: { reason?: string; exitCode?: number } } }[];
  };
  for (const cs of st.containerStatuses ?? []) {
    const w = cs.state?.waiting;
    if (w?.reason && w.reason !== 'ContainerCreating') return { text: w.reason, tone: 'error', ...(w.message ? { reason: w.message } : {}) };
    const t = cs.state?.terminated;
    if (t && t.exitCode !== 0 && st.phase !== 'Succeeded') return { text: t.reason ?? 'Error', tone: 'error' };
  }
  const unschedulable = conditions(o).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (st.phase === 'Pending' && unschedulable) return { text: 'Pending', tone: 'warn', reason: unschedulable.message ?? unschedulable.reason ?? '' };
  const phase = st.phase ?? 'Unknown';
  const tone = phase === 'Running' ? 'ok' : phase === 'Succeeded' ? 'neutral' : phase === 'Failed' ? 'error' : phase === 'Pending' ? 'warn' : 'neutral';
  return { text: phase, tone };
}

/** A node's readiness. */
export function nodeStatus(o: KubeObject): StatusWord {
  const ready = conditions(o).find((c) => c.type === 'Ready');
  const unschedulable = (o.spec as { unschedulable?: boolean } | undefined)?.unschedulable;
  if (ready?.status === 'True') return { text: unschedulable ? 'Ready,SchedulingDisabled' : 'Ready', tone: unschedulable ? 'warn' : 'ok' };
  return { text: 'NotReady', tone: 'error', ...(ready?.message ? { reason: ready.message } : {}) };
}

/**
 * A Kubeflow training job's state (Training Operator v1 conditions: Created, Running,
 * Restarting, Succeeded, Failed, Suspended), chosen by type with status True, the
 * terminal ones first; the newest transition wins between equals.
 */
export function jobStatus(o: KubeObject): StatusWord {
  const conds = conditions(o).filter((c) => c.status === 'True');
  const pick = (type: string) => conds.find((c) => c.type === type);
  const order: [string, StatusWord['tone']][] = [
    ['Failed', 'error'],
    ['Succeeded', 'neutral'],
    ['Complete', 'neutral'],
    ['Suspended', 'warn'],
    ['Restarting', 'warn'],
    ['Running', 'progress'],
    ['Created', 'warn'],
  ];
  for (const [type, tone] of order) {
    const c = pick(type);
    if (c) return { text: type === 'Complete' ? 'Succeeded' : type === 'Created' ? 'Pending' : type, tone, ...(c.message ? { reason: c.message } : {}) };
  }
  return { text: conds.length ? (conds[conds.length - 1] as Condition).type : 'Pending', tone: 'warn' };
}

/** A status for any object: pods, nodes, jobs; otherwise the Ready condition or the phase. */
export function objectStatus(kind: string, o: KubeObject): StatusWord {
  if (kind === 'Pod') return podStatus(o);
  if (kind === 'Node') return nodeStatus(o);
  if (/Job$/.test(kind) && kind !== 'Job') return jobStatus(o);
  const ready = conditions(o).find((c) => c.type === 'Ready');
  if (ready)
    return ready.status === 'True' ? { text: 'Ready', tone: 'ok' } : { text: 'NotReady', tone: 'warn', ...(ready.message ? { reason: ready.message } : {}) };
  const phase = (o.status as { phase?: string } | undefined)?.phase;
  if (phase) return { text: phase, tone: phase === 'Active' || phase === 'Bound' ? 'ok' : 'neutral' };
  return { text: '', tone: 'neutral' };
}
