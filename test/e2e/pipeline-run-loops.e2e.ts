// SPDX-License-Identifier: Apache-2.0
/**
 * A run's ParallelFor and a task KFP served from its cache, in a real browser against lab-a's real
 * KFP 2.17: two runs of a pipeline compiled by the kfp SDK (test/harness/kfp-loop-pipeline.ts),
 * `prepare-data` with caching on, then a loop of four whose second iteration fails. On the second
 * run's page: prepare-data's box says Cached and its drawer names the first run (a link to it);
 * the loop, collapsed and expanded again, lists its iterations with their states; picking the
 * failed one shows its task failed and opens that iteration's drawer with the error; picking
 * another iteration there moves the graph too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { twoLoopRuns, uploadLoopPipeline, type LoopPipeline } from '../harness/kfp-loop-pipeline';
import { labCluster } from '../lab/control-plane';
import { kfpApiUrl } from '../lab/kfp/backend';
import { KfpClient } from '../lab/kfp/client';
import { openApp, type E2eApp } from './app-host';
import { openRunPage, runNode } from './run-page-steps';

const kfpA = new KfpClient(kfpApiUrl(labCluster('lab-a')));
const unique = `e2e-loops-${Date.now().toString(36)}`;
let experimentId = '';
let loop: LoopPipeline | undefined;
let runs = { first: '', second: '' };

describe('a run with a ParallelFor and a cached task', () => {
  let app: E2eApp | undefined;
  beforeAll(async () => {
    experimentId = await kfpA.ensureExperiment(`${unique}-tests`, 'pipeline-run-loops.e2e.ts');
    loop = await uploadLoopPipeline(kfpA, `${unique}-loop`);
    runs = await twoLoopRuns(kfpA, loop, experimentId, unique);
  }, 480_000);
  afterAll(async () => {
    await app?.close();
    await loop?.remove();
    if (experimentId) await kfpA.request('POST', `/experiments/${experimentId}:archive`);
  });

  it('picks the failed iteration and opens its task; the cached task says so and names the run that made its outputs', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await openRunPage(page, runs.second, `${unique}-second`);
    await page.locator('[data-testid="run-state"][data-state="FAILED"]').waitFor({ timeout: 60_000 });
    const step = runNode(page, 'for-loop-1/step');
    await page.locator('[data-testid="run-node"][data-id="for-loop-1/step"][data-state="FAILED"]').waitFor({ timeout: 60_000 });

    // the cached task: its box says so
    const prepare = runNode(page, 'prepare-data');
    await page.locator('[data-testid="run-node"][data-id="prepare-data"][data-cached="yes"]').waitFor({ timeout: 30_000 });
    expect(await prepare.getByTestId('run-node-state').textContent()).toBe('Cached');
    // the loop's task counts its iterations
    expect(await step.getByTestId('run-node-state').textContent()).toBe('Failed · 3 succeeded, 1 failed');

    // the loop collapsed is one box counting its iterations; expanded again, its frame with the picker
    await page.getByRole('button', { name: 'Collapse for-loop-1' }).click();
    const loopBox = runNode(page, 'for-loop-1');
    await loopBox.waitFor();
    expect(await loopBox.getByTestId('run-node-state').textContent()).toBe('4 iterations: 3 succeeded, 1 failed');
    await page.getByRole('button', { name: 'Expand for-loop-1' }).click();
    const picker = page.locator('[data-testid="loop-picker"][data-loop="for-loop-1"]');
    await picker.waitFor();
    const select = picker.getByTestId('loop-iteration');
    expect(await select.locator('option').allTextContents()).toEqual([
      'all iterations',
      '1 of 4 · succeeded',
      '2 of 4 · failed',
      '3 of 4 · succeeded',
      '4 of 4 · succeeded',
    ]);
    await app.shot('pipeline-run-loop-all');

    // the failed iteration: its task failed, alone
    await picker.getByTestId('loop-next-failed').click();
    expect(await select.inputValue()).toBe('1');
    await page.locator('[data-testid="run-node"][data-id="for-loop-1/step"][data-state="FAILED"]').waitFor();
    expect(await step.getByTestId('run-node-state').textContent()).toBe('Failed');
    await step.click();
    const drawer = page.getByTestId('task-drawer');
    await drawer.waitFor();
    expect(await drawer.getAttribute('data-task')).toBe('for-loop-1/step');
    expect(await drawer.getByTestId('task-iteration').inputValue()).toBe('1');
    expect(await drawer.getByTestId('task-state').textContent()).toBe('Failed');
    expect(await drawer.getByTestId('task-error').textContent()).toBe('RuntimeError: failed at step step (fail_at=step, attempt 1)');
    await drawer.locator('[data-testid="task-pods"] tr').first().waitFor({ timeout: 30_000 });
    await app.shot('pipeline-run-loop-failed-iteration');

    // another iteration picked in the drawer: the graph shows it too
    await drawer.getByTestId('task-iteration').selectOption('2');
    await page.locator('[data-testid="run-node"][data-id="for-loop-1/step"][data-state="SUCCEEDED"]').waitFor();
    expect(await select.inputValue()).toBe('2');
    expect(await drawer.getByTestId('task-state').textContent()).toBe('Succeeded');
    expect(await drawer.getByTestId('task-error').count()).toBe(0);
    // all iterations again
    await select.selectOption('');
    await page.locator('[data-testid="run-node"][data-id="for-loop-1/step"][data-state="FAILED"]').waitFor();

    // the cached task's drawer: served from the cache, made by the first run (a link to it)
    await prepare.click();
    await page.locator('[data-testid="task-drawer"][data-task="prepare-data"]').waitFor();
    const note = drawer.getByTestId('task-cached');
    await note.waitFor();
    const from = note.getByTestId('task-cached-from');
    await from.waitFor({ timeout: 60_000 });
    expect(await from.textContent()).toBe(`${unique}-first`);
    expect(await note.textContent()).toBe(
      `Served from KFP's cache: this task did not run in this run; its outputs are those of an earlier execution in the run ${unique}-first.`,
    );
    await app.shot('pipeline-run-cached-task');
    await from.click();
    await page.locator('[data-testid="run-name"]', { hasText: `${unique}-first` }).waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="run-node"][data-id="prepare-data"][data-state="SUCCEEDED"]').waitFor({ timeout: 30_000 });
    expect(await runNode(page, 'prepare-data').getAttribute('data-cached')).toBeNull();
  }, 600_000);
});
