// SPDX-License-Identifier: Apache-2.0
/**
 * How MLDeck reaches a cluster's MLflow: the URL from the settings (through the proxy rule), or
 * the in-cluster MLflow service the user pinned, through the in-cluster connector's port-forward.
 * A discovered service is only offered ({@link MlflowAccessMaker.candidates}): nothing, and never
 * the stored credentials, is sent to it until the user confirms it. A pinned service that is gone
 * or was made again (another uid) is refused.
 */
import { AppError, isAppError } from '../../../shared/errors';
import type { MlflowServiceCandidate, RegistrySource } from '../../../shared/features/registry/registry.contract';
import { pinLabel } from '../../../shared/kube/service-pin';
import type { ClusterRegistry } from '../kube/cluster-registry';
import type { InClusterConnector } from '../kube/in-cluster-connector';
import type { PortForwardTarget } from '../kube/port-forward';
import type { HttpRoute } from '../net/http-route';
import { isSnapshotId } from '../snapshots/snapshot-registry';
import { MlflowClient } from './mlflow-client';
import { discoverMlflow, pinnedMlflow } from './mlflow-discovery';
import type { MlflowSettingsSource, ResolvedSettings } from './mlflow-settings';

type LiveSource = Extract<RegistrySource, { kind: 'url' | 'port-forward' }>;

/** A way to reach a cluster's MLflow, kept between calls. */
export interface Access {
  client: MlflowClient;
  origin: LiveSource;
  /** The pod port forwarded to, when through a port-forward. */
  forward: PortForwardTarget | undefined;
  settings: ResolvedSettings;
  /** How the S3 endpoint of the settings is reached (through the proxy rule), when one is set. */
  s3Route: HttpRoute | undefined;
}

/** Makes {@link Access}es. */
export class MlflowAccessMaker {
  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly settings: MlflowSettingsSource,
    readonly connector: InClusterConnector,
    private readonly timeoutMs: number,
  ) {}

  /** The MLflow services found in a cluster, to pin one. Nothing is sent to them. */
  async candidates(clusterId: string): Promise<MlflowServiceCandidate[]> {
    if (isSnapshotId(clusterId)) return [];
    const http = await this.clusters.http(clusterId);
    const found = (await discoverMlflow(http, this.fallbackNamespaces(clusterId))).targets;
    return found.map(({ namespace, name, uid, port, pod, artifactsDestination }) => ({ namespace, name, uid, port, pod, artifactsDestination }));
  }

  /**
   * Connects as the settings say.
   * @throws AppError: `unavailable` when no service is pinned (naming what was found), `not-found`
   *   / `conflict` for a pinned service that is gone or was made again, others from the cluster
   */
  async make(clusterId: string): Promise<Access> {
    const settings = await this.settings.resolve(clusterId);
    if (settings.mode === 'url') {
      const url = settings.url.replace(/\/+$/, '');
      return {
        client: new MlflowClient(this.connector.url(url), `MLflow at ${url}`, settings.auth, this.timeoutMs),
        origin: { kind: 'url', url },
        forward: undefined,
        settings,
        s3Route: this.s3Route(settings),
      };
    }
    if (isSnapshotId(clusterId)) throw new AppError('unavailable', 'A snapshot holds no model registry.');
    const http = await this.clusters.http(clusterId);
    if (!settings.pin) throw await this.unpinned(clusterId);
    const target = await pinnedMlflow(http, settings.pin, 10_000).catch((e: unknown) => Promise.reject(lookingFailed(e)));
    const forward = { namespace: target.namespace, pod: target.pod, port: target.podPort };
    const route = await this.connector.pod(clusterId, forward);
    return {
      client: new MlflowClient(route, `MLflow (port-forward to ${pinLabel(target)})`, settings.auth, this.timeoutMs),
      origin: { kind: 'port-forward', namespace: target.namespace, service: target.name, pod: target.pod, port: target.podPort },
      forward,
      // the server's own --artifacts-destination maps mlflow-artifacts:/ when the user set none
      settings: settings.artifactStore === '' && target.artifactsDestination ? { ...settings, artifactStore: target.artifactsDestination } : settings,
      s3Route: this.s3Route(settings),
    };
  }

  private s3Route(settings: ResolvedSettings): HttpRoute | undefined {
    return settings.s3 ? this.connector.url(settings.s3.endpoint) : undefined;
  }

  /** Closes the port-forward an access used (the next request opens a new one). */
  release(clusterId: string, a: Access): void {
    if (a.forward) this.connector.close(clusterId, a.forward);
  }

  /** The error for auto mode without a confirmed service: what was found, and what to do. */
  private async unpinned(clusterId: string): Promise<AppError> {
    let discovery;
    try {
      discovery = await discoverMlflow(await this.clusters.http(clusterId), this.fallbackNamespaces(clusterId));
    } catch (e) {
      const err = lookingFailed(e);
      if (isAppError(err)) return err;
      throw err;
    }
    const found = discovery.targets;
    if (found.length)
      return new AppError(
        'unavailable',
        `MLflow found in the cluster (${found.map(pinLabel).join(', ')}). MLDeck sends nothing to an in-cluster service, and never your MLflow credentials, until you confirm it: choose it in the MLflow connection settings.`,
        undefined,
        false,
      );
    const where =
      discovery.scope === 'all' ? '' : ` MLDeck could only look in ${discovery.scope.join(', ')}: your account may not list Services in all namespaces.`;
    return new AppError(
      'unavailable',
      `No MLflow service was found in this cluster (a Service named "mlflow" or labelled app.kubernetes.io/name=mlflow, port 5000 or "http").${where} Set an MLflow URL in the connection settings.`,
      undefined,
      false,
    );
  }

  private fallbackNamespaces(clusterId: string): string[] {
    let ns: string | undefined;
    try {
      ns = this.clusters.get(clusterId).entry.namespace;
    } catch {
      ns = undefined; // the context went away; the defaults below still apply
    }
    return [ns ?? '', 'mlflow', 'default'];
  }
}

function lookingFailed(e: unknown): unknown {
  if (!isAppError(e) || e.code === 'forbidden' || e.code === 'not-found' || e.code === 'conflict') return e;
  return new AppError(e.code, `Looking for MLflow in the cluster failed: ${e.message}`, e.detail, e.retryable, e.service);
}
