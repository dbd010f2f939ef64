// SPDX-License-Identifier: Apache-2.0
/**
 * Which Services are Feast REST registry servers, and the words saying why. Matched, best first:
 *
 * 1. The Feast operator's REST registry Service: labelled `feast.dev/service-type: registry` and
 *    named `feast-<store>-registry-rest` (port `http` 80 or `https` 443 → the pod's 6572/6573).
 *    Its gRPC twin `feast-<store>-registry` is not REST and is left out.
 * 2. A Service labelled `app.kubernetes.io/name=feast` and `app.kubernetes.io/component=registry`
 *    (the Kubernetes recommended labels, as the lab's install has them), on its REST port.
 * 3. Any Service with a port on Feast's REST registry port 6572 (`feast serve_registry
 *    --rest-api`'s default), or a port named (or targeting a pod port named) `rest`.
 * 4. A Service named like a Feast registry (`feast-registry`, or a name with both "feast" and
 *    "registry"), as the lab and hand-made deployments name it.
 *
 * Pure, for tests.
 */
import type { KubeObject } from '../../../shared/kube/object';
import type { ServicePort, ServiceSpec } from '../../platform/kube/service-discovery';

/** Feast's REST registry port. */
export const feastRestPort = 6572;
const feastRestTlsPort = 6573;
const feastGrpcPorts = new Set([6570, 6571]);

/** A Service that looks like a REST registry, its port and why. */
export interface RegistryCandidate {
  service: KubeObject;
  port: ServicePort;
  /** Whether the port serves TLS (MLDeck's port-forward speaks plain HTTP). */
  tls: boolean;
  score: number;
  /** Where it came from, in words. */
  foundBy: string;
}

const operatorType = 'feast.dev/service-type';
const operatorName = 'feast.dev/name';

const target = (p: ServicePort) =>
  typeof p.targetPort === 'number' ? p.targetPort : /^\d+$/.test(String(p.targetPort ?? '')) ? Number(p.targetPort) : undefined;
const isTls = (p: ServicePort) => p.name === 'https' || p.port === 443 || target(p) === feastRestTlsPort;

/** The port of a Service that serves the REST API, if one looks like it. */
export function restPort(ports: ServicePort[]): ServicePort | undefined {
  return (
    ports.find((p) => target(p) === feastRestPort || p.port === feastRestPort) ??
    ports.find((p) => p.name === 'rest' || p.name === 'registry-rest' || p.targetPort === 'rest') ??
    ports.find((p) => target(p) === feastRestTlsPort || p.port === feastRestTlsPort) ??
    ports.find((p) => (p.name === 'http' || p.name === 'https') && !feastGrpcPorts.has(target(p) ?? p.port)) ??
    ports.find((p) => p.port === 80 || p.port === 443) ??
    ports.find((p) => !feastGrpcPorts.has(target(p) ?? p.port) && !feastGrpcPorts.has(p.port))
  );
}

/** How much a Service looks like a Feast REST registry (0: not at all), with its port and the words. */
export function registryCandidate(svc: KubeObject): RegistryCandidate | undefined {
  const name = svc.metadata.name;
  const where = `${svc.metadata.namespace ?? 'default'}/${name}`;
  const labels = svc.metadata.labels ?? {};
  const ports = ((svc.spec ?? {}) as ServiceSpec).ports ?? [];
  if (labels[operatorType] === 'registry') {
    if (!name.endsWith('-registry-rest')) return undefined; // the operator's gRPC registry Service
    const port = ports[0];
    if (!port) return undefined;
    const store = labels[operatorName] ? ` of FeatureStore "${labels[operatorName]}"` : '';
    return {
      service: svc,
      port,
      tls: isTls(port),
      score: 3,
      foundBy: `Service ${where}: the Feast operator's REST registry Service${store} (label ${operatorType}=registry)`,
    };
  }
  if (labels['app.kubernetes.io/name'] === 'feast' && labels['app.kubernetes.io/component'] === 'registry') {
    const port = restPort(ports);
    if (port)
      return {
        service: svc,
        port,
        tls: isTls(port),
        score: 2,
        foundBy: `Service ${where}: labelled app.kubernetes.io/name=feast, app.kubernetes.io/component=registry (port ${port.port})`,
      };
  }
  const byPort = ports.find(
    (p) => target(p) === feastRestPort || p.port === feastRestPort || p.name === 'rest' || p.name === 'registry-rest' || p.targetPort === 'rest',
  );
  if (byPort)
    return {
      service: svc,
      port: byPort,
      tls: isTls(byPort),
      score: 2,
      foundBy: `Service ${where}: port ${byPort.name ? `"${byPort.name}" ` : ''}${byPort.port}${byPort.targetPort !== undefined && byPort.targetPort !== byPort.port ? ` → ${byPort.targetPort}` : ''}, Feast's REST registry port`,
    };
  const lower = name.toLowerCase();
  if (lower === 'feast-registry' || (lower.includes('feast') && lower.includes('registry'))) {
    const port = restPort(ports);
    if (!port) return undefined;
    return { service: svc, port, tls: isTls(port), score: 1, foundBy: `Service ${where}: named like a Feast registry (port ${port.port})` };
  }
  return undefined;
}

/** The registry candidates among Services, best first, then by namespace and name. */
export function registryCandidates(services: KubeObject[]): RegistryCandidate[] {
  return services
    .map(registryCandidate)
    .filter((c): c is RegistryCandidate => c !== undefined)
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.service.metadata.namespace ?? '').localeCompare(b.service.metadata.namespace ?? '') ||
        a.service.metadata.name.localeCompare(b.service.metadata.name),
    );
}
