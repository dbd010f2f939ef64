// SPDX-License-Identifier: Apache-2.0
/**
 * Serving models on lab-a through the real services: a deploy built by the form model passes
 * the server-side dry run and is created; the lab's KServe driver makes it Ready; the lab's
 * KServe model server answers V1 and V2 requests through a port-forward; a canary of 20 %
 * splits traffic 80/20, is promoted, rolled back and an earlier model restored from the
 * history; a missing model shows the storage initializer's failure; objects the API server
 * rejects come back as field problems; S3 access is created with KServe's annotations; and
 * alice is told why she may not deploy in team-b.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { servingContract } from '../../shared/features/serving/serving.contract';
import type { KubeObject } from '../../shared/kube/object';
import { formToManifest, newDeployForm } from '../../shared/serving/deploy-form';
import { requestTemplate } from '../../shared/serving/inference-request';
import { summarizeIsvc, trafficByRevision, type IsvcSummary } from '../../shared/serving/isvc-summary';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';

const isvc = { group: 'serving.kserve.io', version: 'v1beta1', plural: 'inferenceservices' };

describe('serving models with KServe', () => {
  let ns: { name: string; remove(): Promise<void> };
  let app: AppUnderTest;
  let labA = '';
  let restricted = '';
  const custom = () => kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);
  const core = () => kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
  const read = async (name: string): Promise<KubeObject> => (await custom().getNamespacedCustomObject({ ...isvc, namespace: ns.name, name })) as KubeObject;
  const until = (what: string, name: string, ok: (s: IsvcSummary) => boolean, ms = 60_000) =>
    eventually(
      what,
      async () => {
        const s = summarizeIsvc(await read(name));
        return ok(s) ? s : undefined;
      },
      ms,
    );
  const split = (s: IsvcSummary) => Object.fromEntries(trafficByRevision(s.traffic).map((t) => [t.revision, t.percent]));
  const ref = () => ({ clusterId: labA, namespace: ns.name, name: 'iris' });

  beforeAll(async () => {
    ns = await tempNamespace('serving');
    app = await startApp(labInfo().kubeconfig);
    const list = await app.api.call(clustersContract.list, {});
    labA = list.clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
    restricted = list.clusters.find((c) => c.contextName === 'lab-a-restricted')?.id ?? '';
    expect(labA).not.toBe('');
    expect(restricted).not.toBe('');
  });
  afterAll(async () => {
    app?.close();
    await ns?.remove();
  });

  it('returns what the API server rejects as field problems, and stores nothing on a dry run', async () => {
    const good = formToManifest({ ...newDeployForm(ns.name), name: 'checked', storageUri: 's3://models/iris/v1' });
    const typo = structuredClone(good) as { spec: { predictor: { model: Record<string, unknown> } } };
    typo.spec.predictor.model.storageUrl = typo.spec.predictor.model.storageUri;
    const r = await app.api.call(servingContract.submit, { clusterId: labA, object: typo, dryRun: true });
    expect(r.problems).toEqual([{ field: 'spec.predictor.model.storageUrl', message: 'unknown field "spec.predictor.model.storageUrl"' }]);
    const badName = await app.api.call(servingContract.submit, {
      clusterId: labA,
      object: { ...good, metadata: { name: 'Bad_Name', namespace: ns.name } },
      dryRun: true,
    });
    expect(badName.problems?.[0]?.field).toBe('metadata.name');
    const dry = await app.api.call(servingContract.submit, { clusterId: labA, object: good, dryRun: true });
    expect(dry.problems).toBeUndefined();
    expect(dry.object?.metadata.annotations?.['mldeck.dev/rollout-history']).toContain('"action":"deploy"');
    await expect(read('checked')).rejects.toThrow();
  });

  it('deploys iris from the form; the driver makes it Ready and the model server answers V1 and V2 through a port-forward', async () => {
    const form = { ...newDeployForm(ns.name), name: 'iris', storageUri: 's3://models/iris/v1', modelName: 'iris', modelVersion: '1' };
    const made = await app.api.call(servingContract.submit, { clusterId: labA, object: formToManifest(form), dryRun: false });
    expect(made.object?.metadata.uid).toBeTruthy();
    const ready = await until('iris Ready', 'iris', (s) => s.state === 'Ready');
    expect(ready.url).toBe(`http://iris.${ns.name}.example.com`);
    expect(ready.model).toBe('iris');
    expect(ready.modelVersion).toBe('1');
    expect(ready.history).toMatchObject([{ action: 'deploy', revision: 'iris-predictor-00001', storageUri: 's3://models/iris/v1', modelVersion: '1' }]);

    const v1 = requestTemplate('v1', 'iris');
    const a1 = await app.api.call(servingContract.predict, { ...ref(), protocol: 'v1', path: v1.path, body: v1.body, via: 'port-forward' });
    expect(a1.status).toBe(200);
    expect(JSON.parse(a1.body)).toEqual({ predictions: [0, 2] });
    expect(a1.latencyMs).toBeGreaterThan(0);
    expect(a1.revision).toBe('iris-predictor-00001');
    expect(a1.target).toMatch(/^port-forward to .*iris-predictor-00001-deployment-.*:8080$/);

    const v2 = requestTemplate('v2', 'iris');
    const a2 = await app.api.call(servingContract.predict, { ...ref(), protocol: 'v2', path: v2.path, body: v2.body, via: 'port-forward' });
    expect(a2.status).toBe(200);
    expect((JSON.parse(a2.body) as { outputs: { data: number[] }[] }).outputs[0]?.data).toEqual([0, 2]);

    // the server's own error is an answer, not a failure
    const missing = await app.api.call(servingContract.predict, {
      ...ref(),
      protocol: 'v1',
      path: '/v1/models/nope:predict',
      body: v1.body,
      via: 'port-forward',
    });
    expect(missing.status).toBe(404);
    // the service URL of the lab's simulated ingress cannot be reached: said so
    await expect(app.api.call(servingContract.predict, { ...ref(), protocol: 'v1', path: v1.path, body: v1.body, via: 'url' })).rejects.toMatchObject({
      code: 'unavailable',
    });
    await expect(app.api.call(servingContract.predict, { ...ref(), protocol: 'v1', path: '/metrics', body: '', via: 'port-forward' })).rejects.toMatchObject({
      code: 'validation',
    });
  }, 120_000);

  it('canaries v2 at 20 %, moves the split, promotes, rolls back and returns to v1 from the history', async () => {
    const dry = await app.api.call(servingContract.canary, {
      ...ref(),
      model: { format: 'sklearn', storageUri: 's3://models/iris/v2' },
      percent: 20,
      registry: { model: 'iris', version: '2' },
      dryRun: true,
    });
    expect(dry.problems).toBeUndefined();
    expect(summarizeIsvc(await read('iris')).canaryPercent).toBeUndefined(); // a dry run changes nothing

    await app.api.call(servingContract.canary, {
      ...ref(),
      model: { format: 'sklearn', storageUri: 's3://models/iris/v2' },
      percent: 20,
      registry: { model: 'iris', version: '2' },
      dryRun: false,
    });
    const canary = await until('80/20', 'iris', (s) => split(s)['iris-predictor-00002'] === 20);
    expect(split(canary)).toEqual({ 'iris-predictor-00001': 80, 'iris-predictor-00002': 20 });
    expect(canary.state).toBe('Canary');
    expect(canary.modelVersion).toBe('2');
    // a request to the canary revision is answered by it
    const v1 = requestTemplate('v1', 'iris');
    const toCanary = await app.api.call(servingContract.predict, {
      ...ref(),
      protocol: 'v1',
      path: v1.path,
      body: v1.body,
      via: 'port-forward',
      revision: 'iris-predictor-00002',
    });
    expect(toCanary.revision).toBe('iris-predictor-00002');
    expect(JSON.parse(toCanary.body)).toEqual({ predictions: [0, 2] });

    await app.api.call(servingContract.setTraffic, { ...ref(), percent: 50 });
    await until('50/50', 'iris', (s) => split(s)['iris-predictor-00002'] === 50);

    await app.api.call(servingContract.promote, ref());
    const promoted = await until('promoted', 'iris', (s) => split(s)['iris-predictor-00002'] === 100 && s.latestRolledoutRevision === 'iris-predictor-00002');
    expect(promoted.previousRolledoutRevision).toBe('iris-predictor-00001');
    expect(promoted.canaryPercent).toBeUndefined();

    await app.api.call(servingContract.rollback, ref());
    const back = await until('rolled back', 'iris', (s) => split(s)['iris-predictor-00001'] === 100);
    expect(back.canaryPercent).toBe(0);
    expect(back.history.map((e) => e.action)).toEqual(['deploy', 'canary', 'traffic', 'promote', 'rollback']);
    expect(back.history.find((e) => e.action === 'canary')).toMatchObject({
      revision: 'iris-predictor-00002',
      modelVersion: '2',
      storageUri: 's3://models/iris/v2',
    });
    expect(back.history.at(-1)).toMatchObject({ action: 'rollback', revision: 'iris-predictor-00001', storageUri: 's3://models/iris/v1', modelVersion: '1' });

    // return to the first deploy from the history: v1 becomes the predictor again, with all traffic
    const first = back.history[0];
    await app.api.call(servingContract.restore, { ...ref(), index: 0, at: first?.at ?? '' });
    const restored = await until('restored', 'iris', (s) => split(s)['iris-predictor-00003'] === 100 && s.ready);
    expect(restored.storageUri).toBe('s3://models/iris/v1');
    expect(restored.modelVersion).toBe('1');
    expect(restored.canaryPercent).toBeUndefined();
    expect(restored.history.at(-1)).toMatchObject({ action: 'restore', revision: 'iris-predictor-00003', storageUri: 's3://models/iris/v1' });
    // a stale history index is refused rather than restoring something else
    await expect(app.api.call(servingContract.restore, { ...ref(), index: 0, at: 'not-that-one' })).rejects.toMatchObject({ code: 'conflict' });
  }, 180_000);

  it('shows the storage initializer’s failure for a model that is not there', async () => {
    const form = { ...newDeployForm(ns.name), name: 'missing-model', storageUri: 's3://models/does-not-exist' };
    await app.api.call(servingContract.submit, { clusterId: labA, object: formToManifest(form), dryRun: false });
    const s = await until('Failed', 'missing-model', (x) => x.state === 'Failed');
    expect(s.reason).toBe('RevisionFailed');
    expect(s.message).toContain('storage-initializer: failed to download s3://models/does-not-exist: no objects found under s3://models/does-not-exist');
    expect(s.modelStatus?.failure?.reason).toBe('ModelLoadFailed');
  }, 90_000);

  it('creates S3 access with KServe’s annotations, never returning the keys', async () => {
    const req = {
      clusterId: labA,
      namespace: ns.name,
      serviceAccountName: 'models-s3',
      secretName: 'models-s3-creds',
      endpoint: '127.0.0.1:19000',
      useHttps: false,
      region: 'us-east-1',
      verifySsl: false,
      accessKeyId: 'AKIA-TEST',
      secretAccessKey: 'secret-value-for-test',
    };
    const dry = await app.api.call(servingContract.createS3Access, { ...req, dryRun: true });
    expect(dry).toEqual({ serviceAccountName: 'models-s3', secretName: 'models-s3-creds' });
    await expect(core().readNamespacedSecret({ name: 'models-s3-creds', namespace: ns.name })).rejects.toThrow();

    await app.api.call(servingContract.createS3Access, { ...req, dryRun: false });
    const secret = await core().readNamespacedSecret({ name: 'models-s3-creds', namespace: ns.name });
    expect(secret.metadata?.annotations).toMatchObject({
      'serving.kserve.io/s3-endpoint': '127.0.0.1:19000',
      'serving.kserve.io/s3-usehttps': '0',
      'serving.kserve.io/s3-verifyssl': '0',
      'serving.kserve.io/s3-region': 'us-east-1',
    });
    expect(Buffer.from(secret.data?.AWS_SECRET_ACCESS_KEY ?? '', 'base64').toString()).toBe('secret-value-for-test');
    const sa = await core().readNamespacedServiceAccount({ name: 'models-s3', namespace: ns.name });
    expect(sa.secrets?.map((s) => s.name)).toEqual(['models-s3-creds']);

    const listed = await app.api.call(servingContract.serviceAccounts, { clusterId: labA, namespace: ns.name });
    expect(listed.secretsReadable).toBe(true);
    expect(listed.accounts[0]).toEqual({ name: 'models-s3', s3Secrets: [{ name: 'models-s3-creds', endpoint: '127.0.0.1:19000' }] });
    expect(JSON.stringify(listed)).not.toContain('secret-value-for-test');
    await expect(app.api.call(servingContract.createS3Access, { ...req, dryRun: false })).rejects.toMatchObject({ code: 'conflict' });
  });

  it('tells alice why she may not deploy in team-b, before and on apply', async () => {
    const p = await app.api.call(servingContract.permissions, { clusterId: restricted, namespace: 'team-b' });
    expect(p.user).toBe('alice');
    expect(p.create.allowed).toBe(false);
    expect(p.create.reason).toMatch(/^alice may not create inferenceservices in team-b/);
    const own = await app.api.call(servingContract.permissions, { clusterId: restricted, namespace: 'team-a' });
    expect(own.create.allowed).toBe(true);

    const object = formToManifest({ ...newDeployForm('team-b'), name: 'alice-model', storageUri: 's3://models/iris/v1' });
    const err = await app.api.call(servingContract.submit, { clusterId: restricted, object, dryRun: true }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'forbidden', message: 'alice may not create inferenceservices in team-b.' });
    expect((err as AppError).detail).toMatch(/cannot create resource "inferenceservices"/);
  });
});
