// SPDX-License-Identifier: Apache-2.0
/**
 * How main reaches a store found in a cluster: a URL endpoint through the connector's URL route
 * (the proxy rule applies), or an in-cluster Service read back by uid (so a Service made again
 * under the pinned name is refused) through a port-forward to the ready pod behind it.
 */
import { AppError } from '../../../shared/errors';
import type { InClusterConnector } from '../kube/in-cluster-connector';
import type { KubeHttp } from '../kube/kube-http';
import { podBehind, readPinnedService, type ServicePort } from '../kube/service-discovery';
import type { HttpRoute } from '../net/http-route';
import type { StoreReach } from './store-source';

/** Where clusters' HTTP clients come from. */
export interface ClusterHttpSource {
  http(clusterId: string): Promise<KubeHttp>;
}

/**
 * The route to a store.
 * @throws AppError('unavailable') when the Service lost the port or no pod runs behind it
 */
export async function storeRoute(clusters: ClusterHttpSource, connector: InClusterConnector, clusterId: string, reach: StoreReach): Promise<HttpRoute> {
  if (reach.kind === 'url') return connector.url(reach.url);
  const { namespace, name, uid, port } = reach;
  const http = await clusters.http(clusterId);
  const svc = await readPinnedService(http, { namespace, name, uid }, 'object store');
  const sp = ((svc.spec ?? {}) as { ports?: ServicePort[] }).ports?.find((p) => p.port === port);
  if (!sp) throw new AppError('unavailable', `The Service ${namespace}/${name} has no port ${port} any more.`);
  const behind = await podBehind(http, svc, sp);
  if (!behind?.podPort) throw new AppError('unavailable', `No Running pod is behind the Service ${namespace}/${name}.`, undefined, true);
  return connector.pod(clusterId, { namespace, pod: behind.pod.metadata.name, port: behind.podPort });
}
