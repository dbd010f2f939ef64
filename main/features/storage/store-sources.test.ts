// SPDX-License-Identifier: Apache-2.0
/** Where a cluster says its stores are: KFP, KServe, MLflow and PodDefault rules on plain objects. */
import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../shared/kube/object';
import { dedupe, kfpSources, kserveSources, mlflowDestination, podDefaultSources, reachOf, serviceSources } from './store-sources';

const b64 = (s: string) => Buffer.from(s).toString('base64');
const secret = (ns: string, name: string, data: Record<string, string>, annotations?: Record<string, string>) =>
  ({ metadata: { namespace: ns, name, annotations }, data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, b64(v)])) }) as KubeObject & {
    data: Record<string, string>;
  };
const svc = (ns: string, name: string, port = 9000): KubeObject =>
  ({ metadata: { namespace: ns, name, uid: `uid-${name}` }, spec: { selector: { app: name }, ports: [{ port }] } }) as KubeObject;

describe('store sources', () => {
  it('reads KFP’s Secret with the minio-service beside it, or the kfp-launcher providers', () => {
    const secrets = [secret('kubeflow', 'mlpipeline-minio-artifact', { accesskey: 'minio', secretkey: 'minio123' })];
    const [viaService] = kfpSources(secrets, [], [svc('kubeflow', 'minio-service')]);
    expect(viaService).toMatchObject({
      id: 'kfp-kubeflow-mlpipeline-minio-artifact',
      from: 'KFP artifact Secret kubeflow/mlpipeline-minio-artifact (endpoint Service kubeflow/minio-service)',
      reach: { kind: 'service', namespace: 'kubeflow', name: 'minio-service', port: 9000 },
      keys: { accessKeyId: 'minio', secretAccessKey: 'minio123' },
      location: 's3://mlpipeline/v2/artifacts',
      problem: undefined,
    });
    const launcher = {
      metadata: { namespace: 'kubeflow', name: 'kfp-launcher' },
      data: {
        defaultPipelineRoot: 's3://team-bucket/pipelines/',
        providers:
          's3:\n  default:\n    endpoint: s3.eu-west-1.amazonaws.com\n    region: eu-west-1\n    forcePathStyle: false\n    credentials:\n      secretRef:\n        secretName: aws-keys\n        accessKeyKey: id\n        secretKeyKey: key\n',
      },
    } as unknown as KubeObject;
    const [viaLauncher] = kfpSources([...secrets, secret('kubeflow', 'aws-keys', { id: 'AKIA', key: 'shh' })], [launcher], []);
    expect(viaLauncher).toMatchObject({
      reach: { kind: 'url', url: 'https://s3.eu-west-1.amazonaws.com' },
      region: 'eu-west-1',
      pathStyle: false,
      keys: { accessKeyId: 'AKIA', secretAccessKey: 'shh' },
      location: 's3://team-bucket/pipelines',
    });
    const [nothing] = kfpSources(secrets, [], []);
    expect(nothing?.reach).toBeUndefined();
    expect(nothing?.problem).toMatch(/endpoint was not found in kubeflow/);
  });

  it('reads KServe’s S3 annotations, naming an in-cluster Service when the endpoint is one', () => {
    const s = secret(
      'team-a',
      'kserve-s3',
      { AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'key' },
      {
        'serving.kserve.io/s3-endpoint': 'minio.storage.svc.cluster.local:9000',
        'serving.kserve.io/s3-usehttps': '0',
        'serving.kserve.io/s3-region': 'eu-central-1',
      },
    );
    expect(kserveSources([s, secret('team-a', 'plain', { a: 'b' })], [svc('storage', 'minio')])).toEqual([
      expect.objectContaining({
        id: 'kserve-team-a-kserve-s3',
        reach: { kind: 'service', namespace: 'storage', name: 'minio', uid: 'uid-minio', port: 9000 },
        region: 'eu-central-1',
        keys: { accessKeyId: 'id', secretAccessKey: 'key' },
      }),
    ]);
    // not a listed Service: the URL, with the scheme the annotation says
    expect(reachOf('objects.example.com', [], 'x', true)).toEqual({ kind: 'url', url: 'https://objects.example.com' });
    expect(reachOf('minio:9000', [], 'x', false)).toEqual({ kind: 'url', url: 'http://minio:9000' });
  });

  it('reads MLflow’s artifact destination and PodDefaults’ S3 env with keys from their Secret', () => {
    const pod = {
      metadata: { namespace: 'mlflow', name: 'mlflow-0' },
      spec: { containers: [{ args: ['mlflow', 'server', '--artifacts-destination=s3://mlflow/artifacts/'] }] },
    } as unknown as KubeObject;
    expect(mlflowDestination(pod)).toBe('s3://mlflow/artifacts');
    expect(
      mlflowDestination({
        metadata: { name: 'x' },
        spec: { containers: [{ args: ['sh', '-c', 'mlflow server --default-artifact-root /tmp'] }] },
      } as unknown as KubeObject),
    ).toBeUndefined();
    const pd = {
      metadata: { namespace: 'team-a', name: 'mlflow-s3' },
      spec: { desc: 'MLflow S3', env: [{ name: 'MLFLOW_S3_ENDPOINT_URL', value: 'http://minio.storage:9000' }], envFrom: [{ secretRef: { name: 'creds' } }] },
    } as unknown as KubeObject;
    const pd2 = { ...pd, metadata: { namespace: 'team-b', name: 'mlflow-s3' } } as KubeObject;
    const secrets = [
      secret('team-a', 'creds', { AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'key' }),
      secret('team-b', 'creds', { AWS_ACCESS_KEY_ID: 'id', AWS_SECRET_ACCESS_KEY: 'key' }),
    ];
    const found = podDefaultSources([pd, pd2], secrets, []);
    expect(found.map((f) => f.from)).toEqual(['PodDefault team-a/mlflow-s3 (MLflow S3)', 'PodDefault team-b/mlflow-s3 (MLflow S3)']);
    expect(found[0]).toMatchObject({ reach: { kind: 'url', url: 'http://minio.storage:9000' }, keys: { accessKeyId: 'id', secretAccessKey: 'key' } });
    // the same store, keys and location twice: offered once
    expect(dedupe(found)).toHaveLength(1);
  });

  it('offers MinIO-like Services without keys, unless a source already names them', () => {
    const services = [svc('storage', 'minio'), svc('storage', 'minio-console', 9001), svc('x', 'web', 80)];
    const out = serviceSources(services, new Set());
    expect(out.map((s) => s.from)).toEqual(['Service storage/minio (port 9000)']);
    expect(out[0]?.keys).toBeUndefined();
    expect(serviceSources(services, new Set(['svc:storage/minio:9000']))).toEqual([]);
  });
});
