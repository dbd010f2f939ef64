// SPDX-License-Identifier: Apache-2.0
/**
 * Finding an in-cluster server's Service and the pod behind it, for the features that reach one
 * through a port-forward (MLflow, Prometheus): listing Services where the account may, ranking
 * them, the ready pod a Service's selector picks and the pod port its port targets, and reading a
 * pinned Service back (by namespace and name, checked by uid).
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import { pinLabel, type ServicePin } from '../../../shared/kube/service-pin';
import type { KubeHttp } from './kube-http';

/** A Service port. */
export type ServicePort = { name?: string; port: number; targetPort?: number | string };
/** The parts of a Service spec used. */
export type ServiceSpec = { selector?: Record<string, string>; ports?: ServicePort[]; type?: string };
/** The parts of a pod used. */
export type PodLike = {
  metadata: KubeObject['metadata'];
  spec?: { containers?: { command?: string[]; args?: string[]; ports?: { name?: string; containerPort: number }[] }[] };
  status?: unknown;
};

const List = z.object({ items: z.array(z.looseObject({ metadata: z.looseObject({ name: z.string() }) })) });

/** Running and (when it says) ready. */
export function isReadyPod(p: PodLike): boolean {
  const st = (p.status ?? {}) as { phase?: string; conditions?: { type: string; status: string }[] };
  return st.phase === 'Running' && (st.conditions?.find((c) => c.type === 'Ready')?.status ?? 'True') === 'True';
}

/** The pod port a Service port targets on this pod (a named targetPort is looked up). */
export function targetPortOn(pod: PodLike, port: ServicePort): number | undefined {
  const t = port.targetPort ?? port.port;
  if (typeof t === 'number') return t;
  if (/^\d+$/.test(t)) return Number(t);
  for (const c of pod.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === t) return p.containerPort;
  return undefined;
}

/** `k=v,k2=v2`. */
export function selectorQuery(sel: Record<string, string>): string {
  return Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/**
 * Services with a score above 0, best first (then by namespace and name).
 * @param score - how much a Service looks like what is looked for
 */
export function rankServices(services: KubeObject[], score: (s: KubeObject) => number): KubeObject[] {
  return services
    .map((s) => ({ s, score: score(s) }))
    .filter((x) => x.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score || (a.s.metadata.namespace ?? '').localeCompare(b.s.metadata.namespace ?? '') || a.s.metadata.name.localeCompare(b.s.metadata.name),
    )
    .map((x) => x.s);
}

/** Services MLDeck could list, and where it looked (`all` or the namespaces it was allowed to list). */
export interface ListedServices {
  items: KubeObject[];
  scope: 'all' | string[];
}

/**
 * Lists Services in all namespaces, or, where the account may not, in the given ones.
 * @param what - what is looked for, for the refusal's words ("MLflow")
 * @throws AppError `forbidden` when no namespace can be listed; others from the API
 */
export async function listServicesWhereAllowed(http: KubeHttp, fallbackNamespaces: string[], what: string, timeoutMs = 10_000): Promise<ListedServices> {
  try {
    return { items: (await http.request({ path: '/api/v1/services', timeoutMs }, List)).items as KubeObject[], scope: 'all' };
  } catch (e) {
    if (!(e instanceof AppError) || e.code !== 'forbidden') throw e;
  }
  const tried = [...new Set(fallbackNamespaces.filter(Boolean))];
  const items: KubeObject[] = [];
  const allowed: string[] = [];
  for (const ns of tried) {
    try {
      const list = await http.request({ path: `/api/v1/namespaces/${encodeURIComponent(ns)}/services`, timeoutMs }, List);
      allowed.push(ns);
      items.push(...(list.items as KubeObject[]));
    } catch (e) {
      if (!(e instanceof AppError) || (e.code !== 'forbidden' && e.code !== 'not-found')) throw e;
    }
  }
  if (allowed.length === 0)
    throw new AppError(
      'forbidden',
      `Your account may not list Services in any namespace MLDeck tried (${tried.join(', ') || 'none'}), so it cannot look for ${what}. Set a URL in its connection settings.`,
    );
  return { items, scope: allowed };
}

/**
 * The first ready pod (by name) a Service's selector picks, with the pod port `port` targets.
 * @returns undefined when no pod is ready (or pods may not be listed there)
 */
export async function podBehind(
  http: KubeHttp,
  svc: KubeObject,
  port: ServicePort,
  timeoutMs = 10_000,
): Promise<{ pod: PodLike; podPort: number | undefined } | undefined> {
  const spec = (svc.spec ?? {}) as ServiceSpec;
  const ns = svc.metadata.namespace ?? 'default';
  if (!spec.selector || Object.keys(spec.selector).length === 0) return undefined;
  let pods;
  try {
    pods = await http.request(
      { path: `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`, query: { labelSelector: selectorQuery(spec.selector) }, timeoutMs },
      List,
    );
  } catch (e) {
    if (e instanceof AppError && e.code === 'forbidden') return undefined;
    throw e;
  }
  const pod = (pods.items as PodLike[]).filter(isReadyPod).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0];
  return pod ? { pod, podPort: targetPortOn(pod, port) } : undefined;
}

/**
 * Reads a pinned Service back.
 * @param what - what it is ("MLflow"), for the messages
 * @throws AppError `not-found` when it is gone, `conflict` when a Service of that name now has
 *   another uid (it was deleted and made again: confirm it anew); others from the API
 */
export async function readPinnedService(http: KubeHttp, pin: ServicePin, what: string, timeoutMs = 10_000): Promise<KubeObject> {
  let svc: KubeObject;
  try {
    svc = await http.request<KubeObject>({
      path: `/api/v1/namespaces/${encodeURIComponent(pin.namespace)}/services/${encodeURIComponent(pin.name)}`,
      timeoutMs,
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'not-found')
      throw new AppError('not-found', `The ${what} service you confirmed, ${pinLabel(pin)}, is gone. Choose the one to use in its connection settings.`);
    throw e;
  }
  if (svc.metadata.uid !== pin.uid)
    throw new AppError(
      'conflict',
      `The ${what} service ${pinLabel(pin)} was deleted and made again since you confirmed it (its uid changed), so MLDeck does not send it anything. Confirm it again in its connection settings.`,
    );
  return svc;
}
