// SPDX-License-Identifier: Apache-2.0
/**
 * Kubeflow Pipelines in the lab, through its real REST API: a pipeline compiled by the kfp SDK
 * is uploaded and runs to SUCCEEDED with task details, pods on KWOK nodes (the GPU step on a
 * GPU node), logs and artifacts in S3; a failing run FAILS naming its task; terminate; retry;
 * a recurring run made by the real ScheduledWorkflow controller creates runs; lab-b's
 * multi-user API server refuses a user without access; the `ml-pipeline` Service reaches the
 * API server through a port-forward, as after a real install.
 */
import * as k8s from '@kubernetes/client-node';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubeConfig, labInfo } from '../harness/lab.ts';
import { labCluster } from './control-plane.ts';
import { kfpApiUrl } from './kfp/backend.ts';
import { KfpClient, KfpError, type KfpRun } from './kfp/client.ts';
import { compilePipelines } from './kfp/seed.ts';
import { bin } from './paths.ts';
import { getObject } from './peers/s3.ts';

const a = labCluster('lab-a');
const b = labCluster('lab-b');
const kfpA = new KfpClient(kfpApiUrl(a));
const unique = `t${Date.now().toString(36)}`;
let compiled = '';
let experimentId = '';
const pipelines = new Map<string, { id: string; version: string }>();

async function pipeline(name: string): Promise<{ id: string; version: string }> {
  const known = pipelines.get(name);
  if (known) return known;
  const id = await kfpA.uploadPipeline(join(compiled, `${name}--v1.yaml`), `${unique}-${name}`, 'uploaded by kfp.int.test.ts');
  const [v] = await kfpA.versions(id);
  if (!v) throw new Error(`no version of ${name}`);
  pipelines.set(name, { id, version: v.pipeline_version_id });
  return { id, version: v.pipeline_version_id };
}

async function startRun(name: string, params: Record<string, unknown> = {}): Promise<KfpRun> {
  const p = await pipeline(name);
  return kfpA.createRun({
    displayName: `${unique}-${name}-${Math.floor(Math.random() * 1e6)}`,
    experimentId,
    pipelineId: p.id,
    versionId: p.version,
    parameters: params,
  });
}

/** The Argo Workflow the API server made for a run (single-user: in `kubeflow`). */
async function workflowName(runId: string): Promise<string> {
  const api = kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);
  return eventually(`the Workflow of run ${runId}`, async () => {
    const list = (await api.listNamespacedCustomObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      namespace: 'kubeflow',
      plural: 'workflows',
      labelSelector: `pipeline/runid=${runId}`,
    })) as { items: { metadata: { name: string } }[] };
    return list.items[0]?.metadata.name;
  });
}

function task(run: KfpRun, name: string) {
  return run.run_details?.task_details?.find((t) => t.display_name === name);
}

beforeAll(async () => {
  compiled = await compilePipelines();
  experimentId = await kfpA.ensureExperiment(`${unique}-tests`, 'kfp.int.test.ts');
});

afterAll(async () => {
  // archived with its runs, so the seeded lists stay as seeded
  if (experimentId) await kfpA.request('POST', `/experiments/${experimentId}:archive`);
  // and the uploaded pipelines go, so the Pipelines page shows what the seed made
  for (const { id } of pipelines.values()) {
    for (const v of await kfpA.versions(id)) await kfpA.request('DELETE', `/pipelines/${id}/versions/${v.pipeline_version_id}`);
    await kfpA.request('DELETE', `/pipelines/${id}`);
  }
});

describe('Kubeflow Pipelines in the lab', () => {
  it('runs an uploaded pipeline to SUCCEEDED with task details, GPU pods, logs and artifacts', async () => {
    const run = await startRun('training', { learning_rate: 0.02, epochs: 4, train_seconds: 6 });
    expect(run.state).toBe('PENDING');
    const wf = await workflowName(run.run_id);
    const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
    // the train step's pod: the pipeline's image and GPU request, placed on a GPU node, logging its inputs
    const pod = await eventually('the train pod running', async () => {
      const pods = await core.listNamespacedPod({ namespace: 'kubeflow', labelSelector: `workflows.argoproj.io/workflow=${wf}` });
      return pods.items.find((p) => p.spec?.containers.some((c) => c.image?.startsWith('pytorch/')) && p.status?.phase === 'Running');
    });
    expect(pod.spec?.nodeName).toMatch(/^gpu-/);
    expect(pod.metadata?.annotations?.['workflows.argoproj.io/node-name']).toMatch(/\.root\.train\.executor\(0\)$/);
    const log = await eventually('the train log', async () => {
      const text = await core.readNamespacedPodLog({ name: pod.metadata?.name ?? '', namespace: 'kubeflow', container: 'main' });
      return text.includes('kfp-launcher') ? text : undefined;
    });
    expect(log).toContain('input learning_rate = 0.02');
    const done = await kfpA.waitRun(run.run_id);
    expect(done.state).toBe('SUCCEEDED');
    for (const name of ['prepare-data', 'train', 'evaluate']) expect(task(done, name)?.state).toBe('SUCCEEDED');
    expect(task(done, 'root')?.child_tasks?.length).toBeGreaterThan(0);
    // the metrics artifact in the pipeline root, named in the train log
    const uri = /uploaded metrics \(system\.Metrics\) to minio:\/\/mlpipeline\/(\S+)/.exec(log)?.[1];
    expect(uri).toContain(`/training/${run.run_id}/train/`);
    const metrics = JSON.parse(new TextDecoder().decode(await getObject('mlpipeline', uri ?? ''))) as Record<string, number>;
    expect(metrics.accuracy).toBeGreaterThan(0.5);
  });

  it('fails a run at the step fail_at names, and says so in its task details', async () => {
    const run = await startRun('failing');
    const done = await kfpA.waitRun(run.run_id);
    expect(done.state).toBe('FAILED');
    expect(task(done, 'train')?.state).toBe('FAILED');
    expect(task(done, 'prepare-data')?.state).toBe('SUCCEEDED');
  });

  it('terminates a running run', async () => {
    const run = await startRun('training', { train_seconds: 600 });
    await kfpA.waitRun(run.run_id, (r) => task(r, 'train')?.state === 'RUNNING', 90_000);
    await kfpA.terminate(run.run_id);
    const done = await kfpA.waitRun(run.run_id, undefined, 60_000);
    expect(done.state).toBe('FAILED');
    expect(task(done, 'train')?.state).toBe('FAILED');
    // never ran: Argo marks it Omitted, which KFP reports without a state
    expect(task(done, 'evaluate')?.state).toBeUndefined();
  });

  it('retries a failed run: the failed step runs again, the succeeded ones are kept', async () => {
    const run = await startRun('failing');
    const first = await kfpA.waitRun(run.run_id);
    expect(first.state).toBe('FAILED');
    const prepared = task(first, 'prepare-data')?.task_id;
    await kfpA.retry(run.run_id);
    const again = await kfpA.waitRun(run.run_id, (r) => r.state === 'RUNNING' || r.state === 'PENDING', 30_000);
    expect(['RUNNING', 'PENDING']).toContain(again.state);
    const done = await kfpA.waitRun(run.run_id);
    expect(done.state).toBe('FAILED');
    expect(task(done, 'prepare-data')?.task_id).toBe(prepared);
    expect(task(done, 'train')?.state).toBe('FAILED');
  });

  it('leaves a step that asks for more GPUs than any node has Pending, with the scheduler’s FailedScheduling', async () => {
    const run = await startRun('oversized');
    try {
      const wf = await workflowName(run.run_id);
      const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
      const pod = await eventually('the train pod', async () => {
        const pods = await core.listNamespacedPod({ namespace: 'kubeflow', labelSelector: `workflows.argoproj.io/workflow=${wf}` });
        return pods.items.find((p) => p.spec?.containers.some((c) => c.resources?.limits?.['nvidia.com/gpu'] === '64'));
      });
      const event = await eventually('a FailedScheduling event', async () => {
        const events = await core.listNamespacedEvent({ namespace: 'kubeflow', fieldSelector: `involvedObject.name=${pod.metadata?.name}` });
        return events.items.find((e) => e.reason === 'FailedScheduling');
      });
      expect(event.message).toMatch(/Insufficient nvidia\.com\/gpu/);
      const current = await kfpA.run(run.run_id);
      expect(current.state).toBe('RUNNING');
      expect(task(current, 'train')?.state).not.toBe('SUCCEEDED');
    } finally {
      await kfpA.terminate(run.run_id);
    }
  });

  it('makes runs from a recurring run (the real ScheduledWorkflow controller)', async () => {
    const p = await pipeline('conditions');
    const rr = await kfpA.request<{ recurring_run_id: string }>('POST', '/recurringruns', {
      display_name: `${unique}-every-10s`,
      experiment_id: experimentId,
      pipeline_version_reference: { pipeline_id: p.id, pipeline_version_id: p.version },
      runtime_config: { parameters: { seed: 3 } },
      trigger: { periodic_schedule: { interval_second: '10' } },
      max_concurrency: '1',
      mode: 'ENABLE',
      no_catchup: true,
    });
    try {
      const made = await eventually(
        'a run made by the recurring run',
        async () => (await kfpA.runs(experimentId)).find((r) => r.recurring_run_id === rr.recurring_run_id),
        90_000,
      );
      expect((await kfpA.waitRun(made.run_id)).state).toBe('SUCCEEDED');
    } finally {
      await kfpA.request('DELETE', `/recurringruns/${rr.recurring_run_id}`);
    }
  });

  it('lab-b (multi-user) refuses a user without access to a namespace and serves its owner', async () => {
    const alice = new KfpClient(kfpApiUrl(b), 'alice@example.com');
    const health = await alice.request<{ multi_user?: boolean }>('GET', '/healthz');
    expect(health.multi_user).toBe(true);
    const refused = await alice.request('GET', '/runs?namespace=research').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(KfpError);
    expect((refused as KfpError).status).toBe(403);
    expect((refused as KfpError).message).toMatch(/alice@example\.com.*not authorized/);
    const own = await alice.request<{ runs?: KfpRun[] }>('GET', '/runs?namespace=team-a&page_size=5');
    expect(Array.isArray(own.runs)).toBe(true);
    const anonymous = await new KfpClient(kfpApiUrl(b)).request('GET', '/runs?namespace=team-a').catch((e: unknown) => e);
    expect((anonymous as KfpError).status).toBe(401);
  });

  it('reaches the API server through the ml-pipeline Service pod and a port-forward, as after a real install', async () => {
    const svc = await kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api).readNamespacedService({ name: 'ml-pipeline', namespace: 'kubeflow' });
    expect(svc.spec?.ports?.map((p) => [p.name, p.port])).toEqual([
      ['http', 8888],
      ['grpc', 8887],
    ]);
    const pf = spawn(
      bin('kubectl'),
      ['--kubeconfig', labInfo().kubeconfig, '--context', 'lab-a', '-n', 'kubeflow', 'port-forward', 'svc/ml-pipeline', ':8888'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    try {
      let out = '';
      pf.stdout.on('data', (d: Buffer) => (out += d.toString()));
      const port = await eventually('kubectl to print the local port', async () => /127\.0\.0\.1:(\d+) ->/.exec(out)?.[1], 20_000);
      const res = await fetch(`http://127.0.0.1:${port}/apis/v2beta1/healthz`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ multi_user: false });
    } finally {
      pf.kill();
    }
  });
});
