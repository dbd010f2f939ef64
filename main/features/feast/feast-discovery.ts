// SPDX-License-Identifier: Apache-2.0
/**
 * Finding a cluster's Feast REST registry servers: Services in every namespace, or where the
 * account may not list them all, in the namespaces it may (the context's, `feast`, `kubeflow`),
 * matched by feast-sources.ts; and a found registry's Service read back by name, with the ready
 * pod behind it and the pod port its REST port targets, for the connector's port-forward.
 */
import { AppError } from '../../../shared/errors';
import type { FeastRegistryFound, RegistryId } from '../../../shared/features/feast/feast.contract';
import type { KubeObject } from '../../../shared/kube/object';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { listServicesWhereAllowed, podBehind } from '../../platform/kube/service-discovery';
import { registryCandidate, registryCandidates } from './feast-sources';

/** The registries found in a cluster and where MLDeck looked. */
export interface FoundRegistries {
  registries: FeastRegistryFound[];
  /** "every namespace", or the namespaces MLDeck could list. */
  lookedIn: string;
}

/** The id of a registry found as a Service. */
export const serviceRegistryId = (namespace: string, name: string): RegistryId => `svc:${namespace}/${name}`;

/**
 * Lists the registries of a cluster.
 * @throws AppError `forbidden` when no namespace can be listed; others from the API
 */
export async function discoverRegistries(http: KubeHttp, fallbackNamespaces: string[]): Promise<FoundRegistries> {
  const listed = await listServicesWhereAllowed(http, fallbackNamespaces, 'Feast registries');
  const lookedIn =
    listed.scope === 'all'
      ? 'every namespace'
      : `${listed.scope.join(', ')} only (your account may not list Services in every namespace; set a registry URL to read one elsewhere)`;
  const registries = registryCandidates(listed.items).map((c) => {
    const ns = c.service.metadata.namespace ?? 'default';
    return { id: serviceRegistryId(ns, c.service.metadata.name), label: `${ns}/${c.service.metadata.name}`, foundBy: c.foundBy };
  });
  return { registries, lookedIn };
}

/** Where a found registry's REST API is served. */
export interface RegistryTarget {
  namespace: string;
  service: string;
  pod: string;
  podPort: number;
}

/**
 * Reads a registry's Service back and finds the ready pod behind its REST port.
 * @throws AppError `not-found` (the Service is gone or no longer a registry), `unavailable` (no ready pod, TLS), others from the API
 */
export async function registryTarget(http: KubeHttp, namespace: string, name: string): Promise<RegistryTarget> {
  const label = `${namespace}/${name}`;
  let svc: KubeObject;
  try {
    svc = await http.request<KubeObject>({
      path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/services/${encodeURIComponent(name)}`,
      timeoutMs: 10_000,
    });
  } catch (e) {
    if (e instanceof AppError && e.code === 'not-found') throw new AppError('not-found', `The Feast registry Service ${label} is gone.`, undefined, false);
    throw e;
  }
  const c = registryCandidate(svc);
  if (!c) throw new AppError('not-found', `The Service ${label} no longer looks like a Feast REST registry (no REST port).`, undefined, false);
  if (c.tls)
    throw new AppError(
      'unavailable',
      `The Feast registry ${label} serves HTTPS on port ${c.port.port}; MLDeck's port-forward speaks plain HTTP to it. Set the registry's URL in this cluster's Feast settings instead.`,
      undefined,
      false,
    );
  const behind = await podBehind(http, svc, c.port);
  if (!behind) throw new AppError('unavailable', `The Feast registry is not running: no ready pod behind the Service ${label}.`, undefined, true);
  if (!behind.podPort)
    throw new AppError('unavailable', `The Service ${label} targets a port its pod ${behind.pod.metadata.name} does not have.`, undefined, false);
  return { namespace, service: name, pod: behind.pod.metadata.name, podPort: behind.podPort };
}
