// SPDX-License-Identifier: Apache-2.0
/**
 * A run's page in a real browser against lab-a's real KFP 2.17: a fresh run of the seeded
 * `training` pipeline opened while it runs, its tasks turning green in the graph as the page
 * refreshes, train's drawer with its inputs, pod and log; then its pods deleted (as KFP's garbage
 * collection does) and the log still read, from the kept store; and a failing run showing its
 * failed task and the error, its small graph still the DOM's zoomed far out.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { labCluster } from '../lab/control-plane';
import { kfpApiUrl } from '../lab/kfp/backend';
import { KfpClient } from '../lab/kfp/client';
import { openApp, type E2eApp } from './app-host';
import { deleteRunPods, openRunPage, reopenDrawer, runNode } from './run-page-steps';

const kfpA = new KfpClient(kfpApiUrl(labCluster('lab-a')));
const unique = `e2e-run-${Date.now().toString(36)}`;
let experimentId = '';

async function startTraining(parameters: Record<string, unknown>, pipelineName = 'training'): Promise<string> {
  const pipeline = await kfpA.findPipeline(pipelineName);
  if (!pipeline) throw new Error(`the seeded ${pipelineName} pipeline is missing`);
  const [version] = await kfpA.versions(pipeline.pipeline_id);
  const run = await kfpA.createRun({
    displayName: `${unique}-${pipelineName}`,
    experimentId,
    pipelineId: pipeline.pipeline_id,
    versionId: version?.pipeline_version_id ?? '',
    parameters,
  });
  return run.run_id;
}

describe('a run page', () => {
  let app: E2eApp | undefined;
  beforeAll(async () => {
    experimentId = await kfpA.ensureExperiment(`${unique}-tests`, 'pipeline-run.e2e.ts');
  });
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(async () => {
    if (experimentId) await kfpA.request('POST', `/experiments/${experimentId}:archive`);
  });

  it("shows the tasks turn green, train's log, and the log again after its pods are deleted", async () => {
    const runId = await startTraining({ learning_rate: 0.05, epochs: 2, train_seconds: 12 });
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await openRunPage(page, runId, `${unique}-training`);
    const node = (id: string) => runNode(page, id);
    // train runs while the page watches, then every task is green
    await page.locator('[data-testid="run-node"][data-id="train"][data-state="RUNNING"]').waitFor({ timeout: 90_000 });
    await app.shot('pipeline-run-running');
    await page.locator('[data-testid="run-state"][data-state="SUCCEEDED"]').waitFor({ timeout: 120_000 });
    for (const id of ['prepare-data', 'train', 'evaluate']) expect(await node(id).getAttribute('data-state'), id).toBe('SUCCEEDED');
    expect(await page.locator('[data-testid="run-params"] tr[data-name="learning_rate"]').textContent()).toContain('0.05');
    // the timeline: a bar per task, in order
    await page.getByTestId('tab-timeline').click();
    await page.getByTestId('gantt-row').first().waitFor();
    expect(await page.getByTestId('gantt-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-task')))).toEqual([
      'prepare-data|',
      'train|',
      'evaluate|',
    ]);
    await app.shot('pipeline-run-timeline');
    await page.getByTestId('tab-graph').click();

    // train's drawer: its inputs, its pod on a GPU node, its log
    await node('train').click();
    const drawer = page.getByTestId('task-drawer');
    await drawer.waitFor();
    expect(await drawer.locator('[data-testid="task-inputs"] tr[data-name="learning_rate"]').textContent()).toContain('0.05');
    const podRow = drawer.locator('[data-testid="task-pods"] tr').first();
    await podRow.waitFor({ timeout: 30_000 });
    const podName = (await podRow.getAttribute('data-name')) ?? '';
    expect(await podRow.textContent()).toMatch(/gpu-.*Succeeded/);
    const logs = drawer.getByTestId('task-logs');
    await logs.getByText('input learning_rate = 0.05').waitFor({ timeout: 60_000 });
    await app.shot('pipeline-run-drawer');

    // the pods go; the log stays
    await deleteRunPods(podName);
    // the page reads the run again (the pods are gone now), and the drawer opened afresh reads the task
    await reopenDrawer(page, 'train');
    await drawer.locator('[data-testid="task-pods"] tr', { hasText: 'gone (log kept)' }).waitFor({ timeout: 30_000 });
    await drawer.getByTestId('task-logs').getByText('input learning_rate = 0.05').waitFor({ timeout: 30_000 });
    await app.shot('pipeline-run-pods-gone');
  }, 300_000);

  it('shows a failing run with its failed task and the error', async () => {
    const runId = await startTraining({}, 'failing');
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await openRunPage(page, runId, `${unique}-failing`);
    await page.locator('[data-testid="run-state"][data-state="FAILED"]').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('run-error').textContent()).toContain('train failed: RuntimeError: failed at step train');
    await page.locator('[data-testid="run-node"][data-id="train"][data-state="FAILED"]').click();
    expect(await page.getByTestId('task-error').textContent()).toContain('failed at step train');
    await app.shot('pipeline-run-failed');

    // a small graph stays the DOM's however far out: train still clickable there (big ones are drawn on a canvas: pipeline-run-large.e2e.ts)
    await page.getByRole('button', { name: 'Close the task drawer' }).click();
    for (let i = 0; i < 8; i++) await page.locator('.react-flow__controls-zoomout').click();
    expect(await page.getByTestId('run-canvas').getAttribute('data-boxes')).toBe('2');
    expect(await page.getByTestId('run-graph').getAttribute('data-canvas')).toBeNull();
    await runNode(page, 'train').click();
    await page.getByTestId('task-drawer').waitFor();
    // while it moves it is one layer of the page; when it stops, the boxes again, still clickable
    const box = await page.getByTestId('run-graph').boundingBox();
    await page.mouse.move((box?.x ?? 0) + 20, (box?.y ?? 0) + 20);
    await page.mouse.wheel(0, -60);
    await page.locator('[data-testid="run-graph"][data-moving="yes"]').waitFor();
    await page.locator('[data-testid="run-graph"]:not([data-moving])').waitFor();
    expect(await page.getByTestId('run-graph').getAttribute('data-canvas')).toBeNull();
    await runNode(page, 'prepare-data').click();
    await expect.poll(() => page.getByTestId('task-drawer').textContent()).toContain('prepare-data');
  }, 240_000);
});
