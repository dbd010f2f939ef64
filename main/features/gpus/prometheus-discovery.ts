// SPDX-License-Identifier: Apache-2.0
/**
 * Finds a Prometheus in a cluster: Services labelled `app.kubernetes.io/name=prometheus` or
 * `app=prometheus`, or named like one, with a port 9090 or named `web`/`http`, offered to the
 * user to confirm ({@link prometheusCandidates}); once pinned, the Running, ready pod behind the
 * pinned Service and the pod port it targets ({@link pinnedPrometheus}). The ranking is pure.
 */
import { AppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import { pinLabel, type ServiceCandidate, type ServicePin } from '../../../shared/kube/service-pin';
import type { KubeHttp } from '../../platform/kube/kube-http';
import {
  listServicesWhereAllowed,
  podBehind,
  rankServices,
  readPinnedService,
  type ServicePort,
  type ServiceSpec,
} from '../../platform/kube/service-discovery';

/** The Service and pod port to forward to. */
export interface PrometheusTarget {
  namespace: string;
  service: string;
  pod: string;
  port: number;
}

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

/** The Service port Prometheus serves its web API on: 9090, else one named `web`/`http`. */
export function webPort(spec: ServiceSpec): ServicePort | undefined {
  const ports = spec.ports ?? [];
  return ports.find((p) => p.port === 9090) ?? ports.find((p) => p.name === 'web' || p.name === 'http');
}

/** Services ordered best first (only those that look like Prometheus). */
export function rankPrometheusServices(services: KubeObject[]): KubeObject[] {
  return rankServices(services, prometheusScore);
}

/**
 * The Prometheus services of a cluster, best first (at most 10), each with the ready pod a
 * port-forward would use. Nothing is contacted: the user picks one to pin.
 * @throws AppError from the API (e.g. `forbidden` when services cannot be listed, `unavailable`)
 */
export async function prometheusCandidates(http: KubeHttp, timeoutMs = 10_000): Promise<ServiceCandidate[]> {
  // cluster-wide only: a Prometheus for the cluster's GPUs lives in its own namespace, not the user's
  const listed = await listServicesWhereAllowed(http, [], 'Prometheus', timeoutMs);
  const out: ServiceCandidate[] = [];
  for (const svc of rankPrometheusServices(listed.items).slice(0, 10)) {
    const port = webPort(svc.spec as ServiceSpec) as ServicePort;
    const behind = await podBehind(http, svc, port, timeoutMs);
    out.push({
      namespace: svc.metadata.namespace ?? 'default',
      name: svc.metadata.name,
      uid: svc.metadata.uid ?? '',
      port: port.port,
      pod: behind?.podPort ? behind.pod.metadata.name : undefined,
    });
  }
  return out.filter((c) => c.uid !== '');
}

/**
 * The pod and port to forward to for a pinned Prometheus service.
 * @throws AppError `not-found`/`conflict` (gone or replaced: see readPinnedService), `unavailable` when no pod is ready
 */
export async function pinnedPrometheus(http: KubeHttp, pin: ServicePin, timeoutMs = 10_000): Promise<PrometheusTarget> {
  const svc = await readPinnedService(http, pin, 'Prometheus', timeoutMs);
  const port = webPort((svc.spec ?? {}) as ServiceSpec);
  if (!port) throw new AppError('unavailable', `The Prometheus service ${pinLabel(pin)} has no port 9090, "web" or "http" any more.`);
  const behind = await podBehind(http, svc, port, timeoutMs);
  if (!behind?.podPort) throw new AppError('unavailable', `No Running pod is behind the Prometheus service ${pinLabel(pin)}.`, undefined, true);
  return { namespace: pin.namespace, service: pin.name, pod: behind.pod.metadata.name, port: behind.podPort };
}

/** The message when there is neither a URL nor a Prometheus service. */
export const noPrometheusMessage = 'No Prometheus found: set a URL in GPU settings or install DCGM exporter + Prometheus';

/** The message when Prometheus services were found but none is confirmed yet. */
export function unconfirmedPrometheusMessage(found: ServiceCandidate[]): string {
  return `Prometheus found in the cluster (${found.map(pinLabel).join(', ')}). MLDeck reads GPU metrics from an in-cluster service only after you confirm it: choose it in GPU settings.`;
}

/** Wraps discovery errors in words about what was being done. */
export function discoveryError(e: unknown): AppError {
  if (e instanceof AppError) {
    if (e.code === 'forbidden')
      return new AppError('forbidden', `Cannot look for a Prometheus service: ${e.message} Set a Prometheus URL in GPU settings.`, e.detail);
    return e;
  }
  return new AppError('internal', `Looking for a Prometheus service failed: ${String(e)}`);
}
