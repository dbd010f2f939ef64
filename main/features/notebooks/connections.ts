// SPDX-License-Identifier: Apache-2.0
/**
 * Connections to notebook servers, one per server (shared by every client that uses it). A
 * connection goes through a port-forward to the server's pod (in-process, from the in-cluster
 * connector; base path NB_PREFIX, else `/` for a Jupyter without base_url), or through the
 * cluster's Kubeflow gateway when one is set (through the proxy rule). Its
 * state is pushed to the clients that use it (`notebooks:connection`).
 *
 * Drops: a request that cannot reach the server, a kernel socket that closes, or the watchdog's
 * probe failing start a reconnect: `reconnecting` is published, the port-forward is opened again
 * (new settings), the kernels are attached again (same kernel ids), then
 * `connected`. After about 30 s of failures the connection is `offline` and tried again every
 * {@link ConnectionTiming.retryMs} while clients use it.
 */
import { AppError, isAppError } from '../../../shared/errors';
import {
  notebooksContract,
  type ConnectionInfo,
  type ConnectionState,
  type ConnectionVia,
  type KernelSpecInfo,
  type ServerRef,
} from '../../../shared/features/notebooks/notebooks.contract';
import type { Disposable } from '../../../shared/lifecycle';
import type { Publisher } from '../../ipc/dispatcher';
import type { KubeHttp } from '../../platform/kube/kube-http';
import type { InClusterConnector, PodRoute } from '../../platform/kube/in-cluster-connector';
import { serverKey, type ConnectionSettingsStore } from './connection-settings';
import { JupyterClient, JupyterNetworkError, type JupyterEndpoint } from './jupyter-client';
import { probeEndpoints, type Forward, type Outcome } from './connection-probe';
import { isTarget, portForwardProblem, resolveTarget, type Unreachable } from './server-target';

/** Where the clusters' HTTP clients come from. */
export interface HttpSource {
  http(clusterId: string): Promise<KubeHttp>;
}

/** What the kernels do when their connection drops or comes back. */
export interface KernelHost {
  /** The connection dropped: kernels are reconnecting. */
  suspend(conn: Connection): void;
  /** The connection is back (new settings): attach the kernels again. */
  reattach(conn: Connection): Promise<void>;
  /** The connection could not be re-established. */
  lost(conn: Connection, reason: string): void;
}

/** Timings (tests shorten them). */
export interface ConnectionTiming {
  /** Waits before each reconnect attempt, ms (default about 30 s in all). */
  reconnectDelaysMs: number[];
  /** How often an offline connection in use is tried again, and a connected one probed, ms. */
  retryMs: number;
}

/** {@link ConnectionTiming} defaults. */
export const defaultTiming: ConnectionTiming = { reconnectDelaysMs: [0, 1000, 2000, 4000, 8000, 15000], retryMs: 20_000 };

/** One server's connection. */
export interface Connection {
  readonly ref: ServerRef;
  readonly key: string;
  state: ConnectionState;
  via: ConnectionVia | undefined;
  reason: string | undefined;
  version: string | undefined;
  kernelSpecs: KernelSpecInfo[];
  defaultKernel: string | undefined;
  /** The current client (connected only). */
  client: JupyterClient | undefined;
  pf: Forward | undefined;
  /** Clients told about this connection. */
  clients: Set<string>;
  /** The reconnect under way. */
  reconnecting: Promise<void> | undefined;
  /** The connect under way. */
  connecting: Promise<void> | undefined;
  timer: ReturnType<typeof setInterval> | undefined;
  closed: boolean;
}

/** The connections. */
export class Connections implements Disposable {
  private readonly conns = new Map<string, Connection>();
  private kernels: KernelHost | undefined;
  private readonly timing: ConnectionTiming;

  constructor(
    private readonly clusters: HttpSource,
    private readonly settings: ConnectionSettingsStore,
    private readonly publisher: Publisher,
    private readonly connector: InClusterConnector,
    timing: Partial<ConnectionTiming> = {},
  ) {
    this.timing = { ...defaultTiming, ...timing };
  }

  /** Sets who handles kernels on drops (set once, by the kernel bridge). */
  setKernelHost(k: KernelHost): void {
    this.kernels = k;
  }

  /**
   * Connects (or answers with the connection's state). A given token is tried and, if Jupyter
   * takes it, kept; a refused one gives `needs-token`.
   */
  async connect(ref: ServerRef, clientId: string, token?: string): Promise<ConnectionInfo> {
    const conn = this.get(ref);
    conn.clients.add(clientId);
    this.watch(conn);
    await conn.reconnecting;
    if (token !== undefined) {
      await conn.connecting;
      // the same token on a working connection: nothing to do (its kernels stay attached)
      if (conn.state !== 'connected' || conn.client?.endpoint.token !== token) await this.establish(conn, token);
    } else if (conn.state !== 'connected' && !conn.reconnecting) await this.ensure(conn);
    return infoOf(conn);
  }

  /** Stops telling a client; the last one closes the connection (kernels keep running on the server). */
  disconnect(ref: ServerRef, clientId: string): void {
    const conn = this.conns.get(serverKey(ref));
    if (!conn) return;
    conn.clients.delete(clientId);
    if (conn.clients.size === 0) this.close(conn);
  }

  /** A client went away. */
  clientGone(clientId: string): void {
    for (const conn of [...this.conns.values()]) {
      if (!conn.clients.delete(clientId)) continue;
      if (conn.clients.size === 0) this.close(conn);
    }
  }

  /** Forgets a server's kept token (the connection, if any, stays as it is). */
  async forgetToken(ref: ServerRef): Promise<void> {
    await this.settings.setToken(ref, undefined);
  }

  /**
   * The connected client of a server, connecting first if needed.
   * @throws AppError: `unauthenticated` (needs a token), `unavailable` (offline or reconnecting, with the reason)
   */
  async client(ref: ServerRef, clientId: string): Promise<{ conn: Connection; client: JupyterClient }> {
    const conn = this.get(ref);
    conn.clients.add(clientId);
    this.watch(conn);
    if (conn.state !== 'connected' && !conn.reconnecting) await this.ensure(conn);
    if (conn.state === 'connected' && conn.client) return { conn, client: conn.client };
    if (conn.state === 'needs-token') throw new AppError('unauthenticated', conn.reason ?? 'Jupyter asks for a token.', undefined, undefined, 'jupyter');
    throw new AppError('unavailable', conn.reason ?? 'The notebook server cannot be reached.', undefined, true);
  }

  /** The connection of a server, if one was made. */
  find(ref: ServerRef): Connection | undefined {
    return this.conns.get(serverKey(ref));
  }

  /** Tells the connection that a request failed: a network failure starts a reconnect. */
  failed(conn: Connection, e: unknown): void {
    if (e instanceof JupyterNetworkError && conn.state === 'connected') void this.reconnect(conn, e.message);
  }

  /** A kernel socket closed: probe the server, and reconnect if it cannot be reached. */
  async check(conn: Connection): Promise<void> {
    if (conn.state !== 'connected' || !conn.client || conn.reconnecting) return;
    try {
      await conn.client.raw('api/status', { timeoutMs: 10_000 });
    } catch (e) {
      if (e instanceof JupyterNetworkError || (isAppError(e) && e.code === 'timeout')) await this.reconnect(conn, e.message);
    }
  }

  /** Waits for a reconnect under way, if any. */
  async settled(conn: Connection): Promise<void> {
    await conn.reconnecting;
  }

  dispose(): void {
    for (const conn of [...this.conns.values()]) this.close(conn);
  }

  private get(ref: ServerRef): Connection {
    const key = serverKey(ref);
    let conn = this.conns.get(key);
    if (!conn) {
      conn = {
        ref: { clusterId: ref.clusterId, namespace: ref.namespace, name: ref.name },
        key,
        state: 'disconnected',
        via: undefined,
        reason: undefined,
        version: undefined,
        kernelSpecs: [],
        defaultKernel: undefined,
        client: undefined,
        pf: undefined,
        clients: new Set(),
        reconnecting: undefined,
        connecting: undefined,
        timer: undefined,
        closed: false,
      };
      this.conns.set(key, conn);
    }
    return conn;
  }

  /** Connects unless a connect is under way (then waits for it). */
  private async ensure(conn: Connection): Promise<void> {
    conn.connecting ??= this.establish(conn, undefined)
      .then(() => undefined)
      .finally(() => (conn.connecting = undefined));
    await conn.connecting;
  }

  /** One attempt; applies and publishes its outcome. */
  private async establish(conn: Connection, token: string | undefined): Promise<Outcome> {
    const out = await this.attempt(conn.ref, token);
    if (conn.closed) {
      if (out.state === 'connected') out.pf?.dispose();
      return out;
    }
    if (out.state === 'connected' && token !== undefined) await this.settings.setToken(conn.ref, token);
    this.apply(conn, out);
    return out;
  }

  private apply(conn: Connection, out: Outcome): void {
    if (conn.pf && (out.state !== 'connected' || out.pf !== conn.pf)) conn.pf.dispose();
    if (out.state === 'connected') {
      conn.client = out.client;
      conn.pf = out.pf;
      conn.version = out.version;
      conn.kernelSpecs = out.specs;
      conn.defaultKernel = out.defaultKernel;
      conn.via = out.client.endpoint.via;
      this.setState(conn, 'connected', undefined);
    } else {
      conn.client = undefined;
      conn.pf = undefined;
      conn.via = out.via;
      this.setState(conn, out.state, out.reason);
    }
  }

  private setState(conn: Connection, state: ConnectionState, reason: string | undefined): void {
    const changed = conn.state !== state || conn.reason !== reason;
    conn.state = state;
    conn.reason = reason;
    if (!changed) return;
    for (const id of conn.clients)
      this.publisher.publishTo(id, notebooksContract.connection, {
        server: conn.ref,
        state,
        ...(conn.via ? { via: conn.via } : {}),
        ...(reason ? { reason } : {}),
      });
  }

  /** Re-establishes a dropped connection, with backoff; `offline` when it cannot. */
  private reconnect(conn: Connection, why: string): Promise<void> {
    if (conn.reconnecting) return conn.reconnecting;
    conn.reconnecting = (async () => {
      this.setState(conn, 'reconnecting', `The connection to the notebook server dropped; reconnecting. ${why}`);
      this.kernels?.suspend(conn);
      conn.pf?.dispose();
      let last: Outcome | undefined;
      for (const delay of this.timing.reconnectDelaysMs) {
        if (delay) await sleep(delay);
        if (conn.closed) return;
        last = await this.attempt(conn.ref, undefined);
        if (conn.closed) {
          if (last.state === 'connected') last.pf?.dispose();
          return;
        }
        if (last.state === 'connected') {
          conn.client = last.client;
          conn.pf = last.pf;
          conn.version = last.version;
          conn.kernelSpecs = last.specs;
          conn.defaultKernel = last.defaultKernel;
          conn.via = last.client.endpoint.via;
          await this.kernels?.reattach(conn);
          this.setState(conn, 'connected', undefined);
          return;
        }
        if (!last.retry) break;
      }
      const reason = last && last.state !== 'connected' ? last.reason : 'The notebook server cannot be reached.';
      conn.client = undefined;
      conn.pf = undefined;
      this.setState(conn, last?.state === 'needs-token' ? 'needs-token' : 'offline', reason);
      this.kernels?.lost(conn, reason);
    })().finally(() => (conn.reconnecting = undefined));
    return conn.reconnecting;
  }

  /** Probes a connected server now and then, and tries an offline one again, while clients use it. */
  private watch(conn: Connection): void {
    if (conn.timer) return;
    conn.timer = setInterval(() => {
      if (conn.reconnecting || conn.connecting) return;
      if (conn.state === 'connected') void this.check(conn);
      else if (conn.state === 'offline') void this.ensure(conn);
    }, this.timing.retryMs);
    conn.timer.unref?.();
  }

  private close(conn: Connection): void {
    conn.closed = true;
    if (conn.timer) clearInterval(conn.timer);
    conn.timer = undefined;
    conn.pf?.dispose();
    this.kernels?.lost(conn, 'Disconnected from the notebook server.');
    this.conns.delete(conn.key);
  }

  /** One attempt to reach the server: gateway or port-forward, base path, token. */
  private async attempt(ref: ServerRef, given: string | undefined): Promise<Outcome> {
    const token = given ?? (await this.settings.token(ref));
    const gateway = await this.settings.gateway(ref.clusterId);
    if (gateway) {
      const base = `${gateway.url}/notebook/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}/`;
      return probeEndpoints(
        [
          {
            baseUrl: base,
            route: this.connector.url(gateway.url),
            via: 'gateway',
            ...(token ? { token } : {}),
            ...(gateway.token ? { bearer: gateway.token } : {}),
          },
        ],
        undefined,
        given !== undefined,
      );
    }
    let http: KubeHttp;
    try {
      http = await this.clusters.http(ref.clusterId);
    } catch (e) {
      if (!isAppError(e)) throw e;
      return { state: 'offline', reason: e.message, retry: false, via: 'port-forward' };
    }
    const target = await resolveTarget(http, ref);
    if (!isTarget(target)) return offline(target);
    let route: PodRoute;
    try {
      route = await this.connector.pod(ref.clusterId, { namespace: ref.namespace, pod: target.pod, port: target.port });
    } catch (e) {
      return offline(portForwardProblem(e, ref));
    }
    const pf: Forward = { dispose: () => this.connector.close(ref.clusterId, route.target) };
    const candidates: JupyterEndpoint[] = [target.prefix, '/'].map((p) => ({
      baseUrl: `${route.baseUrl}${p}`,
      route,
      via: 'port-forward',
      ...(token ? { token } : {}),
    }));
    const out = await probeEndpoints(candidates, pf, given !== undefined);
    if (out.state !== 'connected') pf.dispose();
    return out;
  }
}

function offline(u: Unreachable): Outcome {
  return { state: 'offline', reason: u.reason, retry: u.retry, via: 'port-forward' };
}

/** A connection's state for the renderer. */
export function infoOf(conn: Connection): ConnectionInfo {
  return {
    state: conn.state,
    ...(conn.via ? { via: conn.via } : {}),
    ...(conn.reason ? { reason: conn.reason } : {}),
    ...(conn.version ? { version: conn.version } : {}),
    kernelSpecs: conn.state === 'connected' ? conn.kernelSpecs : [],
    ...(conn.state === 'connected' && conn.defaultKernel ? { defaultKernel: conn.defaultKernel } : {}),
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms).unref?.());
}
