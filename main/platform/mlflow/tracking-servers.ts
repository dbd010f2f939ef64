// SPDX-License-Identifier: Apache-2.0
/**
 * Every MLflow tracking server MLDeck knows, and one connection to each: a cluster's server as its
 * MLflow settings say (the in-cluster Service the user confirmed, through a port-forward, or the
 * URL set for the cluster, with its credentials), and saved URLs (no credentials). Each call runs
 * through {@link TrackingServers.call}: when MLflow was not reached, the connection is dropped and
 * the call (a read) is made once more on a fresh connection (a new port-forward). The registry,
 * the MLflow feature and the comparison each hold their own instance; nothing is sent to an
 * unconfirmed Service.
 */
import { AppError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';
import { trackingServerId, type TrackingServer, type TrackingServerRef, type TrackingServerWhere } from '../../../shared/features/mlflow/tracking-types';
import type { ClusterRegistry } from '../kube/cluster-registry';
import type { InClusterConnector } from '../kube/in-cluster-connector';
import { AccessPool } from '../kube/access-pool';
import { isSnapshotId } from '../snapshots/snapshot-registry';
import { MlflowAccessMaker, type Access } from './mlflow-access';
import { MlflowClient, MlflowUnreachable } from './mlflow-client';
import type { MlflowSettingsSource, ResolvedSettings } from './mlflow-settings';

/** Saved tracking-server URLs (besides the clusters'). */
export interface SavedTrackingUrls {
  urls(): Promise<string[]>;
}

/** A server connected: its identity (where it was reached) and calls on it. */
export interface OpenServer {
  server: TrackingServer;
  /** The server's artifact store (`--artifacts-destination`, from the settings or the pod), '' when unknown. */
  artifactStore: string;
  /** Runs MLflow calls; a server not reached drops the connection (the next call reconnects). */
  call<T>(op: (c: MlflowClient) => Promise<T>): Promise<T>;
}

/** The servers and their connections. */
export class TrackingServers implements Disposable {
  private readonly maker: MlflowAccessMaker;
  private readonly pool: AccessPool<Access>;
  private readonly urlClients = new Map<string, MlflowClient>();

  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly settings: MlflowSettingsSource,
    private readonly connector: InClusterConnector,
    private readonly saved: SavedTrackingUrls = { urls: () => Promise.resolve([]) },
    private readonly timeoutMs = 20_000,
  ) {
    this.maker = new MlflowAccessMaker(clusters, settings, connector, timeoutMs);
    this.pool = new AccessPool(this.maker);
  }

  /**
   * Every server MLDeck knows, without contacting any: each cluster (snapshots excepted) as its
   * settings say, then the saved URLs.
   */
  async list(): Promise<TrackingServer[]> {
    const out: TrackingServer[] = [];
    for (const { entry } of this.clusters.contexts()) {
      if (isSnapshotId(entry.id)) continue;
      let where: TrackingServerWhere;
      try {
        const s = await this.settings.resolve(entry.id);
        where =
          s.mode === 'url'
            ? { kind: 'url', url: s.url.replace(/\/+$/, '') }
            : s.pin
              ? { kind: 'port-forward', namespace: s.pin.namespace, service: s.pin.name, pod: undefined, port: undefined }
              : { kind: 'unconfirmed' };
      } catch {
        where = { kind: 'unconfirmed' }; // sealed secrets this host cannot open: the settings ask again
      }
      out.push(this.identity({ kind: 'cluster', clusterId: entry.id }, entry.name, where));
    }
    for (const url of await this.saved.urls()) out.push(this.identity({ kind: 'url', url }, undefined, { kind: 'url', url }));
    return out;
  }

  /**
   * Connects to a server (or reuses the connection).
   * @throws AppError `unavailable` for a cluster whose MLflow is not confirmed (naming what was found),
   *   `not-found` for a cluster MLDeck no longer knows, others from the cluster
   */
  async open(ref: TrackingServerRef): Promise<OpenServer> {
    if (ref.kind === 'url') {
      const url = ref.url.replace(/\/+$/, '');
      let client = this.urlClients.get(url);
      if (!client) {
        client = new MlflowClient(this.connector.url(url), `MLflow at ${url}`, { kind: 'none' }, this.timeoutMs);
        this.urlClients.set(url, client);
      }
      const c = client;
      return { server: this.identity({ kind: 'url', url }, undefined, { kind: 'url', url }), artifactStore: '', call: (op) => op(c) };
    }
    const clusterId = ref.clusterId;
    const name = this.clusters.get(clusterId).entry.name;
    if (isSnapshotId(clusterId)) throw new AppError('unavailable', 'A snapshot holds no MLflow tracking server.');
    let a = await this.pool.get(clusterId);
    // the settings may have changed since (another feature saved them): connect as they say now
    if (!sameTarget(a.settings, await this.settings.resolve(clusterId))) {
      this.pool.forget(clusterId);
      a = await this.pool.get(clusterId);
    }
    const where: TrackingServerWhere =
      a.origin.kind === 'url'
        ? { kind: 'url', url: a.origin.url }
        : { kind: 'port-forward', namespace: a.origin.namespace, service: a.origin.service, pod: a.origin.pod, port: a.origin.port };
    return {
      server: this.identity(ref, name, where),
      artifactStore: a.settings.artifactStore,
      call: async (op) => {
        try {
          return await op(a.client);
        } catch (e) {
          if (!(e instanceof MlflowUnreachable)) throw e;
          if (this.pool.has(clusterId)) this.pool.forget(clusterId);
          // every tracking call is a read: once more on a fresh connection (a port-forward's
          // stream to the server can break under it, e.g. a kept-alive connection closed by the server)
          if (e.code === 'timeout') throw e;
          const again = await this.pool.get(clusterId);
          try {
            return await op(again.client);
          } catch (e2) {
            if (e2 instanceof MlflowUnreachable && this.pool.has(clusterId)) this.pool.forget(clusterId);
            throw e2;
          }
        }
      },
    };
  }

  /** Connects and runs one call. */
  async call<T>(ref: TrackingServerRef, op: (c: MlflowClient) => Promise<T>): Promise<{ server: TrackingServer; value: T }> {
    const s = await this.open(ref);
    return { server: s.server, value: await s.call(op) };
  }

  /** Drops a cluster's connection (its settings changed). */
  forget(clusterId: string): void {
    this.pool.forget(clusterId);
  }

  dispose(): void {
    this.pool.clear();
    this.urlClients.clear();
  }

  private identity(ref: TrackingServerRef, clusterName: string | undefined, where: TrackingServerWhere): TrackingServer {
    const place = where.kind === 'url' ? where.url : where.kind === 'port-forward' ? `${where.namespace}/${where.service}` : 'MLflow not confirmed';
    return {
      id: trackingServerId(ref),
      ref,
      label: clusterName ? `${clusterName} · ${place}` : place,
      clusterId: ref.kind === 'cluster' ? ref.clusterId : undefined,
      clusterName,
      where,
    };
  }
}

/** Whether a connection made with `a` still goes where the settings `b` say, with the same credentials. */
function sameTarget(a: ResolvedSettings, b: ResolvedSettings): boolean {
  return a.mode === b.mode && a.url === b.url && a.pin?.uid === b.pin?.uid && JSON.stringify(a.auth) === JSON.stringify(b.auth);
}
