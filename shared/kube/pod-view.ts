// SPDX-License-Identifier: Apache-2.0
/**
 * A pod as detail pages show it: phase, node, restarts, container states with reasons and exit
 * codes (init containers that finished well left out), and the scheduler's reason when it is
 * Pending.
 */
import type { KubeObject } from './object';
import { podStatus, type StatusWord } from './status';

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
