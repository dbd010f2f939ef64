// SPDX-License-Identifier: Apache-2.0
/**
 * KFP runs against the lab's real KFP 2.17 API servers, through the app's services: experiments
 * made, archived, restored and deleted; a run made from a seeded version with parameters checked
 * first (problems at their parameters) and watched to SUCCEEDED; the runs list filtered, searched,
 * sorted and paged through KFP's page tokens; terminate, retry of a failed run, archive and
 * delete; a periodic recurring run making runs; lab-b multi-user: alice sees team-a's runs and
 * is told why not research's; with the cluster gone, the list served from the cache with its date.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { pipelinesContract } from '../../shared/features/pipelines/pipelines.contract';
import {
  pipelineRunsContract,
  type CreateOutcome,
  type RunDetail,
  type RunFilter,
  type RunsPage,
  type RunSummary,
} from '../../shared/features/pipelines/runs.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { labInfo } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';
import { labCluster } from '../lab/control-plane';
import { kfpApiUrl } from '../lab/kfp/backend';
import { KfpClient } from '../lab/kfp/client';

const unique = `mldeck-runs-${Date.now().toString(36)}`;

async function clusterIdOf(app: AppUnderTest, context: string): Promise<string> {
  const id = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === context)?.id;
  if (!id) throw new Error(`no context ${context}`);
  return id;
}

/** Polls until `pick` returns something, failing with what was last seen. */
async function eventually<T>(what: string, pick: () => Promise<T | undefined>, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await pick();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await sleep(1000);
  }
  throw new Error(`${what} did not happen within ${timeoutMs} ms${last ? `: ${String(last)}` : ''}`);
}

const allRuns = (p: RunsPage) => p.streams.flatMap((s) => (s.ok ? s.runs : []));

/** The id of the run a create made (its problems in the failure otherwise). */
function madeId(o: CreateOutcome<RunSummary>): string {
  if (o.problems) throw new Error(`${o.message} ${JSON.stringify(o.problems)}`);
  return o.made?.runId ?? '';
}

describe('pipeline runs on the lab KFP', () => {
  let app: AppUnderTest;
  let a = '';
  let training = { pipelineId: '', versionId: '' };
  let failing = { pipelineId: '', versionId: '' };
  let experimentId = '';

  /** The newest version of a seeded pipeline. */
  async function newest(name: string) {
    const list = await app.api.call(pipelinesContract.list, { clusterId: a });
    const one = list.clusters[0];
    if (!one?.ok) throw new Error(JSON.stringify(one));
    const p = one.pipelines.find((x) => x.name === name);
    const d = await app.api.call(pipelinesContract.pipeline, { clusterId: a, pipelineId: p?.pipelineId ?? '' });
    return { pipelineId: d.pipeline.pipelineId, versionId: d.versions[0]?.versionId ?? '' };
  }
  const run = (runId: string) => app.api.call(pipelineRunsContract.run, { clusterId: a, runId });
  const settled = (r: RunDetail) => ['SUCCEEDED', 'FAILED', 'CANCELED', 'SKIPPED'].includes(r.state);
  const create = (name: string, target: { pipelineId: string; versionId: string }, parameters: Record<string, unknown>, dryRun = false) =>
    app.api.call(pipelineRunsContract.create, {
      clusterId: a,
      displayName: name,
      description: 'by the runs test',
      ...target,
      experimentId,
      parameters,
      dryRun,
    });

  beforeAll(async () => {
    app = await startApp(labInfo().kubeconfig);
    a = await clusterIdOf(app, 'lab-a');
    training = await newest('training');
    failing = await newest('failing');
  }, 240_000);
  afterAll(() => app?.close());

  it('makes an experiment, archives and restores it, and lists the seeded ones', async () => {
    const made = await app.api.call(pipelineRunsContract.createExperiment, { clusterId: a, displayName: unique, description: 'runs test' });
    experimentId = made.experimentId;
    expect(made).toMatchObject({ displayName: unique, storageState: 'AVAILABLE' });
    const list = await app.api.call(pipelineRunsContract.experiments, { clusterId: a });
    const one = list.clusters[0];
    if (!one?.ok) throw new Error(JSON.stringify(one));
    expect(one.experiments.map((e) => e.displayName)).toEqual(expect.arrayContaining(['baseline', 'tuning', unique]));
    await app.api.call(pipelineRunsContract.experimentAction, { clusterId: a, experimentId, action: 'archive' });
    const archived = await app.api.call(pipelineRunsContract.experiments, { clusterId: a });
    expect(archived.clusters[0]?.ok && archived.clusters[0].experiments.find((e) => e.experimentId === experimentId)?.storageState).toBe('ARCHIVED');
    // a run in an archived experiment is refused before KFP is asked
    const refused = await create(`${unique}-refused`, training, {}, true);
    expect(refused.problems?.[0]).toMatchObject({ field: 'experimentId', message: expect.stringMatching(/is archived/) });
    await app.api.call(pipelineRunsContract.experimentAction, { clusterId: a, experimentId, action: 'unarchive' });
  });

  it('checks the parameters against the version, then makes a run that reaches SUCCEEDED', async () => {
    const bad = await create(`${unique}-bad`, training, { epochs: 2.5, learning_rate: 'fast', nope: 1 }, true);
    expect(bad.problems).toEqual(
      expect.arrayContaining([
        { field: 'parameters.epochs', message: 'epochs must be an integer; got 2.5.' },
        { field: 'parameters.learning_rate', message: 'learning_rate must be a number; got "fast".' },
        expect.objectContaining({ field: 'parameters.nope', message: expect.stringMatching(/^The pipeline has no parameter nope \(it has/) }),
      ]),
    );
    const ok = await create(`${unique}-good`, training, { epochs: 2, learning_rate: 0.05 }, true);
    expect(ok).toEqual({ made: undefined });
    const made = await create(`${unique}-good`, training, { epochs: 2, learning_rate: 0.05 });
    if (made.problems) throw new Error(made.message);
    const runId = made.made?.runId ?? '';
    const done = await eventually('the run to finish', async () => {
      const r = await run(runId);
      return settled(r) ? r : undefined;
    });
    expect(done).toMatchObject({
      state: 'SUCCEEDED',
      parameters: { epochs: 2, learning_rate: 0.05 },
      experimentId,
      ...{ pipelineVersionId: training.versionId },
    });
  }, 180_000);

  it('lists runs filtered, searched, sorted and paged through KFP page tokens', async () => {
    const sort = { key: 'display_name' as const, desc: false };
    const filter: RunFilter = {};
    const first = await app.api.call(pipelineRunsContract.list, { clusterId: a, filter, sort, pageSize: 5 });
    const s0 = first.streams[0];
    if (!s0?.ok) throw new Error(JSON.stringify(s0));
    expect(s0.runs).toHaveLength(5);
    expect(s0.totalSize).toBeGreaterThanOrEqual(26);
    expect(s0.nextPageToken).not.toBe('');
    const second = await app.api.call(pipelineRunsContract.list, {
      clusterId: a,
      filter,
      sort,
      pageSize: 5,
      cursors: [{ clusterId: a, namespace: '', pageToken: s0.nextPageToken }],
    });
    const names = [...s0.runs, ...allRuns(second)].map((r) => r.displayName);
    expect(names).toHaveLength(10);
    expect(new Set(names).size).toBe(10);
    expect(names).toEqual([...names].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0)));

    const failed = allRuns(await app.api.call(pipelineRunsContract.list, { clusterId: a, filter: { states: ['FAILED'] }, sort, pageSize: 100 }));
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((r) => r.state === 'FAILED')).toBe(true);
    const sweeps = allRuns(await app.api.call(pipelineRunsContract.list, { clusterId: a, filter: { search: 'sweep' }, sort, pageSize: 100 }));
    expect(sweeps.length).toBeGreaterThan(0);
    expect(sweeps.every((r) => r.displayName.includes('sweep'))).toBe(true);
    const mine = allRuns(await app.api.call(pipelineRunsContract.list, { clusterId: a, filter: { experimentId }, sort, pageSize: 100 }));
    expect(mine.map((r) => r.displayName)).toContain(`${unique}-good`);
    expect(mine.every((r) => r.experimentId === experimentId)).toBe(true);
    // KFP cannot filter by pipeline: MLDeck reads at most 3 KFP pages a page and goes on from where it stopped
    const byPipeline: RunSummary[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < 40 && byPipeline.length === 0; page++) {
      const got = await app.api.call(pipelineRunsContract.list, {
        clusterId: a,
        filter: { pipelineId: failing.pipelineId },
        sort,
        pageSize: 10,
        ...(cursor ? { cursors: [{ clusterId: a, namespace: '', pageToken: cursor }] } : {}),
      });
      const s = got.streams[0];
      if (!s?.ok) throw new Error(JSON.stringify(s));
      expect(s.scanned).toBeLessThanOrEqual(30);
      byPipeline.push(...s.runs);
      cursor = s.nextPageToken || undefined;
      if (!cursor) break;
    }
    expect(byPipeline.length).toBeGreaterThan(0);
    expect(byPipeline.every((r) => r.pipelineId === failing.pipelineId)).toBe(true);
    const later = allRuns(
      await app.api.call(pipelineRunsContract.list, {
        clusterId: a,
        filter: { createdAfter: new Date(Date.now() - 10 * 60_000).toISOString() },
        sort,
        pageSize: 100,
      }),
    );
    expect(later.map((r) => r.displayName)).toContain(`${unique}-good`);
    expect(later.every((r) => Date.parse(r.createdAt) >= Date.now() - 10 * 60_000 - 1000)).toBe(true);
    // a time bound over two pages (KFP 2.17 refused the second page when the bound was sent again with its token)
    const before: RunFilter = { createdBefore: new Date().toISOString() };
    const p1 = (await app.api.call(pipelineRunsContract.list, { clusterId: a, filter: before, sort, pageSize: 5 })).streams[0];
    if (!p1?.ok || !p1.nextPageToken) throw new Error(JSON.stringify(p1));
    const p2 = (
      await app.api.call(pipelineRunsContract.list, {
        clusterId: a,
        filter: before,
        sort,
        pageSize: 5,
        cursors: [{ clusterId: a, namespace: '', pageToken: p1.nextPageToken }],
      })
    ).streams[0];
    if (!p2?.ok) throw new Error(`the second page of a time-bound list failed: ${JSON.stringify(p2)}`);
    expect(p2.runs).toHaveLength(5);
    expect(new Set([...p1.runs, ...p2.runs].map((r) => r.runId)).size).toBe(10);
    const newestFirst = allRuns(await app.api.call(pipelineRunsContract.list, { clusterId: a, filter, sort: { key: 'created_at', desc: true }, pageSize: 20 }));
    const times = newestFirst.map((r) => r.createdAt);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('terminates a running run, retries a failed one, archives and deletes', async () => {
    const long = await create(`${unique}-long`, training, { train_seconds: 600 });
    const longId = madeId(long);
    await eventually('the long run to run', async () => ((await run(longId)).state === 'RUNNING' ? true : undefined), 90_000);
    await app.api.call(pipelineRunsContract.action, { clusterId: a, runId: longId, action: 'terminate' });
    const ended = await eventually('the terminated run to end', async () => {
      const r = await run(longId);
      return settled(r) ? r : undefined;
    });
    expect(['FAILED', 'CANCELED']).toContain(ended.state);

    const bad = await create(`${unique}-failing`, failing, {});
    const badId = madeId(bad);
    await eventually('the failing run to fail', async () => ((await run(badId)).state === 'FAILED' ? true : undefined));
    await app.api.call(pipelineRunsContract.action, { clusterId: a, runId: badId, action: 'retry' });
    const again = await eventually('the retried run to run again', async () => {
      const r = await run(badId);
      return r.state === 'RUNNING' || r.state === 'PENDING' || r.stateHistory.filter((h) => h.state === 'RUNNING').length > 1 ? r : undefined;
    });
    expect(again.stateHistory.filter((h) => h.state === 'RUNNING').length).toBeGreaterThanOrEqual(1);

    await app.api.call(pipelineRunsContract.action, { clusterId: a, runId: longId, action: 'archive' });
    const archived = allRuns(
      await app.api.call(pipelineRunsContract.list, {
        clusterId: a,
        filter: { archived: true, experimentId },
        sort: { key: 'created_at', desc: true },
        pageSize: 50,
      }),
    );
    expect(archived.map((r) => r.runId)).toContain(longId);
    const available = allRuns(
      await app.api.call(pipelineRunsContract.list, { clusterId: a, filter: { experimentId }, sort: { key: 'created_at', desc: true }, pageSize: 50 }),
    );
    expect(available.map((r) => r.runId)).not.toContain(longId);
    await app.api.call(pipelineRunsContract.action, { clusterId: a, runId: longId, action: 'unarchive' });
    await app.api.call(pipelineRunsContract.action, { clusterId: a, runId: longId, action: 'delete' });
    await expect(run(longId)).rejects.toMatchObject({ code: 'not-found' });
  }, 300_000);

  it('makes runs from a periodic recurring run, disables and deletes it', async () => {
    const bad = await app.api.call(pipelineRunsContract.createRecurring, {
      clusterId: a,
      displayName: `${unique}-cron`,
      description: '',
      ...training,
      experimentId,
      parameters: {},
      trigger: { kind: 'cron', cron: '0 2 * * *' },
      maxConcurrency: 1,
      catchup: false,
      enabled: true,
      dryRun: true,
    });
    expect(bad.problems?.[0]).toMatchObject({ field: 'trigger', message: expect.stringMatching(/six fields, seconds first/) });
    const made = await app.api.call(pipelineRunsContract.createRecurring, {
      clusterId: a,
      displayName: `${unique}-every-5s`,
      description: '',
      ...training,
      experimentId,
      parameters: { epochs: 1 },
      trigger: { kind: 'periodic', intervalSeconds: 5 },
      maxConcurrency: 1,
      catchup: false,
      enabled: true,
      dryRun: false,
    });
    if (made.problems) throw new Error(made.message);
    const rr = made.made;
    expect(rr).toMatchObject({ trigger: { kind: 'periodic', intervalSeconds: 5 }, maxConcurrency: 1, catchup: false, enabled: true });
    const id = rr?.recurringRunId ?? '';
    try {
      const runs = await eventually('a run made by the recurring run', async () => {
        const got = allRuns(
          await app.api.call(pipelineRunsContract.list, {
            clusterId: a,
            filter: { recurringRunId: id },
            sort: { key: 'created_at', desc: true },
            pageSize: 20,
          }),
        );
        return got.length ? got : undefined;
      });
      expect(runs.every((r) => r.recurringRunId === id)).toBe(true);
      await app.api.call(pipelineRunsContract.recurringAction, { clusterId: a, recurringRunId: id, action: 'disable' });
      const list = await app.api.call(pipelineRunsContract.recurringRuns, { clusterId: a, experimentId });
      const one = list.clusters[0];
      expect(one?.ok && one.recurringRuns.find((r) => r.recurringRunId === id)?.enabled).toBe(false);
    } finally {
      await app.api.call(pipelineRunsContract.recurringAction, { clusterId: a, recurringRunId: id, action: 'delete' });
    }
    const after = await app.api.call(pipelineRunsContract.recurringRuns, { clusterId: a, experimentId });
    expect(after.clusters[0]?.ok && after.clusters[0].recurringRuns.map((r) => r.recurringRunId)).not.toContain(id);
  }, 180_000);

  it("on multi-user lab-b shows alice team-a's runs and tells her why not research's", async () => {
    const b = await clusterIdOf(app, 'lab-b');
    await app.api.call(pipelinesContract.setSettings, { clusterId: b, userId: 'alice@example.com' });
    const page = await app.api.call(pipelineRunsContract.list, { clusterId: b, filter: {}, sort: { key: 'created_at', desc: true }, pageSize: 50 });
    expect(page.streams.map((s) => [s.namespace, s.ok])).toEqual([['team-a', true]]);
    const runs = allRuns(page);
    expect(runs.length).toBeGreaterThan(0);
    expect(runs.every((r) => r.namespace === 'team-a' && r.displayName.startsWith('team-a-'))).toBe(true);
    expect(page.refused).toEqual([expect.objectContaining({ clusterId: b, namespace: 'research', reason: expect.stringMatching(/dave@example\.com/) })]);
    // a run of research, as its owner sees it: alice is refused, and told as whom and where she may work
    const dave = new KfpClient(kfpApiUrl(labCluster('lab-b')), 'dave@example.com');
    const theirs = (await dave.request<{ runs?: { run_id: string }[] }>('GET', '/runs?namespace=research&page_size=1')).runs?.[0]?.run_id ?? '';
    const refused = await app.api.call(pipelineRunsContract.action, { clusterId: b, runId: theirs, action: 'archive' }).catch((e: unknown) => e);
    expect(refused).toMatchObject({
      code: 'forbidden',
      message: expect.stringMatching(/research.*MLDeck acts as alice@example\.com, whose profile namespaces are team-a/),
    });
    const inResearch = await app.api.call(pipelineRunsContract.list, {
      clusterId: b,
      filter: { namespace: 'research' },
      sort: { key: 'created_at', desc: true },
      pageSize: 5,
    });
    expect(inResearch.streams).toEqual([]);
    expect(inResearch.refused[0]?.namespace).toBe('research');
  });
});

describe('pipeline runs when the cluster is gone', () => {
  let app: AppUnderTest | undefined;
  let relay: TcpRelay | undefined;
  afterAll(async () => {
    app?.close();
    await relay?.close();
  });

  it('serves the runs list it saw, with its date', async () => {
    relay = await startRelay(16443);
    app = await startApp(relay.kubeconfig(labInfo().kubeconfig, 'lab-a'));
    const id = await clusterIdOf(app, 'lab-a');
    const t0 = Date.now();
    const req = { clusterId: id, filter: { states: ['SUCCEEDED' as const] }, sort: { key: 'created_at' as const, desc: true }, pageSize: 10 };
    const live = await app.api.call(pipelineRunsContract.list, req);
    expect(live.streams[0]?.ok && live.streams[0].origin.kind).toBe('port-forward');
    await relay.down();
    try {
      const kept = await app.api.call(pipelineRunsContract.list, req);
      const s = kept.streams[0];
      if (!s?.ok) throw new Error(JSON.stringify(s));
      expect(s.origin.kind).toBe('cache');
      if (s.origin.kind !== 'cache') return;
      expect(s.origin.seenAt).toBeGreaterThanOrEqual(t0 - 1000);
      expect(s.runs).toEqual(live.streams[0]?.ok ? live.streams[0].runs : []);
      const change = await app.api
        .call(pipelineRunsContract.action, { clusterId: id, runId: s.runs[0]?.runId ?? '', action: 'archive' })
        .catch((e: unknown) => e);
      expect(change).toMatchObject({ code: 'unavailable' });
    } finally {
      await relay.up();
    }
  });
});
