// SPDX-License-Identifier: Apache-2.0
/**
 * Pipeline runs in a real browser against lab-a's real KFP 2.17: a run made from the version page's
 * form (a mistyped parameter shown at its field first, then fixed), found in the Runs list by its
 * name and watched until its state badge says it succeeded, cloned (the form filled from it),
 * archived and deleted through the confirmation dialogs; a recurring run every 5 s made from the
 * same form, listed with its schedule, the runs it made shown from its row, then deleted by name;
 * on multi-user lab-b the page leads to the Kubeflow user setting, then alice sees team-a's runs and
 * is told why not research's.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

const kfp = 'http://127.0.0.1:18801/apis/v2beta1';

/** The run rows' names and states on the page. */
const rowStates = (page: Page) =>
  page.locator('[data-testid="run-row"]').evaluateAll((els) => els.map((e) => [e.getAttribute('data-name'), e.getAttribute('data-state')]));

/**
 * Waits for the runs list's first row. A cluster's error (KFP slow to answer on a loaded lab) is
 * printed and retried with its Retry button, as a user would; a list that shows neither rows nor
 * an error fails with what the page says.
 */
async function firstRunRow(page: Page, timeoutMs = 90_000): Promise<void> {
  const row = page.locator('[data-testid="run-row"]').first();
  const failed = page.locator('[data-testid="runs-page"] [role="alert"]').first();
  const deadline = Date.now() + timeoutMs;
  const left = () => Math.max(1, deadline - Date.now());
  while (Date.now() < deadline) {
    const seen = await Promise.race([
      row.waitFor({ timeout: left() }).then(() => 'row' as const),
      failed.waitFor({ timeout: left() }).then(() => 'error' as const),
    ]).catch(() => 'none' as const);
    // rows beside one namespace's error are rows
    if (seen === 'row' || (await row.isVisible())) return;
    if (seen === 'none') break;
    const said = await failed.textContent({ timeout: 5000 });
    const retry = failed.getByRole('button', { name: 'Retry' });
    if (!(await retry.count())) throw new Error(`the runs list said: ${said}`);
    console.log(`[pipeline-runs.e2e] the runs list said: ${said}; retrying`);
    await retry.click({ timeout: 5000 });
    await failed.waitFor({ state: 'detached', timeout: Math.min(30_000, left()) }).catch(() => undefined);
  }
  const text = await page
    .getByTestId('runs-page')
    .textContent({ timeout: 5000 })
    .catch(() => '(no runs page)');
  throw new Error(`no run row within ${timeoutMs / 1000} s; the page says: ${text?.slice(0, 1500)}`);
}

/**
 * Opens version v1 of the seeded `training` pipeline (epochs 5 by default). By name: the lab uploads
 * the pipeline's versions within a second, and KFP orders versions made in the same second as it
 * pleases, so "the newest" is v1 or v2 (epochs 10) from one fresh lab to the next.
 */
async function openTrainingVersion(page: Page): Promise<void> {
  await page.getByTestId('nav-pipelines').click();
  await page.locator('[data-testid="pipeline-row"][data-name="training"]').click();
  await page.locator('[data-testid="version-row"][data-name^="training-v1-"]').click();
  await page.getByTestId('pipeline-version-page').waitFor({ timeout: 30_000 });
}

describe('pipeline runs', () => {
  let app: E2eApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('creates a run from the version page form, finds it in the Runs list and sees it succeed', async () => {
    const name = `e2e-run-${Date.now().toString(36)}`;
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    await page.getByTestId('cluster-switcher').selectOption(await clusterIdOf(page, 'lab-a'));
    await openTrainingVersion(page);
    await page.getByTestId('version-create-run').click();
    await page.getByTestId('run-param-epochs').waitFor({ timeout: 30_000 });
    // the form is the pipeline's inputDefinitions: defaults filled in
    expect(await page.getByTestId('run-param-epochs').inputValue()).toBe('5');
    expect(await page.getByTestId('run-param-learning_rate').inputValue()).toBe('0.01');
    await page.getByTestId('run-name').fill(name);
    await page.getByTestId('run-param-epochs').fill('two');
    await page.getByTestId('create-submit').click();
    await page.getByTestId('problems-param:epochs').waitFor({ timeout: 10_000 });
    expect(await page.getByTestId('problems-param:epochs').textContent()).toBe('epochs must be an integer; “two” is not.');
    await page.getByTestId('run-param-epochs').fill('2');
    await app.shot('pipeline-run-create');
    await page.getByTestId('create-submit').click();
    await page.waitForFunction(() => window.location.hash.startsWith('#/pipeline-run/'), undefined, { timeout: 30_000 });

    await page.getByTestId('nav-pipeline-runs').click();
    await page.getByTestId('runs-search').fill(name);
    const row = page.locator(`[data-testid="run-row"][data-name="${name}"]`);
    await row.waitFor({ timeout: 30_000 });
    // the search is KFP's: only this run is left
    await page.waitForFunction((n) => [...document.querySelectorAll('[data-testid="run-row"]')].every((e) => e.getAttribute('data-name') === n), name, {
      timeout: 30_000,
    });
    expect((await rowStates(page)).map(([n]) => n)).toEqual([name]);
    // the list refreshes itself while the run is active
    await page.locator(`[data-testid="run-row"][data-name="${name}"][data-state="SUCCEEDED"]`).waitFor({ timeout: 120_000 });
    expect(await row.getByTestId('run-state').textContent()).toBe('Succeeded');
    await app.shot('pipeline-runs-list');
    // KFP agrees
    const filter = JSON.stringify({ predicates: [{ key: 'display_name', operation: 'EQUALS', string_value: name }] });
    const runs = ((await (await fetch(`${kfp}/runs?${new URLSearchParams({ filter })}`)).json()) as { runs?: { state: string; runtime_config: unknown }[] })
      .runs;
    expect(runs).toEqual([
      expect.objectContaining({ state: 'SUCCEEDED', runtime_config: { parameters: expect.objectContaining({ epochs: 2, learning_rate: 0.01 }) } }),
    ]);

    // clone: the form filled from the run
    await row.getByTestId('run-clone').click();
    await page.getByTestId('run-param-epochs').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('run-name').inputValue()).toBe(`Clone of ${name}`);
    expect(await page.getByTestId('run-param-epochs').inputValue()).toBe('2');
    await page.getByTestId('create-run-dialog').getByRole('button', { name: 'Close' }).click();
    // archive (asked first): it leaves the list and shows among the archived runs
    await row.getByTestId('run-archive').click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive', exact: true }).click();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByTestId('runs-archived').check();
    await row.waitFor({ timeout: 30_000 });
    // delete, confirmed by typing the name
    await row.getByTestId('run-delete').click();
    await page.getByLabel('Run name').fill(name);
    await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
    await row.waitFor({ state: 'detached', timeout: 30_000 });
    const gone = ((await (await fetch(`${kfp}/runs?${new URLSearchParams({ filter })}`)).json()) as { runs?: unknown[] }).runs;
    expect(gone ?? []).toEqual([]);
  }, 240_000);

  it('makes a recurring run every 5 s, shows the runs it made, and deletes it', async () => {
    const name = `e2e-every5-${Date.now().toString(36)}`;
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    await page.getByTestId('cluster-switcher').selectOption(await clusterIdOf(page, 'lab-a'));
    await openTrainingVersion(page);
    await page.getByTestId('version-create-run').click();
    await page.getByTestId('run-param-epochs').waitFor({ timeout: 30_000 });
    await page.getByTestId('run-mode').selectOption('recurring');
    await page.getByTestId('run-name').fill(name);
    await page.getByTestId('run-param-epochs').fill('1');
    await page.getByTestId('run-interval').fill('5');
    await page.getByTestId('create-submit').click();
    await page.getByTestId('runs-page').waitFor({ timeout: 30_000 });
    try {
      await page.getByTestId('runs-tab-recurring').click();
      const rec = page.locator(`[data-testid="recurring-row"][data-name="${name}"]`);
      await rec.waitFor({ timeout: 30_000 });
      expect(await rec.locator('td').nth(1).textContent()).toBe('every 5 s');
      expect(await rec.getByTestId('recurring-status').textContent()).toBe('enabled');
      await rec.click();
      // the runs it made (the list filtered by it), read again until one shows
      const deadline = Date.now() + 90_000;
      while ((await page.locator('[data-testid="run-row"]').count()) === 0) {
        if (Date.now() > deadline) throw new Error('the recurring run made no run within 90 s');
        await page.waitForTimeout(3000);
        await page.getByTestId('runs-refresh').click();
      }
      expect(await page.getByTestId('runs-clear-recurring').isVisible()).toBe(true);
      await app.shot('pipeline-runs-recurring');
    } finally {
      await page.getByTestId('runs-tab-recurring').click();
      const rec = page.locator(`[data-testid="recurring-row"][data-name="${name}"]`);
      await rec.getByTestId('recurring-delete').click();
      await page.getByLabel('Recurring run name').fill(name);
      await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
      await rec.waitFor({ state: 'detached', timeout: 30_000 });
    }
  }, 240_000);

  it("on multi-user lab-b asks for the user, then shows alice team-a's runs and why not research's", async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    await page.getByTestId('cluster-switcher').selectOption(await clusterIdOf(page, 'lab-b'));
    await page.getByTestId('nav-pipeline-runs').click();
    await page.getByTestId('runs-kfp-settings').click();
    await page.getByTestId('kfp-settings').waitFor({ timeout: 30_000 });
    await page.getByTestId('kfp-user').fill('alice@example.com');
    await page.getByTestId('kfp-save').click();
    await page.getByTestId('pipelines-table').waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-pipeline-runs').click();
    await firstRunRow(page);
    const names = (await rowStates(page)).map(([n]) => n ?? '');
    expect(names.length).toBeGreaterThan(0);
    // team-a's seeded runs, none of research's (others' tests may add runs to team-a meanwhile)
    expect(names.some((n) => n.startsWith('team-a-'))).toBe(true);
    expect(names.filter((n) => n.startsWith('research-'))).toEqual([]);
    const refused = page.locator('[data-testid="runs-refused"][data-namespace="research"]');
    expect(await refused.textContent()).toMatch(/^lab-b, research not listed: .*dave@example\.com/);
    await app.shot('pipeline-runs-multi-user');
  }, 240_000);
});
