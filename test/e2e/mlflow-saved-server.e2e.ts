// SPDX-License-Identifier: Apache-2.0
/**
 * A tracking server that belongs to no cluster, in a real browser against the lab: on the
 * Experiments page a URL that is not MLflow (the lab's Prometheus) is refused in the dialog with
 * why (the dialog checked by axe); lab-b's MLflow added by URL is chosen, its churn-model runs listed, one opened and added to
 * the comparison (which reads it from the saved server); then the server is removed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { describeProblems, scanA11y } from './a11y';
import { openApp, type E2eApp } from './app-host';

describe('a tracking server saved by URL', () => {
  let app: E2eApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("adds lab-b's MLflow by URL, opens an experiment's runs and a run from it, compares it, and removes it", async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    const url = `http://127.0.0.1:${labInfo().peers.mlflowB}`;
    const prometheus = `http://127.0.0.1:${labInfo().peers.prometheus}`;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-mlflow').click();
    await page.getByTestId('mlflow-page').waitFor();

    // something that is not MLflow is refused, said in the dialog
    await page.getByTestId('add-server').click();
    const dialog = page.getByTestId('add-server-dialog');
    await page.getByTestId('add-server-url').fill(prometheus);
    await page.getByTestId('add-server-confirm').click();
    const refused = page.getByTestId('add-server-error').locator('[role="alert"]');
    await refused.waitFor({ timeout: 30_000 });
    expect(await refused.getAttribute('data-code')).toBe('validation');
    expect(await refused.textContent()).toContain('is not an MLflow tracking server');
    await app.shot('mlflow-add-server-refused');
    // the dialog with its error passes axe's WCAG 2.1 A/AA rules (serious and critical)
    const problems = await scanA11y(page, 'add-server-dialog');
    expect(problems, describeProblems(problems)).toEqual([]);

    // lab-b's MLflow by URL, with a name
    await page.getByTestId('add-server-url').fill(url);
    await page.getByTestId('add-server-name').fill('team-b');
    await page.getByTestId('add-server-confirm').click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    await expect.poll(() => page.getByTestId('mlflow-server').inputValue(), { timeout: 30_000 }).toBe(`url:${url}`);
    expect(await page.getByTestId('mlflow-server').locator('option:checked').textContent()).toBe(`team-b · ${url}`);
    expect(await page.getByTestId('mlflow-server-where').textContent()).toBe(`saved: ${url}`);

    const churn = page.locator('[data-testid="mlflow-experiment"][data-name="churn-model"]');
    await churn.waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="mlflow-experiment"][data-name="fraud-detection"]').count()).toBe(0);
    await churn.click();
    await page.locator('[data-testid="runs-status"][data-complete="true"][data-total="3"]').waitFor({ timeout: 30_000 });
    const table = page.getByTestId('mlflow-runs-table');
    for (const name of ['churn-lr-0.1', 'churn-lr-0.03', 'churn-lr-0.01']) await table.getByRole('button', { name, exact: true }).waitFor();
    await app.shot('mlflow-saved-server-runs');

    await table.getByRole('button', { name: 'churn-lr-0.1', exact: true }).click();
    await page.getByTestId('mlflow-run-page').waitFor();
    await page.locator('[data-testid="run-params"] tr[data-key="lr"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="run-params"] tr[data-key="lr"] td').textContent()).toBe('0.1');
    expect(await page.locator('[data-testid="run-metrics"] tr[data-key="loss"] td').first().textContent()).toBe('0.2551');

    // compared: read from the saved server
    await page.getByTestId('add-to-comparison').first().click();
    await page.getByRole('button', { name: 'In comparison ✓' }).first().waitFor();
    await page.getByTestId('nav-compare').click();
    const row = page.getByTestId('compare-run-row');
    await expect.poll(() => row.count(), { timeout: 60_000 }).toBe(1);
    expect(await row.getAttribute('data-source')).toBe('mlflow');
    expect(await page.getByTestId('compare-runs').innerText()).toContain('churn-lr-0.1');

    // removed: no longer offered
    await page.getByTestId('nav-mlflow').click();
    await page.getByTestId('mlflow-server').selectOption(`url:${url}`);
    await page.getByTestId('remove-server').click();
    await page.getByTestId('confirm').click();
    await expect
      .poll(
        () =>
          page
            .getByTestId('mlflow-server')
            .locator('option')
            .evaluateAll((els) => els.map((e) => (e as HTMLOptionElement).value)),
        {
          timeout: 30_000,
        },
      )
      .not.toContain(`url:${url}`);
    expect(await page.getByTestId('remove-server').count()).toBe(0);
  });
});
