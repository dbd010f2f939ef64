// SPDX-License-Identifier: Apache-2.0
/**
 * The model registry in a real browser against the lab's MLflow, found in lab-a (`mlflow/mlflow`)
 * and reached through a port-forward: fraud-clf with its aliases in the list and in the versions
 * table, a version's run (metrics chart) and artifacts (MLmodel shown), the alias `challenger`
 * moved to another version in MLDeck and seen there by MLflow's REST API (then moved back), and
 * two versions compared with "differences only".
 */
import { afterEach, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';
import { clusterIdOf, openApp, type E2eApp } from './app-host';
import { confirmLabMlflow } from './confirm-service';

const mlflow = 'http://127.0.0.1:15000/api/2.0/mlflow';

/** The version an alias points at, as MLflow's REST API says. */
async function aliasVersion(name: string, alias: string): Promise<string | undefined> {
  const res = await fetch(`${mlflow}/registered-models/alias?${new URLSearchParams({ name, alias })}`);
  if (!res.ok) return undefined;
  return ((await res.json()) as { model_version?: { version?: string } }).model_version?.version;
}

async function setAliasDirect(name: string, alias: string, version: string): Promise<void> {
  const res = await fetch(`${mlflow}/registered-models/alias`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name, alias, version }),
  });
  if (!res.ok) throw new Error(`restoring @${alias} failed: HTTP ${res.status}`);
}

describe('the model registry', () => {
  let app: E2eApp | undefined;
  let relay: TcpRelay | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await relay?.close();
    relay = undefined;
  });

  it('shows fraud-clf with aliases, moves @challenger in MLDeck (seen by MLflow) and back, and compares two versions', async () => {
    const original = await aliasVersion('fraud-clf', 'challenger');
    expect(original).toBeDefined();
    const target = original === '2' ? '1' : '2';
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    try {
      await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
      await page.getByTestId('cluster-switcher').selectOption(await clusterIdOf(page, 'lab-a'));
      await page.getByTestId('nav-models').click();
      // MLflow is used once the user confirms the in-cluster service
      await page.locator('[data-testid="mlflow-candidate"][data-service="mlflow/mlflow"]').waitFor({ timeout: 30_000 });
      await app.shot('registry-confirm-service');
      await confirmLabMlflow(page);

      // the list: fraud-clf with both aliases, found through the in-cluster service
      const row = page.locator('[data-testid="model-row"][data-name="fraud-clf"]');
      await row.waitFor({ timeout: 30_000 });
      expect((await page.getByTestId('registry-origin').first().textContent()) ?? '').toContain('mlflow/mlflow');
      const listAliases = await row.getByTestId('model-alias').allTextContents();
      expect(listAliases).toContain(`@challenger → v${original}`);
      expect(listAliases.some((a) => a.startsWith('@champion → v'))).toBe(true);
      await page.getByTestId('models-search').fill('@champion');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="model-row"]').length === 4);
      await page.getByTestId('models-search').fill('team=risk');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="model-row"]').length === 1);
      await app.shot('registry-models');

      // the model: aliases visible in the versions table
      await row.getByRole('button', { name: 'fraud-clf' }).click();
      const vrow = (v: string) => page.locator(`[data-testid="version-row"][data-version="${v}"]`);
      await vrow('4').waitFor({ timeout: 30_000 });
      expect(
        await vrow(original ?? '')
          .getByTestId('version-alias')
          .allTextContents(),
      ).toContain('@challenger');
      await app.shot('registry-model');

      // a version: its run's metrics and a chart, then its artifacts
      await vrow(original ?? '')
        .getByRole('button', { name: `v${original}` })
        .click();
      await page.getByTestId('run-metrics').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="run-metric"][data-key="val_auc"]').click();
      await page.getByTestId('metric-chart').waitFor({ timeout: 30_000 });
      // mapped through the in-cluster server's --artifacts-destination
      expect(await page.getByTestId('storage-uri').textContent()).toMatch(/^s3:\/\/mlflow\/artifacts\/1\/[0-9a-f]{32}\/artifacts\/model$/);
      await app.shot('registry-version-run');
      await page.getByTestId('tab-artifacts').click();
      await page.locator('[data-testid="artifact-file"][data-path="MLmodel"]').click();
      await page.getByTestId('artifact-text').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('artifact-text').textContent()).toContain('flavors:');
      await app.shot('registry-version-artifacts');

      // move @challenger to another version in MLDeck; MLflow's API sees it
      await page.getByTestId('alias-name').fill('challenger');
      await page.getByTestId('alias-version').selectOption(target);
      expect(await page.getByTestId('alias-set').textContent()).toBe(`Move from v${original}`);
      await page.getByTestId('alias-set').click();
      await page.locator(`[data-testid="alias"][data-alias="challenger"][data-version="${target}"]`).waitFor({ timeout: 30_000 });
      expect(await aliasVersion('fraud-clf', 'challenger')).toBe(target);
      await app.shot('registry-alias-moved');
      // and back, the same way
      await page.getByTestId('alias-name').fill('challenger');
      await page.getByTestId('alias-version').selectOption(original ?? '');
      await page.getByTestId('alias-set').click();
      await page.locator(`[data-testid="alias"][data-alias="challenger"][data-version="${original}"]`).waitFor({ timeout: 30_000 });
      expect(await aliasVersion('fraud-clf', 'challenger')).toBe(original);

      // compare two versions from the model page
      await page.getByRole('button', { name: 'fraud-clf' }).click();
      await vrow('3').waitFor({ timeout: 30_000 });
      await page.getByTestId('pick-3').check();
      await page.getByTestId('pick-4').check();
      await page.getByTestId('compare-versions').click();
      await page.getByTestId('compare-table').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('compare-column').evaluateAll((els) => els.map((e) => e.getAttribute('data-version')))).toEqual(['3', '4']);
      const allParams = await page.getByTestId('compare-param').count();
      expect(allParams).toBeGreaterThan(0);
      await app.shot('registry-compare');
      await page.getByTestId('differences-only').check();
      await page.waitForFunction(() =>
        [...document.querySelectorAll('[data-testid="compare-param"], [data-testid="compare-metric"]')].every((e) => e.getAttribute('data-differs') === 'true'),
      );
      const differing = await page.getByTestId('compare-metric').count();
      expect(differing).toBeGreaterThan(0);
      expect(await page.getByTestId('compare-param').count()).toBeLessThanOrEqual(allParams);
      await app.shot('registry-compare-differences');
    } finally {
      // leave the lab as it was even when a step failed
      if (original && (await aliasVersion('fraud-clf', 'challenger')) !== original) await setAliasDirect('fraud-clf', 'challenger', original);
    }
  });

  it('connects to MLflow by URL from the settings, then shows the cached registry with its date when MLflow is down', async () => {
    relay = await startRelay(15000);
    const url = `http://127.0.0.1:${relay.port}`;
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    await page.getByTestId('cluster-switcher').selectOption(await clusterIdOf(page, 'lab-b'));
    await page.getByTestId('nav-models').click();
    await confirmLabMlflow(page);
    // lab-b's own tracking server (its registry holds churn-model)
    await page.locator('[data-testid="model-row"][data-name="churn-model"]').waitFor({ timeout: 30_000 });

    await page.getByTestId('mlflow-settings-toggle').click();
    await page.getByTestId('mlflow-mode-url').check();
    await page.getByTestId('mlflow-url').fill('mlflow.example.com');
    expect(await page.getByTestId('mlflow-settings').textContent()).toContain('Enter an http:// or https:// URL');
    expect(await page.getByTestId('mlflow-save').isDisabled()).toBe(true);
    await page.getByTestId('mlflow-url').fill(url);
    await page.getByTestId('mlflow-artifact-store').fill('s3://mlflow/artifacts');
    await page.getByTestId('mlflow-test').click();
    const result = page.getByTestId('mlflow-test-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.textContent()).toContain(`Connected to MLflow at ${url}`);
    expect(await result.textContent()).toContain('mlflow/mlflow:5000 → mlflow-0, artifacts in s3://mlflow-b/artifacts');
    await app.shot('registry-settings');
    await page.getByTestId('mlflow-settings-toggle').click();
    await page.locator('[data-testid="model-row"][data-name="iris"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('registry-origin').first().textContent()).toContain(url);
    // seen once while MLflow is up: iris's page
    await page.locator('[data-testid="model-row"][data-name="iris"]').getByRole('button', { name: 'iris' }).click();
    await page.locator('[data-testid="version-row"][data-version="2"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-models').click();
    await page.locator('[data-testid="model-row"][data-name="iris"]').waitFor({ timeout: 30_000 });

    // MLflow goes away: the list stays, from the cache, with the time it was seen
    await relay.down();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const banner = page.locator('[data-testid="registry-origin"][data-origin="cache"]');
    await banner.waitFor({ timeout: 30_000 });
    expect(await banner.textContent()).toMatch(/Offline — showing what MLDeck saw at .*\d{1,2}:\d{2}/);
    expect(await banner.textContent()).toContain('cannot be reached');
    expect(await page.locator('[data-testid="model-row"][data-name="iris"]').count()).toBe(1);
    await app.shot('registry-offline');
    // the model page too, read-only
    await page.locator('[data-testid="model-row"][data-name="iris"]').getByRole('button', { name: 'iris' }).click();
    await page.locator('[data-testid="version-row"][data-version="2"]').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="registry-origin"][data-origin="cache"]').waitFor();
    expect(await page.getByTestId('alias-set').count()).toBe(0);
    expect(await page.getByTestId('description-edit').count()).toBe(0);
    await app.shot('registry-offline-model');
  });
});
