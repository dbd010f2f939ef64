// SPDX-License-Identifier: Apache-2.0
/**
 * How MLDeck reaches one Feast registry of a cluster, as a {@link FeastReader}:
 * - `url`: the REST server at the URL in the cluster's Feast settings (through the proxy rule);
 * - `svc:` / `grpc:`: a found REST or gRPC registry Service, through the in-cluster connector's
 *   port-forward to the ready pod behind it;
 * - `file` / `cm:`: a registry file in object storage (the `s3://` path in the settings, or the one a
 *   `feature_store.yaml` ConfigMap names), read with the platform's S3 client and the credentials
 *   of the object store KFP uses in that namespace (else in `kubeflow`).
 * Kept per cluster and registry in an AccessPool whose key is both ({@link accessKey}).
 */
import { AppError } from '../../../shared/errors';
import type { FeastOrigin, RegistryId } from '../../../shared/features/feast/feast.contract';
import type { KubeObject } from '../../../shared/kube/object';
import type { AccessMaker } from '../../platform/kube/access-pool';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import type { InClusterConnector } from '../../platform/kube/in-cluster-connector';
import type { PortForwardTarget } from '../../platform/kube/port-forward';
import type { KfpArtifactStoreSource } from '../../platform/object-store/kfp-artifact-store';
import { getObjectBytes, parseS3Uri } from '../../platform/object-store/object-reads';
import { isSnapshotId } from '../../platform/snapshots/snapshot-registry';
import { FeastClient } from './feast-client';
import { registryTarget } from './feast-discovery';
import { FeastGrpcClient } from './feast-grpc-client';
import { FileReader, GrpcReader } from './feast-proto-readers';
import { RestReader, type FeastReader } from './feast-reader';
import type { FeastSettingsStore } from './feast-settings';
import { storeConfigRegistry } from './feast-store-config';

/** A way to one registry, kept between calls. */
export interface FeastAccess {
  reader: FeastReader;
  origin: Exclude<FeastOrigin, { kind: 'cache' }>;
  forward: PortForwardTarget | undefined;
}

/** The pool key of a cluster's registry. */
export const accessKey = (clusterId: string, registryId: RegistryId) => `${clusterId}\n${registryId}`;

const splitKey = (key: string): { clusterId: string; registryId: string } => {
  const i = key.lastIndexOf('\n');
  return { clusterId: key.slice(0, i), registryId: key.slice(i + 1) };
};

/** The largest registry file MLDeck reads (Feast's own registries are kilobytes to a few megabytes). */
export const maxRegistryBytes = 256 << 20;

/** Makes {@link FeastAccess}es for pool keys. */
export class FeastAccessMaker implements AccessMaker<FeastAccess> {
  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly connector: InClusterConnector,
    private readonly settings: FeastSettingsStore,
    private readonly stores: KfpArtifactStoreSource | undefined,
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
        reader: new RestReader(new FeastClient(this.connector.url(url), `The Feast registry at ${url}`, this.timeoutMs)),
        origin: { kind: 'url', url },
        forward: undefined,
      };
    }
    if (registryId === 'file') {
      const { registryFile } = await this.settings.get(clusterId);
      if (!registryFile) throw new AppError('not-found', 'No Feast registry file is set for this cluster.', undefined, false);
      return this.file(clusterId, 'kubeflow', registryFile);
    }
    const m = /^(svc|grpc|cm):([^/]+)\/(.+)$/.exec(registryId);
    if (!m) throw new AppError('validation', `Not a Feast registry id: ${registryId}.`);
    const [, kind, namespace = '', name = ''] = m;
    const http = await this.clusters.http(clusterId);
    if (kind === 'cm') {
      let cm: KubeObject & { data?: Record<string, string> };
      try {
        cm = await http.request({ path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/configmaps/${encodeURIComponent(name)}`, timeoutMs: 10_000 });
      } catch (e) {
        if (e instanceof AppError && e.code === 'not-found') throw new AppError('not-found', `The ConfigMap ${namespace}/${name} is gone.`, undefined, false);
        throw e;
      }
      const found = storeConfigRegistry(cm.data ?? {});
      if (!found) throw new AppError('not-found', `The ConfigMap ${namespace}/${name} no longer names an s3:// Feast registry file.`, undefined, false);
      return this.file(clusterId, namespace, found.uri);
    }
    const protocol = kind === 'svc' ? 'rest' : 'grpc';
    const t = await registryTarget(http, namespace, name, protocol);
    const forward = { namespace: t.namespace, pod: t.pod, port: t.podPort };
    const route = await this.connector.pod(clusterId, forward);
    if (protocol === 'rest')
      return {
        reader: new RestReader(new FeastClient(route, `The Feast registry ${namespace}/${name}`, this.timeoutMs)),
        origin: { kind: 'port-forward', namespace: t.namespace, service: t.service, pod: t.pod, port: t.podPort },
        forward,
      };
    const connect = route.wsCreateConnection;
    if (!connect) throw new AppError('internal', 'The port-forward route gives no connections.');
    const client = await FeastGrpcClient.open(connect, `localhost:${t.podPort}`, `The Feast gRPC registry ${namespace}/${name}`, this.timeoutMs);
    return {
      reader: new GrpcReader(client),
      origin: { kind: 'grpc', namespace: t.namespace, service: t.service, pod: t.pod, port: t.podPort },
      forward,
    };
  }

  /** Closes the reader's connections and the port-forward an access used (the next request opens new ones). */
  release(key: string, a: FeastAccess): void {
    a.reader.close();
    if (a.forward) this.connector.close(splitKey(key).clusterId, a.forward);
  }

  private async file(clusterId: string, namespace: string, uri: string): Promise<FeastAccess> {
    const where = parseS3Uri(uri);
    if (!where?.key) throw new AppError('validation', `Not an s3:// path to a registry file: ${uri}.`, undefined, false);
    if (!this.stores) throw new AppError('unavailable', 'MLDeck has no object store client here to read a registry file.', undefined, false);
    const store = await this.stores.store(clusterId, namespace);
    const label = `The Feast registry file ${uri}`;
    const stores = this.stores;
    const read = async () => {
      try {
        const got = await getObjectBytes(
          store.client,
          { store: store.store, signal: AbortSignal.timeout(this.timeoutMs) },
          where.bucket,
          where.key,
          maxRegistryBytes,
        );
        if (got.truncated)
          throw new AppError('unavailable', `${label} is ${got.size} bytes, more than MLDeck reads (${maxRegistryBytes >> 20} MB).`, undefined, false, 'feast');
        return got.bytes;
      } catch (e) {
        if (e instanceof AppError && e.retryable) stores.forget(clusterId);
        throw e;
      }
    };
    return { reader: new FileReader(label, read), origin: { kind: 'file', uri, store: store.store }, forward: undefined };
  }
}
