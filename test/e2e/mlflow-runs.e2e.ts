// SPDX-License-Identifier: Apache-2.0
/**
 * MLflow experiments and runs in a real browser against lab-b's own tracking server (found in
 * lab-b as `mlflow/mlflow`, confirmed once): open Experiments, lab-b's `churn-model`, filter its
 * runs with MLflow's syntax (and see a refused filter said at the search box), open a run, its
 * loss history chart (20 steps), and the model version it produced.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { clusterIdOf, openApp, type E2eApp } from './app-host';
import { confirmLabMlflow } from './confirm-service';

describe('MLflow experiments and runs', () => {
  let app: E2eApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("opens lab-b's churn-model, filters its runs, opens a run's history chart and its model version", async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    await page.getByTestId('cluster-switcher').selectOption(await clusterIdOf(page, 'lab-b'));
    // the user confirms lab-b's in-cluster MLflow once (Models → connection)
    await page.getByTestId('nav-models').click();
    await confirmLabMlflow(page);

    await page.getByTestId('nav-mlflow').click();
    expect(await page.getByTestId('mlflow-server-where').textContent()).toContain('mlflow/mlflow');
    const churn = page.locator('[data-testid="mlflow-experiment"][data-name="churn-model"]');
    await churn.waitFor({ timeout: 30_000 });
    // lab-b's server is its own: lab-a's experiments are not there
    expect(await page.locator('[data-testid="mlflow-experiment"][data-name="fraud-detection"]').count()).toBe(0);
    await churn.click();
    await page.locator('[data-testid="runs-status"][data-complete="true"][data-total="3"]').waitFor({ timeout: 30_000 });
    const table = page.getByTestId('mlflow-runs-table');
    for (const name of ['churn-lr-0.1', 'churn-lr-0.03', 'churn-lr-0.01']) await table.getByRole('button', { name, exact: true }).waitFor();
    await app.shot('mlflow-runs');

    // a filter MLflow refuses is said at the search box
    await page.getByTestId('runs-filter').fill('params.lr = 0.1');
    await page.getByTestId('runs-filter').press('Enter');
    const refused = page.getByTestId('runs-filter-error');
    await refused.waitFor({ timeout: 30_000 });
    expect(await refused.textContent()).toMatch(/quoted string value/);
    expect(await page.getByTestId('runs-filter').getAttribute('aria-invalid')).toBe('true');

    await page.getByTestId('runs-filter').fill("params.lr = '0.1'");
    await page.getByTestId('runs-filter').press('Enter');
    await page.locator('[data-testid="runs-status"][data-complete="true"][data-total="1"]').waitFor({ timeout: 30_000 });
    expect(await refused.count()).toBe(0);
    expect(await table.getByRole('button', { name: 'churn-lr-0.03', exact: true }).count()).toBe(0);
    await app.shot('mlflow-runs-filtered');

    await table.getByRole('button', { name: 'churn-lr-0.1', exact: true }).click();
    await page.getByTestId('mlflow-run-page').waitFor();
    await page.locator('[data-testid="run-params"] tr[data-key="lr"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="run-params"] tr[data-key="lr"] td').textContent()).toBe('0.1');
    expect(await page.locator('[data-testid="run-metrics"] tr[data-key="loss"] td').first().textContent()).toBe('0.2551');
    // the loss history: 20 points, drawn by the chart
    await page.locator('[data-testid="metric-history"][data-metric="loss"][data-points="20"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('metric-chart-loss').locator('canvas').first().waitFor();
    await app.shot('mlflow-run');

    // the model version the run produced, opened in the registry
    const version = page.locator('[data-testid="run-model-version"][data-name="churn-model"][data-version="1"]');
    await version.waitFor({ timeout: 30_000 });
    expect(await version.textContent()).toContain('@champion');
    await version.getByRole('button', { name: 'churn-model version 1' }).click();
    await page.getByTestId('storage-uri').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('storage-uri').textContent()).toMatch(/^s3:\/\/mlflow-b\/artifacts\/\d+\/[0-9a-f]{32}\/artifacts\/model$/);
  });
});
