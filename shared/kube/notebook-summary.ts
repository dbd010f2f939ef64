// SPDX-License-Identifier: Apache-2.0
/**
 * A Kubeflow Notebook (kubeflow.org) as the Jupyter web app shows it: a status word (ready,
 * waiting, stopped, terminating, error) with its reason and message, worked out from the
 * custom resource, its pod and its warning events in the order the web app uses
 * (`crud-web-apps/jupyter/backend/apps/common/status.py`), plus the image, CPU, memory, GPUs,
 * volumes, server type and last activity read from the first container.
 */
import { gpuResources } from './gpus';
import type { KubeObject } from './object';

/** The stop annotation: present (an RFC 3339 time) while the server is stopped. */
export const stopAnnotation = 'kubeflow-resource-stopped';
/** The server-type annotation (`jupyter`, `group-one` for VS Code, `group-two` for RStudio). */
export const serverTypeAnnotation = 'notebooks.kubeflow.org/server-type';
/** The culler's record of the last activity. */
export const lastActivityAnnotation = 'notebooks.kubeflow.org/last-activity';
/** Who created the server (written by the web app). */
export const creatorAnnotation = 'notebooks.kubeflow.org/creator';

/** A notebook server's status words, as the Jupyter web app names them. */
export const notebookStatuses = ['ready', 'waiting', 'stopped', 'terminating', 'error'] as const;
/** One of {@link notebookStatuses}. */
export type NotebookStatus = (typeof notebookStatuses)[number];

/** A volume of the server's pod, with where the server's container mounts it. */
export interface NotebookVolume {
  name: string;
  /** The PVC behind it, when it is one. */
  claim: string | undefined;
  /** `pvc`, `emptyDir` (shm among them), `configMap`, `secret`, `projected`, …. */
  type: string;
  mountPath: string | undefined;
  readOnly: boolean;
}

/** What the list and the server page show. */
export interface NotebookSummary {
  status: NotebookStatus;
  /** Short: `Running`, `ContainerCreating`, `FailedScheduling`, `ImagePullBackOff`, …. */
  reason: string;
  /** Longer words for the user (the scheduler's or kubelet's message). */
  message: string;
  image: string;
  serverType: string;
  cpu: { request: string | undefined; limit: string | undefined };
  memory: { request: string | undefined; limit: string | undefined };
  gpus: { count: number; vendor: string | undefined };
  volumes: NotebookVolume[];
  lastActivity: string | undefined;
  stoppedAt: string | undefined;
  createdAt: string | undefined;
  creator: string | undefined;
  /** The pod the StatefulSet makes: `<name>-0`. */
  podName: string;
  /** The container named like the Notebook (else the first). */
  container: string | undefined;
}

interface ContainerState {
  running?: { startedAt?: string };
  waiting?: { reason?: string; message?: string };
  terminated?: { reason?: string; message?: string; exitCode?: number };
}
interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}
interface Container {
  name?: string;
  image?: string;
  resources?: { requests?: Record<string, string | number>; limits?: Record<string, string | number> };
  volumeMounts?: { name?: string; mountPath?: string; readOnly?: boolean }[];
}
interface PodSpec {
  containers?: Container[];
  volumes?: Record<string, unknown>[];
}
interface EventRaw {
  type?: string;
  reason?: string;
  message?: string;
  note?: string;
  lastTimestamp?: string | null;
  eventTime?: string | null;
  firstTimestamp?: string | null;
  involvedObject?: { kind?: string; name?: string };
  regarding?: { kind?: string; name?: string };
}

/** Waiting reasons that are a normal part of starting, not a problem. */
const startingReasons = new Set(['ContainerCreating', 'PodInitializing']);

/** The pod template's spec of a Notebook. */
export function notebookPodSpec(nb: KubeObject): PodSpec {
  return ((nb.spec as { template?: { spec?: PodSpec } } | undefined)?.template?.spec ?? {}) as PodSpec;
}

/** The server's container: the one named like the Notebook, else the first. */
export function notebookContainer(nb: KubeObject): Container | undefined {
  const cs = notebookPodSpec(nb).containers ?? [];
  return cs.find((c) => c.name === nb.metadata.name) ?? cs[0];
}

function str(v: string | number | undefined): string | undefined {
  return v === undefined || v === null ? undefined : String(v);
}

/** The pod's (or failing that, the CR's mirrored) state of the server container. */
function containerState(nb: KubeObject, pod: KubeObject | undefined): ContainerState | undefined {
  const podStatuses = (pod?.status as { containerStatuses?: { name?: string; state?: ContainerState }[] } | undefined)?.containerStatuses;
  const fromPod = podStatuses?.find((c) => c.name === nb.metadata.name) ?? podStatuses?.[0];
  if (fromPod?.state) return fromPod.state;
  const st = (nb.status as { containerState?: ContainerState } | undefined)?.containerState;
  return st && Object.keys(st).length ? st : undefined;
}

function conditionsOf(nb: KubeObject, pod: KubeObject | undefined): Condition[] {
  const podConds = (pod?.status as { conditions?: Condition[] } | undefined)?.conditions;
  return podConds ?? (nb.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
}

function eventWhen(e: KubeObject): number {
  const r = e as unknown as EventRaw;
  const t = r.lastTimestamp || r.eventTime || r.firstTimestamp || e.metadata.creationTimestamp;
  return t ? Date.parse(t) : 0;
}

/**
 * Events about this server: the Notebook, its StatefulSet (same name) and its pod (`<name>-0`),
 * not older than the Notebook (a server deleted and made again under the same name).
 */
export function notebookEvents(nb: KubeObject, events: readonly KubeObject[]): KubeObject[] {
  const name = nb.metadata.name;
  const created = nb.metadata.creationTimestamp ? Date.parse(nb.metadata.creationTimestamp) : 0;
  return events
    .filter((e) => {
      const r = e as unknown as EventRaw;
      const o = r.involvedObject ?? r.regarding;
      if (e.metadata.namespace && nb.metadata.namespace && e.metadata.namespace !== nb.metadata.namespace) return false;
      const about =
        (o?.kind === 'Notebook' && o.name === name) || (o?.kind === 'StatefulSet' && o.name === name) || (o?.kind === 'Pod' && o.name === `${name}-0`);
      // events carry second precision; the Notebook's own time too
      return about && eventWhen(e) >= created - 1000;
    })
    .sort((a, b) => eventWhen(a) - eventWhen(b));
}

/** The status word, reason and message, in the web app's order of evidence. */
function statusOf(
  nb: KubeObject,
  pod: KubeObject | undefined,
  events: readonly KubeObject[],
  now: number,
): Pick<NotebookSummary, 'status' | 'reason' | 'message'> {
  const ready = (nb.status as { readyReplicas?: number } | undefined)?.readyReplicas ?? 0;
  const stopped = nb.metadata.annotations?.[stopAnnotation] !== undefined;
  if (nb.metadata.deletionTimestamp) return { status: 'terminating', reason: 'Deleting', message: 'Deleting this notebook server.' };
  if (stopped) {
    const podLeft = pod && !(pod.status as { phase?: string } | undefined)?.phase?.match(/Succeeded|Failed/);
    return ready === 0 && !podLeft
      ? { status: 'stopped', reason: 'Stopped', message: 'No Pods are currently running for this Notebook Server.' }
      : { status: 'terminating', reason: 'Stopping', message: 'Notebook Server is stopping.' };
  }
  if (ready >= 1) return { status: 'ready', reason: 'Running', message: 'The server is running.' };
  const state = containerState(nb, pod);
  if (state?.waiting) {
    const reason = state.waiting.reason ?? 'Waiting';
    const message = state.waiting.message ?? '';
    return startingReasons.has(reason) ? { status: 'waiting', reason, message } : { status: 'error', reason, message };
  }
  if (state?.terminated) {
    const t = state.terminated;
    const code = t.exitCode !== undefined ? ` (exit code ${t.exitCode})` : '';
    return { status: 'error', reason: t.reason ?? 'Terminated', message: `${t.message ?? 'The server container ended'}${code}.` };
  }
  if (state?.running) return { status: 'waiting', reason: 'Starting', message: 'The server container runs and is not ready yet.' };
  const unscheduled = conditionsOf(nb, pod).find((c) => c.type === 'PodScheduled' && c.status === 'False');
  if (unscheduled)
    return {
      status: 'waiting',
      reason: unscheduled.reason === 'Unschedulable' ? 'FailedScheduling' : (unscheduled.reason ?? 'Pending'),
      message: unscheduled.message ?? '',
    };
  const otherCondition = conditionsOf(nb, pod).find((c) => c.status === 'False' && c.reason);
  if (otherCondition) return { status: 'waiting', reason: otherCondition.reason ?? '', message: otherCondition.message ?? '' };
  const warning = [...notebookEvents(nb, events)].reverse().find((e) => (e as unknown as EventRaw).type === 'Warning');
  if (warning) {
    const r = warning as unknown as EventRaw;
    // a StatefulSet that cannot make the pod (quota, a missing service account) will not get better on its own
    const status = r.reason === 'FailedCreate' ? 'error' : 'waiting';
    return { status, reason: r.reason ?? 'Warning', message: r.message ?? r.note ?? '' };
  }
  const created = nb.metadata.creationTimestamp ? Date.parse(nb.metadata.creationTimestamp) : now;
  if (now - created <= 10_000 || !pod) return { status: 'waiting', reason: 'Creating', message: 'Waiting for StatefulSet to create the underlying Pod.' };
  return { status: 'waiting', reason: 'Unknown', message: "Couldn't find any information for the status of this notebook." };
}

function volumesOf(nb: KubeObject, container: Container | undefined): NotebookVolume[] {
  const mounts = new Map((container?.volumeMounts ?? []).map((m) => [m.name ?? '', m]));
  return (notebookPodSpec(nb).volumes ?? []).map((v) => {
    const name = String(v['name'] ?? '');
    const pvc = v['persistentVolumeClaim'] as { claimName?: string } | undefined;
    const type = pvc ? 'pvc' : (Object.keys(v).find((k) => k !== 'name') ?? 'unknown');
    const m = mounts.get(name);
    return { name, claim: pvc?.claimName, type, mountPath: m?.mountPath, readOnly: m?.readOnly === true };
  });
}

function gpusOf(c: Container | undefined): { count: number; vendor: string | undefined } {
  const limits = c?.resources?.limits ?? {};
  const requests = c?.resources?.requests ?? {};
  const keys = [...new Set([...Object.keys(limits), ...Object.keys(requests)])];
  const vendor = keys.find((k) => (gpuResources as readonly string[]).includes(k)) ?? keys.find((k) => k.endsWith('/gpu'));
  if (!vendor) return { count: 0, vendor: undefined };
  const n = Number(limits[vendor] ?? requests[vendor]);
  return { count: Number.isFinite(n) ? n : 0, vendor };
}

/**
 * Summarises a Notebook with its pod (`<name>-0`, when there is one) and the namespace's events.
 * @param now - for the web app's 10-second grace after creation
 */
export function summarizeNotebook(nb: KubeObject, pod?: KubeObject, events: readonly KubeObject[] = [], now = Date.now()): NotebookSummary {
  const c = notebookContainer(nb);
  const a = nb.metadata.annotations ?? {};
  return {
    ...statusOf(nb, pod, events, now),
    image: c?.image ?? '',
    serverType: a[serverTypeAnnotation] || 'jupyter',
    cpu: { request: str(c?.resources?.requests?.cpu), limit: str(c?.resources?.limits?.cpu) },
    memory: { request: str(c?.resources?.requests?.memory), limit: str(c?.resources?.limits?.memory) },
    gpus: gpusOf(c),
    volumes: volumesOf(nb, c),
    lastActivity: a[lastActivityAnnotation] || undefined,
    stoppedAt: a[stopAnnotation] || undefined,
    createdAt: nb.metadata.creationTimestamp,
    creator: a[creatorAnnotation] || undefined,
    podName: `${nb.metadata.name}-0`,
    container: c?.name,
  };
}

/** The pill tone of a status. */
export function notebookTone(s: NotebookStatus): 'ok' | 'progress' | 'neutral' | 'warn' | 'error' {
  return s === 'ready' ? 'ok' : s === 'waiting' ? 'progress' : s === 'stopped' ? 'neutral' : s === 'terminating' ? 'warn' : 'error';
}

/** The server type in words. */
export function serverTypeTitle(t: string): string {
  return t === 'group-one' ? 'VS Code' : t === 'group-two' ? 'RStudio' : t === 'jupyter' ? 'JupyterLab' : t;
}
