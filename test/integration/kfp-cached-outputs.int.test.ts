// SPDX-License-Identifier: Apache-2.0
/**
 * A task KFP served from its cache, against lab-a's real KFP 2.17: two runs of the seeded
 * `training-cached` pipeline with the same (fresh) parameters, the second after the first
 * succeeded. KFP's REST API reports the second run's tasks with their executors skipped, and its
 * folder in the pipeline root holds nothing (read straight from the lab's S3). Compare
 * still has the second run's metrics, those the first run's train stored; the run drawer lists
 * train's metrics at the first run's copy, says so, and previews the same values.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import type { RunRef } from '../../shared/features/compare/compare-model';
import { compareContract } from '../../shared/features/compare/compare.contract';
import { runArtifactsContract } from '../../shared/features/pipelines/run-artifacts.contract';
import { runDetailsContract } from '../../shared/features/pipelines/run-details.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, labInfo } from '../harness/lab';
import { labCluster } from '../lab/control-plane';
import { kfpApiUrl } from '../lab/kfp/backend';
import { KfpClient } from '../lab/kfp/client';
import { twoLoopRuns, uploadLoopPipeline, type LoopPipeline } from '../harness/kfp-loop-pipeline';
import { getObject, listObjects } from '../lab/peers/s3';

const kfpA = new KfpClient(kfpApiUrl(labCluster('lab-a')));
const unique = `mldeck-cache-${Date.now().toString(36)}`;
// fresh inputs, so that the first run computes and the second is served from the cache
const parameters = { rows: 1000 + (Date.now() % 900_000), learning_rate: 0.02, epochs: 3 };
let experimentId = '';
let first = '';
let second = '';
let app: AppUnderTest;
let clusterId = '';

async function runToSuccess(name: string): Promise<string> {
  const pipeline = await kfpA.findPipeline('training-cached');
  if (!pipeline) throw new Error('the seeded training-cached pipeline is missing');
  const [version] = await kfpA.versions(pipeline.pipeline_id);
  const run = await kfpA.createRun({
    displayName: `${unique}-${name}`,
    experimentId,
    pipelineId: pipeline.pipeline_id,
    versionId: version?.pipeline_version_id ?? '',
    parameters,
  });
  await eventually(
    `${name} to succeed`,
    async () => {
      const r = await app.api.call(runDetailsContract.get, { clusterId, runId: run.run_id });
      return r.state === 'SUCCEEDED' && !r.active ? r : undefined;
    },
    180_000,
  );
  return run.run_id;
}

/** The metrics train stored in a run's folder, read straight from the lab's S3. */
async function storedMetrics(runId: string): Promise<{ key: string; values: Record<string, number> }[]> {
  const objects = (await listObjects('mlpipeline', `v2/artifacts/training-cached/${runId}/train/`)).filter((o) => o.key.endsWith('/metrics'));
  return Promise.all(
    objects.map(async (o) => ({ key: o.key, values: JSON.parse(new TextDecoder().decode(await getObject('mlpipeline', o.key))) as Record<string, number> })),
  );
}

beforeAll(async () => {
  app = await startApp(labInfo().kubeconfig);
  clusterId = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
  if (!clusterId) throw new Error('no lab-a context');
  experimentId = await kfpA.ensureExperiment(`${unique}-tests`, 'kfp-cached-outputs.int.test.ts');
  first = await runToSuccess('first');
  second = await runToSuccess('second');
}, 420_000);

afterAll(async () => {
  app?.close();
  if (experimentId) await kfpA.request('POST', `/experiments/${experimentId}:archive`);
});

describe('a task KFP served from its cache', () => {
  it("is reported by KFP's REST API with its executor skipped, and wrote nothing in the second run's folder", async () => {
    const executors = async (runId: string) =>
      (
        (await kfpA.request<{ run_details?: { task_details?: { display_name?: string; state?: string }[] } }>('GET', `/runs/${runId}`)).run_details
          ?.task_details ?? []
      )
        .filter((t) => t.display_name === 'executor')
        .map((t) => t.state);
    // prepare-data, train and evaluate: run in the first, served from the cache in the second
    expect(await executors(first)).toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    // (KFP's task details follow the Workflow's nodes as the persistence agent reports them)
    expect(
      await eventually('the skipped executors reported', async () => ((await executors(second)).length === 3 ? executors(second) : undefined), 60_000),
    ).toEqual(['SKIPPED', 'SKIPPED', 'SKIPPED']);
    const run = await app.api.call(runDetailsContract.get, { clusterId, runId: second });
    expect(run.tasks.find((t) => t.graphId === 'train' && t.role === 'node')?.state).toBe('SUCCEEDED');
    expect(await listObjects('mlpipeline', `v2/artifacts/training-cached/${second}/`)).toEqual([]);
    expect((await storedMetrics(first)).length).toBe(1);
  });

  it("has the second run's metrics in Compare: those the first run's train stored", async () => {
    const [stored] = await storedMetrics(first);
    if (!stored) throw new Error("the first run's train stored no metrics");
    expect(Object.keys(stored.values).sort()).toEqual(['accuracy', 'f1', 'loss']);
    const refs: RunRef[] = [first, second].map((runId) => ({ source: 'kfp', clusterId, runId }));
    const [a, b] = await app.api.call(compareContract.resolve, { refs });
    if (!a?.ok || !b?.ok) throw new Error(`not read: ${JSON.stringify([a, b])}`);
    expect(a.run.metrics).toEqual(stored.values);
    expect(b.run.metrics).toEqual(stored.values);
    expect(b.run.label).toBe(`${unique}-second`);
    expect(b.run.params).toEqual({ rows: String(parameters.rows), learning_rate: '0.02', epochs: '3' });
  });

  it("lists train's metrics in the drawer at the first run's copy, says so, and previews its values", async () => {
    const [stored] = await storedMetrics(first);
    const task = { clusterId, runId: second, graphId: 'train', iterations: [] };
    const list = await app.api.call(runArtifactsContract.list, task);
    const metrics = list.artifacts.find((a) => a.io === 'output' && a.name === 'metrics');
    expect(list.cachedFrom).toEqual({ runId: first, displayName: `${unique}-first` });
    expect(metrics?.uri).toBe(`minio://mlpipeline/${stored?.key}`);
    expect(metrics?.note).toBe(`KFP served train from its cache: this is the output of its execution in the earlier run ${unique}-first (${first}).`);
    // the input from prepare-data, cached too, is the first run's dataset
    expect(list.artifacts.find((a) => a.io === 'input' && a.name === 'dataset')?.uri).toMatch(
      new RegExp(`^minio://mlpipeline/v2/artifacts/training-cached/${first}/prepare-data/[^/]+/dataset$`),
    );
    const read = await app.api.call(runArtifactsContract.read, { ...task, io: 'output', name: 'metrics' });
    expect(read).toMatchObject({ kind: 'metrics', uri: metrics?.uri });
    if (read.kind !== 'metrics') return;
    expect(Object.fromEntries(read.rows.map((r) => [r.name, r.value]))).toEqual(stored?.values);
  });
});

describe('a task with no artifacts served from the cache, in a loop', () => {
  // each iteration's own item, fresh, so that each is its own execution and none was cached by an
  // earlier test run on a kept lab; the one named `step` fails
  const items = [`a-${unique}`, 'step', `c-${unique}`, `d-${unique}`];
  let loop: LoopPipeline | undefined;
  let runs = { first: '', second: '' };
  beforeAll(async () => {
    loop = await uploadLoopPipeline(kfpA, `${unique}-loop`, { items, stepCaching: true });
    runs = await twoLoopRuns(kfpA, loop, experimentId, `${unique}-loop`);
  }, 480_000);
  afterAll(async () => {
    await loop?.remove();
  });

  it('names, for each iteration served from the cache, the earlier run in which that iteration ran', async () => {
    const settled = (runId: string) =>
      eventually(
        `the run ${runId} settled`,
        async () => {
          const r = await app.api.call(runDetailsContract.get, { clusterId, runId });
          return r.state === 'FAILED' && !r.active ? r : undefined;
        },
        120_000,
      );
    const cachedSteps = async (runId: string) =>
      (await settled(runId)).tasks
        .filter((t) => t.role === 'node' && t.graphId === 'for-loop-1/step')
        .map((t) => `${t.iterations.join(',')} ${t.state} ${String(t.cached)}`)
        .sort();
    expect(await cachedSteps(runs.first)).toEqual(['0 SUCCEEDED false', '1 FAILED false', '2 SUCCEEDED false', '3 SUCCEEDED false']);
    // the failed iteration was not cached: it runs (and fails) again
    expect(await cachedSteps(runs.second)).toEqual(['0 SUCCEEDED true', '1 FAILED false', '2 SUCCEEDED true', '3 SUCCEEDED true']);
    const drawer = (iterations: number[]) => app.api.call(runArtifactsContract.list, { clusterId, runId: runs.second, graphId: 'for-loop-1/step', iterations });
    for (const i of [0, 2, 3]) {
      const list = await drawer([i]);
      // step returns a number: no artifact to find, and still the run that made it
      expect(list.artifacts).toEqual([]);
      expect(list.cachedFrom).toEqual({ runId: runs.first, displayName: `${unique}-loop-first` });
    }
    expect((await drawer([1])).cachedFrom).toBeUndefined();
    // the first run's iterations ran: no earlier run is named
    expect(
      (await app.api.call(runArtifactsContract.list, { clusterId, runId: runs.first, graphId: 'for-loop-1/step', iterations: [0] })).cachedFrom,
    ).toBeUndefined();
  });
});
