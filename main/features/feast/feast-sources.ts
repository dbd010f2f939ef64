// SPDX-License-Identifier: Apache-2.0
/**
 * Which Services are Feast registry servers, REST or gRPC, and the words saying why. Matched, best
 * first:
 *
 * 1. The Feast operator's registry Services, labelled `feast.dev/service-type: registry`: REST
 *    `feast-<store>-registry-rest` (port `http` 80 or `https` 443 → the pod's 6572/6573), gRPC
 *    `feast-<store>-registry` (→ 6570/6571).
 * 2. A Service labelled `app.kubernetes.io/name=feast` and `app.kubernetes.io/component=registry`
 *    (the Kubernetes recommended labels, as the lab's install has them), on its REST port, else
 *    its gRPC port.
 * 3. Any Service with a port on Feast's REST registry port 6572 (`feast serve_registry
 *    --rest-api`'s default) or named (or targeting a pod port named) `rest`.
 * 4. A Service named like a Feast registry (`feast-registry`, or a name with both "feast" and
 *    "registry"), as the lab and hand-made deployments name it: its REST port, else its gRPC one.
 * 5. Any Service with a port on Feast's gRPC registry port 6570 (or targeting a pod port `grpc`).
 *
 * One server is read once: a gRPC Service in front of the same pods as a REST one (the same
 * selector in the same namespace, or the operator's twins of one FeatureStore) is left out, the
 * REST one read. Pure, for tests.
 */
import type { FeastProtocol } from '../../../shared/features/feast/feast.contract';
import type { KubeObject } from '../../../shared/kube/object';
import type { ServicePort, ServiceSpec } from '../../platform/kube/service-discovery';

/** Feast's REST registry port. */
export const feastRestPort = 6572;
const feastRestTlsPort = 6573;
/** Feast's gRPC registry port. */
export const feastGrpcPort = 6570;
const feastGrpcTlsPort = 6571;
const feastGrpcPorts = new Set([feastGrpcPort, feastGrpcTlsPort]);

/** A Service that looks like a registry server, its port, how it is read, and why. */
export interface RegistryCandidate {
  service: KubeObject;
  port: ServicePort;
  protocol: Exclude<FeastProtocol, 'file'>;
  /** Whether the port serves TLS (MLDeck's port-forward speaks plain HTTP and plain gRPC). */
  tls: boolean;
  score: number;
  /** Where it came from, in words. */
  foundBy: string;
}

const operatorType = 'feast.dev/service-type';
const operatorName = 'feast.dev/name';

const target = (p: ServicePort) =>
  typeof p.targetPort === 'number' ? p.targetPort : /^\d+$/.test(String(p.targetPort ?? '')) ? Number(p.targetPort) : undefined;
const isGrpc = (p: ServicePort) =>
  feastGrpcPorts.has(target(p) ?? p.port) ||
  feastGrpcPorts.has(p.port) ||
  ['grpc', 'registry-grpc', 'grpc-tls'].includes(p.name ?? '') ||
  p.targetPort === 'grpc';
const isTls = (p: ServicePort) =>
  p.name === 'https' || p.name === 'grpc-tls' || p.port === 443 || target(p) === feastRestTlsPort || target(p) === feastGrpcTlsPort;

/** The port of a Service that serves the REST API, if one looks like it. */
export function restPort(ports: ServicePort[]): ServicePort | undefined {
  return (
    ports.find((p) => target(p) === feastRestPort || p.port === feastRestPort) ??
    ports.find((p) => p.name === 'rest' || p.name === 'registry-rest' || p.targetPort === 'rest') ??
    ports.find((p) => target(p) === feastRestTlsPort || p.port === feastRestTlsPort) ??
    ports.find((p) => (p.name === 'http' || p.name === 'https') && !isGrpc(p)) ??
    ports.find((p) => (p.port === 80 || p.port === 443) && !isGrpc(p)) ??
    ports.find((p) => !isGrpc(p))
  );
}

/** The port of a Service that serves the gRPC RegistryServer, if one looks like it. */
export function grpcPort(ports: ServicePort[]): ServicePort | undefined {
  return ports.find((p) => target(p) === feastGrpcPort || p.port === feastGrpcPort) ?? ports.find(isGrpc);
}

const portWords = (p: ServicePort) =>
  `port ${p.name ? `"${p.name}" ` : ''}${p.port}${p.targetPort !== undefined && p.targetPort !== p.port ? ` → ${p.targetPort}` : ''}`;

/** How much a Service looks like a Feast registry server (undefined: not at all), with its port and the words. */
export function registryCandidate(svc: KubeObject): RegistryCandidate | undefined {
  const name = svc.metadata.name;
  const where = `${svc.metadata.namespace ?? 'default'}/${name}`;
  const labels = svc.metadata.labels ?? {};
  const ports = ((svc.spec ?? {}) as ServiceSpec).ports ?? [];
  const make = (port: ServicePort, protocol: 'rest' | 'grpc', score: number, foundBy: string): RegistryCandidate => ({
    service: svc,
    port,
    protocol,
    tls: isTls(port),
    score,
    foundBy,
  });
  if (labels[operatorType] === 'registry') {
    const port = ports[0];
    if (!port) return undefined;
    const store = labels[operatorName] ? ` of FeatureStore "${labels[operatorName]}"` : '';
    const rest = name.endsWith('-registry-rest');
    return make(
      port,
      rest ? 'rest' : 'grpc',
      3,
      `Service ${where}: the Feast operator's ${rest ? 'REST' : 'gRPC'} registry Service${store} (label ${operatorType}=registry)`,
    );
  }
  if (labels['app.kubernetes.io/name'] === 'feast' && labels['app.kubernetes.io/component'] === 'registry') {
    const rest = restPort(ports);
    const grpc = rest ? undefined : grpcPort(ports);
    const port = rest ?? grpc;
    if (port)
      return make(
        port,
        rest ? 'rest' : 'grpc',
        2,
        `Service ${where}: labelled app.kubernetes.io/name=feast, app.kubernetes.io/component=registry (${rest ? '' : 'gRPC, '}port ${port.port})`,
      );
  }
  const byRest = ports.find(
    (p) => target(p) === feastRestPort || p.port === feastRestPort || p.name === 'rest' || p.name === 'registry-rest' || p.targetPort === 'rest',
  );
  if (byRest) return make(byRest, 'rest', 2, `Service ${where}: ${portWords(byRest)}, Feast's REST registry port`);
  const lower = name.toLowerCase();
  if (lower === 'feast-registry' || (lower.includes('feast') && lower.includes('registry'))) {
    const rest = restPort(ports);
    const port = rest ?? grpcPort(ports);
    if (!port) return undefined;
    return make(port, rest ? 'rest' : 'grpc', 1, `Service ${where}: named like a Feast registry (${rest ? '' : 'gRPC, '}port ${port.port})`);
  }
  const byGrpc = ports.find((p) => target(p) === feastGrpcPort || p.port === feastGrpcPort || p.targetPort === 'grpc');
  if (byGrpc) return make(byGrpc, 'grpc', 2, `Service ${where}: ${portWords(byGrpc)}, Feast's gRPC registry port`);
  return undefined;
}

/** What makes two Services front the same server: the operator's store, else the selector. */
function serverKey(c: RegistryCandidate): string | undefined {
  const ns = c.service.metadata.namespace ?? 'default';
  const store = c.service.metadata.labels?.[operatorName];
  if (c.service.metadata.labels?.[operatorType] === 'registry' && store) return `${ns}\nstore\n${store}`;
  const selector = ((c.service.spec ?? {}) as ServiceSpec).selector;
  if (!selector || Object.keys(selector).length === 0) return undefined;
  return `${ns}\nselector\n${JSON.stringify(Object.entries(selector).sort(([a], [b]) => a.localeCompare(b)))}`;
}

/** The registry candidates among Services, best first, then by namespace and name; a REST Service's gRPC twin left out. */
export function registryCandidates(services: KubeObject[]): RegistryCandidate[] {
  const all = services.map(registryCandidate).filter((c): c is RegistryCandidate => c !== undefined);
  const restServers = new Set(all.filter((c) => c.protocol === 'rest').map(serverKey));
  return all
    .filter((c) => c.protocol === 'rest' || !restServers.has(serverKey(c)) || serverKey(c) === undefined)
    .sort(
      (a, b) =>
        b.score - a.score ||
        (a.service.metadata.namespace ?? '').localeCompare(b.service.metadata.namespace ?? '') ||
        a.service.metadata.name.localeCompare(b.service.metadata.name),
    );
}
