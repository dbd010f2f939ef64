// SPDX-License-Identifier: Apache-2.0
/**
 * Issue 14's chain in one test, in Chromium against lab-a's KFP: build on the canvas download →
 * train (`lr`, `epochs`, a GPU request) → evaluate (metrics) → `If accuracy > threshold` → deploy,
 * with the pipeline parameter `threshold`; export it and have the lab venv's kfp SDK load it; upload
 * it from the builder; run it from its version page's form; watch every task turn green in the run
 * graph; open evaluate's metrics artifact preview (values checked against the object in the lab's
 * S3); open train's log; delete the run's pods and still read train's log.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { KfpClient } from '../lab/kfp/client';
import { getObject } from '../lab/peers/s3';
import { ensureEnv } from '../lab/peers/python-envs';
import { openApp, type E2eApp } from './app-host';
import { buildChain, chainCondition, exportFrom, kfpReads, openBuilder, tidy, uploadFromBuilder } from './builder-steps';
import { deleteRunPods, reopenDrawer, runNode } from './run-page-steps';

describe('a pipeline from the canvas to its artifacts and kept logs', () => {
  let app: E2eApp | undefined;
  const work = mkdtempSync(join(tmpdir(), 'mldeck-chain-'));
  beforeAll(async () => {
    await ensureEnv('kfp');
  }, 600_000);
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('builds, exports, uploads and runs the chain, shows it green, its metrics, and train’s log after its pods are gone', async () => {
    const name = `e2e-chain-${Date.now().toString(36)}`;
    // a learning rate of this test's own: KFP's cache key is the component and its inputs, not the
    // pipeline, so on a lab that ran this test before, the same inputs would be served from an
    // earlier test's (deleted) run and nothing would run (the cached path is kfp-cached-outputs.int's)
    const lr = `0.02${(Date.now() % 9000) + 1000}`.replace(/0+$/, '');
    const kfpClient = new KfpClient(labInfo().kfp?.['lab-a']?.url ?? '');
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    let runId = '';
    try {
      // the canvas
      await openBuilder(page, name);
      await buildChain(page, { lr, epochs: '4', gpus: '2' });
      await tidy(page);
      await page.locator('[data-testid="builder-problems"]', { hasText: 'No problems' }).waitFor();

      // the export, as the kfp SDK loads it
      const read = await kfpReads(await exportFrom(page, work, 'chain'));
      expect(read).toMatchObject({
        name,
        root: ['condition-1', 'evaluate-model', 'fit', 'load'],
        after: { 'condition-1': ['evaluate-model'], 'evaluate-model': ['fit'], fit: ['load'], load: [] },
        condition: chainCondition,
        inIf: ['say'],
        gpu: { resourceType: 'nvidia.com/gpu', resourceCount: '2' },
        params: { threshold: 'NUMBER_DOUBLE' },
      });

      // uploaded from the builder, run from its version page's form
      await uploadFromBuilder(page, name);
      await page.getByTestId('nav-pipelines').click();
      await page.locator(`[data-testid="pipeline-row"][data-name="${name}"]`).click({ timeout: 30_000 });
      await page.locator('[data-testid="version-row"]').first().click();
      await page.getByTestId('pipeline-version-page').waitFor({ timeout: 30_000 });
      await page.getByTestId('version-create-run').click();
      await page.getByTestId('run-param-threshold').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('run-param-threshold').inputValue()).toBe('0.5');
      await page.getByTestId('run-name').fill(`${name}-run`);
      await page.getByTestId('create-submit').click();
      await page.waitForFunction(() => window.location.hash.startsWith('#/pipeline-run/'), undefined, { timeout: 30_000 });
      runId = decodeURIComponent(new URL(page.url()).hash.split('/').pop() ?? '');

      // every task turns green (KFP may mark the run done before its last task: the page reads it again while a task runs)
      await page.locator('[data-testid="run-state"][data-state="SUCCEEDED"]').waitFor({ timeout: 300_000 });
      const nodeStates = () => page.getByTestId('run-node').evaluateAll((els) => els.map((e) => [e.getAttribute('data-id'), e.getAttribute('data-state')]));
      await expect.poll(async () => (await nodeStates()).filter(([, s]) => s !== 'SUCCEEDED'), { timeout: 120_000 }).toEqual([]);
      expect(Object.fromEntries(await nodeStates())).toMatchObject({ load: 'SUCCEEDED', fit: 'SUCCEEDED', 'evaluate-model': 'SUCCEEDED' });
      await app.shot('pipeline-chain-green');

      // evaluate's metrics, previewed from the store
      await runNode(page, 'evaluate-model').click();
      const drawer = page.getByTestId('task-drawer');
      const metrics = drawer.locator('[data-testid="artifact"][data-io="output"][data-name="metrics"]');
      await metrics.getByTestId('artifact-metrics').waitFor({ timeout: 60_000 });
      const uri = ((await metrics.getByTestId('s3-link').textContent()) ?? '').replace(/^Open in storage: /, '');
      expect(uri).toMatch(new RegExp(`^minio://mlpipeline/v2/artifacts/${name}/${runId}/evaluate-model/[^/]+/metrics$`));
      const stored = JSON.parse(new TextDecoder().decode(await getObject('mlpipeline', uri.replace('minio://mlpipeline/', '')))) as Record<string, number>;
      const shown = await metrics
        .locator('[data-testid="artifact-metrics"] tbody tr')
        .evaluateAll((rows) => rows.map((r) => [r.getAttribute('data-name'), r.querySelector('[data-testid="metric-value"]')?.textContent]));
      expect(shown).toEqual(Object.entries(stored).map(([k, v]) => [k, Number.isInteger(v) ? String(v) : v.toPrecision(4)]));
      await metrics.getByTestId('artifact-metric-bars').waitFor();
      expect(await metrics.getByTestId('artifact-fetched').textContent()).toMatch(/^fetched /);
      await app.shot('pipeline-chain-metrics');

      // train's log, then its pods gone and the log still read
      await page.getByRole('button', { name: 'Close the task drawer' }).click();
      await runNode(page, 'fit').click();
      await drawer.getByTestId('task-logs').getByText(`input lr = ${lr}`).waitFor({ timeout: 60_000 });
      const podName = (await drawer.locator('[data-testid="task-pods"] tr').first().getAttribute('data-name')) ?? '';
      await deleteRunPods(podName);
      const again = await reopenDrawer(page, 'fit');
      await again.locator('[data-testid="task-pods"] tr', { hasText: 'gone (log kept)' }).waitFor({ timeout: 30_000 });
      await again.getByTestId('task-logs').getByText(`input lr = ${lr}`).waitFor({ timeout: 30_000 });
      await app.shot('pipeline-chain-log-kept');
      expect(app.pageErrors).toEqual([]);
    } catch (e) {
      await app.shot('pipeline-chain-failure');
      throw new Error(`${String(e)}\npage errors: ${app.pageErrors.join('\n')}`, { cause: e });
    } finally {
      if (runId) await kfpClient.request('DELETE', `/runs/${runId}`);
      const p = await kfpClient.findPipeline(name);
      if (p) await kfpClient.request('DELETE', `/pipelines/${p.pipeline_id}?cascade=true`);
    }
  }, 900_000);
});
