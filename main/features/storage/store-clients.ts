// SPDX-License-Identifier: Apache-2.0
/**
 * S3 clients for saved connections, made by the platform's factory and kept per connection: a
 * URL endpoint through the connector's URL route (the proxy rule applies), an in-cluster Service
 * (read back by uid, so a Service made again under the pinned name is refused) through a
 * port-forward to the ready pod behind it. A client is dropped when its connection changes.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import type { Disposable } from '../../../shared/lifecycle';
import type { InClusterConnector } from '../../platform/kube/in-cluster-connector';
import { makeS3Client } from '../../platform/object-store/s3-client';
import { storeRoute, type ClusterHttpSource } from '../../platform/object-store/store-route';
import { profileCredentials } from './aws-profiles';
import type { ResolvedStore, StoreConnectionsFile } from './store-connections';
import { reachLabel } from './store-sources';

/** A client with the words naming its store. */
export interface StoreClient {
  client: S3Client;
  store: string;
  resolved: ResolvedStore;
  /** The route's base URL: where presigned links point (a URL endpoint only). */
  baseUrl: string;
}

export type { ClusterHttpSource } from '../../platform/object-store/store-route';

/** The clients. */
export class StoreClients implements Disposable {
  private readonly made = new Map<string, Promise<StoreClient>>();

  constructor(
    private readonly clusters: ClusterHttpSource,
    private readonly connector: InClusterConnector,
    private readonly connections: StoreConnectionsFile,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {}

  /** The client of a saved connection. */
  get(clusterId: string, connectionId: string): Promise<StoreClient> {
    const key = `${clusterId}\n${connectionId}`;
    let p = this.made.get(key);
    if (!p) {
      p = this.make(clusterId, connectionId);
      this.made.set(key, p);
      p.catch(() => {
        if (this.made.get(key) === p) this.made.delete(key);
      });
    }
    return p;
  }

  /** Forgets a connection's client (after it was saved again or removed). */
  drop(clusterId: string, connectionId?: string): void {
    for (const [k, p] of this.made)
      if (k === `${clusterId}\n${connectionId}` || (connectionId === undefined && k.startsWith(`${clusterId}\n`))) {
        this.made.delete(k);
        void p.then((c) => c.client.destroy()).catch(() => undefined);
      }
  }

  dispose(): void {
    for (const k of [...this.made.keys()]) this.drop(k.split('\n')[0] ?? '', k.split('\n')[1]);
  }

  private async make(clusterId: string, connectionId: string): Promise<StoreClient> {
    const resolved = await this.connections.resolve(clusterId, connectionId);
    const route = await storeRoute(this.clusters, this.connector, clusterId, resolved.reach);
    const credentials =
      resolved.auth === 'keys' && resolved.keys ? resolved.keys : resolved.auth === 'profile' ? profileCredentials(resolved.profile, this.env) : 'anonymous';
    const endpoint = resolved.reach.kind === 'url' ? resolved.reach.url : route.baseUrl;
    const client = makeS3Client({ endpoint, region: resolved.region, credentials, forcePathStyle: resolved.pathStyle }, route);
    return { client, store: `"${resolved.name}" (${reachLabel(resolved.reach)})`, resolved, baseUrl: route.baseUrl };
  }
}
