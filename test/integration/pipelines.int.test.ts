// SPDX-License-Identifier: Apache-2.0
/**
 * Pipelines against the lab's real KFP 2.17 API servers, through the app's services: KFP found as
 * the `ml-pipeline` Service and reached through a port-forward; lab-a's seeded pipelines and their
 * versions and specs exactly; a pipeline and a version compiled by the lab's kfp SDK uploaded,
 * a v1 Argo Workflow shown read-only, a refused delete explained, then deleted; lab-b multi-user:
 * no user set is explained, alice sees team-a's pipelines and is told why not research's, and
 * an upload to her namespace goes through KFP's own authorization; through the cluster's Kubeflow
 * gateway (a minimal stand-in in front of lab-b's real KFP, as the lab has no Istio: it signs the
 * user in by bearer token and sets `kubeflow-userid` itself); with the cluster gone, what was seen
 * served from the cache.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { notebooksContract } from '../../shared/features/notebooks/notebooks.contract';
import { pipelinesContract } from '../../shared/features/pipelines/pipelines.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { labInfo } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';
import { compilePipelines } from '../lab/kfp/seed';

const unique = `mldeck-${Date.now().toString(36)}`;
let compiled = '';

/** The seeded pipelines: name → description, and the version names the seed gives (as seed.ts does). */
function seeded(): Map<string, { description: string; versions: string[] }> {
  const out = new Map<string, { description: string; versions: string[] }>();
  for (const f of readdirSync(compiled)
    .filter((x) => x.endsWith('.yaml'))
    .sort()) {
    const [name, version] = f.replace(/\.yaml$/, '').split('--') as [string, string];
    const text = readFileSync(join(compiled, f));
    const description = /^# Description: (.*)$/m.exec(text.toString('utf8'))?.[1] ?? '';
    const e = out.get(name) ?? { description, versions: [name] };
    e.versions.push(`${name}-${version}-${createHash('sha256').update(text).digest('hex').slice(0, 6)}`);
    out.set(name, e);
  }
  return out;
}

const file = (name: string) => readFileSync(join(compiled, name), 'utf8');

async function clusterIdOf(app: AppUnderTest, context: string): Promise<string> {
  const id = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === context)?.id;
  if (!id) throw new Error(`no context ${context}`);
  return id;
}

describe('pipelines on the lab KFP', () => {
  let app: AppUnderTest;
  let a = '';
  let b = '';

  beforeAll(async () => {
    compiled = await compilePipelines();
    app = await startApp(labInfo().kubeconfig);
    a = await clusterIdOf(app, 'lab-a');
    b = await clusterIdOf(app, 'lab-b');
  }, 240_000);
  afterAll(() => app?.close());

  it('finds KFP as the ml-pipeline Service and reaches it through a port-forward (single-user on lab-a)', async () => {
    const c = await app.api.call(pipelinesContract.connection, { clusterId: a });
    expect(c).toMatchObject({
      ok: true,
      multiUser: false,
      origin: { kind: 'port-forward', namespace: 'kubeflow', service: 'ml-pipeline', pod: 'ml-pipeline-0', port: 8888 },
      namespaces: [],
    });
    expect(c.message).toBe('Connected to KFP at kubeflow/ml-pipeline (port-forward to pod ml-pipeline-0): single-user.');
  });

  it('tells a user who may not look in kubeflow where MLDeck looked (alice on lab-a)', async () => {
    const c = await app.api.call(pipelinesContract.connection, { clusterId: await clusterIdOf(app, 'lab-a-restricted') });
    expect(c).toMatchObject({ ok: false, code: 'not-found', origin: undefined });
    expect(c.message).toBe(
      'MLDeck found no Service "ml-pipeline", but could only look in team-a: your account may not read Services in kubeflow or list them in all namespaces. Set the cluster\'s Kubeflow gateway in its notebook connection settings to reach KFP through it.',
    );
  });

  it("lists lab-a's seeded pipelines with their versions and specs", async () => {
    const list = await app.api.call(pipelinesContract.list, { clusterId: a });
    const one = list.clusters[0];
    if (!one?.ok) throw new Error(`lab-a failed: ${JSON.stringify(one)}`);
    expect(one.origin.kind).toBe('port-forward');
    const want = seeded();
    expect(want.size).toBe(9); // training, training-cached, conditions, sweep, exit-handler, failing, large, oversized, data-report
    for (const [name, w] of want) {
      const p = one.pipelines.find((x) => x.name === name);
      expect(p, name).toMatchObject({ clusterId: a, name, displayName: name, description: w.description, namespace: '' });
    }
    const training = one.pipelines.find((p) => p.name === 'training');
    const detail = await app.api.call(pipelinesContract.pipeline, { clusterId: a, pipelineId: training?.pipelineId ?? '' });
    expect(detail.versions.map((v) => v.name).sort()).toEqual([...(want.get('training')?.versions ?? [])].sort());
    // newest first
    expect(detail.versions.map((v) => v.createdAt)).toEqual([...detail.versions.map((v) => v.createdAt)].sort().reverse());
    const v1 = detail.versions.find((v) => v.name.startsWith('training-v1-'));
    expect(v1?.description).toBe(`${want.get('training')?.description} (v1)`);
    const version = await app.api.call(pipelinesContract.version, { clusterId: a, pipelineId: detail.pipeline.pipelineId, versionId: v1?.versionId ?? '' });
    expect(version.format).toBe('ir');
    expect(version.note).toBeUndefined();
    expect(version.specYaml).toMatch(/^pipelineInfo:\n {2}description: .*\n {2}name: training\n/m);
    expect(version.specYaml).toMatch(/^sdkVersion: kfp-2\.17\.3$/m);
    expect(version.origin.kind).toBe('port-forward');
  });

  it('uploads a compiled pipeline and a new version, refuses a bad file, explains a refused delete, then deletes', async () => {
    const bad = await app.api
      .call(pipelinesContract.upload, { clusterId: a, name: `${unique}-bad`, description: '', fileName: 'bad.yaml', yaml: 'garbage: [' })
      .catch((e: unknown) => e);
    expect(bad).toMatchObject({ code: 'validation', message: expect.stringMatching(/^bad\.yaml is not valid YAML \(line 1\)/) });

    const name = `${unique}-conditions`;
    const up = await app.api.call(pipelinesContract.upload, {
      clusterId: a,
      name,
      description: 'uploaded by pipelines.int.test.ts',
      fileName: 'conditions--v1.yaml',
      yaml: file('conditions--v1.yaml'),
    });
    expect(up.pipeline).toMatchObject({ name, description: 'uploaded by pipelines.int.test.ts', namespace: '' });
    expect(up.version.name).toBe(name);
    const v2 = await app.api.call(pipelinesContract.uploadVersion, {
      clusterId: a,
      pipelineId: up.pipeline.pipelineId,
      name: `${name}-v2`,
      description: 'second',
      fileName: 'training--v2.yaml',
      yaml: file('training--v2.yaml'),
    });
    expect(v2).toMatchObject({ pipelineId: up.pipeline.pipelineId, name: `${name}-v2`, description: 'second' });
    const listed = await app.api.call(pipelinesContract.list, { clusterId: a });
    expect(listed.clusters[0]?.ok && listed.clusters[0].pipelines.some((p) => p.pipelineId === up.pipeline.pipelineId)).toBe(true);
    const spec = await app.api.call(pipelinesContract.version, { clusterId: a, pipelineId: up.pipeline.pipelineId, versionId: v2.versionId });
    expect(spec.specYaml).toMatch(/^ {2}name: training$/m);

    const refused = await app.api
      .call(pipelinesContract.deletePipeline, { clusterId: a, pipelineId: up.pipeline.pipelineId, withVersions: false })
      .catch((e: unknown) => e);
    expect(refused).toMatchObject({ code: 'conflict', message: expect.stringMatching(/only together with its versions/) });
    await app.api.call(pipelinesContract.deleteVersion, { clusterId: a, pipelineId: up.pipeline.pipelineId, versionId: v2.versionId });
    const after = await app.api.call(pipelinesContract.pipeline, { clusterId: a, pipelineId: up.pipeline.pipelineId });
    expect(after.versions.map((v) => v.name)).toEqual([name]);
    await app.api.call(pipelinesContract.deletePipeline, { clusterId: a, pipelineId: up.pipeline.pipelineId, withVersions: true });
    const gone = await app.api.call(pipelinesContract.pipeline, { clusterId: a, pipelineId: up.pipeline.pipelineId }).catch((e: unknown) => e);
    expect(gone).toMatchObject({ code: 'not-found' });
  });

  it('accepts a KFP v1 Argo Workflow only as the server does, and shows it read-only with a note', async () => {
    const yaml =
      'apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nmetadata:\n  generateName: hello-\nspec:\n  entrypoint: hello\n  templates:\n  - name: hello\n    container: {image: alpine, command: [echo, hi]}\n';
    const up = await app.api.call(pipelinesContract.upload, { clusterId: a, name: `${unique}-argo`, description: '', fileName: 'argo.yaml', yaml });
    try {
      const v = await app.api.call(pipelinesContract.version, { clusterId: a, pipelineId: up.pipeline.pipelineId, versionId: up.version.versionId });
      expect(v.format).toBe('argo');
      expect(v.note).toMatch(/KFP v1 pipeline \(an Argo Workflow\).*read-only/);
      expect(v.specYaml).toMatch(/^kind: Workflow$/m);
    } finally {
      await app.api.call(pipelinesContract.deletePipeline, { clusterId: a, pipelineId: up.pipeline.pipelineId, withVersions: true });
    }
  });

  it("on multi-user lab-b asks for the user, then shows alice team-a's pipelines and tells her why not research's", async () => {
    await app.api.call(pipelinesContract.setSettings, { clusterId: b, userId: '' });
    const none = await app.api.call(pipelinesContract.connection, { clusterId: b });
    expect(none).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect(none.message).toBe(
      'KFP (port-forward to kubeflow/ml-pipeline) is multi-user: set the Kubeflow user MLDeck acts as (your e-mail as Kubeflow knows it) in the pipelines settings of this cluster.',
    );
    const all = await app.api.call(pipelinesContract.list, {});
    expect(all.clusters.find((c) => c.clusterId === a)?.ok).toBe(true);
    expect(all.clusters.find((c) => c.clusterId === b)).toMatchObject({ ok: false, error: { code: 'unauthenticated' } });

    await app.api.call(pipelinesContract.setSettings, { clusterId: b, userId: 'alice@example.com' });
    const c = await app.api.call(pipelinesContract.connection, { clusterId: b });
    expect(c).toMatchObject({ ok: true, multiUser: true, userId: 'alice@example.com', namespaces: ['team-a'] });
    expect(c.refused).toEqual([
      { namespace: 'research', reason: 'Profile research belongs to dave@example.com; alice@example.com is neither its owner nor a contributor.' },
    ]);
    const list = await app.api.call(pipelinesContract.list, { clusterId: b });
    const one = list.clusters[0];
    if (!one?.ok) throw new Error(`lab-b failed: ${JSON.stringify(one)}`);
    expect(one.pipelines.every((p) => p.namespace === 'team-a')).toBe(true);
    expect(one.pipelines.map((p) => p.name).sort()).toEqual([...seeded().keys()].sort());
    expect(one.refused.map((r) => r.namespace)).toEqual(['research']);

    // an upload to a profile that is not hers is refused with the reason (KFP's upload itself says only "Failed to create a pipeline")
    const denied = await app.api
      .call(pipelinesContract.upload, {
        clusterId: b,
        namespace: 'research',
        name: `${unique}-x`,
        description: '',
        fileName: 'c.yaml',
        yaml: file('conditions--v1.yaml'),
      })
      .catch((e: unknown) => e);
    expect(denied).toMatchObject({
      code: 'forbidden',
      message: 'You cannot upload to research: Profile research belongs to dave@example.com; alice@example.com is neither its owner nor a contributor.',
    });
    // her own namespace works, through KFP's SubjectAccessReview for the user id header MLDeck sent
    const up = await app.api.call(pipelinesContract.upload, {
      clusterId: b,
      namespace: 'team-a',
      name: `${unique}-mine`,
      description: '',
      fileName: 'c.yaml',
      yaml: file('conditions--v1.yaml'),
    });
    expect(up.pipeline.namespace).toBe('team-a');
    await app.api.call(pipelinesContract.deletePipeline, { clusterId: b, pipelineId: up.pipeline.pipelineId, withVersions: true });
  });
});

describe('pipelines when the cluster is gone', () => {
  let app: AppUnderTest | undefined;
  let relay: TcpRelay | undefined;
  afterAll(async () => {
    app?.close();
    await relay?.close();
  });

  it('serves the pipelines, versions and specs it saw, with their date', async () => {
    relay = await startRelay(16443);
    app = await startApp(relay.kubeconfig(labInfo().kubeconfig, 'lab-a'));
    const id = await clusterIdOf(app, 'lab-a');
    const t0 = Date.now();
    const live = await app.api.call(pipelinesContract.list, { clusterId: id });
    const liveOne = live.clusters[0];
    if (!liveOne?.ok) throw new Error(JSON.stringify(liveOne));
    const sweep = liveOne.pipelines.find((p) => p.name === 'sweep');
    const detail = await app.api.call(pipelinesContract.pipeline, { clusterId: id, pipelineId: sweep?.pipelineId ?? '' });
    const v = detail.versions[0];
    const spec = await app.api.call(pipelinesContract.version, { clusterId: id, pipelineId: detail.pipeline.pipelineId, versionId: v?.versionId ?? '' });
    await relay.down();
    try {
      const list = await app.api.call(pipelinesContract.list, { clusterId: id });
      const one = list.clusters[0];
      if (!one?.ok) throw new Error(JSON.stringify(one));
      expect(one.origin.kind).toBe('cache');
      if (one.origin.kind !== 'cache') return;
      expect(one.origin.seenAt).toBeGreaterThanOrEqual(t0 - 1000);
      expect(one.origin.seenAt).toBeLessThanOrEqual(Date.now());
      expect(one.pipelines).toEqual(liveOne.pipelines);
      const d = await app.api.call(pipelinesContract.pipeline, { clusterId: id, pipelineId: detail.pipeline.pipelineId });
      expect(d.origin.kind).toBe('cache');
      expect(d.versions).toEqual(detail.versions);
      const s = await app.api.call(pipelinesContract.version, { clusterId: id, pipelineId: detail.pipeline.pipelineId, versionId: v?.versionId ?? '' });
      expect(s.origin.kind).toBe('cache');
      expect(s.specYaml).toBe(spec.specYaml);
      const change = await app.api
        .call(pipelinesContract.deleteVersion, { clusterId: id, pipelineId: detail.pipeline.pipelineId, versionId: v?.versionId ?? '' })
        .catch((e: unknown) => e);
      expect(change).toMatchObject({ code: 'unavailable' });
    } finally {
      await relay.up();
    }
  });
});

/**
 * What a Kubeflow gateway does for `/pipeline/…` (Istio with oauth2-proxy): a bearer token signs the
 * user in, the gateway sets `kubeflow-userid` (a client's own is not trusted) and forwards to the
 * API server. Records what the app sent.
 */
async function startGateway(
  target: number,
  users: Record<string, string>,
): Promise<{ url: string; seen: { auth: string; userId: string | undefined }[]; server: Server }> {
  const seen: { auth: string; userId: string | undefined }[] = [];
  const server = createServer((req, res) => {
    const auth = req.headers.authorization ?? '';
    seen.push({ auth, userId: req.headers['kubeflow-userid'] as string | undefined });
    const user = users[auth.replace(/^Bearer /, '')];
    if (!req.url?.startsWith('/pipeline/') || !user) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized: sign in at the gateway');
      return;
    }
    const headers = { ...req.headers, 'kubeflow-userid': user, host: `127.0.0.1:${target}` };
    delete headers.authorization;
    const up = request({ host: '127.0.0.1', port: target, path: req.url.slice('/pipeline'.length), method: req.method, headers }, (r) => {
      res.writeHead(r.statusCode ?? 502, r.headers);
      r.pipe(res);
    });
    up.on('error', () => res.writeHead(502).end());
    req.pipe(up);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen, server };
}

describe('pipelines through the Kubeflow gateway', () => {
  let app: AppUnderTest | undefined;
  let gw: Awaited<ReturnType<typeof startGateway>> | undefined;
  afterAll(async () => {
    app?.close();
    await new Promise((resolve) => gw?.server.close(resolve));
  });

  it("uses the cluster's gateway setting with the user's token, and never sends a user id itself", async () => {
    compiled = compiled || (await compilePipelines());
    gw = await startGateway(18811, { 'alice-token': 'alice@example.com' });
    app = await startApp(labInfo().kubeconfig);
    const b = await clusterIdOf(app, 'lab-b');
    await app.api.call(notebooksContract.setSettings, { clusterId: b, gatewayUrl: gw.url, gatewayToken: 'wrong-token' });
    const refused = await app.api.call(pipelinesContract.connection, { clusterId: b });
    expect(refused).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect(refused.message).toMatch(/^KFP at http:\/\/127\.0\.0\.1:\d+\/pipeline asks who you are: .*Check the Kubeflow gateway token/);

    await app.api.call(notebooksContract.setSettings, { clusterId: b, gatewayToken: 'alice-token' });
    await app.api.call(pipelinesContract.setSettings, { clusterId: b, userId: 'alice@example.com' });
    const c = await app.api.call(pipelinesContract.connection, { clusterId: b });
    expect(c).toMatchObject({ ok: true, multiUser: true, origin: { kind: 'gateway', url: `${gw.url}/pipeline` }, namespaces: ['team-a'] });
    const list = await app.api.call(pipelinesContract.list, { clusterId: b });
    const one = list.clusters[0];
    if (!one?.ok) throw new Error(JSON.stringify(one));
    expect(one.origin).toEqual({ kind: 'gateway', url: `${gw.url}/pipeline` });
    expect(one.pipelines.map((p) => p.name).sort()).toEqual([...seeded().keys()].sort());
    expect(gw.seen.length).toBeGreaterThan(2);
    expect(gw.seen.every((s) => s.userId === undefined)).toBe(true);
    expect(gw.seen.slice(1).every((s) => s.auth === 'Bearer alice-token')).toBe(true);
  });
});
