// SPDX-License-Identifier: Apache-2.0
/**
 * The training flow of issue #5 as a user sees it, in Chromium against lab-a reached through a
 * TCP relay (so the cluster can be taken down): a PyTorchJob with 2 GPUs per worker created from
 * the form schedules on GPU nodes, runs, streams its logs and progress, and succeeds; its pods
 * deleted and the cluster down, MLDeck reopened still shows the job and the kept logs; a failing
 * job shows its reason and message; a job asking for 16 GPUs per pod is Pending with the
 * scheduler's reason; the restricted user (alice) is told why she may not read or act in team-b.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

const pytorch = { group: 'kubeflow.org', version: 'v1', plural: 'pytorchjobs' };
const kindPath = 'kubeflow.org/v1/pytorchjobs';

/** A PyTorchJob manifest with one Master (and optional Workers) and the given pod metadata. */
function pytorchJob(
  name: string,
  o: { gpus?: number; workers?: number; labels?: Record<string, string>; annotations?: Record<string, string> },
): Record<string, unknown> {
  const replica = (replicas: number) => ({
    replicas,
    restartPolicy: 'Never',
    template: {
      metadata: { labels: o.labels ?? {}, annotations: o.annotations ?? {} },
      spec: {
        containers: [
          {
            name: 'pytorch',
            image: 'pytorch/pytorch:2.4.0',
            command: ['python', 'train.py'],
            ...(o.gpus ? { resources: { limits: { 'nvidia.com/gpu': String(o.gpus) } } } : {}),
          },
        ],
      },
    },
  });
  return {
    apiVersion: 'kubeflow.org/v1',
    kind: 'PyTorchJob',
    metadata: { name },
    spec: { pytorchReplicaSpecs: { Master: replica(1), ...(o.workers ? { Worker: replica(o.workers) } : {}) } },
  };
}

/** The number in a "1,234 lines" text. */
const lineCount = (text: string | null) => Number((text ?? '').match(/^[\d,]+/)?.[0]?.replace(/,/g, '') ?? NaN);

describe('training flow', () => {
  let app: E2eApp | undefined;
  let relay: TcpRelay | undefined;
  let ns: { name: string; remove(): Promise<void> } | undefined;
  const custom = () => kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);
  const core = () => kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);

  beforeAll(async () => {
    ns = await tempNamespace('flow');
    const namespace = ns.name;
    // created up front (with client-node) so they have failed / are pending by the time they are looked at
    await custom().createNamespacedCustomObject({
      ...pytorch,
      namespace,
      body: pytorchJob('flow-oom', {
        labels: { 'mldeck.dev/sim-outcome': 'failed' },
        annotations: { 'mldeck.dev/sim-duration': '5s', 'mldeck.dev/sim-message': 'CUDA out of memory' },
      }),
    });
    await custom().createNamespacedCustomObject({ ...pytorch, namespace, body: pytorchJob('flow-16gpu', { gpus: 16 }) });
  });
  afterAll(async () => {
    await app?.close();
    await relay?.close();
    await ns?.remove();
  });

  it('creates a 2-GPU-per-worker PyTorchJob from the form, watches it run and succeed, and reads its kept logs with the cluster down', async () => {
    const namespace = ns?.name ?? '';
    relay = await startRelay(16443);
    const kubeconfig = relay.kubeconfig(labInfo().kubeconfig, 'lab-a');
    app = await openApp({ KUBECONFIG: kubeconfig });
    let { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const labA = await clusterIdOf(page, 'lab-a');
    const jobUrl = (name: string) => `${new URL(page.url()).origin}/#/job/${encodeURIComponent(labA)}/${kindPath}/${namespace}/${name}`;

    // 1. Training jobs → New job: a PyTorchJob, Master 1 and 2 Workers with 2 GPUs each
    await page.getByRole('button', { name: 'Training jobs', exact: true }).click();
    await page.getByTestId('jobs-page').waitFor();
    await page.getByTestId('jobs-scope').selectOption(labA);
    await page.getByRole('button', { name: 'New job' }).click();
    const form = page.getByTestId('job-form');
    await form.waitFor({ timeout: 30_000 });
    await page.getByLabel('Kind').selectOption(kindPath);
    await page.getByLabel('Namespace', { exact: true }).selectOption(namespace);
    await form.getByLabel('Name', { exact: true }).fill('flow-gpu');
    const master = page.getByTestId('replica-Master');
    const worker = page.getByTestId('replica-Worker');
    expect(await master.getByLabel('Replicas').inputValue()).toBe('1');
    await worker.getByLabel('Replicas').fill('2');
    for (const r of [master, worker]) {
      await r.getByLabel('Image').fill('pytorch/pytorch:2.4.0');
      await r.getByLabel('Command').fill('python\ntrain.py');
      await r.getByText('Pod labels and annotations').click();
      await r.getByRole('button', { name: 'Add pod label' }).click();
      await r.getByLabel('Pod labels key 1').fill('mldeck.dev/sim-outcome');
      await r.getByLabel('Pod labels value 1').fill('succeeded');
      await r.getByRole('button', { name: 'Add pod annotation' }).click();
      await r.getByLabel('Pod annotations key 1').fill('mldeck.dev/sim-duration');
      await r.getByLabel('Pod annotations value 1').fill('20s');
    }
    await worker.getByLabel('GPUs').fill('2');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.waitForURL(/#\/job\//, { timeout: 30_000 });
    expect(decodeURIComponent(page.url())).toContain(`/${kindPath}/${namespace}/flow-gpu`);
    const created = (await custom().getNamespacedCustomObject({ ...pytorch, namespace, name: 'flow-gpu' })) as {
      spec: { pytorchReplicaSpecs: Record<string, { replicas: number; template: { metadata?: { labels?: Record<string, string> } } }> };
    };
    expect(created.spec.pytorchReplicaSpecs.Worker?.replicas).toBe(2);
    expect(created.spec.pytorchReplicaSpecs.Worker?.template.metadata?.labels?.['mldeck.dev/sim-outcome']).toBe('succeeded');

    // 2. the pods of each replica, workers on GPU nodes; Running; logs stream; progress has a step
    await page.getByTestId('job-detail').getByRole('heading', { name: 'flow-gpu' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('job-gpus').textContent()).toBe('4');
    const pods = page.getByTestId('job-pods');
    await page.getByTestId('job-phase').getByText('Running', { exact: true }).waitFor({ timeout: 60_000 });
    for (const name of ['flow-gpu-master-0', 'flow-gpu-worker-0', 'flow-gpu-worker-1'])
      await pods.locator(`[data-pod="${name}"]`).getByText('Running').first().waitFor({ timeout: 30_000 });
    expect(await pods.textContent()).toMatch(/Master.*flow-gpu-master-0.*Worker.*flow-gpu-worker-0.*flow-gpu-worker-1/s);
    for (const name of ['flow-gpu-worker-0', 'flow-gpu-worker-1']) {
      const node = await pods.locator(`[data-pod="${name}"] td`).nth(5).textContent();
      expect(node, `${name} runs on a GPU node`).toMatch(/^gpu-/);
    }
    await app.shot('flow-running');

    const logs = page.getByTestId('job-logs');
    await logs.getByTestId('log-pod').selectOption('flow-gpu-worker-0');
    await logs.locator('[data-testid="log-state"][data-state="following"]').waitFor({ timeout: 30_000 });
    const count = logs.getByTestId('log-line-count');
    await eventually('log lines', async () => (lineCount(await count.textContent()) > 0 ? true : undefined), 30_000);
    const first = lineCount(await count.textContent());
    const grown = await eventually(
      'more log lines',
      async () => {
        const n = lineCount(await count.textContent());
        return n > first ? n : undefined;
      },
      30_000,
    );
    expect(grown).toBeGreaterThan(first);
    expect(await logs.getByTestId('log-lines').textContent()).toMatch(/step/i);
    const step = page.getByTestId('training-progress').getByTestId('progress-step');
    await step.waitFor({ timeout: 30_000 });
    expect(await step.textContent()).toMatch(/^\d[\d,]*( \/ [\d,]+)?$/);
    await logs.getByTestId('log-lines').scrollIntoViewIfNeeded();
    await app.shot('flow-logs');

    // the merged view of all replicas follows every pod's container (and so keeps all of them)
    await logs.getByTestId('log-pod').selectOption({ label: 'All replicas (merged)' });
    await logs.getByText('3 containers of 3 pods, in time order').waitFor();
    await logs.locator('[data-testid="log-state"][data-state="following"]').waitFor({ timeout: 30_000 });
    await logs.getByTestId('log-lines').getByText('flow-gpu-worker-1').first().waitFor({ timeout: 30_000 });
    await logs.getByTestId('log-pod').selectOption('flow-gpu-worker-0');

    // 3. it succeeds
    await page.getByTestId('job-phase').getByText('Succeeded', { exact: true }).waitFor({ timeout: 90_000 });
    // the worker's container has finished: its whole log is in, the last line is the newest kept
    await logs.locator('[data-testid="log-state"][data-state="finished"]').waitFor({ timeout: 30_000 });
    const keptLines = lineCount(await count.textContent());
    // the lab's training log grows with the lab's age; a fresh lab's is a few hundred lines
    expect(keptLines).toBeGreaterThan(20);
    const lastLine = await logs.locator(`.log-line[data-index="${keptLines - 1}"]`).textContent();
    expect(lastLine).toBeTruthy();

    // 4. its pods deleted (cleanPodPolicy None leaves them) and the cluster down: reopened, MLDeck
    //    still shows the job from its cache and the kept logs of the gone pods
    const podNames = ['flow-gpu-master-0', 'flow-gpu-worker-0', 'flow-gpu-worker-1'];
    for (const name of podNames) await core().deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 0 });
    await page.getByText('No pods (not created yet, suspended, or cleaned up).').waitFor({ timeout: 60_000 });
    await relay.down();
    const dataDir = app.dataDir;
    await app.close({ keepData: true });
    app = await openApp({ KUBECONFIG: kubeconfig }, { dataDir });
    page = app.page;
    // the app takes the token out of the start URL (#token=…) first; open the job after that
    await page.waitForFunction(() => !location.hash.includes('token='), undefined, { timeout: 30_000 });
    await page.getByTestId('cluster-switcher').waitFor({ timeout: 30_000 });
    await page.goto(jobUrl('flow-gpu'));
    await page.getByTestId('job-detail').getByRole('heading', { name: 'flow-gpu' }).waitFor({ timeout: 30_000 });
    const stale = page.getByTestId('job-detail').locator('[data-freshness="offline"], [data-freshness="reconnecting"]').first();
    await stale.waitFor({ timeout: 60_000 });
    expect(await stale.textContent()).toMatch(/showing what MLDeck saw at \d/);
    expect(await page.getByTestId('job-phase').textContent()).toBe('Succeeded');
    const offlineLogs = page.getByTestId('job-logs');
    const options = await offlineLogs.getByTestId('log-pod').locator('option').allTextContents();
    for (const name of podNames) expect(options).toContain(`${name} (kept log)`);
    await offlineLogs.getByTestId('log-pod').selectOption('flow-gpu-worker-0');
    // the gone pod opens on its main container (the one that logged last), not its init container
    expect(await offlineLogs.getByTestId('log-container').inputValue()).toBe('pytorch');
    await eventually('kept log lines', async () => (lineCount(await offlineLogs.getByTestId('log-line-count').textContent()) > 0 ? true : undefined), 30_000);
    await app.shot('flow-offline-logs');
    // every line, or the newest ones with a note that older ones were not kept (the capture is bounded per container)
    const offlineCount = (await offlineLogs.getByTestId('log-line-count').textContent()) ?? '';
    const offlineLines = lineCount(offlineCount);
    if (offlineLines < keptLines) expect(offlineCount).toContain('older lines not kept');
    else expect(offlineLines).toBe(keptLines);
    expect(offlineLines).toBeGreaterThan(20);
    expect(await offlineLogs.locator(`.log-line[data-index="${offlineLines - 1}"]`).textContent()).toBe(lastLine);
    expect(await offlineLogs.getByTestId('log-state').getAttribute('data-state')).not.toBe('following');
    expect(await offlineLogs.getByTestId('log-lines').textContent()).toMatch(/step/i);
    await offlineLogs.getByTestId('log-lines').scrollIntoViewIfNeeded();
    await app.shot('flow-offline-logs');
    await relay.up();
    await page.getByTestId('job-detail').locator('[data-freshness="offline"], [data-freshness="reconnecting"]').waitFor({ state: 'detached', timeout: 90_000 });

    // 5. a failing job: Failed with the operator's reason and the pod's message
    await page.goto(jobUrl('flow-oom'));
    await page.getByTestId('job-detail').getByRole('heading', { name: 'flow-oom' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('job-phase').getByText('Failed', { exact: true }).waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('job-reason').textContent()).toBe('PyTorchJobFailed');
    expect(await page.getByTestId('job-message').textContent()).toContain('flow-oom is failed because 1 Master replica(s) failed');
    const oomPod = page.getByTestId('job-pods').locator('[data-pod="flow-oom-master-0"]');
    await oomPod.getByText('CUDA out of memory').waitFor({ timeout: 30_000 });
    expect(await oomPod.textContent()).toMatch(/exit code [1-9]/);
    // the finished container's log is there, and said to be finished
    const oomLogs = page.getByTestId('job-logs');
    await oomLogs
      .locator('[data-testid="log-state"][data-state="finished"]')
      .waitFor({ timeout: 30_000 })
      .catch(async (e: unknown) => {
        await app?.shot('debug-failed-logs');
        throw e;
      });
    expect(lineCount(await oomLogs.getByTestId('log-line-count').textContent())).toBeGreaterThan(0);
    await page.getByTestId('job-summary').scrollIntoViewIfNeeded();
    // the cluster is back: the actions are checked again and the admin may delete
    await page.waitForFunction(() => !(document.querySelector('[data-testid="job-delete"]') as HTMLButtonElement | null)?.disabled, undefined, {
      timeout: 30_000,
    });
    await app.shot('flow-failed');

    // 6. 16 GPUs per pod, more than any node has: Pending with the scheduler's reason
    await page.goto(jobUrl('flow-16gpu'));
    await page.getByTestId('job-detail').getByRole('heading', { name: 'flow-16gpu' }).waitFor({ timeout: 30_000 });
    const unschedulable = page.getByTestId('job-unschedulable');
    await unschedulable.waitFor({ timeout: 60_000 });
    expect(await unschedulable.textContent()).toMatch(/1 of 1 pods cannot be scheduled:.*Insufficient nvidia\.com\/gpu/);
    expect(await page.getByTestId('scheduler-reason').first().textContent()).toMatch(/\d+\/\d+ nodes are available:.*Insufficient nvidia\.com\/gpu/);
    expect(await page.getByTestId('job-phase').textContent()).toMatch(/Pending|Created/);
    expect(await page.getByTestId('job-pods').locator('[data-pod="flow-16gpu-master-0"]').textContent()).toContain('Pending');
    await page.getByTestId('job-summary').scrollIntoViewIfNeeded();
    await app.shot('flow-pending');
    expect(app.pageErrors).toEqual([]);
  }, 240_000);

  it('tells the restricted user why she may not read or delete in team-b, and lets her in team-a', async () => {
    await app?.close();
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const alice = await clusterIdOf(page, 'lab-a-restricted');
    await page.getByTestId('cluster-switcher').selectOption(alice);
    // the switch navigates to her overview; wait for it before opening another route
    await page.waitForFunction((id) => location.hash.includes(encodeURIComponent(id)), alice, { timeout: 30_000 });
    await page.getByTestId('overview').first().waitFor({ timeout: 30_000 });
    const origin = new URL(page.url()).origin;

    // a team-b job (seeded): alice may not even read it, and the page says so
    await page.goto(`${origin}/#/job/${encodeURIComponent(alice)}/kubeflow.org/v1/xgboostjobs/team-b/churn-xgb-train`);
    const forbidden = page.getByTestId('job-detail').locator('[data-freshness="forbidden"]').first();
    await forbidden.waitFor({ timeout: 30_000 }).catch(async (e: unknown) => {
      await app?.shot('debug-restricted');
      throw e;
    });
    expect(await forbidden.textContent()).toMatch(/Not allowed:.*alice.*team-b/s);
    expect(await page.getByTestId('job-actions').count()).toBe(0);
    // not read is not gone: the page does not suggest the job was deleted
    expect(await page.getByTestId('job-detail').textContent()).not.toContain('may have been deleted');
    await app.shot('flow-restricted-team-b');

    // her own namespace: the seeded job is readable and she may delete it
    await page.goto(`${origin}/#/job/${encodeURIComponent(alice)}/${kindPath}/team-a/bert-finetune-squad`);
    await page.getByTestId('job-detail').getByRole('heading', { name: 'bert-finetune-squad' }).waitFor({ timeout: 30_000 });
    const del = page.getByTestId('job-delete');
    await del.waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => !(document.querySelector('[data-testid="job-delete"]') as HTMLButtonElement | null)?.disabled, undefined, {
      timeout: 30_000,
    });

    // a new job in team-b: Create disabled with the reason
    await page.goto(`${origin}/#/job-new/${encodeURIComponent(alice)}?kind=${kindPath}&ns=team-b`);
    const why = page.getByTestId('create-forbidden');
    await why.waitFor({ timeout: 30_000 });
    expect(await why.textContent()).toMatch(/alice may not create pytorchjobs in team-b/);
    const create = page.getByRole('button', { name: 'Create', exact: true });
    expect(await create.isDisabled()).toBe(true);
    expect(await create.getAttribute('title')).toMatch(/alice may not create pytorchjobs in team-b/);
    await app.shot('flow-restricted-create');
    expect(app.pageErrors).toEqual([]);
  }, 90_000);
});
