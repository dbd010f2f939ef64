// SPDX-License-Identifier: Apache-2.0
/**
 * The README's first-run tour, taken from the current UI against the lab: a fresh MLDeck (what
 * `npm start` opens) welcomes the user, who adds a kubeconfig by its path; the new-job form filled
 * in for a PyTorchJob; the job running with its logs streaming. The three screenshots are written
 * to docs/screenshots/ (1280×800, light theme) and referenced from README.md, so the tour is
 * replaced by each run of this test.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, labInfo, tempNamespace } from '../harness/lab';
import { clusterIdOf, openApp, type E2eApp } from './app-host';
import { pickTheme } from './a11y';

const docs = resolve(import.meta.dirname, '..', '..', 'docs', 'screenshots');
const lineCount = (text: string | null) => Number((text ?? '').match(/^[\d,]+/)?.[0]?.replace(/,/g, '') ?? NaN);

describe('first-run tour', () => {
  let app: E2eApp | undefined;
  let ns: { name: string; remove(): Promise<void> } | undefined;
  beforeAll(async () => {
    ns = await tempNamespace('tour');
  });
  afterAll(async () => {
    await app?.close();
    await ns?.remove();
  });

  it('goes from the welcome page to a running job’s logs, and keeps the README’s screenshots', async () => {
    const namespace = ns?.name ?? '';
    app = await openApp();
    const { page } = app;
    await page.setViewportSize({ width: 1280, height: 800 });
    const shot = async (name: string) => {
      // notifications dismissed, as a user reading the page would
      const dismiss = page.getByRole('button', { name: 'Dismiss' });
      for (let i = 0; i < 10 && (await dismiss.count()) > 0; i++) await dismiss.first().dispatchEvent('click');
      await page.screenshot({ path: join(docs, name) });
    };

    // 1. the welcome page: add a kubeconfig by its path
    await page.getByTestId('welcome').waitFor();
    await pickTheme(page, 'light');
    await page.getByLabel('Kubeconfig path').fill(labInfo().kubeconfig);
    await shot('first-run-1-welcome.png');
    await page.getByRole('button', { name: 'Add kubeconfig' }).click();
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const labA = await clusterIdOf(page, 'lab-a');

    // 2. Training jobs → New job: a PyTorchJob in the user's namespace
    await page.getByRole('button', { name: 'Training jobs', exact: true }).click();
    await page.getByTestId('jobs-page').waitFor();
    await page.getByTestId('jobs-scope').selectOption(labA);
    await page.getByRole('button', { name: 'New job' }).click();
    const form = page.getByTestId('job-form');
    await form.waitFor();
    await page.getByLabel('Kind').selectOption('kubeflow.org/v1/pytorchjobs');
    await page.getByLabel('Namespace', { exact: true }).selectOption(namespace);
    await form.getByLabel('Name', { exact: true }).fill('mnist-ddp');
    // one replica is enough for a first job
    if ((await page.getByTestId('replica-Worker').count()) > 0) await page.getByRole('button', { name: 'Remove Worker' }).click();
    const master = page.getByTestId('replica-Master');
    await master.getByLabel('Image').fill('pytorch/pytorch:2.4.0');
    await master.getByLabel('Command').fill('python\ntrain.py\n--epochs=5');
    await master.getByLabel('GPUs').fill('1');
    // the lab's pods run on KWOK: these tell its driver how long the "training" lasts
    await master.getByText('Pod labels and annotations').click();
    await master.getByRole('button', { name: 'Add pod label' }).click();
    await master.getByLabel('Pod labels key 1').fill('mldeck.dev/sim-outcome');
    await master.getByLabel('Pod labels value 1').fill('succeeded');
    await master.getByRole('button', { name: 'Add pod annotation' }).click();
    await master.getByLabel('Pod annotations key 1').fill('mldeck.dev/sim-duration');
    await master.getByLabel('Pod annotations value 1').fill('120s');
    await page.getByLabel('Kind').scrollIntoViewIfNeeded();
    await shot('first-run-2-new-job.png');
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    // 3. the job page: running, its logs streaming
    await page.waitForURL(/#\/job\//, { timeout: 30_000 }).catch(async (e: unknown) => {
      await app?.shot('first-run-create-failed');
      throw e;
    });
    await page.getByTestId('job-detail').getByRole('heading', { name: 'mnist-ddp' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('job-phase').getByText('Running', { exact: true }).waitFor({ timeout: 60_000 });
    const logs = page.getByTestId('job-logs');
    const count = logs.getByTestId('log-line-count');
    await eventually('log lines', async () => (lineCount(await count.textContent()) > 5 ? true : undefined), 60_000);
    expect(await logs.getByTestId('log-lines').textContent()).toMatch(/step/i);
    await logs.scrollIntoViewIfNeeded();
    await shot('first-run-3-job-logs.png');
    expect(app.pageErrors).toEqual([]);
  }, 240_000);
});
