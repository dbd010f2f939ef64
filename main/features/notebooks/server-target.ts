// SPDX-License-Identifier: Apache-2.0
/**
 * Where a notebook server's Jupyter runs, read from its Notebook resource (kubeflow.org/v1) and
 * pod: the pod `<name>-0`, the container port (the first container's first port, else 8888) and
 * NB_PREFIX (`/notebook/<namespace>/<name>/`, the base_url Kubeflow images run Jupyter with). A
 * server that cannot be reached says why, in words.
 */
import { isAppError } from '../../../shared/errors';
import type { ServerRef } from '../../../shared/features/notebooks/notebooks.contract';
import type { KubeHttp } from '../../platform/kube/kube-http';

/** Kubeflow's stop annotation. */
export const stopAnnotation = 'kubeflow-resource-stopped';

interface Container {
  name?: string;
  ports?: { containerPort?: number }[];
  env?: { name: string; value?: string }[];
}

/** The parts of a Notebook resource read here. */
export interface NotebookObject {
  metadata?: { annotations?: Record<string, string> };
  spec?: { template?: { spec?: { containers?: Container[] } } };
}

/** The parts of a pod read here. */
export interface PodObject {
  metadata?: { deletionTimestamp?: string };
  spec?: { containers?: Container[] };
  status?: { phase?: string };
}

/** Where to reach Jupyter in the pod. */
export interface ServerTarget {
  pod: string;
  port: number;
  /** The base_url Kubeflow's images use, with both slashes. */
  prefix: string;
}

/** A server that cannot be reached now, and why. */
export interface Unreachable {
  reason: string;
  /** Whether trying again later may help (the pod may come, the network may return). */
  retry: boolean;
}

/** The container port (first container's first port, default 8888). */
export function portOf(nb: NotebookObject): number {
  const p = nb.spec?.template?.spec?.containers?.[0]?.ports?.[0]?.containerPort;
  return typeof p === 'number' && Number.isInteger(p) && p > 0 && p < 65536 ? p : 8888;
}

/** NB_PREFIX with a trailing slash: the pod's env if set, else Kubeflow's `/notebook/<ns>/<name>/`. */
export function prefixOf(ref: Pick<ServerRef, 'namespace' | 'name'>, pod?: PodObject): string {
  const env = pod?.spec?.containers?.flatMap((c) => c.env ?? []).find((e) => e.name === 'NB_PREFIX')?.value;
  const p = env && env.startsWith('/') ? env : `/notebook/${ref.namespace}/${ref.name}`;
  return p.endsWith('/') ? p : `${p}/`;
}

/** Whether the Notebook carries the stop annotation. */
export function isStopped(nb: NotebookObject): boolean {
  return nb.metadata?.annotations?.[stopAnnotation] !== undefined;
}

/** Why a pod cannot serve (undefined: it runs). */
export function podProblem(podName: string, pod: PodObject): string | undefined {
  if (pod.metadata?.deletionTimestamp) return `The server is stopping: its pod ${podName} is being deleted.`;
  const phase = pod.status?.phase ?? 'Unknown';
  return phase === 'Running' ? undefined : `The server is not running yet: its pod ${podName} is ${phase}.`;
}

/**
 * Finds the server's pod and port.
 * @returns the target, or why it cannot be reached
 */
export async function resolveTarget(http: KubeHttp, ref: ServerRef): Promise<ServerTarget | Unreachable> {
  const ns = encodeURIComponent(ref.namespace);
  let nb: NotebookObject;
  try {
    nb = await http.request<NotebookObject>({ path: `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks/${encodeURIComponent(ref.name)}`, timeoutMs: 15_000 });
  } catch (e) {
    return unreachable(e, `The notebook server ${ref.namespace}/${ref.name} does not exist.`);
  }
  if (isStopped(nb)) return { reason: 'The server is stopped: start it first.', retry: false };
  const podName = `${ref.name}-0`;
  let pod: PodObject;
  try {
    pod = await http.request<PodObject>({ path: `/api/v1/namespaces/${ns}/pods/${encodeURIComponent(podName)}`, timeoutMs: 15_000 });
  } catch (e) {
    return unreachable(e, `The server is not running: its pod ${podName} does not exist (yet).`);
  }
  const problem = podProblem(podName, pod);
  if (problem) return { reason: problem, retry: true };
  return { pod: podName, port: portOf(nb), prefix: prefixOf(ref, pod) };
}

function unreachable(e: unknown, notFound: string): Unreachable {
  if (!isAppError(e)) throw e;
  if (e.code === 'not-found') return { reason: notFound, retry: true };
  if (e.code === 'forbidden') return { reason: `${e.message} (your user may not read this server in its namespace)`, retry: false };
  return { reason: `The cluster cannot be reached: ${e.message}`, retry: e.code === 'unavailable' || e.code === 'timeout' };
}

/** Is this a target (not a reason)? */
export function isTarget(t: ServerTarget | Unreachable): t is ServerTarget {
  return 'pod' in t;
}

/** The reason a port-forward was refused, in words. */
export function portForwardProblem(e: unknown, ref: ServerRef): Unreachable {
  if (!isAppError(e)) throw e;
  if (e.code === 'forbidden')
    return {
      reason: `${e.message} Your user may not create pods/portforward in ${ref.namespace}; ask for that permission or set the cluster's Kubeflow gateway.`,
      retry: false,
    };
  return { reason: `The port-forward to the server failed: ${e.message}`, retry: true };
}
