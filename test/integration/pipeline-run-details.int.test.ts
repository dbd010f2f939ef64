// SPDX-License-Identifier: Apache-2.0
/**
 * A run's page against the lab's real KFP 2.17 (lab-a, single-user), through the app's services:
 * the tasks of seeded runs (plain, conditions, ParallelFor, retried) placed on their graph with
 * their states, checked against the Argo Workflow the API server made (the truth the task details
 * are filled from); a failing run names its failed task and why; a ParallelFor whose second
 * iteration fails, each iteration placed with its state and picked on the graph, in a run whose
 * first task KFP served from its cache (marked cached, with the run that made its outputs); a
 * fresh run's executor logs kept as the page sees it, still read after its pods are deleted; and
 * with the cluster gone, the run, its tasks and a task's drawer served from the cache with their date.
 */
import * as k8s from '@kubernetes/client-node';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clustersContract } from '../../shared/features/clusters/clusters.contract';
import { logsContract } from '../../shared/features/logs/logs.contract';
import { runArtifactsContract } from '../../shared/features/pipelines/run-artifacts.contract';
import { runDetailsContract, type RunDetail } from '../../shared/features/pipelines/run-details.contract';
import { runSpecGraph } from '../../shared/features/pipelines/run-spec-graph';
import { runGraphView, runShape } from '../../renderer/features/pipelines/run/run-graph-model';
import { startApp, type AppUnderTest } from '../harness/app-under-test';
import { twoLoopRuns, uploadLoopPipeline, type LoopPipeline } from '../harness/kfp-loop-pipeline';
import { eventually, kubeConfig, labInfo } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';
import { labCluster } from '../lab/control-plane';
import { kfpApiUrl } from '../lab/kfp/backend';
import { KfpClient, type KfpRun } from '../lab/kfp/client';

const kfpA = new KfpClient(kfpApiUrl(labCluster('lab-a')));
const unique = `mldeck-run-${Date.now().toString(36)}`;
let experimentId = '';

async function clusterIdOf(app: AppUnderTest, context: string): Promise<string> {
  const id = (await app.api.call(clustersContract.list, {})).clusters.find((c) => c.contextName === context)?.id;
  if (!id) throw new Error(`no context ${context}`);
  return id;
}

/** A run as KFP lists it, with what the page shows of it. */
type ListedRun = KfpRun & { runtime_config?: { parameters?: Record<string, unknown> }; pipeline_version_reference?: { pipeline_version_id?: string } };

/** A seeded run of lab-a by the start of its name, finished. */
async function seededRun(prefix: string, state?: string): Promise<ListedRun> {
  const res = await kfpA.request<{ runs?: ListedRun[] }>('GET', '/runs?page_size=200&sort_by=created_at%20desc');
  const r = (res.runs ?? []).find((x) => x.display_name.startsWith(prefix) && (!state || x.state === state));
  if (!r) throw new Error(`no seeded run ${prefix} on lab-a`);
  return r;
}

interface WfNode {
  id: string;
  name: string;
  displayName: string;
  type: string;
  templateName?: string;
  phase?: string;
}

/** The run's Workflow nodes (lab-a is single-user: in kubeflow). */
async function workflowNodes(runId: string): Promise<{ name: string; nodes: WfNode[] }> {
  const api = kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);
  const list = (await api.listNamespacedCustomObject({
    group: 'argoproj.io',
    version: 'v1alpha1',
    namespace: 'kubeflow',
    plural: 'workflows',
    labelSelector: `pipeline/runid=${runId}`,
  })) as { items: { metadata: { name: string }; status: { nodes: Record<string, WfNode> } }[] };
  const wf = list.items[0];
  if (!wf) throw new Error(`no Workflow for run ${runId}`);
  return { name: wf.metadata.name, nodes: Object.values(wf.status.nodes) };
}

/** The container tasks of a Workflow as `<graph path>|<iterations>` → KFP's state word, derived from Argo's node names. */
function expectedTasks(wf: { name: string; nodes: WfNode[] }): Map<string, string> {
  const out = new Map<string, string>();
  const phase: Record<string, string> = {
    Succeeded: 'SUCCEEDED',
    Failed: 'FAILED',
    Error: 'FAILED',
    Skipped: 'SKIPPED',
    Running: 'RUNNING',
    Pending: 'PENDING',
    Omitted: '',
  };
  for (const n of wf.nodes) {
    if (n.type !== 'DAG' || !/system-container-executor$/.test(n.templateName ?? '')) continue;
    const segs = n.name
      .slice(wf.name.length + '.root.'.length)
      .split(/\.(?![^(]*\))/)
      .filter((s) => s !== 'iteration-item');
    const iterations = segs.map((s) => /^iteration-iterations\((\d+):/.exec(s)?.[1]).filter((x): x is string => x !== undefined);
    const path = segs.filter((s) => !s.startsWith('iteration-iterations'));
    out.set(`${path.join('/')}|${iterations.join(',')}`, phase[n.phase ?? ''] ?? n.phase ?? '');
  }
  return out;
}

function placedTasks(run: RunDetail): Map<string, string> {
  return new Map(run.tasks.filter((t) => t.role === 'node' && t.executors.length > 0).map((t) => [`${t.graphId}|${t.iterations.join(',')}`, t.state]));
}

let app: AppUnderTest;
let a = '';

beforeAll(async () => {
  app = await startApp(labInfo().kubeconfig);
  a = await clusterIdOf(app, 'lab-a');
  experimentId = await kfpA.ensureExperiment(`${unique}-tests`, 'pipeline-run-details.int.test.ts');
}, 120_000);

afterAll(async () => {
  app?.close();
  // archived with its runs, so the seeded lists stay as seeded
  if (experimentId) await kfpA.request('POST', `/experiments/${experimentId}:archive`);
});

describe('a run on the lab KFP', () => {
  it.each([['kf-0-train-0'], ['kf-0-conditions-'], ['kf-0-sweep-'], ['kf-0-cached-']])(
    'places every task of the seeded run %s on its graph with the state its Workflow gives',
    async (prefix) => {
      const seeded = await seededRun(prefix, 'SUCCEEDED');
      const run = await app.api.call(runDetailsContract.get, { clusterId: a, runId: seeded.run_id });
      expect(run).toMatchObject({
        runId: seeded.run_id,
        displayName: seeded.display_name,
        state: 'SUCCEEDED',
        active: false,
        unplaced: 0,
        namespace: 'kubeflow',
      });
      expect(run.origin.kind).toBe('port-forward');
      const wf = await workflowNodes(seeded.run_id);
      expect(run.workflowName).toBe(wf.name);
      expect(placedTasks(run)).toEqual(expectedTasks(wf));
      // every placed item is a task or group of the run's pipeline graph
      const { graph } = runSpecGraph(run.spec);
      const ids = new Set([...(graph?.nodes ?? []).map((n) => n.id), ...(graph?.groups ?? []).map((g) => g.id)]);
      for (const t of run.tasks.filter((x) => x.role === 'node' || x.role === 'iteration')) expect(ids).toContain(t.graphId);
      // the parameters as KFP ran them, and the version it ran
      expect(Object.fromEntries(run.parameters.map((p) => [p.name, JSON.parse(p.value) as unknown]))).toEqual(seeded.runtime_config?.parameters ?? {});
      expect(run.versionId).toBe(seeded.pipeline_version_reference?.pipeline_version_id);
      expect(run.versionName).not.toBe('');
    },
  );

  it('shows a failing run with its failed task and why it failed', async () => {
    const seeded = await seededRun('kf-0-failing-', 'FAILED');
    const run = await app.api.call(runDetailsContract.get, { clusterId: a, runId: seeded.run_id });
    expect(run.state).toBe('FAILED');
    const train = run.tasks.find((t) => t.role === 'node' && t.graphId === 'train');
    expect(train).toMatchObject({ state: 'FAILED', message: 'RuntimeError: failed at step train (fail_at=train, attempt 1)' });
    expect(run.tasks.find((t) => t.role === 'node' && t.graphId === 'prepare-data')?.state).toBe('SUCCEEDED');
    expect(run.error).toBe('train failed: RuntimeError: failed at step train (fail_at=train, attempt 1)');
    const drawer = await app.api.call(runDetailsContract.task, { clusterId: a, runId: seeded.run_id, graphId: 'train', iterations: [] });
    expect(drawer).toMatchObject({ state: 'FAILED', message: train?.message });
  });

  it("keeps a task's logs as the page sees its pods, and reads them after the pods are deleted", async () => {
    const pipeline = await kfpA.findPipeline('training');
    if (!pipeline) throw new Error('the seeded training pipeline is missing');
    const [version] = await kfpA.versions(pipeline.pipeline_id);
    const started = await kfpA.createRun({
      displayName: `${unique}-logs`,
      experimentId,
      pipelineId: pipeline.pipeline_id,
      versionId: version?.pipeline_version_id ?? '',
      parameters: { learning_rate: 0.03, epochs: 3, train_seconds: 4 },
    });
    // the page reads the run while it runs: each read keeps the logs of the pods it sees
    const done = await eventually(
      'the run to succeed with its train pod seen',
      async () => {
        const r = await app.api.call(runDetailsContract.get, { clusterId: a, runId: started.run_id });
        return r.state === 'SUCCEEDED' && r.tasks.find((t) => t.graphId === 'train' && t.role === 'node')?.pods.length ? r : undefined;
      },
      180_000,
    );
    const train = await app.api.call(runDetailsContract.task, { clusterId: a, runId: started.run_id, graphId: 'train', iterations: [] });
    const pod = train.pods[0];
    if (!pod) throw new Error('no train pod');
    expect(pod).toMatchObject({ exists: true, phase: 'Succeeded', container: 'main', namespace: 'kubeflow' });
    expect(pod.node).toMatch(/^gpu-/);
    expect(train.inputs.parameters).toContainEqual({ name: 'learning_rate', value: '0.03 (pipeline parameter learning_rate)' });
    const read = () => app.api.call(logsContract.read, { clusterId: a, namespace: 'kubeflow', pod: pod.name, container: 'main' });
    const kept = await eventually('the train log kept', async () => {
      const l = await read();
      return l.lines.some((x) => x.text.includes('input learning_rate = 0.03')) ? l : undefined;
    });
    // the pods go (as KFP's garbage collection does); the log stays
    const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
    await core.deleteCollectionNamespacedPod({
      namespace: 'kubeflow',
      labelSelector: `workflows.argoproj.io/workflow=${done.workflowName}`,
      gracePeriodSeconds: 0,
    });
    await eventually('the pods gone', async () => {
      const left = await core.listNamespacedPod({ namespace: 'kubeflow', labelSelector: `workflows.argoproj.io/workflow=${done.workflowName}` });
      return left.items.length === 0 ? true : undefined;
    });
    const after = await app.api.call(runDetailsContract.task, { clusterId: a, runId: started.run_id, graphId: 'train', iterations: [] });
    expect(after.pods[0]).toMatchObject({ name: pod.name, exists: false });
    const again = await read();
    expect(again.lines.map((l) => l.text)).toEqual(kept.lines.map((l) => l.text));
    // the app started again on its data, with no run kept: the pods are found again by their kept logs
    app.services.dispose(); // not close(): that removes the data directory
    for (const f of ['', '-wal', '-shm']) rmSync(join(app.dataDir, 'cache', `pipeline-runs-cache.sqlite${f}`), { force: true });
    app = await startApp(labInfo().kubeconfig, { dataDir: app.dataDir });
    const r = await app.api.call(runDetailsContract.get, { clusterId: a, runId: started.run_id });
    expect(r.tasks.find((t) => t.graphId === 'train' && t.role === 'node')?.pods).toEqual([pod.name]);
  }, 300_000);
});

describe('a ParallelFor whose second iteration fails, after a task served from the cache', () => {
  let loop: LoopPipeline | undefined;
  let runs = { first: '', second: '' };
  const failure = 'RuntimeError: failed at step step (fail_at=step, attempt 1)';
  /** The run as the page reads it once it has settled. */
  const settled = (runId: string) =>
    eventually(
      `the run ${runId} settled`,
      async () => {
        const r = await app.api.call(runDetailsContract.get, { clusterId: a, runId });
        return r.state === 'FAILED' && !r.active ? r : undefined;
      },
      120_000,
    );
  beforeAll(async () => {
    loop = await uploadLoopPipeline(kfpA, `${unique}-loop`);
    runs = await twoLoopRuns(kfpA, loop, experimentId, `${unique}-loop`);
  }, 480_000);
  afterAll(async () => {
    await loop?.remove();
  });

  it('places each iteration and its task with the state its Workflow gives, the failed one with why', async () => {
    const run = await settled(runs.second);
    const wf = await workflowNodes(runs.second);
    expect(placedTasks(run)).toEqual(expectedTasks(wf));
    expect(run.unplaced).toBe(0);
    const of = (role: string, graphId: string) =>
      run.tasks
        .filter((t) => t.role === role && t.graphId === graphId)
        .map((t) => `${t.iterations.join(',')} ${t.state}${t.message ? ` ${t.message}` : ''}`)
        .sort();
    expect(of('iteration', 'for-loop-1')).toEqual(['0 SUCCEEDED', '1 FAILED', '2 SUCCEEDED', '3 SUCCEEDED']);
    expect(of('node', 'for-loop-1/step')).toEqual(['0 SUCCEEDED', `1 FAILED ${failure}`, '2 SUCCEEDED', '3 SUCCEEDED']);
    expect(run.error).toBe(`for-loop-1/step failed: ${failure}`);
    // the failed iteration's drawer
    const drawer = await app.api.call(runDetailsContract.task, { clusterId: a, runId: runs.second, graphId: 'for-loop-1/step', iterations: [1] });
    expect(drawer).toMatchObject({ state: 'FAILED', message: failure, iterations: [1] });
    expect(drawer.inputs.parameters).toContainEqual({ name: 'fail_at', value: 'from for-loop-1 item' });
    expect(drawer.pods).toHaveLength(1);
    expect(drawer.pods[0]?.terminated).not.toBe('');
  });

  it('shows on the graph all iterations counted, or the one picked', async () => {
    const run = await settled(runs.second);
    const { graph } = runSpecGraph(run.spec);
    if (!graph) throw new Error('no graph');
    const shape = runShape(graph);
    const all = runGraphView(shape, run.tasks, new Set());
    expect(all.items.find((i) => i.id === 'for-loop-1')?.loop).toEqual({
      iterations: [
        { index: 0, state: 'SUCCEEDED' },
        { index: 1, state: 'FAILED' },
        { index: 2, state: 'SUCCEEDED' },
        { index: 3, state: 'SUCCEEDED' },
      ],
      total: 4,
      picked: null,
    });
    expect(all.items.find((i) => i.id === 'for-loop-1/step')).toMatchObject({ state: 'FAILED', instances: 4, counts: { SUCCEEDED: 3, FAILED: 1 } });
    // the loop's driver says how many iterations there are (its Workflow node's iteration-count output):
    // with the spec's count unknown (as for a loop over a task's output) and only the first two
    // iterations listed yet, the loop still counts 4
    expect(run.tasks.filter((t) => t.iterationCount !== undefined).map((t) => [t.graphId, t.role, t.iterationCount])).toEqual([['for-loop-1', 'driver', 4]]);
    const uncounted = { ...shape, items: shape.items.map(({ iterationCount: _count, ...i }) => i) };
    const early = run.tasks.filter((t) => !(t.graphId.startsWith('for-loop-1') && (t.iterations[0] ?? 0) >= 2));
    expect(runGraphView(uncounted, early, new Set()).items.find((i) => i.id === 'for-loop-1')?.loop).toMatchObject({ total: 4 });
    expect(
      runGraphView(
        uncounted,
        early.filter((t) => t.iterationCount === undefined),
        new Set(),
      ).items.find((i) => i.id === 'for-loop-1')?.loop,
    ).toMatchObject({ total: 2 });
    const second = runGraphView(shape, run.tasks, new Set(), new Map([['for-loop-1', 1]]));
    expect(second.items.find((i) => i.id === 'for-loop-1/step')).toMatchObject({ state: 'FAILED', instances: 1, message: failure });
    const third = runGraphView(shape, run.tasks, new Set(), new Map([['for-loop-1', 2]]));
    expect(third.items.find((i) => i.id === 'for-loop-1/step')).toMatchObject({ state: 'SUCCEEDED', instances: 1, message: '' });
  });

  it('marks the task KFP served from its cache, and its drawer names the run that made its outputs', async () => {
    const [first, second] = [await settled(runs.first), await settled(runs.second)];
    const cached = (r: RunDetail) =>
      r.tasks
        .filter((t) => t.role === 'node' && t.executors.length > 0)
        .map((t) => `${t.graphId}${t.iterations.length ? `[${t.iterations.join(',')}]` : ''} ${String(t.cached)}`)
        .sort();
    const steps = ['for-loop-1/step[0] false', 'for-loop-1/step[1] false', 'for-loop-1/step[2] false', 'for-loop-1/step[3] false'];
    expect(cached(first)).toEqual([...steps, 'prepare-data false']);
    expect(cached(second)).toEqual([...steps, 'prepare-data true']);
    expect(second.cacheProblem).toBe('');
    expect(second.tasks.find((t) => t.role === 'node' && t.graphId === 'prepare-data')?.state).toBe('SUCCEEDED');
    // its box says so
    const { graph } = runSpecGraph(second.spec);
    const box = graph ? runGraphView(runShape(graph), second.tasks, new Set()).items.find((i) => i.id === 'prepare-data') : undefined;
    expect(box).toMatchObject({ state: 'SUCCEEDED', instances: 1, cached: 1 });
    // its dataset is the first run's, and the drawer's artifacts say which run made it
    const list = await app.api.call(runArtifactsContract.list, { clusterId: a, runId: runs.second, graphId: 'prepare-data', iterations: [] });
    const dataset = list.artifacts.find((x) => x.io === 'output' && x.name === 'dataset');
    expect(dataset?.cachedFrom).toEqual({ runId: runs.first, displayName: `${unique}-loop-first` });
    expect(dataset?.uri).toMatch(new RegExp(`^minio://mlpipeline/v2/artifacts/loop-iterations/${runs.first}/prepare-data/[^/]+/dataset$`));
  });
});

describe('a run when the cluster is gone', () => {
  let off: AppUnderTest | undefined;
  let relay: TcpRelay | undefined;
  afterAll(async () => {
    off?.close();
    await relay?.close();
  });

  it('serves the run, its tasks and a task drawer it saw, with their date', async () => {
    relay = await startRelay(16443);
    off = await startApp(relay.kubeconfig(labInfo().kubeconfig, 'lab-a'));
    const id = await clusterIdOf(off, 'lab-a');
    const seeded = await seededRun('kf-0-sweep-', 'SUCCEEDED');
    const t0 = Date.now();
    const liveTask = await off.api.call(runDetailsContract.task, { clusterId: id, runId: seeded.run_id, graphId: 'for-loop-1/score', iterations: [2] });
    // what it saw last: the run as the drawer read it (with its pods listed)
    const live = await off.api.call(runDetailsContract.get, { clusterId: id, runId: seeded.run_id });
    await relay.down();
    try {
      const run = await off.api.call(runDetailsContract.get, { clusterId: id, runId: seeded.run_id });
      expect(run.origin.kind).toBe('cache');
      if (run.origin.kind !== 'cache') return;
      expect(run.origin.seenAt).toBeGreaterThanOrEqual(t0 - 1000);
      expect(run.origin.seenAt).toBeLessThanOrEqual(Date.now());
      expect(run.tasks).toEqual(live.tasks);
      expect(run.spec).toEqual(live.spec);
      const task = await off.api.call(runDetailsContract.task, { clusterId: id, runId: seeded.run_id, graphId: 'for-loop-1/score', iterations: [2] });
      expect(task.origin.kind).toBe('cache');
      expect({ ...task, origin: undefined, events: [] }).toEqual({ ...liveTask, origin: undefined, events: [] });
    } finally {
      await relay.up();
    }
  }, 120_000);
});
