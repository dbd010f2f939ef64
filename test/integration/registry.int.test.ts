// SPDX-License-Identifier: Apache-2.0
/**
 * The model registry against the lab's MLflow 3.17.2: found in the cluster (`mlflow/mlflow`,
 * reached through a port-forward) and by URL; models with aliases and search; versions with their
 * run, storage URI and model format (incl. the iris MLflow-3 logged models); aliases, tags and
 * descriptions changed in MLDeck and read back with a direct MLflow REST call (and restored);
 * artifacts listed and downloaded (through the artifact proxy and straight from S3 with the AWS SDK);
 * and, with MLflow unreachable, what was seen served from the cache with its date.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { registryContract } from '../../shared/features/registry/registry.contract';
import { ArtifactStore } from '../../main/features/registry/artifact-store';
import { urlRoute } from '../../main/platform/net/http-route';
import { mlflowSettings } from '../harness/mlflow-settings';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { labInfo } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';

const mlflow = 'http://127.0.0.1:15000';
const s3 = { endpoint: 'http://127.0.0.1:17070', region: 'us-east-1', accessKeyId: 'mldeck-lab', secretAccessKey: 'mldeck-lab-secret' };

/** A direct MLflow REST GET (what any other MLflow client would see). */
async function mlflowGet<T>(path: string, query: Record<string, string>): Promise<{ status: number; body: T }> {
  const res = await fetch(`${mlflow}/api/2.0/mlflow/${path}?${new URLSearchParams(query)}`);
  return { status: res.status, body: (await res.json()) as T };
}

const base = (clusterId: string) => mlflowSettings(clusterId);

describe('the model registry', () => {
  let app: AppUnderTest;
  let clusterId = '';
  let relay: TcpRelay;

  beforeAll(async () => {
    app = await startApp(labInfo().kubeconfig);
    clusterId = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
    relay = await startRelay(15000);
  });
  afterAll(async () => {
    app?.close();
    await relay?.close();
  });

  it('finds MLflow in the cluster and, once confirmed, reaches it through a port-forward', async () => {
    const unconfirmed = await app.api.call(registryContract.testConnection, { clusterId });
    expect(unconfirmed).toMatchObject({ ok: false, code: 'unavailable' });
    expect(unconfirmed.message).toMatch(/MLflow found in the cluster \(.*mlflow\/mlflow.*\)\. MLDeck sends nothing to an in-cluster service/);
    const found = (await app.api.call(registryContract.candidates, { clusterId })).find((c) => c.namespace === 'mlflow' && c.name === 'mlflow');
    expect(found?.uid).toMatch(/^[0-9a-f-]{36}$/);
    await app.api.call(registryContract.setSettings, { ...base(clusterId), pin: { namespace: 'mlflow', name: 'mlflow', uid: found?.uid ?? '' } });
    const t = await app.api.call(registryContract.testConnection, { clusterId });
    expect(t.message).toMatch(/Connected/);
    expect(t.ok).toBe(true);
    expect(t.origin).toMatchObject({ kind: 'port-forward', namespace: 'mlflow', service: 'mlflow', pod: 'mlflow-0', port: 5000 });
    expect(t.candidates).toContainEqual({
      namespace: 'mlflow',
      name: 'mlflow',
      uid: found?.uid,
      port: 5000,
      pod: 'mlflow-0',
      artifactsDestination: 's3://mlflow/artifacts',
    });
    expect(t.models).toBeGreaterThanOrEqual(4);
    const list = await app.api.call(registryContract.models, { clusterId });
    expect(list.origin.kind).toBe('port-forward');
    const fraud = list.models.find((m) => m.name === 'fraud-clf');
    expect(fraud?.aliases.map((a) => a.alias).sort()).toEqual(expect.arrayContaining(['champion', 'challenger']));
    expect(fraud?.tags).toContainEqual({ key: 'team', value: 'risk' });
    expect(fraud?.latestVersion).toBe('4');
    // no artifact store set: the server pod's --artifacts-destination maps mlflow-artifacts:/
    const v = await app.api.call(registryContract.version, { clusterId, name: 'churn-xgb', version: '2' });
    expect(v.origin.kind).toBe('port-forward');
    expect(v.storageUri).toBe(`s3://mlflow/artifacts/${v.source.slice('mlflow-artifacts:/'.length)}`);
  });

  it('uses an explicit URL and keeps secrets out of what the renderer sees', async () => {
    const saved = await app.api.call(registryContract.setSettings, {
      ...base(clusterId),
      mode: 'url',
      url: mlflow,
      artifactStore: 's3://mlflow/artifacts',
      s3Endpoint: s3.endpoint,
      s3Region: s3.region,
      s3AccessKeyId: s3.accessKeyId,
      s3SecretAccessKey: s3.secretAccessKey,
    });
    expect(saved).toMatchObject({ mode: 'url', url: mlflow, hasS3Secret: true, hasPassword: false });
    expect(JSON.stringify(saved)).not.toContain(s3.secretAccessKey);
    const t = await app.api.call(registryContract.testConnection, { clusterId });
    expect(t.origin).toEqual({ kind: 'url', url: mlflow });
  });

  it('searches models by name, tag and alias', async () => {
    const names = async (search: string) => (await app.api.call(registryContract.models, { clusterId, search })).models.map((m) => m.name);
    expect(await names('fraud')).toEqual(['fraud-clf']);
    expect(await names('team=risk')).toEqual(['fraud-clf']);
    expect(await names('framework=sklearn')).toEqual(['iris']);
    expect(await names('@champion')).toEqual(expect.arrayContaining(['churn-xgb', 'fraud-clf', 'iris', 'resnet50-products']));
    expect(await names('no-such-model-anywhere')).toEqual([]);
  });

  it('lists a model’s versions with their aliases, stage, status and source run', async () => {
    const m = await app.api.call(registryContract.model, { clusterId, name: 'fraud-clf' });
    expect(m.versions.map((v) => v.version)).toEqual(['4', '3', '2', '1']);
    const champion = m.model.aliases.find((a) => a.alias === 'champion')?.version;
    expect(m.versions.find((v) => v.version === champion)?.aliases).toContain('champion');
    for (const v of m.versions) {
      expect(v.status).toBe('READY');
      expect(v.stage).toBeTruthy();
      expect(v.runId).toMatch(/^[0-9a-f]{32}$/);
      expect(v.createdAt).toBeGreaterThan(1.7e12);
    }
    const missing = await app.api.call(registryContract.model, { clusterId, name: 'no-such-model' }).catch((e: { code: string }) => e);
    expect(missing).toMatchObject({ code: 'not-found' });
  });

  it('gives a run-artifact version its run, metrics history and a storage URI through the artifact store', async () => {
    const v = await app.api.call(registryContract.version, { clusterId, name: 'fraud-clf', version: '3' });
    expect(v.source).toMatch(/^mlflow-artifacts:\/\d+\/[0-9a-f]{32}\/artifacts\/model$/);
    expect(v.storageUri).toBe(`s3://mlflow/artifacts/${v.source.slice('mlflow-artifacts:/'.length)}`);
    expect(v.run?.runId).toBe(v.runId);
    expect(v.run?.params.length).toBeGreaterThan(0);
    const auc = v.run?.metrics.find((x) => x.key === 'val_auc');
    expect(auc).toBeDefined();
    const h = await app.api.call(registryContract.metricHistory, { clusterId, runId: v.runId ?? '', key: 'val_auc' });
    expect(h.points.length).toBeGreaterThan(10);
    expect(h.points.at(-1)?.value).toBeCloseTo(auc?.value ?? NaN, 6);
    expect(v.flavors.length).toBeGreaterThan(0);
  });

  it('resolves an MLflow-3 logged-model source (iris) to its location, format sklearn and a loadable storage URI', async () => {
    const v = await app.api.call(registryContract.version, { clusterId, name: 'iris', version: '1' });
    expect(v.source).toMatch(/^models:\/m-[0-9a-f]{32}$/);
    expect(v.modelId).toBe(v.source.slice('models:/'.length));
    expect(v.artifactUri).toBe(`mlflow-artifacts:/5/models/${v.modelId}/artifacts`.replace('/5/', `/${v.run?.experimentId}/`));
    expect(v.storageUri).toBe(`s3://mlflow/artifacts/${v.run?.experimentId}/models/${v.modelId}/artifacts`);
    expect(v.flavors).toEqual(['python_function', 'sklearn']);
    expect(v.modelFormat).toBe('sklearn');
    expect(v.aliases).toContain('champion');
  });

  it('lists and downloads a version’s artifacts through the MLflow artifact API', async () => {
    const root = await app.api.call(registryContract.artifacts, { clusterId, name: 'iris', version: '1', path: '' });
    expect(root.via).toBe('mlflow');
    expect(root.entries.map((e) => e.path)).toEqual(expect.arrayContaining(['MLmodel', 'model.pkl', 'requirements.txt', 'input_example.json']));
    const mlmodel = await app.api.call(registryContract.artifact, { clusterId, name: 'iris', version: '1', path: 'MLmodel', purpose: 'preview' });
    expect(mlmodel.kind).toBe('text');
    expect(mlmodel.text).toMatch(/flavors:\n\s+python_function:/);
    const pkl = await app.api.call(registryContract.artifact, { clusterId, name: 'iris', version: '1', path: 'model.pkl', purpose: 'download' });
    const bytes = Buffer.from(pkl.base64 ?? '', 'base64');
    expect(bytes.length).toBe(root.entries.find((e) => e.path === 'model.pkl')?.size);
    // the same bytes as the proxy serves to any client
    const direct = Buffer.from(
      await (await fetch(`${mlflow}/api/2.0/mlflow-artifacts/artifacts/${root.root.slice('mlflow-artifacts:/'.length)}/model.pkl`)).arrayBuffer(),
    );
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(createHash('sha256').update(direct).digest('hex'));
    const fraud = await app.api.call(registryContract.artifacts, { clusterId, name: 'fraud-clf', version: '3', path: '' });
    expect(fraud.entries.map((e) => e.path)).toContain('MLmodel');
  });

  it('reads the same files straight from S3 with the configured credentials (AWS SDK client)', async () => {
    const v = await app.api.call(registryContract.version, { clusterId, name: 'iris', version: '2' });
    const key = (v.storageUri ?? '').slice('s3://mlflow/'.length);
    const reader = new ArtifactStore(s3, urlRoute(s3.endpoint));
    const files = await reader.list('mlflow', key, '');
    const viaProxy = await app.api.call(registryContract.artifacts, { clusterId, name: 'iris', version: '2', path: '' });
    expect(files.map((f) => f.path).sort()).toEqual(viaProxy.entries.map((e) => e.path).sort());
    const got = await reader.download('mlflow', `${key}/MLmodel`, 1 << 20);
    expect(got.bytes.toString('utf8')).toContain(`model_id: ${v.modelId}`);
    await expect(new ArtifactStore({ ...s3, secretAccessKey: 'wrong' }, urlRoute(s3.endpoint)).list('mlflow', key, '')).rejects.toMatchObject({
      code: 'forbidden',
    });
    reader.close();
  });

  it('browses a version whose files are in s3:// through S3 with the configured credentials, and says what is missing without them', async () => {
    const name = `mldeck-it-s3-${Date.now().toString(36)}`;
    const post = (path: string, body: unknown, method = 'POST') =>
      fetch(`${mlflow}/api/2.0/mlflow/${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('registered-models/create', { name })).ok).toBe(true);
    try {
      expect((await post('model-versions/create', { name, source: 's3://models/iris/v1' })).ok).toBe(true);
      const v = await app.api.call(registryContract.version, { clusterId, name, version: '1' });
      expect(v).toMatchObject({
        storageUri: 's3://models/iris/v1',
        run: undefined,
        runProblem: 'This version was registered without a source run.',
        flavors: [],
      });
      const listing = await app.api.call(registryContract.artifacts, { clusterId, name, version: '1', path: '' });
      expect(listing.via).toBe('s3');
      expect(listing.entries.map((e) => e.path).sort()).toEqual(['meta.json', 'model.pkl']);
      const meta = await app.api.call(registryContract.artifact, { clusterId, name, version: '1', path: 'meta.json', purpose: 'preview' });
      expect(meta.kind).toBe('text');
      expect(JSON.parse(meta.text ?? '')).toBeTypeOf('object');
      // without S3 credentials MLDeck says what to set
      await app.api.call(registryContract.setSettings, {
        ...base(clusterId),
        mode: 'url',
        url: mlflow,
        artifactStore: 's3://mlflow/artifacts',
        s3Endpoint: '',
      });
      const refused = await app.api
        .call(registryContract.artifacts, { clusterId, name, version: '1', path: '' })
        .catch((e: { code: string; message: string }) => e);
      expect(refused).toMatchObject({ code: 'validation', message: expect.stringMatching(/Set an S3 endpoint and credentials/) });
    } finally {
      await post('registered-models/delete', { name }, 'DELETE');
    }
  });

  it('previews a PNG as an image and a run-root version’s folders through the proxy', async () => {
    const name = `mldeck-it-png-${Date.now().toString(36)}`;
    const post = (path: string, body: unknown, method = 'POST') =>
      fetch(`${mlflow}/api/2.0/mlflow/${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
    const fraud = await app.api.call(registryContract.version, { clusterId, name: 'fraud-clf', version: '4' });
    const runRoot = fraud.run?.artifactUri ?? '';
    expect((await post('registered-models/create', { name })).ok).toBe(true);
    try {
      expect((await post('model-versions/create', { name, source: runRoot, run_id: fraud.runId })).ok).toBe(true);
      // no MLmodel at this root: MLflow answers 500 NoSuchKey; the version still reads, format unknown
      const v = await app.api.call(registryContract.version, { clusterId, name, version: '1' });
      expect(v).toMatchObject({ flavors: [], modelFormat: undefined, storageUri: `s3://mlflow/artifacts/${runRoot.slice('mlflow-artifacts:/'.length)}` });
      expect(v.origin.kind).not.toBe('cache');
      const gone = await app.api
        .call(registryContract.artifact, { clusterId, name, version: '1', path: 'MLmodel', purpose: 'preview' })
        .catch((e: { code: string }) => e);
      expect(gone).toMatchObject({ code: 'not-found' });
      const root = await app.api.call(registryContract.artifacts, { clusterId, name, version: '1', path: '' });
      expect(root.entries.filter((e) => e.isDir).map((e) => e.path)).toEqual(expect.arrayContaining(['model', 'plots']));
      const plots = await app.api.call(registryContract.artifacts, { clusterId, name, version: '1', path: 'plots' });
      expect(plots.entries).toContainEqual({ path: 'plots/roc_curve.png', isDir: false, size: 18053 });
      const png = await app.api.call(registryContract.artifact, { clusterId, name, version: '1', path: 'plots/roc_curve.png', purpose: 'preview' });
      expect(png).toMatchObject({ kind: 'image', mediaType: 'image/png', size: 18053, truncated: false });
      expect(
        Buffer.from(png.base64 ?? '', 'base64')
          .subarray(0, 8)
          .toString('hex'),
      ).toBe('89504e470d0a1a0a');
      const pkl = await app.api.call(registryContract.artifact, { clusterId, name, version: '1', path: 'model/model.pkl', purpose: 'preview' });
      expect(pkl).toMatchObject({ kind: 'binary', text: undefined, base64: undefined });
    } finally {
      await post('registered-models/delete', { name }, 'DELETE');
    }
  });

  it('moves an alias in MLDeck and MLflow’s API sees it; removing it too', async () => {
    const alias = `mldeck-it-${Date.now().toString(36)}`;
    const after = await app.api.call(registryContract.setAlias, { clusterId, name: 'churn-xgb', alias, version: '1' });
    expect(after.versions.find((v) => v.version === '1')?.aliases).toContain(alias);
    let seen = await mlflowGet<{ model_version?: { version: string } }>('registered-models/alias', { name: 'churn-xgb', alias });
    expect(seen.body.model_version?.version).toBe('1');
    await app.api.call(registryContract.setAlias, { clusterId, name: 'churn-xgb', alias, version: '2' });
    seen = await mlflowGet('registered-models/alias', { name: 'churn-xgb', alias });
    expect(seen.body.model_version?.version).toBe('2');
    const removed = await app.api.call(registryContract.deleteAlias, { clusterId, name: 'churn-xgb', alias });
    expect(removed.model.aliases.map((a) => a.alias)).not.toContain(alias);
    const gone = await mlflowGet<{ message?: string }>('registered-models/alias', { name: 'churn-xgb', alias });
    expect(gone.body.message).toBe(`Registered model alias ${alias} not found.`);
    // MLflow's own rule comes back as a validation error with its words
    const reserved = await app.api
      .call(registryContract.setAlias, { clusterId, name: 'churn-xgb', alias: 'v12', version: '1' })
      .catch((e: { code: string }) => e);
    expect(reserved).toMatchObject({ code: 'validation' });
    const noVersion = await app.api
      .call(registryContract.setAlias, { clusterId, name: 'churn-xgb', alias, version: '99' })
      .catch((e: { code: string; message: string }) => e);
    expect(noVersion).toMatchObject({ code: 'not-found' });
  });

  it('edits tags and descriptions of a model and a version (restored afterwards)', async () => {
    const key = `mldeck-it-${Date.now().toString(36)}`;
    const before = await mlflowGet<{ registered_model: { description?: string } }>('registered-models/get', { name: 'resnet50-products' });
    const beforeV = await mlflowGet<{ model_version: { description?: string } }>('model-versions/get', { name: 'resnet50-products', version: '1' });
    try {
      await app.api.call(registryContract.setTag, { clusterId, name: 'resnet50-products', key, value: 'yes' });
      await app.api.call(registryContract.setTag, { clusterId, name: 'resnet50-products', version: '1', key, value: 'v1' });
      const m = await mlflowGet<{ registered_model: { tags?: { key: string; value: string }[] } }>('registered-models/get', { name: 'resnet50-products' });
      expect(m.body.registered_model.tags).toContainEqual({ key, value: 'yes' });
      const v = await mlflowGet<{ model_version: { tags?: { key: string; value: string }[] } }>('model-versions/get', {
        name: 'resnet50-products',
        version: '1',
      });
      expect(v.body.model_version.tags).toContainEqual({ key, value: 'v1' });
      const d = await app.api.call(registryContract.setDescription, { clusterId, name: 'resnet50-products', description: 'edited by MLDeck’s test' });
      expect(d.model.description).toBe('edited by MLDeck’s test');
      await app.api.call(registryContract.setDescription, { clusterId, name: 'resnet50-products', version: '1', description: 'version edited' });
      const v2 = await mlflowGet<{ model_version: { description?: string } }>('model-versions/get', { name: 'resnet50-products', version: '1' });
      expect(v2.body.model_version.description).toBe('version edited');
      await app.api.call(registryContract.deleteTag, { clusterId, name: 'resnet50-products', key });
      const last = await app.api.call(registryContract.deleteTag, { clusterId, name: 'resnet50-products', version: '1', key });
      expect(last.model.tags.map((t) => t.key)).not.toContain(key);
      expect(last.versions.find((x) => x.version === '1')?.tags.map((t) => t.key)).not.toContain(key);
    } finally {
      await app.api.call(registryContract.setDescription, {
        clusterId,
        name: 'resnet50-products',
        description: before.body.registered_model.description ?? '',
      });
      await app.api.call(registryContract.setDescription, {
        clusterId,
        name: 'resnet50-products',
        version: '1',
        description: beforeV.body.model_version.description ?? '',
      });
    }
    const restored = await mlflowGet<{ registered_model: { description?: string } }>('registered-models/get', { name: 'resnet50-products' });
    expect(restored.body.registered_model.description).toBe(before.body.registered_model.description);
  });

  it('serves the cached registry with its date when MLflow cannot be reached', async () => {
    const url = `http://127.0.0.1:${relay.port}`;
    await app.api.call(registryContract.setSettings, { ...base(clusterId), mode: 'url', url, artifactStore: 's3://mlflow/artifacts' });
    const t0 = Date.now();
    const live = await app.api.call(registryContract.models, { clusterId });
    await app.api.call(registryContract.model, { clusterId, name: 'iris' });
    const liveV = await app.api.call(registryContract.version, { clusterId, name: 'iris', version: '2' });
    expect(live.origin).toEqual({ kind: 'url', url });
    await relay.down();
    try {
      const list = await app.api.call(registryContract.models, { clusterId, search: 'iris' });
      expect(list.origin.kind).toBe('cache');
      if (list.origin.kind !== 'cache') return;
      expect(list.origin.seenAt).toBeGreaterThanOrEqual(t0 - 1000);
      expect(list.origin.seenAt).toBeLessThanOrEqual(Date.now());
      expect(list.origin.why).toMatch(/cannot be reached/);
      expect(list.models.map((m) => m.name)).toEqual(['iris']);
      const m = await app.api.call(registryContract.model, { clusterId, name: 'iris' });
      expect(m.origin.kind).toBe('cache');
      expect(m.versions.map((v) => v.version)).toEqual(['2', '1']);
      const v = await app.api.call(registryContract.version, { clusterId, name: 'iris', version: '2' });
      expect(v.origin.kind).toBe('cache');
      expect(v.storageUri).toBe(liveV.storageUri);
      // never seen: an error that says so
      const unseen = await app.api
        .call(registryContract.model, { clusterId, name: 'churn-xgb-never-opened' })
        .catch((e: { code: string; message: string }) => e);
      expect(unseen).toMatchObject({ code: 'unavailable' });
      // changes are not pretended
      const change = await app.api.call(registryContract.setAlias, { clusterId, name: 'iris', alias: 'nope', version: '1' }).catch((e: { code: string }) => e);
      expect(change).toMatchObject({ code: 'unavailable' });
    } finally {
      await relay.up();
    }
    const back = await app.api.call(registryContract.models, { clusterId });
    expect(back.origin).toEqual({ kind: 'url', url });
  });
});

describe('the model registry when the cluster or RBAC stands in the way', () => {
  let app: AppUnderTest | undefined;
  let relay: TcpRelay | undefined;
  afterAll(async () => {
    app?.close();
    await relay?.close();
  });

  it('tells a user who may list Services only in her namespace where MLDeck looked', async () => {
    const alice = await startApp(labInfo().kubeconfig);
    try {
      const id = (await alice.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a-restricted')?.id ?? '';
      const t = await alice.api.call(registryContract.testConnection, { clusterId: id });
      expect(t.ok).toBe(false);
      expect(t.code).toBe('unavailable');
      expect(t.message).toMatch(/No MLflow service was found/);
      expect(t.message).toMatch(/could only look in team-a: your account may not list Services in all namespaces/);
      // an explicit URL works for her all the same
      await alice.api.call(registryContract.setSettings, { ...base(id), mode: 'url', url: mlflow });
      expect((await alice.api.call(registryContract.testConnection, { clusterId: id })).ok).toBe(true);
    } finally {
      alice.close();
    }
  });

  it('serves what was seen through the port-forward when the cluster goes down', async () => {
    relay = await startRelay(16443);
    app = await startApp(relay.kubeconfig(labInfo().kubeconfig, 'lab-a'));
    const id = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
    const found = (await app.api.call(registryContract.candidates, { clusterId: id })).find((c) => c.namespace === 'mlflow');
    await app.api.call(registryContract.setSettings, { ...base(id), pin: { namespace: 'mlflow', name: 'mlflow', uid: found?.uid ?? '' } });
    const live = await app.api.call(registryContract.model, { clusterId: id, name: 'fraud-clf' });
    expect(live.origin.kind).toBe('port-forward');
    await relay.down();
    try {
      const m = await app.api.call(registryContract.model, { clusterId: id, name: 'fraud-clf' });
      expect(m.origin).toMatchObject({ kind: 'cache' });
      if (m.origin.kind === 'cache') expect(m.origin.seenAt).toBeLessThanOrEqual(Date.now());
      expect(m.versions.map((v) => v.version)).toEqual(live.versions.map((v) => v.version));
      expect(m.model.aliases).toEqual(live.model.aliases);
    } finally {
      await relay.up();
    }
    const back = await app.api.call(registryContract.model, { clusterId: id, name: 'fraud-clf' });
    expect(back.origin.kind).toBe('port-forward');
  });
});
