// SPDX-License-Identifier: Apache-2.0
/**
 * What the storage tests set up in a namespace of their own on lab-a, as a KFP and KServe install
 * would: KFP's `mlpipeline-minio-artifact` Secret and its `minio-service` Service with a KWOK pod
 * `minio-0` whose port 9000 KWOK forwards to the lab's S3 (versitygw), and a KServe S3 Secret
 * whose endpoint annotation names that Service.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import type { SaveStoreInput } from '../../shared/features/storage/storage.contract';
import { eventually, kubeConfig } from '../harness/lab';
import { s3Dirs } from '../lab/peers/s3';

/** The lab S3 (versitygw) and its root keys. */
export const labS3 = { endpoint: 'http://127.0.0.1:17070', port: 17070, accessKeyId: 'mldeck-lab', secretAccessKey: 'mldeck-lab-secret', region: 'us-east-1' };

/** The name of the i-th seeded object: `part-000042.csv`. */
/** A store saved by hand for the lab S3 with its root keys; `over` changes what a test needs. */
export const labS3Store = (clusterId: string, over: Partial<SaveStoreInput> = {}): SaveStoreInput => ({
  clusterId,
  name: 'by hand',
  kind: 's3',
  endpoint: labS3.endpoint,
  region: labS3.region,
  pathStyle: true,
  auth: 'keys',
  accessKeyId: labS3.accessKeyId,
  secretAccessKey: labS3.secretAccessKey,
  profile: '',
  ...over,
});

export const seededPart = (i: number) => `part-${String(i).padStart(6, '0')}.csv`;

/**
 * Writes `count` small CSV files ({@link seededPart}) into `bucket/dir` of the lab S3 by writing
 * them into versitygw's data folder (its posix backend lists what is on disk): 100,000 objects in
 * seconds, where 100,000 PutObject calls would take minutes.
 * @returns the folder, to remove after
 */
export function seedPartFiles(bucket: string, dir: string, count: number): string {
  const folder = join(s3Dirs.data, bucket, dir);
  mkdirSync(folder, { recursive: true });
  for (let i = 0; i < count; i++) writeFileSync(join(folder, seededPart(i)), `id,value\n${i},${i * 2}\n`);
  return folder;
}

/**
 * Removes `bucket/dir` from the lab S3 at once, as files were seeded: the folder (and its sidecar
 * metadata) is moved out of the bucket, so no listing sees it any more, and deleted by a detached
 * `rm -rf` (100,000 files take minutes to unlink on a slow disk; the test need not wait for it).
 */
export function removeSeeded(bucket: string, dir: string): void {
  for (const root of [s3Dirs.data, s3Dirs.meta]) {
    const folder = join(root, bucket, dir);
    if (!existsSync(folder)) continue;
    const gone = join(root, '..', `removed-${bucket}-${dir.replace(/[^a-zA-Z0-9-]+/g, '-')}-${Date.now().toString(36)}`);
    renameSync(folder, gone);
    spawn('rm', ['-rf', gone], { detached: true, stdio: 'ignore' }).unref();
  }
}

/**
 * KFP's Secret and a `kfp-launcher` ConfigMap whose `providers` give the store's endpoint as a URL
 * (KFP 2.x's object store configuration), in `namespace`.
 */
export async function seedKfpLauncher(namespace: string): Promise<void> {
  const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
  await core.createNamespacedSecret({
    namespace,
    body: { metadata: { name: 'mlpipeline-minio-artifact' }, type: 'Opaque', stringData: { accesskey: labS3.accessKeyId, secretkey: labS3.secretAccessKey } },
  });
  await core.createNamespacedConfigMap({
    namespace,
    body: {
      metadata: { name: 'kfp-launcher' },
      data: {
        defaultPipelineRoot: 'minio://mlpipeline/v2/artifacts',
        providers: [
          's3:',
          '  default:',
          `    endpoint: ${labS3.endpoint}`,
          '    disableSSL: true',
          '    region: us-east-1',
          '    forcePathStyle: true',
          '    credentials:',
          '      fromEnv: false',
          '      secretRef:',
          '        secretName: mlpipeline-minio-artifact',
          '        accessKeyKey: accesskey',
          '        secretKeyKey: secretkey',
        ].join('\n'),
      },
    },
  });
}

/** Makes the objects in `namespace` and waits until `minio-0` runs. */
export async function seedKfpStore(namespace: string): Promise<void> {
  const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
  const custom = kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);
  await core.createNamespacedSecret({
    namespace,
    body: { metadata: { name: 'mlpipeline-minio-artifact' }, type: 'Opaque', stringData: { accesskey: labS3.accessKeyId, secretkey: labS3.secretAccessKey } },
  });
  await core.createNamespacedSecret({
    namespace,
    body: {
      metadata: {
        name: 'models-s3',
        annotations: {
          'serving.kserve.io/s3-endpoint': `minio-service.${namespace}:9000`,
          'serving.kserve.io/s3-usehttps': '0',
          'serving.kserve.io/s3-region': 'us-east-1',
        },
      },
      type: 'Opaque',
      stringData: { AWS_ACCESS_KEY_ID: labS3.accessKeyId, AWS_SECRET_ACCESS_KEY: labS3.secretAccessKey },
    },
  });
  await core.createNamespacedService({
    namespace,
    body: {
      metadata: { name: 'minio-service', labels: { app: 'minio' } },
      spec: { selector: { app: 'minio' }, ports: [{ name: 'http', port: 9000, targetPort: 9000 }] },
    },
  });
  await core.createNamespacedPod({
    namespace,
    body: {
      metadata: { name: 'minio-0', labels: { app: 'minio' } },
      spec: { containers: [{ name: 'minio', image: 'minio/minio:RELEASE.2025-04-22T22-12-26Z', ports: [{ containerPort: 9000 }] }] },
    },
  });
  await custom.createNamespacedCustomObject({
    group: 'kwok.x-k8s.io',
    version: 'v1alpha1',
    namespace,
    plural: 'portforwards',
    body: {
      apiVersion: 'kwok.x-k8s.io/v1alpha1',
      kind: 'PortForward',
      metadata: { name: 'minio-0', namespace },
      spec: { forwards: [{ ports: [9000], target: { address: '127.0.0.1', port: labS3.port } }] },
    },
  });
  await eventually('minio-0 Running', async () =>
    (await core.readNamespacedPod({ name: 'minio-0', namespace })).status?.phase === 'Running' ? true : undefined,
  );
}
