// SPDX-License-Identifier: Apache-2.0
/**
 * Finds a Prometheus in a cluster: a Service labelled `app.kubernetes.io/name=prometheus` or
 * `app=prometheus`, or named like one, with a port 9090 or named `web`/`http`; then a Running,
 * ready pod its selector picks, and the pod port the Service targets. The choice is pure
 * ({@link pickPrometheus}); {@link discoverPrometheus} reads the cluster.
 */
import { z } from 'zod';
import { AppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import type { KubeHttp } from '../../platform/kube/kube-http';

/** The Service and pod port to forward to. */
export interface PrometheusTarget {
  namespace: string;
  service: string;
  pod: string;
  port: number;
}

type ServicePort = { name?: string; port: number; targetPort?: number | string };
type ServiceSpec = { selector?: Record<string, string>; ports?: ServicePort[]; type?: string };

const List = z.object({ items: z.array(z.looseObject({ metadata: z.looseObject({ name: z.string() }) })) });

/** How much a Service looks like the Prometheus server (0: not at all). */
export function prometheusScore(svc: KubeObject): number {
  const labels = svc.metadata.labels ?? {};
  const name = svc.metadata.name;
  const spec = (svc.spec ?? {}) as ServiceSpec;
  if (!spec.selector || Object.keys(spec.selector).length === 0) return 0;
  if (!webPort(spec)) return 0;
  // operators' helper Services (alertmanager, pushgateway, node exporter, the operator itself) are not the server
  if (/alertmanager|pushgateway|node-exporter|operator|blackbox|adapter/.test(name)) return 0;
  let score = 0;
  if (labels['app.kubernetes.io/name'] === 'prometheus') score += 4;
  if (labels['app'] === 'prometheus') score += 3;
  if (name.includes('prometheus')) score += 2;
  if (name === 'prometheus-operated') score -= 1; // headless; a named Service is the usual entry
  return score;
}

function webPort(spec: ServiceSpec): ServicePort | undefined {
  const ports = spec.ports ?? [];
  return ports.find((p) => p.port === 9090) ?? ports.find((p) => p.name === 'web' || p.name === 'http');
}

type PodLike = { metadata: KubeObject['metadata']; spec?: { containers?: { ports?: { name?: string; containerPort: number }[] }[] }; status?: unknown };

function ready(p: PodLike): boolean {
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

/** Services ordered best first (only those that look like Prometheus). */
export function rankPrometheusServices(services: KubeObject[]): KubeObject[] {
  return services
    .map((s) => ({ s, score: prometheusScore(s) }))
    .filter((x) => x.score > 0)
    .sort(
      (a, b) =>
        b.score - a.score || (a.s.metadata.namespace ?? '').localeCompare(b.s.metadata.namespace ?? '') || a.s.metadata.name.localeCompare(b.s.metadata.name),
    )
    .map((x) => x.s);
}

function selectorQuery(sel: Record<string, string>): string {
  return Object.entries(sel)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

/**
 * Finds the Prometheus to forward to, or undefined when the cluster has none.
 * @throws AppError from the API (e.g. `forbidden` when services cannot be listed, `unavailable`)
 */
export async function discoverPrometheus(http: KubeHttp, timeoutMs = 10_000): Promise<PrometheusTarget | undefined> {
  const services = await http.request({ path: '/api/v1/services', timeoutMs }, List);
  for (const svc of rankPrometheusServices(services.items as KubeObject[])) {
    const spec = svc.spec as ServiceSpec;
    const port = webPort(spec) as ServicePort;
    const ns = svc.metadata.namespace ?? 'default';
    const pods = await http.request(
      { path: `/api/v1/namespaces/${encodeURIComponent(ns)}/pods`, query: { labelSelector: selectorQuery(spec.selector ?? {}) }, timeoutMs },
      List,
    );
    const pod = (pods.items as PodLike[]).filter(ready).sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))[0];
    const target = pod && targetPortOn(pod, port);
    if (pod && target) return { namespace: ns, service: svc.metadata.name, pod: pod.metadata.name, port: target };
  }
  return undefined;
}

/** The message when there is neither a URL nor a Prometheus service. */
export const noPrometheusMessage = 'No Prometheus found: set a URL in GPU settings or install DCGM exporter + Prometheus';

/** Wraps discovery errors in words about what was being done. */
export function discoveryError(e: unknown): AppError {
  if (e instanceof AppError) {
    if (e.code === 'forbidden')
      return new AppError('forbidden', `Cannot look for a Prometheus service: ${e.message} Set a Prometheus URL in GPU settings.`, e.detail);
    return e;
  }
  return new AppError('internal', `Looking for a Prometheus service failed: ${String(e)}`);
}
