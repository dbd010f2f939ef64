// SPDX-License-Identifier: Apache-2.0
/**
 * Finding a cluster's Feast registries: registry server Services (REST or gRPC) in every namespace,
 * or where the account may not list them all, in the namespaces it may (the context's, `feast`,
 * `kubeflow`), matched by feast-sources.ts; and registry files in object storage named by a
 * `feature_store.yaml` ConfigMap (feast-store-config.ts) in the namespaces where Feast was found or
 * looked for. A found server's Service is read back by name, with the ready pod behind it and the
 * pod port, for the connector's port-forward.
 */
import { z } from 'zod';
import { AppError, isAppError } from '../../../shared/errors';
import type { FeastProtocol, FeastRegistryFound, RegistryId } from '../../../shared/features/feast/feast.contract';
import type { KubeObject } from '../../../shared/kube/object';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { listServicesWhereAllowed, podBehind } from '../../platform/kube/service-discovery';
import { registryCandidate, registryCandidates } from './feast-sources';
import { storeConfigRegistry } from './feast-store-config';

/** The registries found in a cluster and where MLDeck looked. */
export interface FoundRegistries {
  registries: FeastRegistryFound[];
  /** "every namespace", or the namespaces MLDeck could list. */
  lookedIn: string;
}

/** The id of a registry server found as a Service. */
export const serviceRegistryId = (namespace: string, name: string, protocol: 'rest' | 'grpc' = 'rest'): RegistryId =>
  `${protocol === 'rest' ? 'svc' : 'grpc'}:${namespace}/${name}`;

/** The id of a registry file named by a ConfigMap. */
export const configMapRegistryId = (namespace: string, name: string): RegistryId => `cm:${namespace}/${name}`;

const ConfigMaps = z.object({
  items: z.array(z.looseObject({ metadata: z.looseObject({ name: z.string() }), data: z.record(z.string(), z.string()).optional() })),
});

/** The registry files named by the ConfigMaps of some namespaces (a namespace the account may not read is skipped). */
async function registryFiles(http: KubeHttp, namespaces: string[]): Promise<FeastRegistryFound[]> {
  const out: FeastRegistryFound[] = [];
  for (const ns of namespaces) {
    let items: (KubeObject & { data?: Record<string, string> })[];
    try {
      items = (await http.request({ path: `/api/v1/namespaces/${encodeURIComponent(ns)}/configmaps`, timeoutMs: 10_000 }, ConfigMaps)).items as typeof items;
    } catch (e) {
      if (isAppError(e) && (e.code === 'forbidden' || e.code === 'not-found')) continue;
      throw e;
    }
    for (const cm of items) {
      const found = storeConfigRegistry(cm.data ?? {});
      if (!found) continue;
      out.push({
        id: configMapRegistryId(ns, cm.metadata.name),
        label: found.uri,
        protocol: 'file',
        foundBy: `ConfigMap ${ns}/${cm.metadata.name}: ${found.key} names the registry file ${found.uri}`,
      });
    }
  }
  return out;
}

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
  const candidates = registryCandidates(listed.items);
  const servers = candidates.map((c) => {
    const ns = c.service.metadata.namespace ?? 'default';
    return {
      id: serviceRegistryId(ns, c.service.metadata.name, c.protocol),
      label: `${ns}/${c.service.metadata.name}`,
      protocol: c.protocol,
      foundBy: c.foundBy,
    };
  });
  const namespaces = [...new Set([...candidates.map((c) => c.service.metadata.namespace ?? 'default'), ...fallbackNamespaces.filter(Boolean)])].sort();
  return { registries: [...servers, ...(await registryFiles(http, namespaces))], lookedIn };
}

/** Where a found registry server is served. */
export interface RegistryTarget {
  namespace: string;
  service: string;
  pod: string;
  podPort: number;
}

/**
 * Reads a registry server's Service back and finds the ready pod behind its port.
 * @throws AppError `not-found` (the Service is gone or no longer a registry of that protocol), `unavailable` (no ready pod, TLS), others from the API
 */
export async function registryTarget(
  http: KubeHttp,
  namespace: string,
  name: string,
  protocol: Exclude<FeastProtocol, 'file'> = 'rest',
): Promise<RegistryTarget> {
  const label = `${namespace}/${name}`;
  const api = protocol === 'rest' ? 'REST' : 'gRPC';
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
  if (!c || c.protocol !== protocol)
    throw new AppError('not-found', `The Service ${label} no longer looks like a Feast ${api} registry (no ${api} port).`, undefined, false);
  if (c.tls)
    throw new AppError(
      'unavailable',
      `The Feast registry ${label} serves ${api} over TLS on port ${c.port.port}; MLDeck's port-forward speaks plain ${protocol === 'rest' ? 'HTTP' : 'gRPC'} to it.${protocol === 'rest' ? " Set the registry's URL in this cluster's Feast settings instead." : ''}`,
      undefined,
      false,
    );
  const behind = await podBehind(http, svc, c.port);
  if (!behind) throw new AppError('unavailable', `The Feast registry is not running: no ready pod behind the Service ${label}.`, undefined, true);
  if (!behind.podPort)
    throw new AppError('unavailable', `The Service ${label} targets a port its pod ${behind.pod.metadata.name} does not have.`, undefined, false);
  return { namespace, service: name, pod: behind.pod.metadata.name, podPort: behind.podPort };
}
