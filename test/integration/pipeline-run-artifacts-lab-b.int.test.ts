// SPDX-License-Identifier: Apache-2.0
/**
 * A run task's artifacts on multi-user lab-b (KFP 2.17 with profiles): alice's run of `training`
 * in her team-a namespace, made through KFP as alice; MLDeck, set to act as alice, lists train's
 * artifacts through the KFP artifact store of team-a (that namespace's `mlpipeline-minio-artifact`
 * Secret, as KFP's launcher finds it there) and previews its metrics with the values stored in
 * the lab's S3.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { pipelinesContract } from '../../shared/features/pipelines/pipelines.contract';
import { runArtifactsContract } from '../../shared/features/pipelines/run-artifacts.contract';
import { runDetailsContract } from '../../shared/features/pipelines/run-details.contract';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, labInfo } from '../harness/lab';
import { labCluster } from '../lab/control-plane';
import { kfpApiUrl } from '../lab/kfp/backend';
import { KfpClient } from '../lab/kfp/client';
import { getObject } from '../lab/peers/s3';

const alice = new KfpClient(kfpApiUrl(labCluster('lab-b')), 'alice@example.com');
const unique = `mldeck-artb-${Date.now().toString(36)}`;
let experimentId = '';
let runId = '';
let app: AppUnderTest;
let clusterId = '';

beforeAll(async () => {
  app = await startApp(labInfo().kubeconfig);
  clusterId = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === 'lab-b')?.id ?? '';
  if (!clusterId) throw new Error('no lab-b context');
  await app.api.call(pipelinesContract.setSettings, { clusterId, userId: 'alice@example.com' });
  experimentId = await alice.ensureExperiment(`${unique}-tests`, 'pipeline-run-artifacts-lab-b.int.test.ts', 'team-a');
  const pipeline = await alice.findPipeline('training', 'team-a');
  if (!pipeline) throw new Error("team-a's seeded training pipeline is missing on lab-b");
  const [version] = await alice.versions(pipeline.pipeline_id);
  const run = await alice.createRun({
    displayName: `${unique}-run`,
    experimentId,
    pipelineId: pipeline.pipeline_id,
    versionId: version?.pipeline_version_id ?? '',
    parameters: { learning_rate: 0.02, epochs: 2, threshold: 0.5 },
  });
  runId = run.run_id;
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
  if (experimentId) await alice.request('POST', `/experiments/${experimentId}:archive`);
});

describe("a run's artifacts on multi-user lab-b", () => {
  it("previews train's metrics of alice's team-a run through team-a's KFP artifact store", async () => {
    const run = await app.api.call(runDetailsContract.get, { clusterId, runId });
    expect(run.namespace).toBe('team-a');
    const task = { clusterId, runId, graphId: 'train', iterations: [] };
    const list = await app.api.call(runArtifactsContract.list, task);
    expect(list.problem).toBe('');
    expect(list.store).toBe('KFP artifact Secret team-a/mlpipeline-minio-artifact (endpoint Service kubeflow/minio-service)');
    expect(list.runRoot).toBe(`minio://mlpipeline/v2/artifacts/training/${runId}`);
    const out = list.artifacts.find((a) => a.io === 'output' && a.name === 'metrics');
    expect(out?.uri).toMatch(new RegExp(`^minio://mlpipeline/v2/artifacts/training/${runId}/train/[^/]+/metrics$`));

    const metrics = await app.api.call(runArtifactsContract.read, { ...task, io: 'output', name: 'metrics' });
    expect(metrics).toMatchObject({ kind: 'metrics', schemaTitle: 'system.Metrics', uri: out?.uri });
    if (metrics.kind !== 'metrics') return;
    const stored = JSON.parse(new TextDecoder().decode(await getObject('mlpipeline', metrics.uri.replace('minio://mlpipeline/', '')))) as Record<
      string,
      number
    >;
    expect(Object.keys(stored).sort()).toEqual(['accuracy', 'f1', 'loss']);
    expect(Object.fromEntries(metrics.rows.map((r) => [r.name, r.value]))).toEqual(stored);
  });
});
