// SPDX-License-Identifier: Apache-2.0
/**
 * KFP's artifact store as a pure rule over the objects read (unit-tested in
 * main/features/storage/store-sources.test.ts): the `mlpipeline-minio-artifact` Secret of a
 * namespace with its `kfp-launcher` ConfigMap (`defaultPipelineRoot`, `providers`: endpoint,
 * region, path style, the Secret holding the keys) or, as KFP's launcher defaults to, the
 * `minio-service` Service of the namespace or of `kubeflow`.
 */
import { parse as parseYaml } from 'yaml';
import type { KubeObject } from '../../../shared/kube/object';
import { label, nsOf, reachOf, secretValue, sourceId, type SecretObject, type StoreKeys, type StoreReach, type StoreSource } from './store-source';

/** `minio://b/k` or `s3://b/k` as the `s3://` location to browse. */
export function locationOf(root: string | undefined): string | undefined {
  const m = /^(?:minio|s3):\/\/([^/\s]+)(\/\S*)?$/.exec(root?.trim() ?? '');
  return m ? `s3://${m[1]}${(m[2] ?? '').replace(/\/+$/, '')}` : undefined;
}

/** The `default` provider of a `kfp-launcher` ConfigMap's `providers` (KFP 2.x). */
export type KfpProvider = {
  endpoint?: string;
  region?: string;
  disableSSL?: boolean;
  forcePathStyle?: boolean;
  credentials?: { fromEnv?: boolean; secretRef?: { secretName?: string; accessKeyKey?: string; secretKeyKey?: string } };
};

/** The `s3` (else `minio`) default provider of a `kfp-launcher` ConfigMap's `providers`. */
export function kfpProvider(cm: KubeObject | undefined): KfpProvider | undefined {
  const text = (cm as { data?: Record<string, string> } | undefined)?.data?.providers;
  if (!text) return undefined;
  try {
    const p = parseYaml(text) as { s3?: { default?: KfpProvider }; minio?: { default?: KfpProvider } } | null;
    return p?.s3?.default ?? p?.minio?.default;
  } catch {
    return undefined;
  }
}

/** KFP's artifact store in each namespace that has its Secret. */
export function kfpSources(secrets: SecretObject[], configMaps: KubeObject[], services: KubeObject[]): StoreSource[] {
  const out: StoreSource[] = [];
  for (const s of secrets.filter((x) => x.metadata.name === 'mlpipeline-minio-artifact')) {
    const ns = nsOf(s);
    const launcher = configMaps.find((c) => c.metadata.name === 'kfp-launcher' && nsOf(c) === ns);
    const root = (launcher as { data?: Record<string, string> } | undefined)?.data?.defaultPipelineRoot;
    const provider = kfpProvider(launcher);
    const ref = provider?.credentials?.secretRef;
    const keyFrom = (name: string, idKey: string, secretKey: string): StoreKeys | undefined => {
      const id = secretValue(secrets, ns, name, idKey);
      const secret = secretValue(secrets, ns, name, secretKey);
      return id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined;
    };
    const keys = ref?.secretName
      ? keyFrom(ref.secretName, ref.accessKeyKey ?? 'accesskey', ref.secretKeyKey ?? 'secretkey')
      : keyFrom(s.metadata.name, 'accesskey', 'secretkey');
    let reach: StoreReach | undefined;
    let via: string;
    if (provider?.endpoint) {
      reach = reachOf(provider.endpoint, services, ns, !provider.disableSSL);
      via = `endpoint from ConfigMap ${ns}/kfp-launcher`;
    } else {
      const minio =
        services.find((x) => x.metadata.name === 'minio-service' && nsOf(x) === ns) ??
        services.find((x) => x.metadata.name === 'minio-service' && nsOf(x) === 'kubeflow');
      const port = (minio?.spec as { ports?: { port: number }[] } | undefined)?.ports?.[0]?.port ?? 9000;
      reach = minio?.metadata.uid ? { kind: 'service', namespace: nsOf(minio), name: minio.metadata.name, uid: minio.metadata.uid, port } : undefined;
      via = minio ? `endpoint Service ${label(minio)}` : 'no endpoint found';
    }
    out.push({
      id: sourceId('kfp', s),
      origin: 'kfp',
      from: `KFP artifact Secret ${label(s)} (${via})`,
      reach,
      region: provider?.region ?? 'us-east-1',
      pathStyle: provider?.forcePathStyle ?? true,
      keys,
      location: locationOf(root) ?? 's3://mlpipeline/v2/artifacts',
      problem: !reach
        ? `KFP's endpoint was not found in ${ns}: no kfp-launcher ConfigMap with providers and no minio-service Service. Enter it by hand.`
        : !keys
          ? `The Secret ${label(s)} has no accesskey/secretkey.`
          : undefined,
    });
  }
  return out;
}
