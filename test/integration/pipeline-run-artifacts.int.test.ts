// SPDX-License-Identifier: Apache-2.0
/**
 * A run task's artifacts against the lab's real KFP 2.17 (lab-a, single-user) and its object
 * store, through the app's services: a fresh run of the seeded `training` pipeline; train's and
 * evaluate's artifacts found where KFP's driver wrote them, each preview checked value for value
 * against the object read straight from the lab's S3 (and the metrics against what train's
 * launcher logged); and with the cluster (so KFP and its store) gone, the listing and the contents
 * read before served from the cache with the time they were fetched.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { logsContract } from '../../shared/features/logs/logs.contract';
import { runArtifactsContract, type ArtifactContent, type RunArtifact } from '../../shared/features/pipelines/run-artifacts.contract';
import { runDetailsContract } from '../../shared/features/pipelines/run-details.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, labInfo } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';
import { labCluster } from '../lab/control-plane';
import { kfpApiUrl } from '../lab/kfp/backend';
import { KfpClient } from '../lab/kfp/client';
import { getObject, listObjects } from '../lab/peers/s3';

const kfpA = new KfpClient(kfpApiUrl(labCluster('lab-a')));
const unique = `mldeck-art-${Date.now().toString(36)}`;
let experimentId = '';
let runId = '';
let app: AppUnderTest;
let relay: TcpRelay | undefined;
let clusterId = '';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
/** The object an artifact URI names, read straight from the lab's S3. */
async function direct(uri: string): Promise<string> {
  const m = /^minio:\/\/([^/]+)\/(.+)$/.exec(uri);
  if (!m) throw new Error(`not a minio:// URI: ${uri}`);
  return text(await getObject(m[1] ?? '', m[2] ?? ''));
}
const task = (graphId: string) => ({ clusterId, runId, graphId, iterations: [] });
const byName = (list: RunArtifact[], io: string, name: string) => {
  const a = list.find((x) => x.io === io && x.name === name);
  if (!a) throw new Error(`no ${io} artifact ${name} in ${JSON.stringify(list)}`);
  return a;
};

beforeAll(async () => {
  // the cluster through a relay, so the test can take it away
  relay = await startRelay(16443);
  app = await startApp(relay.kubeconfig(labInfo().kubeconfig, 'lab-a'));
  const id = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-a')?.id;
  if (!id) throw new Error('no lab-a context');
  clusterId = id;
  experimentId = await kfpA.ensureExperiment(`${unique}-tests`, 'pipeline-run-artifacts.int.test.ts');
  const pipeline = await kfpA.findPipeline('training');
  if (!pipeline) throw new Error('the seeded training pipeline is missing');
  const [version] = await kfpA.versions(pipeline.pipeline_id);
  const run = await kfpA.createRun({
    displayName: `${unique}-run`,
    experimentId,
    pipelineId: pipeline.pipeline_id,
    versionId: version?.pipeline_version_id ?? '',
    parameters: { learning_rate: 0.07, epochs: 4, threshold: 0.5, train_seconds: 3 },
  });
  runId = run.run_id;
  // the page reads the run while it runs (so train's log is kept), until it succeeded
  await eventually(
    'the run to succeed',
    async () => {
      const r = await app.api.call(runDetailsContract.get, { clusterId, runId });
      return r.state === 'SUCCEEDED' && !r.active ? r : undefined;
    },
    180_000,
  );
}, 240_000);

afterAll(async () => {
  app?.close();
  await relay?.close();
  if (experimentId) await kfpA.request('POST', `/experiments/${experimentId}:archive`);
});

describe("a run task's artifacts", () => {
  let metrics: ArtifactContent;
  let report: ArtifactContent;
  let dataset: ArtifactContent;

  it("finds train's inputs and outputs where KFP's driver wrote them in the run's pipeline root", async () => {
    const t0 = Date.now();
    const list = await app.api.call(runArtifactsContract.list, task('train'));
    expect(list.origin.kind).toBe('port-forward');
    expect(list.problem).toBe('');
    expect(list.runRoot).toBe(`minio://mlpipeline/v2/artifacts/training/${runId}`);
    expect(list.store).toBe('KFP artifact Secret kubeflow/mlpipeline-minio-artifact (endpoint Service kubeflow/minio-service)');
    expect(list.fetchedAt).toBeGreaterThanOrEqual(t0);
    expect(list.artifacts.map((a) => `${a.io} ${a.name} ${a.schemaTitle}`)).toEqual([
      'input dataset system.Dataset',
      'output metrics system.Metrics',
      'output model system.Model',
    ]);
    // the truth: every object under the run's folder, listed straight from S3
    const objects = await listObjects('mlpipeline', `v2/artifacts/training/${runId}/`);
    for (const a of list.artifacts) {
      const key = a.uri.replace('minio://mlpipeline/', '');
      const o = objects.find((x) => x.key === key);
      expect(o, `${a.name} at ${a.uri}`).toBeDefined();
      expect(a).toMatchObject({ size: o?.size, folder: false, note: '' });
    }
    expect(byName(list.artifacts, 'input', 'dataset')).toMatchObject({ from: 'prepare-data.dataset' });
    expect(byName(list.artifacts, 'input', 'dataset').uri).toMatch(
      new RegExp(`^minio://mlpipeline/v2/artifacts/training/${runId}/prepare-data/[^/]+/dataset$`),
    );
    expect(byName(list.artifacts, 'output', 'metrics').uri).toMatch(new RegExp(`^minio://mlpipeline/v2/artifacts/training/${runId}/train/[^/]+/metrics$`));
  });

  it("reads train's metrics with the values stored and logged by its launcher", async () => {
    const list = await app.api.call(runArtifactsContract.list, task('train'));
    metrics = await app.api.call(runArtifactsContract.read, { ...task('train'), io: 'output', name: 'metrics' });
    const uri = byName(list.artifacts, 'output', 'metrics').uri;
    const stored = JSON.parse(await direct(uri)) as Record<string, number>;
    expect(Object.keys(stored).sort()).toEqual(['accuracy', 'f1', 'loss']);
    expect(metrics).toMatchObject({ kind: 'metrics', uri, schemaTitle: 'system.Metrics', truncated: false });
    if (metrics.kind !== 'metrics') return;
    expect(Object.fromEntries(metrics.rows.map((r) => [r.name, r.value]))).toEqual(stored);
    // train's launcher logged the same values when it uploaded them
    const run = await app.api.call(runDetailsContract.get, { clusterId, runId });
    const pod = run.pods.find((p) => run.tasks.find((t) => t.graphId === 'train' && t.role === 'node')?.pods.includes(p.name));
    if (!pod) throw new Error('no train pod seen');
    const log = await app.api.call(logsContract.read, { clusterId, namespace: pod.namespace, pod: pod.name, container: 'main' });
    const line = log.lines.map((l) => l.text).find((l) => l.includes('uploaded metrics (system.Metrics)'));
    expect(line).toBe(`INFO  uploaded metrics (system.Metrics) to ${uri} ${JSON.stringify(stored)}`);
  });

  it("reads evaluate's classification metrics as its confusion matrix and ROC points", async () => {
    report = await app.api.call(runArtifactsContract.read, { ...task('evaluate'), io: 'output', name: 'report' });
    const stored = JSON.parse(await direct(report.uri)) as {
      confusionMatrix: { annotationSpecs: { displayName: string }[]; rows: { row: number[] }[] };
      confidenceMetrics: { confidenceThreshold: number; recall: number; falsePositiveRate: number }[];
    };
    expect(report).toMatchObject({ kind: 'classification', schemaTitle: 'system.ClassificationMetrics' });
    if (report.kind !== 'classification') return;
    expect(report.labels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(report.matrix).toEqual(stored.confusionMatrix.rows.map((r) => r.row));
    expect(report.roc).toEqual(
      stored.confidenceMetrics
        .map((c) => ({ threshold: c.confidenceThreshold, tpr: c.recall, fpr: c.falsePositiveRate }))
        .sort((a, b) => a.fpr - b.fpr || a.tpr - b.tpr),
    );
    expect(report.roc).toHaveLength(5);
  });

  it('reads the dataset train took as the first bytes of its CSV, and says a model has no preview', async () => {
    dataset = await app.api.call(runArtifactsContract.read, { ...task('train'), io: 'input', name: 'dataset' });
    expect(dataset).toMatchObject({ kind: 'dataset', format: 'csv', truncated: false });
    if (dataset.kind !== 'dataset') return;
    expect(dataset.text).toBe(await direct(dataset.uri));
    expect(dataset.text.split('\n')[0]).toBe('sepal_length,sepal_width,petal_length,petal_width,species');
    const model = await app.api.call(runArtifactsContract.read, { ...task('train'), io: 'output', name: 'model' });
    expect(model).toMatchObject({ kind: 'none', schemaTitle: 'system.Model' });
    expect(model.size).toBeGreaterThan(0);
  });

  it('refuses an artifact the task does not have', async () => {
    await expect(app.api.call(runArtifactsContract.read, { ...task('train'), io: 'output', name: 'nope' })).rejects.toMatchObject({
      code: 'not-found',
      message: 'The task train has no output artifact nope.',
    });
  });

  it('serves the listing and the contents read before from the cache, with when they were fetched, once the cluster and its store are gone', async () => {
    const before = await app.api.call(runArtifactsContract.list, task('train'));
    const liveMetrics = await app.api.call(runArtifactsContract.read, { ...task('train'), io: 'output', name: 'metrics' });
    await relay?.down();
    try {
      const list = await app.api.call(runArtifactsContract.list, task('train'));
      expect(list.origin.kind).toBe('cache');
      if (list.origin.kind !== 'cache') return;
      // kept when last fetched (the metrics read fetched the listing again)
      expect(list.origin.seenAt).toBeGreaterThanOrEqual(before.fetchedAt);
      expect(list.origin.seenAt).toBeLessThanOrEqual(liveMetrics.fetchedAt + 1000);
      expect(list.artifacts).toEqual(before.artifacts);
      expect(list.runRoot).toBe(before.runRoot);
      const m = await app.api.call(runArtifactsContract.read, { ...task('train'), io: 'output', name: 'metrics' });
      expect(m.origin.kind).toBe('cache');
      if (m.origin.kind !== 'cache') return;
      expect(m.origin.seenAt).toBeGreaterThanOrEqual(liveMetrics.fetchedAt);
      expect({ ...m, origin: undefined }).toEqual({ ...liveMetrics, origin: undefined });
      expect(m).toMatchObject({ kind: 'metrics', rows: metrics.kind === 'metrics' ? metrics.rows : [] });
      const r = await app.api.call(runArtifactsContract.read, { ...task('evaluate'), io: 'output', name: 'report' });
      expect(r.origin.kind).toBe('cache');
      expect({ ...r, origin: undefined }).toEqual({ ...report, origin: undefined });
      // never fetched: nothing to show, and said so
      await expect(app.api.call(runArtifactsContract.read, { ...task('prepare-data'), io: 'output', name: 'dataset' })).rejects.toMatchObject({
        code: expect.stringMatching(/unavailable|timeout/),
      });
    } finally {
      await relay?.up();
    }
  }, 120_000);
});
