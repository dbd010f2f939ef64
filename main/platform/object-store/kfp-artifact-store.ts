// SPDX-License-Identifier: Apache-2.0
/**
 * KFP's artifact store of a namespace, as KFP's launcher finds it: the `mlpipeline-minio-artifact`
 * Secret of the run's namespace (else of `kubeflow`), its `kfp-launcher` ConfigMap (pipeline root,
 * `providers`) and otherwise the `minio-service` Service ({@link kfpSources}); an S3 client made by
 * the one factory over the store's route (a URL through the proxy rule, or a port-forward to the
 * pod behind the Service). Clients are kept per cluster and namespace and dropped on failure. The
 * narrow interface the run page's artifact reads use is {@link KfpArtifactStoreSource}.
 */
import type { S3Client } from '@aws-sdk/client-s3';
import { AppError, isAppError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';
import type { KubeObject } from '../../../shared/kube/object';
import type { InClusterConnector } from '../kube/in-cluster-connector';
import type { KubeHttp } from '../kube/kube-http';
import { kfpProvider, kfpSources } from './kfp-store-source';
import { makeS3Client } from './s3-client';
import { storeRoute, type ClusterHttpSource } from './store-route';
import type { SecretObject } from './store-source';

/** A KFP artifact store ready to read. */
export interface KfpArtifactStore {
  client: S3Client;
  /** Where it was found, in words. */
  store: string;
  /** The `kfp-launcher` ConfigMap's `defaultPipelineRoot`, when one is set. */
  root: string | undefined;
}

/** What the run page needs: the store of a namespace's runs. */
export interface KfpArtifactStoreSource {
  /** @throws AppError: 'not-found' without KFP's Secret, 'unavailable' when the store cannot be reached */
  store(clusterId: string, namespace: string): Promise<KfpArtifactStore>;
  /** Forgets a cluster's clients (after a read failed). */
  forget(clusterId: string): void;
}

const SECRET = 'mlpipeline-minio-artifact';

/** Reads one object, or undefined when it does not exist (or the account may not read it: `refused`). */
async function readOptional<T extends KubeObject>(http: KubeHttp, path: string, refused: string[]): Promise<T | undefined> {
  try {
    return await http.request<T>({ path, timeoutMs: 15_000 });
  } catch (e) {
    if (isAppError(e) && e.code === 'not-found') return undefined;
    if (isAppError(e) && e.code === 'forbidden') {
      refused.push(path.replace(/^\/api\/v1\/namespaces\//, ''));
      return undefined;
    }
    throw e;
  }
}

const core = (ns: string, kind: string, name: string) => `/api/v1/namespaces/${encodeURIComponent(ns)}/${kind}/${encodeURIComponent(name)}`;

/** The stores. */
export class KfpArtifactStores implements KfpArtifactStoreSource, Disposable {
  private readonly made = new Map<string, Promise<KfpArtifactStore>>();

  constructor(
    private readonly clusters: ClusterHttpSource,
    private readonly connector: InClusterConnector,
  ) {}

  store(clusterId: string, namespace: string): Promise<KfpArtifactStore> {
    const key = `${clusterId}\n${namespace}`;
    let p = this.made.get(key);
    if (!p) {
      p = this.make(clusterId, namespace);
      this.made.set(key, p);
      p.catch(() => {
        if (this.made.get(key) === p) this.made.delete(key);
      });
    }
    return p;
  }

  forget(clusterId: string): void {
    for (const [k, p] of this.made)
      if (k.startsWith(`${clusterId}\n`)) {
        this.made.delete(k);
        void p.then((s) => s.client.destroy()).catch(() => undefined);
      }
  }

  dispose(): void {
    for (const k of [...this.made.keys()]) this.forget(k.split('\n')[0] ?? '');
  }

  private async make(clusterId: string, namespace: string): Promise<KfpArtifactStore> {
    const http = await this.clusters.http(clusterId);
    const refused: string[] = [];
    const namespaces = [...new Set([namespace, 'kubeflow'])];
    const secrets: SecretObject[] = [];
    const configMaps: KubeObject[] = [];
    const services: KubeObject[] = [];
    for (const ns of namespaces) {
      const secret = await readOptional<SecretObject>(http, core(ns, 'secrets', SECRET), refused);
      if (secret) secrets.push(secret);
      const launcher = await readOptional<KubeObject>(http, core(ns, 'configmaps', 'kfp-launcher'), refused);
      if (launcher) configMaps.push(launcher);
      const minio = await readOptional<KubeObject>(http, core(ns, 'services', 'minio-service'), refused);
      if (minio) services.push(minio);
      // the provider may name another Secret for the keys
      const ref = kfpProvider(launcher)?.credentials?.secretRef?.secretName;
      if (ref && ref !== SECRET) {
        const other = await readOptional<SecretObject>(http, core(ns, 'secrets', ref), refused);
        if (other) secrets.push(other);
      }
    }
    const sources = kfpSources(secrets, configMaps, services);
    const src = sources.find((s) => s.id.startsWith(`kfp-${namespace.toLowerCase()}-`)) ?? sources[0];
    const why = refused.length ? ` (your account may not read ${refused.join(', ')})` : '';
    if (!src)
      throw new AppError(
        'not-found',
        `KFP's artifact Secret ${SECRET} is not in ${namespaces.join(' or ')}${why}, so MLDeck cannot read this run's artifacts.`,
      );
    if (!src.reach || !src.keys) throw new AppError('unavailable', `${src.problem ?? `KFP's artifact store cannot be used.`}${why}`, undefined, false);
    const route = await storeRoute(this.clusters, this.connector, clusterId, src.reach);
    const endpoint = src.reach.kind === 'url' ? src.reach.url : route.baseUrl;
    const client = makeS3Client({ endpoint, region: src.region, credentials: src.keys, forcePathStyle: src.pathStyle }, route);
    const launcher = configMaps.find((c) => c.metadata.namespace === namespace) ?? configMaps[0];
    const root = (launcher as { data?: Record<string, string> } | undefined)?.data?.defaultPipelineRoot?.trim() || undefined;
    return { client, store: src.from, root };
  }
}
