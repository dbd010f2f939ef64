// SPDX-License-Identifier: Apache-2.0
/**
 * The job detail page's pure logic: a pod as the page shows it (phase, node, restarts,
 * container states with reasons and exit codes, the scheduler's reason when it is Pending),
 * and the events of the job and its pods merged in time order.
 */
import { eventRows, eventTime, type EventRow } from '../resources/event-rows';
import type { KubeObject } from '../../../shared/kube/object';
import { podStatus, type StatusWord } from '../../../shared/kube/status';
import { trainingKindOf } from '../../../shared/kube/training-kinds';

/** One container's state. */
export interface ContainerView {
  name: string;
  init: boolean;
  state: 'running' | 'waiting' | 'terminated' | 'unknown';
  reason: string | undefined;
  message: string | undefined;
  exitCode: number | undefined;
  restarts: number;
  ready: boolean;
  /** The previous run's end, when the container restarted. */
  lastTermination: { reason: string | undefined; exitCode: number | undefined } | undefined;
}

/** A pod as the detail page shows it. */
export interface PodView {
  name: string;
  uid: string | undefined;
  status: StatusWord;
  phase: string;
  node: string | undefined;
  restarts: number;
  ready: string;
  containers: ContainerView[];
  /** The scheduler's message when the pod cannot be placed (PodScheduled=False). */
  schedulerReason: string | undefined;
  startedAt: string | undefined;
}

interface ContainerStatus {
  name?: string;
  ready?: boolean;
  restartCount?: number;
  state?: {
    running?: { startedAt?: string };
    waiting?: { reason?: string; message?: string };
    terminated?: { reason?: string; message?: string; exitCode?: number };
  };
  lastState?: { terminated?: { reason?: string; exitCode?: number } };
}
interface PodStatusRaw {
  phase?: string;
  startTime?: string;
  conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
}

function containerView(name: string, init: boolean, cs: ContainerStatus | undefined): ContainerView {
  const st = cs?.state;
  const state = st?.running ? 'running' : st?.waiting ? 'waiting' : st?.terminated ? 'terminated' : 'unknown';
  const detail = st?.waiting ?? st?.terminated;
  const last = cs?.lastState?.terminated;
  return {
    name,
    init,
    state,
    reason: detail?.reason || undefined,
    message: detail?.message || undefined,
    exitCode: st?.terminated?.exitCode,
    restarts: cs?.restartCount ?? 0,
    ready: cs?.ready === true,
    lastTermination: last ? { reason: last.reason || undefined, exitCode: last.exitCode } : undefined,
  };
}

/** A pod's view. */
export function podView(pod: KubeObject): PodView {
  const st = (pod.status ?? {}) as PodStatusRaw;
  const spec = (pod.spec ?? {}) as { nodeName?: string; containers?: { name: string }[]; initContainers?: { name: string }[] };
  const byName = (list: ContainerStatus[] | undefined) => new Map((list ?? []).map((c) => [c.name ?? '', c]));
  const main = byName(st.containerStatuses);
  const init = byName(st.initContainerStatuses);
  const initViews = (spec.initContainers ?? []).map((c) => containerView(c.name, true, init.get(c.name)));
  const containers = (spec.containers ?? []).map((c) => containerView(c.name, false, main.get(c.name)));
  const unscheduled = (st.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  return {
    name: pod.metadata.name,
    uid: pod.metadata.uid,
    status: podStatus(pod),
    phase: st.phase ?? 'Unknown',
    node: spec.nodeName || undefined,
    restarts: [...containers, ...initViews].reduce((n, c) => n + c.restarts, 0),
    ready: `${containers.filter((c) => c.ready).length}/${containers.length}`,
    // init containers that already finished well are not news
    containers: [...initViews.filter((c) => !(c.state === 'terminated' && c.exitCode === 0)), ...containers],
    schedulerReason: unscheduled ? unscheduled.message || unscheduled.reason || 'Unschedulable' : undefined,
    startedAt: st.startTime,
  };
}

/** One line of the merged events. */
export type EventView = EventRow;

export { eventTime };

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The names the job's kind gives its pods, so events of pods already deleted (often the
 * failure story) still count: `<job>-<replica type lower-cased>-<index>` for the Training
 * Operator (the MPIJob v2beta1 launcher, a batch Job, ends in a random suffix instead), and
 * `<job>-<replicated job>-<job index>-[<pod index>-]<random>` for TrainJob (JobSet).
 * Undefined when the job is not a known training kind.
 */
export function jobPodNamePattern(job: KubeObject): RegExp | undefined {
  const k = trainingKindOf(job);
  if (!k) return undefined;
  const types = k.replicaTypes.map((t) => escapeRegExp(t.toLowerCase())).join('|');
  const name = escapeRegExp(job.metadata.name);
  if (k.kind === 'TrainJob') return new RegExp(`^${name}-(?:${types})-\\d+-(?:\\d+-)?[a-z0-9]{5}$`);
  if (k.version === 'v2beta1') return new RegExp(`^${name}-(?:(?:${types})-\\d+|launcher-[a-z0-9]{5})$`);
  return new RegExp(`^${name}-(?:${types})-\\d+$`);
}

/**
 * Events about the job (by uid; by kind and name when the event has no uid), its JobSet (same
 * name, for TrainJob) and its pods: live pods by uid (else by name), and pods no longer there by
 * the name the job's kind gives its pods, when the event is not older than the job (an earlier
 * job of the same name had pods of the same names). Oldest first.
 */
export function jobEvents(events: KubeObject[], job: KubeObject, pods: KubeObject[]): EventView[] {
  const podUids = new Set(pods.map((p) => p.metadata.uid).filter((u): u is string => !!u));
  const podNames = new Set(pods.map((p) => p.metadata.name));
  const podName = jobPodNamePattern(job);
  const created = job.metadata.creationTimestamp ? Date.parse(job.metadata.creationTimestamp) : NaN;
  const matches = (o: { kind?: string; name?: string; uid?: string } | undefined, t: number): boolean => {
    if (!o?.name) return false;
    if (o.kind === job.kind && o.name === job.metadata.name) return !o.uid || !job.metadata.uid || o.uid === job.metadata.uid;
    if (o.kind === 'JobSet' && o.name === job.metadata.name) return true;
    if (o.kind === 'Pod') {
      if (o.uid ? podUids.has(o.uid) : podNames.has(o.name)) return true;
      // A pod no longer there (deleted, or replaced by one of the same name).
      return !!podName?.test(o.name) && (Number.isNaN(created) || t >= created);
    }
    return false;
  };
  return eventRows(events, matches);
}
