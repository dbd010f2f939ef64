// SPDX-License-Identifier: Apache-2.0
/**
 * Every MLflow tracking server MLDeck knows, and one connection to each: a cluster's server as its
 * MLflow settings say (the in-cluster Service the user confirmed, through a port-forward, or the
 * URL set for the cluster, with its credentials), and the servers saved by URL (with their own
 * credentials, saved-tracking-servers.ts). Each call runs through {@link TrackingServers.call}:
 * when MLflow was not reached, the connection is dropped and the call (a read) is made once more
 * on a fresh connection (a new port-forward). The registry, the MLflow feature and the comparison
 * each hold their own instance over the same saved servers; nothing is sent to an unconfirmed
 * Service, nor to a URL that is not saved.
 */
import { AppError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';
import { trackingServerId, type TrackingServer, type TrackingServerRef, type TrackingServerWhere } from '../../../shared/features/mlflow/tracking-types';
import type { ClusterRegistry } from '../kube/cluster-registry';
import type { InClusterConnector } from '../kube/in-cluster-connector';
import { AccessPool } from '../kube/access-pool';
import { isSnapshotId } from '../snapshots/snapshot-registry';
import { MlflowAccessMaker, type Access } from './mlflow-access';
import { MlflowClient, MlflowUnreachable, type MlflowAuth } from './mlflow-client';
import type { MlflowSettingsSource, ResolvedSettings } from './mlflow-settings';
import type { SavedServerView, SavedTrackingServers } from './saved-tracking-servers';
import { checkTrackingServer } from './tracking-probe';

/** The saved servers when none can be saved (tests of the clusters' servers only). */
export const noSavedServers: SavedTrackingServers = {
  list: () => Promise.resolve([]),
  resolve: () => Promise.resolve(undefined),
  save: () => Promise.reject(new AppError('unavailable', 'Tracking servers cannot be saved here.')),
  remove: () => Promise.resolve(false),
};

/**
 * A URL as a saved server's key: parsed, http or https, no credentials, query or fragment; the
 * host as URL parsing writes it (lower case, default port dropped), no trailing slash.
 * @returns the URL, or the problem in words
 */
export function savedServerUrl(raw: string): { url: string } | { problem: string } {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return { problem: `"${raw.trim()}" is not a URL: enter http:// or https:// and the host, e.g. https://mlflow.example.com` };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return { problem: `Only http:// and https:// tracking servers can be added, not ${u.protocol}//.` };
  if (u.username || u.password) return { problem: 'Put the user name and password in the sign-in fields, not in the URL.' };
  if (u.search || u.hash) return { problem: 'Leave out the query and fragment: give the base URL MLflow serves /api/2.0 under.' };
  if (!u.hostname) return { problem: 'The URL needs a host name.' };
  return { url: `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}` };
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
  /** One client per saved URL, made again when its credentials change. */
  private readonly urlClients = new Map<string, { client: MlflowClient; auth: MlflowAuth }>();

  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly settings: MlflowSettingsSource,
    private readonly connector: InClusterConnector,
    private readonly saved: SavedTrackingServers = noSavedServers,
    private readonly timeoutMs = 20_000,
  ) {
    this.maker = new MlflowAccessMaker(clusters, settings, connector, timeoutMs);
    this.pool = new AccessPool(this.maker);
  }

  /**
   * Every server MLDeck knows, without contacting any: each cluster (snapshots excepted) as its
   * settings say, then the saved servers.
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
      out.push(this.identity({ kind: 'cluster', clusterId: entry.id }, entry.name, where, undefined));
    }
    for (const v of await this.saved.list()) out.push(this.savedIdentity(v));
    return out;
  }

  /**
   * Saves a tracking server by URL once it answers MLflow's API with the credentials given.
   * @throws AppError `validation` (a bad URL, or not MLflow), `unavailable`/`timeout` (nothing
   *   answered), `unauthenticated`/`forbidden` (credentials asked for or refused)
   */
  async add(input: { url: string; name: string; auth: MlflowAuth }): Promise<TrackingServer> {
    const parsed = savedServerUrl(input.url);
    if ('problem' in parsed) throw new AppError('validation', parsed.problem);
    const { url } = parsed;
    const client = new MlflowClient(this.connector.url(url), url, input.auth, this.timeoutMs);
    await checkTrackingServer(client, url, input.auth.kind);
    const view = await this.saved.save({ url, name: input.name.trim(), auth: input.auth });
    this.urlClients.delete(url);
    return this.savedIdentity(view);
  }

  /**
   * Forgets a saved server (and its secret).
   * @throws AppError `not-found` when no server is saved at that URL
   */
  async remove(rawUrl: string): Promise<void> {
    const parsed = savedServerUrl(rawUrl);
    const url = 'url' in parsed ? parsed.url : rawUrl.trim();
    if (!(await this.saved.remove(url))) throw new AppError('not-found', `No tracking server is saved at ${url}.`);
    this.urlClients.delete(url);
  }

  /**
   * Connects to a server (or reuses the connection).
   * @throws AppError `unavailable` for a cluster whose MLflow is not confirmed (naming what was found),
   *   `not-found` for a cluster MLDeck no longer knows, others from the cluster
   */
  async open(ref: TrackingServerRef): Promise<OpenServer> {
    if (ref.kind === 'url') {
      const url = ref.url.replace(/\/+$/, '');
      const saved = await this.saved.resolve(url);
      // only what the user saved is contacted, with the credentials saved for it
      if (!saved) throw new AppError('not-found', `No tracking server is saved at ${url}: add it on the Experiments page.`);
      let held = this.urlClients.get(url);
      if (!held || JSON.stringify(held.auth) !== JSON.stringify(saved.auth)) {
        held = { client: new MlflowClient(this.connector.url(url), `MLflow at ${url}`, saved.auth, this.timeoutMs), auth: saved.auth };
        this.urlClients.set(url, held);
      }
      const c = held.client;
      return { server: this.savedIdentity(saved.view), artifactStore: '', call: (op) => op(c) };
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
      server: this.identity(ref, name, where, undefined),
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

  private savedIdentity(v: SavedServerView): TrackingServer {
    const { url, name, auth, username, secretSealed } = v;
    return this.identity({ kind: 'url', url }, undefined, { kind: 'url', url }, { name, auth, username, secretSealed });
  }

  private identity(ref: TrackingServerRef, clusterName: string | undefined, where: TrackingServerWhere, saved: TrackingServer['saved']): TrackingServer {
    const place = where.kind === 'url' ? where.url : where.kind === 'port-forward' ? `${where.namespace}/${where.service}` : 'MLflow not confirmed';
    return {
      id: trackingServerId(ref),
      ref,
      label: clusterName ? `${clusterName} · ${place}` : saved?.name ? `${saved.name} · ${place}` : place,
      clusterId: ref.kind === 'cluster' ? ref.clusterId : undefined,
      clusterName,
      where,
      saved,
    };
  }
}

/** Whether a connection made with `a` still goes where the settings `b` say, with the same credentials. */
function sameTarget(a: ResolvedSettings, b: ResolvedSettings): boolean {
  return a.mode === b.mode && a.url === b.url && a.pin?.uid === b.pin?.uid && JSON.stringify(a.auth) === JSON.stringify(b.auth);
}
