// SPDX-License-Identifier: Apache-2.0
/**
 * Feast registries read with Feast's protobuf schema, against the lab's real feast 0.67: lab-a's
 * registry file in the lab S3 (the one `feast apply` wrote) read as an `s3://` registry file, and
 * lab-b's real gRPC registry server (`feast serve_registry` without `--rest-api`) behind
 * feast/feast-registry-grpc, give exactly the projects, entities, data sources, views, features,
 * feature services, saved datasets and lineage the REST server gives for the same registry; a gRPC
 * registry Service is found in a cluster as a REST one is, and one whose pod forwards nowhere,
 * a corrupt registry file and a registry file named by a feature_store.yaml ConfigMap are
 * answered in words.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { feastContract, type ClusterFeast, type FeastProjectDetail } from '../../shared/features/feast/feast.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { deleteObject, getObject, putObject } from '../lab/peers/s3';
import { feastBucket, featureStoreYaml, registryKey, registryUri } from '../lab/feast/feast-repos';
import { feastInCluster } from '../lab/feast/in-cluster';

async function clusterIdOf(app: AppUnderTest, context: string): Promise<string> {
  const id = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === context)?.id;
  if (!id) throw new Error(`no context ${context}`);
  return id;
}

/** What a project read gives, without where it was read from; the lineage in one order. */
function objects(d: FeastProjectDetail) {
  const { clusterId: _c, registryId: _r, registryLabel: _l, origin: _o, ...rest } = d;
  const key = (r: FeastProjectDetail['lineage'][number]) => `${r.source.type}:${r.source.name}>${r.target.type}:${r.target.name}:${r.from}`;
  return { ...rest, lineage: [...rest.lineage].sort((x, y) => key(x).localeCompare(key(y))) };
}

const rest = 'svc:feast/feast-registry';
const grpcTwin = `grpc:${feastInCluster.namespace}/${feastInCluster.grpcService}`;

describe('Feast registries read with the protobuf schema', () => {
  let app: AppUnderTest;
  let a = '';
  let b = '';
  let temp: { name: string; remove(): Promise<void> } | undefined;
  const corruptKey = `feast/it-${Date.now().toString(36)}/registry.db`;

  beforeAll(async () => {
    app = await startApp(labInfo().kubeconfig);
    a = await clusterIdOf(app, 'lab-a');
    b = await clusterIdOf(app, 'lab-b');
  }, 120_000);
  afterAll(async () => {
    await app?.api.call(feastContract.setSettings, { clusterId: a, url: '', registryFile: '' }).catch(() => undefined);
    app?.close();
    await temp?.remove();
    await deleteObject(feastBucket, corruptKey).catch(() => undefined);
  });

  it('reads lab-a’s registry file in the lab S3 as the REST server reads it: same projects and every object', async () => {
    expect(await app.api.call(feastContract.setSettings, { clusterId: a, url: '', registryFile: registryUri('lab-a') })).toEqual({
      clusterId: a,
      url: '',
      registryFile: 's3://datasets/feast/lab-a/registry.db',
    });
    const got = (await app.api.call(feastContract.registries, { clusterId: a })).clusters[0];
    if (!got?.ok) throw new Error(`lab-a: ${JSON.stringify(got)}`);
    expect(got.registries.map((r) => [r.registry.id, r.registry.protocol, r.ok ? r.projects.map((p) => p.name) : r.error.message])).toEqual([
      [rest, 'rest', ['fraud_detection', 'recommendations']],
      ['file', 'file', ['fraud_detection', 'recommendations']],
    ]);
    const file = got.registries[1];
    expect(file).toMatchObject({
      registry: { label: 's3://datasets/feast/lab-a/registry.db', foundBy: 'the registry file in this cluster’s Feast settings' },
      origin: { kind: 'file', uri: 's3://datasets/feast/lab-a/registry.db' },
    });
    if (!file?.ok || !got.registries[0]?.ok) throw new Error('not read');
    expect(file.projects).toEqual(got.registries[0].projects);

    for (const project of ['fraud_detection', 'recommendations']) {
      const viaRest = await app.api.call(feastContract.project, { clusterId: a, registryId: rest, project });
      const viaFile = await app.api.call(feastContract.project, { clusterId: a, registryId: 'file', project });
      expect(viaFile.origin).toMatchObject({ kind: 'file', uri: registryUri('lab-a') });
      expect(objects(viaFile)).toEqual(objects(viaRest));
    }
    const d = await app.api.call(feastContract.project, { clusterId: a, registryId: 'file', project: 'fraud_detection' });
    expect([d.entities.length, d.dataSources.length, d.featureViews.length, d.featureServices.length, d.savedDatasets.length]).toEqual([2, 3, 3, 2, 1]);
    expect(d.featureViews.map((v) => [v.name, v.kind, v.features.length, v.ttlSeconds])).toEqual([
      ['customer_transaction_stats', 'featureView', 7, 86400],
      ['merchant_risk', 'featureView', 4, 7 * 86400],
      ['transaction_amount_features', 'onDemandFeatureView', 2, undefined],
    ]);
  }, 180_000);

  it('says a corrupt registry file is not a registry, and keeps reading the servers', async () => {
    const real = await getObject(feastBucket, registryKey('lab-a'));
    await putObject(feastBucket, corruptKey, Buffer.from(real).subarray(0, Math.floor(real.length / 2)));
    await app.api.call(feastContract.setSettings, { clusterId: a, url: '', registryFile: `s3://${feastBucket}/${corruptKey}` });
    const got = (await app.api.call(feastContract.registries, { clusterId: a })).clusters[0];
    if (!got?.ok) throw new Error(`lab-a: ${JSON.stringify(got)}`);
    expect(got.registries[0]).toMatchObject({ ok: true, registry: { id: rest } });
    expect(got.registries[1]).toMatchObject({
      ok: false,
      registry: { id: 'file', protocol: 'file' },
      error: {
        code: 'unavailable',
        retryable: false,
        message: expect.stringMatching(
          new RegExp(`^The Feast registry file s3://${feastBucket}/${corruptKey.replace(/[.]/g, '\\.')} is not a Feast registry file MLDeck can read`),
        ) as unknown,
      },
    });
    await expect(app.api.call(feastContract.project, { clusterId: a, registryId: 'file', project: 'fraud_detection' })).rejects.toMatchObject({
      code: 'unavailable',
    });
    await app.api.call(feastContract.setSettings, { clusterId: a, url: '', registryFile: '' });
  }, 120_000);

  it('reads lab-b’s gRPC registry server as the REST server: same project and every object, Feast’s own lineage', async () => {
    const viaRest = await app.api.call(feastContract.project, { clusterId: b, registryId: rest, project: 'churn' });
    const viaGrpc = await app.api.call(feastContract.project, { clusterId: b, registryId: grpcTwin, project: 'churn' });
    expect(viaGrpc.origin).toEqual({ kind: 'grpc', namespace: 'feast', service: 'feast-registry-grpc', pod: 'feast-registry-0', port: 6570 });
    expect(objects(viaGrpc)).toEqual(objects(viaRest));
    expect(viaGrpc.featureViews.map((v) => v.name)).toContain('customer_billing');
    expect(viaGrpc.featureViews.find((v) => v.name === 'customer_billing')?.features.find((f) => f.name === 'avg_transaction_amount')?.valueType).toBe(
      'DOUBLE',
    );
    // the Service twin of the REST one is the same server: the cluster lists it once
    const listed = (await app.api.call(feastContract.registries, { clusterId: b })).clusters[0] as ClusterFeast;
    expect(listed.ok && listed.registries.map((r) => r.registry.id)).toEqual([rest]);
  }, 120_000);

  it('finds a gRPC-only registry Service as it finds a REST one, and says when its pod forwards nowhere', async () => {
    temp = await tempNamespace('feast-grpc', 'lab-b');
    const ns = temp.name;
    const core = kubeConfig('lab-b').makeApiClient(k8s.CoreV1Api);
    const custom = kubeConfig('lab-b').makeApiClient(k8s.CustomObjectsApi);
    const labels = { 'app.kubernetes.io/name': 'feast', 'app.kubernetes.io/component': 'registry' };
    for (const [name, target] of [
      ['grpc-registry', 16570],
      ['gone-registry', 9],
    ] as const) {
      const selector = { ...labels, 'app.kubernetes.io/instance': name };
      await core.createNamespacedService({
        namespace: ns,
        body: { metadata: { name, labels }, spec: { selector, ports: [{ name: 'grpc', port: 80, targetPort: 'grpc' }] } },
      });
      await core.createNamespacedPod({
        namespace: ns,
        body: {
          metadata: { name: `${name}-0`, labels: selector },
          spec: { containers: [{ name: 'registry', image: 'quay.io/feastdev/feature-server:0.67.0', ports: [{ name: 'grpc', containerPort: 6570 }] }] },
        },
      });
      await custom.createNamespacedCustomObject({
        group: 'kwok.x-k8s.io',
        version: 'v1alpha1',
        namespace: ns,
        plural: 'portforwards',
        body: {
          apiVersion: 'kwok.x-k8s.io/v1alpha1',
          kind: 'PortForward',
          metadata: { name: `${name}-0`, namespace: ns },
          spec: { forwards: [{ ports: [6570], target: { address: '127.0.0.1', port: target } }] },
        },
      });
      await eventually(`${name}-0 Running`, async () =>
        (await core.readNamespacedPod({ name: `${name}-0`, namespace: ns })).status?.phase === 'Running' ? true : undefined,
      );
    }
    const got = (await app.api.call(feastContract.registries, { clusterId: b })).clusters[0];
    if (!got?.ok) throw new Error(`lab-b: ${JSON.stringify(got)}`);
    const mine = got.registries.filter((r) => r.registry.id.startsWith(`grpc:${ns}/`));
    expect(mine.map((r) => [r.registry.id, r.registry.protocol, r.registry.foundBy])).toEqual([
      [
        `grpc:${ns}/gone-registry`,
        'grpc',
        `Service ${ns}/gone-registry: labelled app.kubernetes.io/name=feast, app.kubernetes.io/component=registry (gRPC, port 80)`,
      ],
      [
        `grpc:${ns}/grpc-registry`,
        'grpc',
        `Service ${ns}/grpc-registry: labelled app.kubernetes.io/name=feast, app.kubernetes.io/component=registry (gRPC, port 80)`,
      ],
    ]);
    expect(mine[1]).toMatchObject({
      ok: true,
      projects: [{ name: 'churn' }],
      origin: { kind: 'grpc', namespace: ns, service: 'grpc-registry', pod: 'grpc-registry-0', port: 6570 },
    });
    expect(mine[0]).toMatchObject({
      ok: false,
      error: {
        code: 'unavailable',
        retryable: true,
        message: expect.stringMatching(new RegExp(`^The Feast gRPC registry ${ns}/gone-registry cannot be reached`)) as unknown,
      },
    });
    await temp.remove();
    temp = undefined;
  }, 180_000);

  it('follows a feature_store.yaml ConfigMap beside the registry Service to its registry file', async () => {
    const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
    const name = `it-feature-store-${Date.now().toString(36)}`;
    await core.createNamespacedConfigMap({
      namespace: feastInCluster.namespace,
      body: { metadata: { name }, data: { 'feature_store.yaml': featureStoreYaml('lab-a', 'fraud_detection') } },
    });
    try {
      const c = (await app.api.call(feastContract.registries, { clusterId: a })).clusters[0];
      if (!c?.ok) throw new Error(`lab-a: ${JSON.stringify(c)}`);
      expect(c.registries.map((r) => [r.registry.id, r.registry.protocol, r.ok ? r.projects.map((p) => p.name) : r.error.message])).toEqual([
        [rest, 'rest', ['fraud_detection', 'recommendations']],
        [`cm:feast/${name}`, 'file', ['fraud_detection', 'recommendations']],
      ]);
      expect(c.registries[1]?.registry).toMatchObject({
        label: registryUri('lab-a'),
        foundBy: `ConfigMap feast/${name}: feature_store.yaml names the registry file ${registryUri('lab-a')}`,
      });
      const viaRest = await app.api.call(feastContract.project, { clusterId: a, registryId: rest, project: 'recommendations' });
      const viaCm = await app.api.call(feastContract.project, { clusterId: a, registryId: `cm:feast/${name}`, project: 'recommendations' });
      expect(objects(viaCm)).toEqual(objects(viaRest));
    } finally {
      await core.deleteNamespacedConfigMap({ name, namespace: feastInCluster.namespace });
    }
  }, 120_000);
});
