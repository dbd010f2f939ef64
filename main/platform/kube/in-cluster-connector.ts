// SPDX-License-Identifier: Apache-2.0
/**
 * The one way main reaches a server that runs in a cluster (MLflow, Prometheus, Jupyter,
 * predictors): by a URL the user gave, through the proxy rule, or through a port-forward to a pod
 * port, in-process (no TCP listener). Port-forwards are shared by every route to the same pod
 * port, opened on first use, and closed after an idle time with no connection open; a route
 * outlives its forward and opens a new one on its next request.
 */
import type { Disposable } from '../../../shared/lifecycle';
import { streamRoute, urlRoute, type HttpRoute } from '../net/http-route';
import type { ProxyEnv } from '../net/proxy-rule';
import type { KubeHttp } from './kube-http';
import { PodPortForward, type PortForwardTarget } from './port-forward';

/** Where clusters' HTTP clients come from. */
export interface KubeHttpSource {
  http(clusterId: string): Promise<KubeHttp>;
}

/** Options (tests shorten the idle time). */
export interface InClusterConnectorOptions {
  /** How long a forward with no open connection stays open (default 2 minutes). */
  idleMs?: number;
  /** The environment the proxy rule reads (default `process.env`). */
  env?: ProxyEnv;
}

/** A route through a port-forward. */
export interface PodRoute extends HttpRoute {
  readonly clusterId: string;
  readonly target: PortForwardTarget;
}

interface Forward {
  opening: Promise<PodPortForward>;
  /** Connections open through it now. */
  open: number;
  usedAt: number;
}

const keyOf = (clusterId: string, t: PortForwardTarget) => `${clusterId}\n${t.namespace}\n${t.pod}\n${t.port}`;

/** The connector. */
export class InClusterConnector implements Disposable {
  private readonly forwards = new Map<string, Forward>();
  private readonly sweeper: ReturnType<typeof setInterval>;
  private readonly idleMs: number;
  private readonly env: ProxyEnv;

  constructor(
    private readonly clusters: KubeHttpSource,
    opts: InClusterConnectorOptions = {},
  ) {
    this.idleMs = opts.idleMs ?? 2 * 60_000;
    this.env = opts.env ?? process.env;
    this.sweeper = setInterval(() => this.sweep(), Math.max(250, Math.min(30_000, this.idleMs / 2)));
    this.sweeper.unref();
  }

  /** A route to a URL (the proxy rule applies). */
  url(url: string): HttpRoute {
    return urlRoute(url, this.env);
  }

  /**
   * A route to a pod port. The forward is checked now (RBAC, a missing pod), so a route that is
   * returned worked once.
   * @param prefix - a path prefix for the base URL (`/notebook/ns/name`), or ''
   * @throws AppError from the port-forward: `forbidden`, `not-found`, `unavailable`
   */
  async pod(clusterId: string, target: PortForwardTarget, prefix = ''): Promise<PodRoute> {
    await this.forward(clusterId, target);
    const route = streamRoute(`${target.pod}-${target.namespace}`, target.port, () => this.connect(clusterId, target), prefix);
    return { ...route, clusterId, target };
  }

  /** The last failure of the forward to a pod port, if it is open and had one. */
  async lastError(clusterId: string, target: PortForwardTarget): Promise<Error | undefined> {
    const f = this.forwards.get(keyOf(clusterId, target));
    return f ? (await f.opening.catch(() => undefined))?.lastError : undefined;
  }

  /** Closes the forward to a pod port now (the next request opens a new one). */
  close(clusterId: string, target: PortForwardTarget): void {
    this.drop(keyOf(clusterId, target));
  }

  /** How many forwards are open (tests). */
  get openForwards(): number {
    return this.forwards.size;
  }

  /** Closes every forward. */
  dispose(): void {
    clearInterval(this.sweeper);
    for (const k of [...this.forwards.keys()]) this.drop(k);
  }

  private forward(clusterId: string, target: PortForwardTarget): Promise<PodPortForward> {
    const key = keyOf(clusterId, target);
    const existing = this.forwards.get(key);
    if (existing) {
      existing.usedAt = Date.now();
      return existing.opening;
    }
    const opening = this.clusters.http(clusterId).then((http) => PodPortForward.open(http, target));
    const f: Forward = { opening, open: 0, usedAt: Date.now() };
    this.forwards.set(key, f);
    opening.catch(() => {
      if (this.forwards.get(key) === f) this.forwards.delete(key);
    });
    return opening;
  }

  private async connect(clusterId: string, target: PortForwardTarget) {
    const key = keyOf(clusterId, target);
    let pf = await this.forward(clusterId, target);
    if (pf.isClosed) {
      this.drop(key);
      pf = await this.forward(clusterId, target);
    }
    const s = await pf.stream();
    const f = this.forwards.get(key);
    if (f) {
      f.open++;
      f.usedAt = Date.now();
      s.once('close', () => {
        f.open--;
        f.usedAt = Date.now();
      });
    }
    return s;
  }

  private sweep(): void {
    const now = Date.now();
    for (const [k, f] of this.forwards) if (f.open <= 0 && now - f.usedAt > this.idleMs) this.drop(k);
  }

  private drop(key: string): void {
    const f = this.forwards.get(key);
    this.forwards.delete(key);
    void f?.opening.then(
      (pf) => pf.dispose(),
      () => undefined,
    );
  }
}
