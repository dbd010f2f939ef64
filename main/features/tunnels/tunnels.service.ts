// SPDX-License-Identifier: Apache-2.0
/**
 * The open tunnels: the target is resolved first (a Service port to its ready pod and the pod
 * port it targets, or a running pod's port), then a {@link TunnelServer} listens on 127.0.0.1
 * with a token or on a Unix socket in `<data>/tunnels` (0700), and forwards through the
 * in-cluster connector's port-forward to that pod. Tunnels close when the user closes them,
 * after their idle minutes without traffic, and when the app quits.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { AppError } from '../../../shared/errors';
import type { OpenTunnelRequest, TunnelInfo } from '../../../shared/features/tunnels/tunnels.contract';
import type { Disposable } from '../../../shared/lifecycle';
import type { KubeObject } from '../../../shared/kube/object';
import type { InClusterConnector } from '../../platform/kube/in-cluster-connector';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { isReadyPod, podBehind, type PodLike, type ServicePort, type ServiceSpec } from '../../platform/kube/service-discovery';
import { TunnelServer } from './tunnel-server';

/** Where the service gets its cluster clients (the ClusterRegistry). */
export interface TunnelHttpSource {
  http(clusterId: string): Promise<KubeHttp>;
}

/** What other features may ask of tunnels (TensorBoard opens one). */
export interface TunnelOpener {
  open(req: OpenTunnelRequest): Promise<TunnelInfo>;
}

interface Tunnel {
  info: Omit<TunnelInfo, 'bytesIn' | 'bytesOut' | 'requests' | 'refused' | 'lastActivityAt'>;
  server: TunnelServer;
}

const enc = encodeURIComponent;

/** The tunnels of this app. */
export class TunnelsService implements TunnelOpener, Disposable {
  private readonly tunnels = new Map<string, Tunnel>();
  private readonly sweeper: ReturnType<typeof setInterval>;

  /**
   * @param dataDir - the app's data directory (Unix sockets go to `tunnels/` in it)
   * @param sweepMs - how often idle tunnels are looked for
   */
  constructor(
    private readonly clusters: TunnelHttpSource,
    private readonly connector: InClusterConnector,
    private readonly dataDir: string,
    sweepMs = 15_000,
  ) {
    this.sweeper = setInterval(() => void this.sweep(), sweepMs);
    this.sweeper.unref();
  }

  /**
   * Opens a tunnel.
   * @throws AppError `not-found` (no such Service, port or pod), `unavailable` (no ready pod),
   *   `forbidden` (RBAC, from the API server)
   */
  async open(req: OpenTunnelRequest): Promise<TunnelInfo> {
    const http = await this.clusters.http(req.clusterId);
    const { pod, podPort } = await this.resolve(http, req);
    const route = await this.connector.pod(req.clusterId, { namespace: req.namespace, pod, port: podPort });
    const create = route.wsCreateConnection;
    if (!create) throw new AppError('internal', 'The port-forward route has no connection opener.');
    const openStream = () =>
      new Promise<Duplex>((resolve, reject) => {
        create({}, (err, s) => (err || !s ? reject(err ?? new Error('no connection')) : resolve(s)));
      });
    const id = randomBytes(8).toString('hex');
    let listen: { kind: 'loopback' } | { kind: 'unix'; path: string } = { kind: 'loopback' };
    if (req.listen === 'unix') {
      const dir = join(this.dataDir, 'tunnels');
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      chmodSync(dir, 0o700);
      listen = { kind: 'unix', path: join(dir, `${id}.sock`) };
    }
    const server = new TunnelServer(id, listen, openStream);
    const address = await server.start();
    const info: Tunnel['info'] = {
      id,
      clusterId: req.clusterId,
      namespace: req.namespace,
      target: req.target,
      pod,
      podPort,
      listen: req.listen,
      address,
      url: server.url,
      openedAt: new Date().toISOString(),
      idleMinutes: req.idleMinutes,
      ...(req.label ? { label: req.label } : {}),
    };
    this.tunnels.set(id, { info, server });
    return this.describe({ info, server });
  }

  /** The open tunnels. */
  list(): TunnelInfo[] {
    return [...this.tunnels.values()].map((t) => this.describe(t));
  }

  /** Closes a tunnel. */
  async close(id: string): Promise<void> {
    const t = this.tunnels.get(id);
    if (!t) throw new AppError('not-found', 'That tunnel is closed already.');
    this.tunnels.delete(id);
    await t.server.close();
    if (t.info.listen === 'unix') rmSync(t.info.address, { force: true });
  }

  dispose(): void {
    clearInterval(this.sweeper);
    for (const id of [...this.tunnels.keys()]) {
      this.close(id).catch((e: unknown) => console.warn(`[tunnels] closing tunnel ${id} failed:`, e));
    }
  }

  private describe(t: Tunnel): TunnelInfo {
    const c = t.server.counters;
    return {
      ...t.info,
      bytesIn: c.bytesIn,
      bytesOut: c.bytesOut,
      requests: c.requests,
      refused: c.refused,
      lastActivityAt: new Date(c.lastActivityAt).toISOString(),
    };
  }

  /** The pod and pod port behind the target. */
  private async resolve(http: KubeHttp, req: OpenTunnelRequest): Promise<{ pod: string; podPort: number }> {
    const ns = req.namespace;
    const { kind, name, port } = req.target;
    if (kind === 'pod') {
      const pod = await http.request<PodLike>({ path: `/api/v1/namespaces/${enc(ns)}/pods/${enc(name)}` });
      if (!isReadyPod(pod))
        throw new AppError('unavailable', `Pod ${ns}/${name} is not running and ready, so nothing can be reached through it.`, undefined, true);
      return { pod: name, podPort: port };
    }
    const svc = await http.request<KubeObject>({ path: `/api/v1/namespaces/${enc(ns)}/services/${enc(name)}` });
    const ports = ((svc.spec ?? {}) as ServiceSpec).ports ?? [];
    const sp: ServicePort | undefined = ports.find((p) => p.port === port);
    if (!sp) {
      throw new AppError(
        'not-found',
        `Service ${ns}/${name} has no port ${port} (it has ${ports.map((p) => `${p.port}${p.name ? ` ${p.name}` : ''}`).join(', ') || 'none'}).`,
      );
    }
    const behind = await podBehind(http, svc, sp);
    if (!behind) throw new AppError('unavailable', `No ready pod is behind Service ${ns}/${name} (or you may not list pods in ${ns}).`, undefined, true);
    if (behind.podPort === undefined)
      throw new AppError('not-found', `The target port "${String(sp.targetPort)}" of Service ${ns}/${name} is not a port of pod ${behind.pod.metadata.name}.`);
    return { pod: behind.pod.metadata.name, podPort: behind.podPort };
  }

  private async sweep(): Promise<void> {
    const now = Date.now();
    for (const [id, t] of this.tunnels) {
      if (now - t.server.counters.lastActivityAt > t.info.idleMinutes * 60_000) {
        await this.close(id).catch((e: unknown) => console.warn(`[tunnels] closing idle tunnel ${id} failed:`, e));
      }
    }
  }
}
