// SPDX-License-Identifier: Apache-2.0
/**
 * How MLDeck reaches one Feast registry of a cluster: the URL in the cluster's Feast settings
 * (through the proxy rule), or a found registry Service through the in-cluster connector's
 * port-forward to the ready pod behind it. Kept per cluster and registry in an AccessPool whose
 * key is both ({@link accessKey}).
 */
import { AppError } from '../../../shared/errors';
import type { FeastOrigin, RegistryId } from '../../../shared/features/feast/feast.contract';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import type { InClusterConnector } from '../../platform/kube/in-cluster-connector';
import type { AccessMaker } from '../../platform/kube/access-pool';
import type { PortForwardTarget } from '../../platform/kube/port-forward';
import { isSnapshotId } from '../../platform/snapshots/snapshot-registry';
import { FeastClient } from './feast-client';
import { registryTarget } from './feast-discovery';
import type { FeastSettingsStore } from './feast-settings';

/** A way to one registry, kept between calls. */
export interface FeastAccess {
  client: FeastClient;
  origin: Exclude<FeastOrigin, { kind: 'cache' }>;
  forward: PortForwardTarget | undefined;
}

/** The pool key of a cluster's registry. */
export const accessKey = (clusterId: string, registryId: RegistryId) => `${clusterId}\n${registryId}`;

const splitKey = (key: string): { clusterId: string; registryId: string } => {
  const i = key.lastIndexOf('\n');
  return { clusterId: key.slice(0, i), registryId: key.slice(i + 1) };
};

/** Makes {@link FeastAccess}es for pool keys. */
export class FeastAccessMaker implements AccessMaker<FeastAccess> {
  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly connector: InClusterConnector,
    private readonly settings: FeastSettingsStore,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Connects to a registry (nothing is asked of it yet).
   * @throws AppError: `not-found` for a registry that is not there, `unavailable` for no ready pod, others from the cluster
   */
  async make(key: string): Promise<FeastAccess> {
    const { clusterId, registryId } = splitKey(key);
    if (isSnapshotId(clusterId)) throw new AppError('unavailable', 'A snapshot holds no Feast registry; open the cluster itself.', undefined, false);
    if (registryId === 'url') {
      const { url } = await this.settings.get(clusterId);
      if (!url) throw new AppError('not-found', 'No Feast registry URL is set for this cluster.', undefined, false);
      return {
        client: new FeastClient(this.connector.url(url), `The Feast registry at ${url}`, this.timeoutMs),
        origin: { kind: 'url', url },
        forward: undefined,
      };
    }
    const m = /^svc:([^/]+)\/(.+)$/.exec(registryId);
    if (!m) throw new AppError('validation', `Not a Feast registry id: ${registryId}.`);
    const [, namespace = '', service = ''] = m;
    const t = await registryTarget(await this.clusters.http(clusterId), namespace, service);
    const forward = { namespace: t.namespace, pod: t.pod, port: t.podPort };
    const route = await this.connector.pod(clusterId, forward);
    return {
      client: new FeastClient(route, `The Feast registry ${namespace}/${service}`, this.timeoutMs),
      origin: { kind: 'port-forward', namespace: t.namespace, service: t.service, pod: t.pod, port: t.podPort },
      forward,
    };
  }

  /** Closes the port-forward an access used (the next request opens a new one). */
  release(key: string, a: FeastAccess): void {
    if (a.forward) this.connector.close(splitKey(key).clusterId, a.forward);
  }
}
