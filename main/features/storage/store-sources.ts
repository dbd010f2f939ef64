// SPDX-License-Identifier: Apache-2.0
/**
 * Where a cluster says its object stores are, as pure rules over the objects read (unit-tested):
 * KFP's `mlpipeline-minio-artifact` Secret with its `kfp-launcher` ConfigMap (pipeline root,
 * `providers`) or the `minio-service` Service; an MLflow server's artifact store (its
 * `--artifacts-destination`, `MLFLOW_S3_ENDPOINT_URL` and AWS keys); PodDefaults that give pods
 * S3 settings; KServe's S3 Secrets (`serving.kserve.io/s3-*` annotations); and MinIO or S3
 * Services. Each source is kept with the words saying where it came from.
 */
import type { KubeObject } from '../../../shared/kube/object';
import {
  decode,
  label,
  nsOf,
  reachKey,
  reachOf,
  secretValue,
  sourceId,
  type SecretObject,
  type StoreKeys,
  type StoreReach,
  type StoreSource,
} from '../../platform/object-store/store-source';

// KFP's rule and the shared shapes live in platform/object-store (the run page reads KFP's store too)
export { kfpProvider, kfpSources } from '../../platform/object-store/kfp-store-source';
export {
  reachKey,
  reachLabel,
  reachOf,
  secretValue,
  sourceId,
  type StoreKeys,
  type StoreReach,
  type StoreSource,
} from '../../platform/object-store/store-source';

type Secret = SecretObject;
type EnvVar = { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } };
type EnvFrom = { secretRef?: { name: string } };

/** KServe's S3 Secrets (annotated with `serving.kserve.io/s3-endpoint`). */
export function kserveSources(secrets: Secret[], services: KubeObject[]): StoreSource[] {
  const out: StoreSource[] = [];
  for (const s of secrets) {
    const a = s.metadata.annotations ?? {};
    const endpoint = a['serving.kserve.io/s3-endpoint'];
    if (!endpoint) continue;
    const d = (k: string) => decode(s.data?.[k]);
    const id = d('AWS_ACCESS_KEY_ID') ?? d('awsAccessKeyID');
    const secret = d('AWS_SECRET_ACCESS_KEY') ?? d('awsSecretAccessKey');
    const reach = reachOf(endpoint, services, nsOf(s), a['serving.kserve.io/s3-usehttps'] !== '0');
    out.push({
      id: sourceId('kserve', s),
      origin: 'kserve',
      from: `KServe S3 Secret ${label(s)}`,
      reach,
      region: a['serving.kserve.io/s3-region'] || 'us-east-1',
      pathStyle: a['serving.kserve.io/s3-usevirtualbucket'] !== 'true',
      keys: id && secret ? { accessKeyId: id, secretAccessKey: secret } : undefined,
      location: undefined,
      problem: !reach
        ? `The endpoint annotation "${endpoint}" is not a host or URL.`
        : !(id && secret)
          ? `The Secret ${label(s)} has no AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.`
          : undefined,
    });
  }
  return out;
}

const endpointVars = ['MLFLOW_S3_ENDPOINT_URL', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL', 'S3_ENDPOINT', 'S3_ENDPOINT_URL'];

/** Endpoint and keys from a container's (or PodDefault's) env and envFrom. */
function fromEnv(
  env: EnvVar[],
  envFrom: EnvFrom[],
  secrets: Secret[],
  ns: string,
): { endpoint: string | undefined; keys: StoreKeys | undefined; region: string | undefined } {
  const value = (name: string): string | undefined => {
    const v = env.find((e) => e.name === name);
    if (v?.value !== undefined) return v.value;
    const ref = v?.valueFrom?.secretKeyRef;
    if (ref) return secretValue(secrets, ns, ref.name, ref.key);
    for (const f of envFrom)
      if (f.secretRef) {
        const got = secretValue(secrets, ns, f.secretRef.name, name);
        if (got !== undefined) return got;
      }
    return undefined;
  };
  const endpoint = endpointVars.map(value).find(Boolean);
  const id = value('AWS_ACCESS_KEY_ID');
  const secret = value('AWS_SECRET_ACCESS_KEY');
  const token = value('AWS_SESSION_TOKEN');
  return {
    endpoint,
    keys: id && secret ? { accessKeyId: id, secretAccessKey: secret, ...(token ? { sessionToken: token } : {}) } : undefined,
    region: value('AWS_DEFAULT_REGION') ?? value('AWS_REGION'),
  };
}

/** An MLflow server pod's artifact store (`--artifacts-destination`, else an s3 `--default-artifact-root`). */
export function mlflowDestination(pod: KubeObject): string | undefined {
  const containers = ((pod.spec ?? {}) as { containers?: { command?: string[]; args?: string[] }[] }).containers ?? [];
  for (const c of containers) {
    const argv = [...(c.command ?? []), ...(c.args ?? [])].flatMap((a) => a.split(/\s+/));
    for (const flag of ['--artifacts-destination', '--default-artifact-root']) {
      for (let i = 0; i < argv.length; i++) {
        const a = argv[i] ?? '';
        const v = a.startsWith(`${flag}=`) ? a.slice(flag.length + 1) : a === flag ? argv[i + 1] : undefined;
        const clean = v?.replace(/^["']|["']$/g, '');
        if (clean && /^s3:\/\/[^/]+/.test(clean)) return clean.replace(/\/+$/, '');
      }
    }
  }
  return undefined;
}

/** PodDefaults that give pods an S3 endpoint (MLflow's `MLFLOW_S3_ENDPOINT_URL`, `AWS_ENDPOINT_URL`…). */
export function podDefaultSources(podDefaults: KubeObject[], secrets: Secret[], services: KubeObject[]): StoreSource[] {
  const out: StoreSource[] = [];
  for (const pd of podDefaults) {
    const spec = (pd.spec ?? {}) as { env?: EnvVar[]; envFrom?: EnvFrom[]; desc?: string };
    const env = fromEnv(spec.env ?? [], spec.envFrom ?? [], secrets, nsOf(pd));
    if (!env.endpoint) continue;
    const reach = reachOf(env.endpoint, services, nsOf(pd), true);
    out.push({
      id: sourceId('pod-default', pd),
      origin: 'pod-default',
      from: `PodDefault ${label(pd)}${spec.desc ? ` (${spec.desc})` : ''}`,
      reach,
      region: env.region ?? 'us-east-1',
      pathStyle: true,
      keys: env.keys,
      location: undefined,
      problem: !env.keys ? `PodDefault ${label(pd)} gives no AWS keys (or MLDeck may not read their Secret).` : undefined,
    });
  }
  return out;
}

/** An MLflow server pod's artifact store, with the endpoint and keys in its env when it has them. */
export function mlflowSource(pod: KubeObject, service: KubeObject, secrets: Secret[], services: KubeObject[]): StoreSource | undefined {
  const dest = mlflowDestination(pod);
  if (!dest) return undefined;
  const c = ((pod.spec ?? {}) as { containers?: { env?: EnvVar[]; envFrom?: EnvFrom[] }[] }).containers ?? [];
  const env = fromEnv(
    c.flatMap((x) => x.env ?? []),
    c.flatMap((x) => x.envFrom ?? []),
    secrets,
    nsOf(pod),
  );
  const reach = env.endpoint ? reachOf(env.endpoint, services, nsOf(pod), true) : undefined;
  return {
    id: sourceId('mlflow', service),
    origin: 'mlflow',
    from: `MLflow's artifact destination ${dest} (server ${label(service)})`,
    reach,
    region: env.region ?? 'us-east-1',
    pathStyle: true,
    keys: env.keys,
    location: dest,
    problem: !reach
      ? `MLflow's pod has no MLFLOW_S3_ENDPOINT_URL: its store is AWS S3 or set elsewhere.`
      : !env.keys
        ? `MLflow's pod has no AWS keys MLDeck may read.`
        : undefined,
  };
}

/** MinIO or S3-compatible Services (no keys: the user enters them). */
export function serviceSources(services: KubeObject[], taken: Set<string>): StoreSource[] {
  const out: StoreSource[] = [];
  for (const s of services) {
    const name = s.metadata.name;
    const labels = s.metadata.labels ?? {};
    const looks = /minio|versitygw|seaweedfs|rgw|^s3/.test(name) || /minio/.test(labels['app'] ?? '') || /minio/.test(labels['app.kubernetes.io/name'] ?? '');
    if (!looks || /console/.test(name) || !s.metadata.uid) continue;
    const ports = (s.spec as { ports?: { port: number; name?: string }[] } | undefined)?.ports ?? [];
    const port = ports.find((p) => p.port === 9000) ?? ports.find((p) => /api|s3|http/.test(p.name ?? '')) ?? ports[0];
    if (!port) continue;
    const reach: StoreReach = { kind: 'service', namespace: nsOf(s), name, uid: s.metadata.uid, port: port.port };
    if (taken.has(reachKey(reach))) continue;
    out.push({
      id: sourceId('service', s),
      origin: 'service',
      from: `Service ${label(s)} (port ${port.port})`,
      reach,
      region: 'us-east-1',
      pathStyle: true,
      keys: undefined,
      location: undefined,
      problem: 'No keys were found for it: save it with your access key.',
    });
  }
  return out;
}

/**
 * One entry per store, key id and starting location, in the order given (earlier sources win):
 * the same PodDefault in every profile namespace is offered once.
 */
export function dedupe(sources: StoreSource[]): StoreSource[] {
  const seen = new Set<string>();
  return sources.filter((s) => {
    if (!s.reach) return true;
    const k = `${reachKey(s.reach)}\n${s.keys?.accessKeyId ?? ''}\n${s.location ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
