// SPDX-License-Identifier: Apache-2.0
/**
 * Comparing runs through MLDeck's real services against the lab: each source's mapping into the
 * comparison model, checked against the real objects exactly — a Katib trial (parameters from its
 * assignments, final metrics and series as the lab's documented metric function makes them, the
 * objective's direction), a training job (parameters from its container's arguments and
 * environment, metrics parsed from its kept log), a KFP run (parameters from its runtime config,
 * metrics from the `system.Metrics` artifacts the lab's driver wrote to S3), MLflow runs of lab-a's
 * and lab-b's own tracking servers; saved comparisons kept across a restart, renamed, deleted; and
 * runs served as last read, with that date, when their cluster cannot be reached.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { runKey, type ComparedRun, type RunRef } from '../../shared/features/compare/compare-model';
import { compareContract, defaultViewSettings, type ResolvedRun } from '../../shared/features/compare/compare.contract';
import type { KatibParameter, TrialObject } from '../../shared/features/katib/katib-objects';
import { katibContract } from '../../shared/features/katib/katib.contract';
import { logsContract } from '../../shared/features/logs/logs.contract';
import { trackingServerId } from '../../shared/features/mlflow/tracking-types';
import { runDetailsContract } from '../../shared/features/pipelines/run-details.contract';
import { registryContract } from '../../shared/features/registry/registry.contract';
import { labCluster } from '../lab/control-plane';
import { kfpApiUrl } from '../lab/kfp/backend';
import { KfpClient } from '../lab/kfp/client';
import { getObject, listObjects } from '../lab/peers/s3';
import { mlflowSettings } from '../harness/mlflow-settings';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';
import { expectedCurve, expectedFinal, experimentManifest } from './katib-fixtures';

const katib = { group: 'kubeflow.org', version: 'v1beta1' };
const kfpA = new KfpClient(kfpApiUrl(labCluster('lab-a')));
const unique = `mldeck-cmp-${Date.now().toString(36)}`;

/** A direct REST call to a lab tracking server (lab-a 15000, lab-b 15001). */
async function mlflowRest<T>(port: number, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`http://127.0.0.1:${port}/api/2.0/mlflow/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${path}: HTTP ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

interface WireRun {
  info: { run_id: string; run_name?: string; status: string; experiment_id: string };
  data: { params?: { key: string; value: string }[]; metrics?: { key: string; value: number; step: number; timestamp: number }[] };
}

function ok(r: ResolvedRun | undefined): ComparedRun & { cachedAt?: number } {
  if (!r?.ok) throw new Error(`the run was not read: ${JSON.stringify(r)}`);
  return { ...r.run, ...(r.cachedAt !== undefined ? { cachedAt: r.cachedAt } : {}) };
}

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof AppError) return e;
    throw e;
  }
  throw new Error('the call was not refused');
}

describe('compare runs', () => {
  let ns: { name: string; remove(): Promise<void> };
  let relay: TcpRelay;
  let app: AppUnderTest;
  let kubeconfig = '';
  let labA = '';
  let labB = '';
  let kfpExperiment = '';
  const custom = () => kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);

  beforeAll(async () => {
    ns = await tempNamespace('compare');
    // lab-a through a relay, so the cluster can be made unreachable
    relay = await startRelay(16443);
    kubeconfig = relay.kubeconfig(labInfo().kubeconfig, 'lab-a');
    app = await startApp(kubeconfig);
    const clusters = (await app.api.call(clustersContract.list, {})).clusters;
    labA = clusters.find((c) => c.contextName === 'lab-a')?.id ?? '';
    labB = clusters.find((c) => c.contextName === 'lab-b')?.id ?? '';
    expect(labA).not.toBe('');
    // each cluster's in-cluster MLflow confirmed, as a user does once
    for (const clusterId of [labA, labB]) {
      const found = (await app.api.call(registryContract.candidates, { clusterId })).find((c) => c.namespace === 'mlflow' && c.name === 'mlflow');
      await app.api.call(registryContract.setSettings, mlflowSettings(clusterId, { pin: { namespace: 'mlflow', name: 'mlflow', uid: found?.uid ?? '' } }));
    }
  });
  afterAll(async () => {
    app?.close();
    await relay?.close();
    await ns?.remove();
    if (kfpExperiment) await kfpA.request('POST', `/experiments/${kfpExperiment}:archive`);
  });

  const params: KatibParameter[] = [
    { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.05', step: '0.04' } },
    { name: 'layers', parameterType: 'int', feasibleSpace: { min: '2', max: '3' } }, // grid, first parameter fastest: both trials have layers=2
  ];

  it('maps a Katib trial: assignments, final metrics and observation series by the lab’s function, the objective’s direction', async () => {
    const body = experimentManifest({ name: 'cmp', namespace: ns.name, algorithm: 'grid', parameters: params, parallel: 2, max: 2, durationS: 4 });
    const made = await app.api.call(katibContract.submit, { clusterId: labA, object: body, dryRun: false });
    expect(made.problems).toBeUndefined();
    // keep the trial pods' logs while they run (as the experiment page does)
    let done = false;
    const keeping = (async () => {
      while (!done) {
        await app.api.call(katibContract.keepTrialLogs, { clusterId: labA, namespace: ns.name, name: 'cmp' }).catch(() => undefined);
        await new Promise((r) => setTimeout(r, 500));
      }
    })();
    const trials = await eventually(
      'both trials succeeded',
      async () => {
        const list = (await custom().listNamespacedCustomObject({
          ...katib,
          plural: 'trials',
          namespace: ns.name,
          labelSelector: 'katib.kubeflow.org/experiment=cmp',
        })) as { items: TrialObject[] };
        return list.items.length === 2 && list.items.every((t) => t.status?.conditions?.some((c) => c.type === 'Succeeded' && c.status === 'True'))
          ? list.items
          : undefined;
      },
      120_000,
    ).finally(() => {
      done = true;
    });
    await keeping;

    for (const t of trials) {
      const ref: RunRef = { source: 'katib', clusterId: labA, namespace: ns.name, trial: t.metadata.name };
      const run = await eventually('the trial with its 10 reports', async () => {
        const r = ok((await app.api.call(compareContract.resolve, { refs: [ref] }))[0]);
        const n = r.series.find((s) => s.metric === 'accuracy')?.values.length;
        if (n !== 10) throw new Error(`${n} accuracy reports`);
        return r;
      });
      expect(run).toMatchObject({
        key: runKey(ref),
        label: t.metadata.name,
        source: 'katib',
        cluster: 'lab-a',
        where: `${ns.name} · experiment cmp`,
        state: 'Succeeded',
        params: Object.fromEntries(t.spec!.parameterAssignments!.map((a) => [a.name, a.value])),
        metrics: { accuracy: expectedFinal(params, t, 'accuracy'), loss: expectedFinal(params, t, 'loss') },
        directions: { accuracy: 'max' },
      });
      const acc = run.series.find((s) => s.metric === 'accuracy')!;
      expect(acc.values).toEqual(expectedCurve(params, t, 'accuracy'));
      expect(acc.steps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(acc.times.every((x) => Number.isFinite(x))).toBe(true);
      expect(run.series.find((s) => s.metric === 'loss')?.values).toEqual(expectedCurve(params, t, 'loss'));
    }
  }, 240_000);

  it('maps a training job: arguments and environment as parameters, metrics from its kept log', async () => {
    const name = 'cmp-job';
    await custom().createNamespacedCustomObject({
      group: 'kubeflow.org',
      version: 'v1',
      plural: 'pytorchjobs',
      namespace: ns.name,
      body: {
        apiVersion: 'kubeflow.org/v1',
        kind: 'PyTorchJob',
        metadata: { name },
        spec: {
          pytorchReplicaSpecs: {
            Master: {
              replicas: 1,
              restartPolicy: 'Never',
              template: {
                spec: {
                  containers: [
                    {
                      name: 'pytorch',
                      image: 'pytorch/pytorch:2.4.0-cuda12.1-cudnn9-runtime',
                      command: ['torchrun', '--nproc_per_node=1', 'train.py'],
                      args: ['--lr', '0.003', '--batch-size=128', '--amp'],
                      env: [
                        { name: 'SEED', value: '42' },
                        { name: 'HF_TOKEN', valueFrom: { secretKeyRef: { name: 'hf', key: 'token' } } },
                      ],
                    },
                  ],
                },
              },
            },
          },
        },
      },
    });
    const ref: RunRef = { source: 'job', clusterId: labA, namespace: ns.name, kind: 'kubeflow.org/v1/pytorchjobs', name };
    // reading the job keeps its running pod's log; read again until some reports are kept
    const run = await eventually(
      'reports kept through the comparison',
      async () => {
        const r = ok((await app.api.call(compareContract.resolve, { refs: [ref] }))[0]);
        return (r.series.find((s) => s.metric === 'loss')?.values.length ?? 0) >= 3 ? r : undefined;
      },
      90_000,
    );
    // the kept log, read now, starts with the lines the comparison read
    const kept = await app.api.call(logsContract.read, { clusterId: labA, namespace: ns.name, pod: `${name}-master-0`, container: 'pytorch' });
    const n = run.series.find((s) => s.metric === 'loss')!.values.length;
    const reports = kept.lines.filter((l) => /step=\d+ loss=/.test(l.text)).slice(0, n);
    const expectSteps = reports.map((l) => Number(/step=(\d+)/.exec(l.text)![1]));
    const expectLoss = reports.map((l) => Number(/loss=([\d.]+)/.exec(l.text)![1]));
    const expectAcc = reports.map((l) => Number(/accuracy=([\d.]+)/.exec(l.text)![1]));
    expect(run).toMatchObject({
      source: 'job',
      cluster: 'lab-a',
      where: `${ns.name} · PyTorchJob`,
      state: 'Running',
      params: { nproc_per_node: '1', lr: '0.003', 'batch-size': '128', amp: 'true', 'env:SEED': '42' },
      metrics: { loss: expectLoss.at(-1), accuracy: expectAcc.at(-1) },
    });
    expect(run.series.find((s) => s.metric === 'loss')).toMatchObject({
      steps: expectSteps,
      values: expectLoss,
      times: reports.map((l) => Date.parse(l.time)),
    });
    expect(run.series.find((s) => s.metric === 'accuracy')?.values).toEqual(expectAcc);
    expect(Object.keys(run.params)).not.toContain('env:HF_TOKEN');

    // a job that is gone is not found (never served as last read)
    await custom().deleteNamespacedCustomObject({ group: 'kubeflow.org', version: 'v1', plural: 'pytorchjobs', namespace: ns.name, name });
    const gone = await eventually('the job gone', async () => {
      const r = (await app.api.call(compareContract.resolve, { refs: [ref] }))[0]!;
      return r.ok ? undefined : r;
    });
    expect(gone).toMatchObject({ ok: false, error: { code: 'not-found' } });
  }, 180_000);

  it('maps a KFP run: runtime-config parameters, metrics from its system.Metrics artifact in S3', async () => {
    kfpExperiment = await kfpA.ensureExperiment(`${unique}-tests`, 'compare.int.test.ts');
    const pipeline = await kfpA.findPipeline('training');
    if (!pipeline) throw new Error('the seeded training pipeline is missing');
    const [version] = await kfpA.versions(pipeline.pipeline_id);
    const made = await kfpA.createRun({
      displayName: `${unique}-run`,
      experimentId: kfpExperiment,
      pipelineId: pipeline.pipeline_id,
      versionId: version?.pipeline_version_id ?? '',
      parameters: { learning_rate: 0.03, epochs: 3, threshold: 0.5, train_seconds: 2 },
    });
    const runId = made.run_id;
    await eventually(
      'the run to succeed',
      async () => {
        const r = await app.api.call(runDetailsContract.get, { clusterId: labA, runId });
        return r.state === 'SUCCEEDED' && !r.active ? r : undefined;
      },
      180_000,
    );
    // what KFP and the lab's S3 hold, read directly
    const wire = await kfpA.request<{ runtime_config?: { parameters?: Record<string, unknown> } }>('GET', `/runs/${runId}`);
    const keys = (await listObjects('mlpipeline', `v2/artifacts/training/${runId}/train/`)).filter((o) => o.key.endsWith('/metrics'));
    expect(keys).toHaveLength(1);
    const metrics = JSON.parse(new TextDecoder().decode(await getObject('mlpipeline', keys[0]!.key))) as Record<string, number>;
    expect(Object.keys(metrics).sort()).toEqual(['accuracy', 'f1', 'loss']);

    const ref: RunRef = { source: 'kfp', clusterId: labA, runId };
    const run = ok((await app.api.call(compareContract.resolve, { refs: [ref] }))[0]);
    expect(run).toMatchObject({
      key: runKey(ref),
      label: `${unique}-run`,
      source: 'kfp',
      cluster: 'lab-a',
      where: 'kubeflow · pipeline training',
      state: 'SUCCEEDED',
    });
    // KFP keeps one value of each metric: a one-point series at the run's end
    const detail = await app.api.call(runDetailsContract.get, { clusterId: labA, runId });
    expect(run.series).toEqual(
      Object.keys(metrics)
        .sort()
        .map((m) => ({ metric: m, steps: [1], times: [Date.parse(detail.finishedAt)], values: [metrics[m]] })),
    );
    expect(run.params).toEqual(
      Object.fromEntries(Object.entries(wire.runtime_config?.parameters ?? {}).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)])),
    );
    expect(run.params).toMatchObject({ learning_rate: '0.03', epochs: '3', threshold: '0.5' });
    expect(run.metrics).toEqual(metrics);
  }, 240_000);

  it("maps MLflow runs of lab-a's and lab-b's own tracking servers: params, latest metrics, whole histories", async () => {
    for (const [clusterId, port, experiment] of [
      [labB, 15001, 'churn-model'],
      [labA, 15000, 'fraud-detection'],
    ] as const) {
      const exp = await mlflowRest<{ experiment: { experiment_id: string } }>(port, `experiments/get-by-name?experiment_name=${experiment}`);
      const found = await mlflowRest<{ runs?: WireRun[] }>(port, 'runs/search', { experiment_ids: [exp.experiment.experiment_id], max_results: 100 });
      const wire = (found.runs ?? []).find((r) => (r.data.metrics ?? []).length > 0);
      if (!wire) throw new Error(`no run with metrics in ${experiment}`);
      const ref: RunRef = { source: 'mlflow', serverId: trackingServerId({ kind: 'cluster', clusterId }), runId: wire.info.run_id };
      const run = ok((await app.api.call(compareContract.resolve, { refs: [ref] }))[0]);
      expect(run).toMatchObject({
        label: wire.info.run_name ?? wire.info.run_id,
        source: 'mlflow',
        cluster: clusterId === labA ? 'lab-a' : 'lab-b',
        where: `${clusterId === labA ? 'lab-a' : 'lab-b'} · mlflow/mlflow · experiment ${experiment}`,
        state: wire.info.status,
        params: Object.fromEntries((wire.data.params ?? []).map((p) => [p.key, p.value])),
        metrics: Object.fromEntries((wire.data.metrics ?? []).map((m) => [m.key, m.value])),
      });
      for (const m of wire.data.metrics ?? []) {
        const h = await mlflowRest<{ metrics?: { value: number; step: number; timestamp: number }[] }>(
          port,
          `metrics/get-history?run_id=${wire.info.run_id}&metric_key=${encodeURIComponent(m.key)}`,
        );
        const points = [...(h.metrics ?? [])].sort((x, y) => x.step - y.step || x.timestamp - y.timestamp);
        expect(run.series.find((s) => s.metric === m.key)).toEqual({
          metric: m.key,
          steps: points.map((p) => p.step),
          times: points.map((p) => p.timestamp),
          values: points.map((p) => p.value),
        });
      }
      if (clusterId === labB) expect(run.series.find((s) => s.metric === 'loss')?.values.length).toBeGreaterThan(1);
    }
  }, 120_000);

  it('saves comparisons across a restart, renames and deletes them, and serves runs as last read when the cluster is unreachable', async () => {
    const trials = (await custom().listNamespacedCustomObject({ ...katib, plural: 'trials', namespace: ns.name })) as { items: TrialObject[] };
    const refs = trials.items.map((t): RunRef => ({ source: 'katib', clusterId: labA, namespace: ns.name, trial: t.metadata.name }));
    expect(refs.length).toBe(2);
    const live = await app.api.call(compareContract.resolve, { refs });
    const view = { ...defaultViewSettings, differencesOnly: true, directions: { loss: 'min' as const }, curveMetric: 'accuracy' };
    const saved = await app.api.call(compareContract.save, { name: 'lr sweep', refs, view });
    expect(saved).toMatchObject({ name: 'lr sweep', runs: 2 });
    const other = await app.api.call(compareContract.save, { name: 'other', refs: refs.slice(0, 1), view: defaultViewSettings });

    // a new MLDeck on the same data directory, lab-a unreachable
    await relay.down();
    const dataDir = app.dataDir;
    app.services.dispose();
    // the same kubeconfig file: the same cluster ids
    app = await startApp(kubeconfig, { dataDir });
    expect((await app.api.call(compareContract.list, {})).map((c) => c.name)).toEqual(['other', 'lr sweep']);
    const back = await app.api.call(compareContract.get, { id: saved.id });
    expect(back).toMatchObject({ id: saved.id, name: 'lr sweep', refs, view });
    const offline = await app.api.call(compareContract.resolve, { refs: back.refs });
    for (const [i, r] of offline.entries()) {
      const run = ok(r);
      expect(run.cachedAt).toBe(ok(live[i]).fetchedAt);
      expect({ ...run, cachedAt: undefined }).toEqual({ ...ok(live[i]), cachedAt: undefined });
      expect(r.ok && r.problem).toBeTruthy();
    }
    // a run never read is not made up
    const never = await app.api.call(compareContract.resolve, { refs: [{ source: 'katib', clusterId: labA, namespace: ns.name, trial: 'never-read' }] });
    expect(never[0]).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    await relay.up();

    const renamed = await app.api.call(compareContract.rename, { id: other.id, name: 'one trial' });
    expect(renamed.name).toBe('one trial');
    await app.api.call(compareContract.delete, { id: saved.id });
    expect((await app.api.call(compareContract.list, {})).map((c) => c.name)).toEqual(['one trial']);
    expect((await refusal(app.api.call(compareContract.get, { id: saved.id }))).code).toBe('not-found');
    expect((await refusal(app.api.call(compareContract.save, { name: ' ', refs, view }))).code).toBe('validation');
    const unknownKind = await app.api.call(compareContract.resolve, {
      refs: [{ source: 'job', clusterId: labA, namespace: ns.name, kind: 'x/v1/nothings', name: 'a' }],
    });
    expect(unknownKind[0]).toMatchObject({ ok: false, error: { code: 'validation', message: 'x/v1/nothings is not a training-job kind MLDeck knows.' } });
  }, 120_000);
});
