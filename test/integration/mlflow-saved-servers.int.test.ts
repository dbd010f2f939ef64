// SPDX-License-Identifier: Apache-2.0
/**
 * Tracking servers saved by URL (servers that belong to no cluster) against the lab's real MLflow
 * servers: lab-b's (15001) added by URL as a standalone server, listed after the clusters' with
 * its name, its experiments and runs read; a URL where nothing answers and one where something
 * that is not MLflow answers are refused with their reasons and not saved; a saved server's run in
 * a comparison, served as last read when the server cannot be reached, also by a new MLDeck on
 * the same data directory; removed, it is no longer listed nor contacted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareContract, defaultViewSettings } from '../../shared/features/compare/compare.contract';
import type { RunRef } from '../../shared/features/compare/compare-model';
import { mlflowContract } from '../../shared/features/mlflow/mlflow.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { labInfo } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';

describe('tracking servers saved by URL', () => {
  let app: AppUnderTest;
  const relays: TcpRelay[] = [];
  const labB = () => `http://127.0.0.1:${labInfo().peers.mlflowB}`;

  beforeAll(async () => {
    app = await startApp(labInfo().kubeconfig);
  });
  afterAll(async () => {
    app?.close();
    for (const r of relays) await r.close();
  });

  it("adds lab-b's MLflow by URL, lists it after the clusters' servers and reads its experiments and runs", async () => {
    const added = await app.api.call(mlflowContract.addServer, { url: `${labB()}/`, name: 'team-b', auth: { kind: 'none' } });
    expect(added).toEqual({
      id: `url:${labB()}`,
      ref: { kind: 'url', url: labB() },
      label: `team-b · ${labB()}`,
      clusterId: undefined,
      clusterName: undefined,
      where: { kind: 'url', url: labB() },
      saved: { name: 'team-b', auth: 'none', username: '', secretSealed: false },
    });
    const servers = await app.api.call(mlflowContract.servers, {});
    // the clusters' servers first, then the saved one
    expect(servers.slice(0, -1).every((s) => s.ref.kind === 'cluster')).toBe(true);
    expect(servers.slice(0, -1).map((s) => s.clusterName)).toEqual(expect.arrayContaining(['lab-a', 'lab-b']));
    expect(servers.at(-1)).toEqual(added);
    expect(JSON.parse(readFileSync(join(app.dataDir, 'mlflow-servers.json'), 'utf8'))).toMatchObject({
      version: 1,
      servers: [{ url: labB(), name: 'team-b', auth: 'none' }],
    });

    const exps = await app.api.call(mlflowContract.experiments, { server: added.ref });
    expect(exps.origin).toEqual({ kind: 'live' });
    const names = exps.experiments.map((e) => e.name);
    expect(names).toEqual(expect.arrayContaining(['Default', 'churn-model', 'demand-forecast']));
    // lab-b's own server: lab-a's experiments are not there
    expect(names).not.toContain('fraud-detection');
    const churn = exps.experiments.find((e) => e.name === 'churn-model')?.experimentId ?? '';
    const runs = await app.api.call(mlflowContract.runs, { server: added.ref, experimentId: churn, filter: '', fetch: 'none', offset: 0, limit: 100 });
    expect(runs).toMatchObject({ total: 3, complete: true, origin: { kind: 'live' } });
    expect(runs.rows.map((r) => r.runName)).toEqual(['churn-lr-0.01', 'churn-lr-0.03', 'churn-lr-0.1']);
    const page = await app.api.call(mlflowContract.run, { server: added.ref, runId: runs.rows[2]?.runId ?? '' });
    expect(page).toMatchObject({ experimentName: 'churn-model', server: { id: added.id, label: 'team-b · ' + labB() } });
  });

  it('refuses a URL where nothing answers and one that is not MLflow, saying why, and saves neither', async () => {
    // a port nothing listens on: a relay that is down
    const gone = await startRelay(labInfo().peers.mlflowB);
    relays.push(gone);
    await gone.down();
    const nothing = `http://127.0.0.1:${gone.port}`;
    await expect(app.api.call(mlflowContract.addServer, { url: nothing, name: '', auth: { kind: 'none' } })).rejects.toMatchObject({
      code: 'unavailable',
      message: expect.stringMatching(/cannot be reached \(ECONNREFUSED\)/),
    });
    // the lab's Prometheus answers HTTP, but not MLflow's API
    const prometheus = `http://127.0.0.1:${labInfo().peers.prometheus}`;
    await expect(app.api.call(mlflowContract.addServer, { url: prometheus, name: '', auth: { kind: 'none' } })).rejects.toMatchObject({
      code: 'validation',
      message: `${prometheus} is not an MLflow tracking server: ${prometheus}/api/2.0/mlflow/experiments/search answered HTTP 404 (text/plain). Give the URL MLflow serves /api/2.0 under.`,
    });
    // a URL that is not http(s) is refused by the contract before main contacts anything
    await expect(app.api.call(mlflowContract.addServer, { url: 'file:///etc/passwd', name: '', auth: { kind: 'none' } })).rejects.toMatchObject({
      code: 'validation',
    });
    const urls = (await app.api.call(mlflowContract.servers, {})).filter((s) => s.ref.kind === 'url').map((s) => s.id);
    expect(urls).not.toContain(`url:${nothing}`);
    expect(urls).not.toContain(`url:${prometheus}`);
    // and a URL never saved is not contacted
    await expect(app.api.call(mlflowContract.experiments, { server: { kind: 'url', url: prometheus } })).rejects.toMatchObject({ code: 'not-found' });
  });

  it("keeps a saved server's run in a comparison and serves it as last read when the server cannot be reached, also after a restart", async () => {
    const relay = await startRelay(labInfo().peers.mlflowB);
    relays.push(relay);
    const server = await app.api.call(mlflowContract.addServer, { url: `http://127.0.0.1:${relay.port}`, name: 'through relay', auth: { kind: 'none' } });
    const churn = (await app.api.call(mlflowContract.experiments, { server: server.ref })).experiments.find((e) => e.name === 'churn-model');
    const runs = await app.api.call(mlflowContract.runs, {
      server: server.ref,
      experimentId: churn?.experimentId ?? '',
      filter: "params.lr = '0.1'",
      fetch: 'none',
      offset: 0,
      limit: 10,
    });
    expect(runs.rows.map((r) => r.runName)).toEqual(['churn-lr-0.1']);
    const ref: RunRef = { source: 'mlflow', serverId: server.id, runId: runs.rows[0]?.runId ?? '' };
    const [live] = await app.api.call(compareContract.resolve, { refs: [ref] });
    if (!live?.ok) throw new Error(`not read: ${JSON.stringify(live)}`);
    expect(live.run).toMatchObject({
      label: 'churn-lr-0.1',
      source: 'mlflow',
      cluster: `through relay · http://127.0.0.1:${relay.port}`,
      where: `through relay · http://127.0.0.1:${relay.port} · experiment churn-model`,
      params: { lr: '0.1', max_depth: '4', epochs: '20', model: 'gbm' },
      metrics: { loss: 0.2551, accuracy: 0.947 },
    });
    expect(live.run.series.find((s) => s.metric === 'loss')?.values.length).toBe(20);
    const saved = await app.api.call(compareContract.save, { name: 'standalone', refs: [ref], view: defaultViewSettings });

    await relay.down();
    const [offline] = await app.api.call(compareContract.resolve, { refs: [ref] });
    expect(offline).toMatchObject({ ok: true, cachedAt: live.run.fetchedAt, problem: expect.stringMatching(/cannot be reached/) });
    // a new MLDeck on the same data directory: the saved server and the comparison are still there
    const dataDir = app.dataDir;
    app.services.dispose();
    app = await startApp(labInfo().kubeconfig, { dataDir });
    expect((await app.api.call(mlflowContract.servers, {})).map((s) => s.id)).toContain(server.id);
    const back = await app.api.call(compareContract.get, { id: saved.id });
    const [reopened] = await app.api.call(compareContract.resolve, { refs: back.refs });
    expect(reopened).toMatchObject({ ok: true, cachedAt: live.run.fetchedAt });
    if (reopened?.ok) expect({ ...reopened.run }).toEqual(live.run);
  });

  it('removes a saved server: no longer listed, nor contacted', async () => {
    const url = labB();
    await app.api.call(mlflowContract.removeServer, { url });
    const servers = await app.api.call(mlflowContract.servers, {});
    expect(servers.map((s) => s.id)).not.toContain(`url:${url}`);
    await expect(app.api.call(mlflowContract.experiments, { server: { kind: 'url', url } })).rejects.toMatchObject({ code: 'not-found' });
    await expect(app.api.call(mlflowContract.removeServer, { url })).rejects.toMatchObject({
      code: 'not-found',
      message: `No tracking server is saved at ${url}.`,
    });
  });
});
