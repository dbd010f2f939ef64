// SPDX-License-Identifier: Apache-2.0
/**
 * Kubeflow Tensorboard objects: create (checked first by a server dry run), delete, and open
 * through a tunnel to the Service the Tensorboard controller makes for it (`<name>`, port 80),
 * reusing a tunnel that is open for it already. The tunnel's link (with its token) is for the
 * user's browser: TensorBoard never runs in the app's origin.
 */
import { AppError } from '../../../shared/errors';
import type { CreateRequest, TensorboardRequest } from '../../../shared/features/tensorboards/tensorboards.contract';
import { madeFromAnnotation, tensorboardStatus } from '../../../shared/features/tensorboards/tensorboards.contract';
import type { OpenTunnelRequest, TunnelInfo } from '../../../shared/features/tunnels/tunnels.contract';
import type { KubeObject } from '../../../shared/kube/object';
import type { KubeHttp } from '../../platform/kube/kube-http';

/** Where the service gets its cluster clients (the ClusterRegistry). */
export interface TensorboardHttpSource {
  writableHttp(clusterId: string): Promise<KubeHttp>;
  http(clusterId: string): Promise<KubeHttp>;
}

/** What TensorBoard needs of tunnels. */
export interface TensorboardTunnels {
  open(req: OpenTunnelRequest): Promise<TunnelInfo>;
  list(): TunnelInfo[];
}

const path = (ns: string, name?: string) =>
  `/apis/tensorboard.kubeflow.org/v1alpha1/namespaces/${encodeURIComponent(ns)}/tensorboards${name ? `/${encodeURIComponent(name)}` : ''}`;

/** The Tensorboard object for a log directory. */
export function tensorboardManifest(req: CreateRequest): Record<string, unknown> {
  return {
    apiVersion: 'tensorboard.kubeflow.org/v1alpha1',
    kind: 'Tensorboard',
    metadata: { name: req.name, namespace: req.namespace, ...(req.madeFrom ? { annotations: { [madeFromAnnotation]: req.madeFrom } } : {}) },
    spec: { logspath: req.logsPath },
  };
}

/** TensorBoards of the clusters. */
export class TensorboardsService {
  constructor(
    private readonly clusters: TensorboardHttpSource,
    private readonly tunnels: TensorboardTunnels,
  ) {}

  /** Creates a Tensorboard after a dry run. */
  async create(req: CreateRequest): Promise<void> {
    const http = await this.clusters.writableHttp(req.clusterId);
    const body = tensorboardManifest(req);
    await http.request({ method: 'POST', path: path(req.namespace), query: { dryRun: 'All', fieldValidation: 'Strict' }, body });
    await http.request({ method: 'POST', path: path(req.namespace), query: { fieldValidation: 'Strict' }, body });
  }

  /** Deletes a Tensorboard (foreground, as the TensorBoards web app does). */
  async delete(req: TensorboardRequest): Promise<void> {
    const http = await this.clusters.writableHttp(req.clusterId);
    await http.request({
      method: 'DELETE',
      path: path(req.namespace, req.name),
      body: { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground' },
    });
  }

  /**
   * A tunnel to the Tensorboard's Service.
   * @throws AppError `unavailable` while it has no ready replica
   */
  async open(req: TensorboardRequest): Promise<TunnelInfo> {
    const http = await this.clusters.http(req.clusterId);
    const tb = await http.request<KubeObject>({ path: path(req.namespace, req.name) });
    const st = tensorboardStatus(tb);
    if (!st.ready) {
      throw new AppError(
        'unavailable',
        `TensorBoard ${req.namespace}/${req.name} is not ready yet (${st.deploymentState ?? 'no Deployment state yet'}). Try again when it is ready.`,
        undefined,
        true,
      );
    }
    const open = this.tunnels
      .list()
      .find(
        (t) =>
          t.clusterId === req.clusterId &&
          t.namespace === req.namespace &&
          t.target.kind === 'service' &&
          t.target.name === req.name &&
          t.target.port === 80 &&
          t.url,
      );
    if (open) return open;
    return this.tunnels.open({
      clusterId: req.clusterId,
      namespace: req.namespace,
      target: { kind: 'service', name: req.name, port: 80 },
      listen: 'loopback',
      idleMinutes: 60,
      label: `TensorBoard ${req.namespace}/${req.name}`,
    });
  }
}
