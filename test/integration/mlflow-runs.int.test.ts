// SPDX-License-Identifier: Apache-2.0
/**
 * MLflow experiments and runs against the lab's two tracking servers: lab-a's (15000) and lab-b's
 * own (15001, seeded by test/lab/peers/seed-mlflow-b.py), each found in its cluster as
 * `mlflow/mlflow` and reached through a port-forward once confirmed. Exact seeded values (runs,
 * params, final metrics, histories, files, model versions), MLflow's filter syntax passed to the
 * server (and its refusal), sorting from the runs index, an incremental refresh, and the index
 * serving the table when the server cannot be reached.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { mlflowContract } from '../../shared/features/mlflow/mlflow.contract';
import type { TrackingServerRef } from '../../shared/features/mlflow/tracking-types';
import { registryContract } from '../../shared/features/registry/registry.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { labInfo } from '../harness/lab';
import { mlflowSettings } from '../harness/mlflow-settings';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';

/** The seed's curves (seed-mlflow-b.py): step s of a run with learning rate lr. */
const round4 = (x: number) => Math.round(x * 1e4) / 1e4;
const loss = (lr: number, s: number) => round4(0.25 + 0.75 * Math.exp(-(s + 1) * lr * 2.5));
const accuracy = (lr: number, s: number) => round4(0.95 - 0.45 * Math.exp(-(s + 1) * lr * 2.5));

/** A direct REST call to a lab tracking server. */
async function rest<T>(port: number, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}/api/2.0/mlflow/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

describe('MLflow experiments and runs', () => {
  let app: AppUnderTest;
  let labA: TrackingServerRef;
  let labB: TrackingServerRef;
  const relays: TcpRelay[] = [];

  beforeAll(async () => {
    app = await startApp(labInfo().kubeconfig);
    const clusters = (await app.api.call(clustersContract.list, {})).clusters;
    for (const name of ['lab-a', 'lab-b']) {
      const clusterId = clusters.find((c) => c.contextName === name)?.id ?? '';
      const found = (await app.api.call(registryContract.candidates, { clusterId })).find((c) => c.namespace === 'mlflow' && c.name === 'mlflow');
      await app.api.call(registryContract.setSettings, mlflowSettings(clusterId, { pin: { namespace: 'mlflow', name: 'mlflow', uid: found?.uid ?? '' } }));
      if (name === 'lab-a') labA = { kind: 'cluster', clusterId };
      else labB = { kind: 'cluster', clusterId };
    }
  });
  afterAll(async () => {
    app?.close();
    for (const r of relays) await r.close();
  });

  it("lists each cluster's server with where it was found, and lab-b's is a server of its own", async () => {
    const servers = await app.api.call(mlflowContract.servers, {});
    const b = servers.find((s) => s.ref.kind === 'cluster' && labB.kind === 'cluster' && s.ref.clusterId === labB.clusterId);
    expect(b).toMatchObject({ clusterName: 'lab-b', where: { kind: 'port-forward', namespace: 'mlflow', service: 'mlflow' } });
    const expB = await app.api.call(mlflowContract.experiments, { server: labB });
    expect(expB.server.where).toMatchObject({ kind: 'port-forward', namespace: 'mlflow', service: 'mlflow', pod: 'mlflow-0', port: 5000 });
    expect(expB.experiments.map((e) => e.name).sort()).toEqual(['Default', 'churn-model', 'demand-forecast']);
    const expA = await app.api.call(mlflowContract.experiments, { server: labA });
    const namesA = expA.experiments.map((e) => e.name);
    expect(namesA).toEqual(expect.arrayContaining(['fraud-detection', 'churn-prediction', 'image-classifier', 'llm-finetune', 'iris-classifier']));
    expect(namesA).not.toContain('churn-model');
    expect(expB.experiments.find((e) => e.name === 'churn-model')?.tags).toContainEqual({ key: 'team', value: 'retention' });
  });

  it("reads lab-b's churn-model runs exactly: params, final metrics, histories, files and the model version", async () => {
    const churn = (await app.api.call(mlflowContract.experiments, { server: labB })).experiments.find((e) => e.name === 'churn-model');
    const experimentId = churn?.experimentId ?? '';
    const w = await app.api.call(mlflowContract.runs, { server: labB, experimentId, filter: '', fetch: 'none', offset: 0, limit: 100 });
    expect(w).toMatchObject({ total: 3, complete: true, origin: { kind: 'live' } });
    expect(w.keys).toEqual({
      params: ['epochs', 'lr', 'max_depth', 'model'],
      metrics: ['accuracy', 'loss'],
      tags: expect.arrayContaining(['team', 'dataset', 'mlflow.user']),
    });
    // newest first, as the server searched them
    expect(w.rows.map((r) => r.runName)).toEqual(['churn-lr-0.01', 'churn-lr-0.03', 'churn-lr-0.1']);
    for (const [lr, depth] of [
      [0.1, 4],
      [0.03, 6],
      [0.01, 8],
    ] as const) {
      const r = w.rows.find((x) => x.runName === `churn-lr-${lr}`);
      expect(r).toMatchObject({ status: 'FINISHED', user: 'frank', params: { lr: String(lr), max_depth: String(depth), epochs: '20', model: 'gbm' } });
      expect(r?.metrics).toEqual({ loss: loss(lr, 19), accuracy: accuracy(lr, 19) });
    }
    // sorted by the index
    const byLoss = await app.api.call(mlflowContract.runs, {
      server: labB,
      experimentId,
      filter: '',
      fetch: 'none',
      offset: 0,
      limit: 100,
      sort: { column: { kind: 'metric', key: 'loss' }, desc: false },
    });
    expect(byLoss.rows.map((r) => r.runName)).toEqual(['churn-lr-0.1', 'churn-lr-0.03', 'churn-lr-0.01']);
    expect(byLoss.calls).toBe(0);

    const id = w.rows.find((x) => x.runName === 'churn-lr-0.1')?.runId ?? '';
    const page = await app.api.call(mlflowContract.run, { server: labB, runId: id });
    expect(page.experimentName).toBe('churn-model');
    expect(page.run.params).toEqual([
      { key: 'epochs', value: '20' },
      { key: 'lr', value: '0.1' },
      { key: 'max_depth', value: '4' },
      { key: 'model', value: 'gbm' },
    ]);
    expect(page.run.metrics).toMatchObject([
      { key: 'accuracy', value: 0.947, step: 19 },
      { key: 'loss', value: 0.2551, step: 19 },
    ]);
    expect(page.run.artifactUri).toBe(`mlflow-artifacts:/${experimentId}/${id}/artifacts`);
    expect(page.artifactStorageUri).toBe(`s3://mlflow-b/artifacts/${experimentId}/${id}/artifacts`);

    const h = await app.api.call(mlflowContract.history, { server: labB, runId: id, key: 'loss' });
    expect(h.points.map((p) => p.step)).toEqual([...Array(20).keys()]);
    expect(h.points.map((p) => p.value)).toEqual([...Array(20).keys()].map((s) => loss(0.1, s)));

    const files = await app.api.call(mlflowContract.artifacts, { server: labB, runId: id, path: '' });
    expect(files.files.map((f) => [f.path, f.isDir])).toEqual([
      ['model', true],
      ['metrics.json', false],
    ]);
    expect(files.files[0]?.storageUri).toBe(`s3://mlflow-b/artifacts/${experimentId}/${id}/artifacts/model`);
    const model = await app.api.call(mlflowContract.artifacts, { server: labB, runId: id, path: 'model' });
    expect(model.files.map((f) => f.path)).toEqual(['model/MLmodel', 'model/model.pkl']);

    const versions = await app.api.call(mlflowContract.modelVersions, { server: labB, runId: id });
    expect(versions.versions).toMatchObject([{ name: 'churn-model', version: '1', aliases: ['champion'], status: 'READY' }]);
    const other = w.rows.find((x) => x.runName === 'churn-lr-0.01')?.runId ?? '';
    expect((await app.api.call(mlflowContract.modelVersions, { server: labB, runId: other })).versions).toEqual([]);
  });

  it("passes MLflow's filter syntax to the server and says what it refuses", async () => {
    const experimentId =
      (await app.api.call(mlflowContract.experiments, { server: labB })).experiments.find((e) => e.name === 'churn-model')?.experimentId ?? '';
    const q = (filter: string) => app.api.call(mlflowContract.runs, { server: labB, experimentId, filter, fetch: 'none', offset: 0, limit: 100 });
    expect((await q("params.lr = '0.01'")).rows.map((r) => r.runName)).toEqual(['churn-lr-0.01']);
    expect((await q('metrics.accuracy > 0.9')).rows.map((r) => r.runName)).toEqual(['churn-lr-0.1']);
    expect((await q("tags.team = 'retention' and metrics.loss < 0.6")).rows.map((r) => r.runName)).toEqual(['churn-lr-0.03', 'churn-lr-0.1']);
    await expect(q('params.lr = 0.01')).rejects.toMatchObject({ code: 'validation', message: expect.stringMatching(/quoted string value/) });
    // lab-a's server has no such experiment content: the same filter finds other runs there
    const fraud = (await app.api.call(mlflowContract.experiments, { server: labA })).experiments.find((e) => e.name === 'fraud-detection');
    const a = await app.api.call(mlflowContract.runs, {
      server: labA,
      experimentId: fraud?.experimentId ?? '',
      filter: '',
      fetch: 'none',
      offset: 0,
      limit: 100,
    });
    const direct = await rest<{ runs?: unknown[] }>(15000, 'runs/search', { experiment_ids: [fraud?.experimentId], max_results: 1000 });
    expect(a.total).toBe(direct.runs?.length);
    expect(a.total).toBeGreaterThanOrEqual(10);
    expect(a.rows.every((r) => !r.runName.startsWith('churn-lr'))).toBe(true);
  });

  it('refreshes incrementally and serves the table from the index when the server cannot be reached', async () => {
    // a server by URL, through a relay the test can cut
    const relay = await startRelay(15001);
    relays.push(relay);
    const server: TrackingServerRef = { kind: 'url', url: `http://127.0.0.1:${relay.port}` };
    // only saved URLs are contacted
    await app.api.call(mlflowContract.addServer, { url: server.url, name: '', auth: { kind: 'none' } });
    const name = `mldeck-int-${Date.now()}`;
    const { experiment_id: experimentId } = await rest<{ experiment_id: string }>(15001, 'experiments/create', { name });
    const run = async (i: number) => {
      const { run: r } = await rest<{ run: { info: { run_id: string } } }>(15001, 'runs/create', {
        experiment_id: experimentId,
        run_name: `r${i}`,
        start_time: Date.now(),
      });
      await rest(15001, 'runs/log-batch', { run_id: r.info.run_id, metrics: [{ key: 'm', value: i, timestamp: Date.now(), step: 0 }] });
      return r.info.run_id;
    };
    try {
      const first = await run(1);
      await run(2);
      const w1 = await app.api.call(mlflowContract.runs, { server, experimentId, filter: '', fetch: 'none', offset: 0, limit: 100 });
      expect(w1).toMatchObject({ total: 2, complete: true, calls: 1 });
      expect(w1.rows.find((r) => r.runId === first)?.status).toBe('RUNNING');
      // a new run, and the first one finishes with a new metric value
      await run(3);
      await rest(15001, 'runs/log-batch', { run_id: first, metrics: [{ key: 'm', value: 10, timestamp: Date.now(), step: 1 }] });
      await rest(15001, 'runs/update', { run_id: first, status: 'FINISHED', end_time: Date.now() });
      const w2 = await app.api.call(mlflowContract.runs, { server, experimentId, filter: '', fetch: 'refresh', offset: 0, limit: 100 });
      expect(w2.total).toBe(3);
      expect(w2.calls).toBe(2); // new runs since the newest indexed one, then the unfinished ones by id
      expect(w2.rows.find((r) => r.runId === first)).toMatchObject({ status: 'FINISHED', metrics: { m: 10 } });

      await relay.down();
      const off = await app.api.call(mlflowContract.runs, {
        server,
        experimentId,
        filter: '',
        fetch: 'refresh',
        offset: 0,
        limit: 100,
        sort: { column: { kind: 'metric', key: 'm' }, desc: true },
      });
      expect(off.origin.kind).toBe('cache');
      if (off.origin.kind === 'cache') {
        expect(off.origin.seenAt).toBe(w2.fetchedAt);
        expect(off.origin.why).toMatch(/cannot be reached|could not answer|did not answer/);
      }
      expect(off.rows.map((r) => r.runName)).toEqual(['r1', 'r3', 'r2']);
      // something never fetched is not invented
      await expect(
        app.api.call(mlflowContract.runs, { server, experimentId, filter: "params.x = 'y'", fetch: 'none', offset: 0, limit: 100 }),
      ).rejects.toMatchObject({ code: expect.stringMatching(/unavailable|timeout/) });
    } finally {
      await rest(15001, 'experiments/delete', { experiment_id: experimentId });
    }
  });
});
