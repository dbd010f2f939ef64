// SPDX-License-Identifier: Apache-2.0
/**
 * How MLDeck reaches a cluster's KFP: through the cluster's Kubeflow gateway when one is set
 * (`<gateway>/pipeline`, the user's gateway token as a bearer token; the gateway says who the
 * user is), else through the in-cluster connector's port-forward to the `ml-pipeline` Service.
 * `healthz` says whether the server is multi-user; then MLDeck acts as the Kubeflow user of the
 * pipelines settings (the user id header, only when reaching the server directly) in that user's
 * profile namespaces.
 */
import { AppError } from '../../../shared/errors';
import type { NamespaceRefusal } from '../../../shared/features/pipelines/pipelines.contract';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import type { InClusterConnector } from '../../platform/kube/in-cluster-connector';
import type { PortForwardTarget } from '../../platform/kube/port-forward';
import type { KubeflowGatewaySource } from '../../platform/kubeflow-gateway';
import { isSnapshotId } from '../../platform/snapshots/snapshot-registry';
import { KfpClient } from './kfp-client';
import { discoverKfp } from './kfp-discovery';
import { userNamespaces } from './kfp-profiles';
import type { PipelinesSettingsStore } from './pipelines-settings';

type LiveOrigin = { kind: 'port-forward'; namespace: string; service: string; pod: string; port: number } | { kind: 'gateway'; url: string };

/** A way to one cluster's KFP, kept between calls. */
export interface KfpAccess {
  client: KfpClient;
  origin: LiveOrigin;
  forward: PortForwardTarget | undefined;
  multiUser: boolean;
  /** The Kubeflow user acted as ('' on a single-user KFP). */
  userId: string;
  /** The user's profile namespaces (multi-user). */
  namespaces: string[];
  /** Profiles that are not the user's, with why. */
  refused: NamespaceRefusal[];
}

/** Makes {@link KfpAccess}es. */
export class KfpAccessMaker {
  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly connector: InClusterConnector,
    private readonly gateways: KubeflowGatewaySource,
    private readonly settings: PipelinesSettingsStore,
    private readonly timeoutMs: number,
  ) {}

  /**
   * Connects and asks KFP whether it is multi-user.
   * @throws AppError: `not-found` when KFP is not installed, `unauthenticated` for a multi-user KFP
   *   without a user set, others from the cluster or KFP
   */
  async make(clusterId: string): Promise<KfpAccess> {
    if (isSnapshotId(clusterId)) throw new AppError('unavailable', 'A snapshot holds no pipelines; open the cluster itself.', undefined, false);
    const gw = await this.gateways.gateway(clusterId);
    const { userId } = await this.settings.get(clusterId);
    if (gw) {
      const url = `${gw.url}/pipeline`;
      const auth: Record<string, string> = gw.token ? { Authorization: `Bearer ${gw.token}` } : {};
      const client = new KfpClient(this.connector.url(url), `KFP at ${url}`, auth, 'gateway', this.timeoutMs);
      const health = await client.get<{ multi_user?: boolean }>('/healthz');
      return this.finish(clusterId, client, { kind: 'gateway', url }, undefined, !!health.multi_user, userId);
    }
    const http = await this.clusters.http(clusterId);
    const t = await discoverKfp(http, this.fallbackNamespaces(clusterId));
    const forward = { namespace: t.namespace, pod: t.pod, port: t.podPort };
    const route = await this.connector.pod(clusterId, forward);
    const label = `KFP (port-forward to ${t.namespace}/${t.service})`;
    const health = await new KfpClient(route, label, {}, 'direct', this.timeoutMs).get<{ multi_user?: boolean }>('/healthz');
    // the user id header only where the server reads it: a single-user KFP gets none
    const headers = health.multi_user && userId ? { [t.userIdHeader]: `${t.userIdPrefix}${userId}` } : {};
    const client = new KfpClient(route, label, headers, 'direct', this.timeoutMs);
    const origin: LiveOrigin = { kind: 'port-forward', namespace: t.namespace, service: t.service, pod: t.pod, port: t.podPort };
    return this.finish(clusterId, client, origin, forward, !!health.multi_user, userId);
  }

  private async finish(
    clusterId: string,
    client: KfpClient,
    origin: LiveOrigin,
    forward: PortForwardTarget | undefined,
    multiUser: boolean,
    userId: string,
  ): Promise<KfpAccess> {
    if (!multiUser) return { client, origin, forward, multiUser, userId: '', namespaces: [], refused: [] };
    if (!userId) {
      // the forward stays (shared with calls in flight); the connector closes it when idle
      throw new AppError(
        'unauthenticated',
        `${client.label} is multi-user: set the Kubeflow user MLDeck acts as (your e-mail as Kubeflow knows it) in the pipelines settings of this cluster.`,
        undefined,
        false,
        'kfp',
      );
    }
    const mine = await userNamespaces(await this.clusters.http(clusterId), userId);
    return { client, origin, forward, multiUser, userId, ...mine };
  }

  /** Closes the port-forward an access used (the next request opens a new one). */
  release(clusterId: string, a: KfpAccess): void {
    if (a.forward) this.connector.close(clusterId, a.forward);
  }

  private fallbackNamespaces(clusterId: string): string[] {
    let ns: string | undefined;
    try {
      ns = this.clusters.get(clusterId).entry.namespace;
    } catch {
      ns = undefined; // the context went away; kubeflow is still tried
    }
    return [ns ?? '', 'kubeflow'];
  }
}
