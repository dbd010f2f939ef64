// SPDX-License-Identifier: Apache-2.0
/**
 * Features in a real browser against the lab's real Feast registry servers (feast 0.67 behind the
 * Service feast/feast-registry on lab-a and lab-b): open Features, search a feature's name across
 * every cluster, see its feature view on lab-a and on lab-b with cluster and project, open each
 * (features with types, entities, TTL, source, what uses it), the project's lineage graph; then,
 * with lab-a's API server gone, the same feature view read again from the cache with its date.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

describe('features', () => {
  let app: E2eApp | undefined;
  let relay: TcpRelay | undefined;
  afterEach(async () => {
    await app?.close();
    await relay?.close();
    app = undefined;
    relay = undefined;
  });

  it('finds a feature view by a feature’s name on lab-a and lab-b, opens it, and reads it again offline from the cache', async () => {
    relay = await startRelay(16443);
    app = await openApp({ KUBECONFIG: relay.kubeconfig(labInfo().kubeconfig, 'lab-a') });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    await page.getByTestId('cluster-switcher').selectOption(await clusterIdOf(page, 'lab-a'));
    await page.getByTestId('nav-feast').click();
    await page.getByTestId('feast-page').waitFor();
    // lab-a's registry and its two projects, found as the Service feast/feast-registry
    const projectRow = (cluster: string, project: string) =>
      page.locator(`[data-testid="feast-project-row"][data-cluster="${cluster}"][data-project="${project}"]`);
    await projectRow('lab-a', 'fraud_detection').waitFor({ timeout: 60_000 });
    expect(await projectRow('lab-a', 'recommendations').count()).toBe(1);
    expect(await projectRow('lab-a', 'fraud_detection').textContent()).toContain('feast/feast-registry');
    expect(await projectRow('lab-a', 'fraud_detection').getByTestId('feast-registry-cell').textContent()).toBe('feast/feast-registry · REST');

    // search a feature's name across every cluster
    await page.getByTestId('feast-scope').selectOption('');
    await page.getByTestId('feast-search').fill('avg_transaction_amount');
    await page.getByTestId('feast-search-go').click();
    const match = (cluster: string, view: string) =>
      page.locator(`[data-testid="feast-match"][data-kind="feature"][data-name="avg_transaction_amount"][data-cluster="${cluster}"][data-view="${view}"]`);
    await match('lab-a', 'customer_transaction_stats').waitFor({ timeout: 90_000 });
    await match('lab-b', 'customer_billing').waitFor({ timeout: 30_000 });
    expect(await match('lab-a', 'customer_transaction_stats').getAttribute('data-project')).toBe('fraud_detection');
    expect(await match('lab-b', 'customer_billing').getAttribute('data-project')).toBe('churn');
    expect(await match('lab-b', 'customer_billing').locator('td').nth(2).textContent()).toBe('DOUBLE');
    await app.shot('feast-search');

    // lab-b's feature view
    await match('lab-b', 'customer_billing').getByRole('button', { name: 'avg_transaction_amount' }).click();
    await page.getByTestId('feast-view-page').waitFor();
    const feature = (name: string) => page.locator(`[data-testid="feast-feature"][data-name="${name}"]`);
    await feature('avg_transaction_amount').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('feast-view-where').textContent()).toBe('Feature view · churn · lab-b · feast/feast-registry');
    expect(await feature('avg_transaction_amount').getAttribute('data-type')).toBe('DOUBLE');
    expect(await feature('late_payments').getAttribute('data-type')).toBe('INT64_LIST');
    expect(await page.getByTestId('feast-view-ttl').textContent()).toBe('31 days');
    expect(await page.getByTestId('feast-view-source').textContent()).toBe('billing_source');
    expect(await page.locator('[data-testid="feast-use"][data-kind="feature-service"]').getAttribute('data-name')).toBe('churn_model_v4');

    // back to the results, then lab-a's
    await page.goBack();
    await match('lab-a', 'customer_transaction_stats').getByRole('button', { name: 'avg_transaction_amount' }).click();
    await feature('recent_amounts').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('feast-view-where').textContent()).toBe('Feature view · fraud_detection · lab-a · feast/feast-registry');
    expect(await feature('avg_transaction_amount').getAttribute('data-type')).toBe('FLOAT');
    expect(await feature('recent_amounts').getAttribute('data-type')).toBe('FLOAT_LIST');
    expect(await page.getByTestId('feast-view-entities').textContent()).toBe('customer (customer_id: INT64)');
    expect(await page.getByTestId('feast-view-ttl').textContent()).toBe('1 day');
    expect(await page.getByTestId('feast-view-tags').textContent()).toBe('team=risktier=gold');
    const uses = await page
      .locator('[data-testid="feast-use"]')
      .evaluateAll((els) => els.map((e) => `${e.getAttribute('data-kind')}:${e.getAttribute('data-name')}`));
    expect(uses).toEqual([
      'feature-service:fraud_model_v1',
      'feature-service:fraud_model_v2',
      'on-demand:transaction_amount_features',
      'saved-dataset:fraud_training_2026_11',
    ]);
    expect(await page.locator('[data-testid="feast-origin"][data-origin="port-forward"]').textContent()).toBe(
      'Read through a port-forward to feast/feast-registry (pod feast-registry-0, port 6572)',
    );
    const viewUrl = page.url();
    await app.shot('feast-view');

    // the project's lineage, laid out by ELK; a view's box opens it
    await page.getByRole('button', { name: 'Back to project fraud_detection' }).click();
    await page.getByTestId('tab-lineage').click();
    await page.locator('[data-testid="feast-lineage"][data-laid-out="true"]').waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="feast-edge"][data-edge="featureService:fraud_model_v1->savedDataset:fraud_training_2026_11"]').count()).toBe(1);
    await app.shot('feast-lineage');
    await page.locator('[data-testid="feast-node"][data-node="featureView:merchant_risk"]').click();
    await feature('chargeback_rate').waitFor({ timeout: 30_000 });

    // lab-a's API server goes away: customer_transaction_stats is read again from the cache, with its date
    await relay.down();
    await page.goto(viewUrl);
    const cached = page.locator('[data-testid="feast-origin"][data-origin="cache"]');
    await cached.waitFor({ timeout: 90_000 });
    expect(await cached.textContent()).toMatch(/^The registry cannot be reached; cached at .*\d{1,2}:\d{2}/);
    expect(await page.getByTestId('feast-view-where').textContent()).toBe('Feature view · fraud_detection · lab-a · feast/feast-registry');
    expect(await feature('avg_transaction_amount').getAttribute('data-type')).toBe('FLOAT');
    expect(await page.getByTestId('feast-view-ttl').textContent()).toBe('1 day');
    await app.shot('feast-view-offline');
  });
});
