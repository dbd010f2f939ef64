// SPDX-License-Identifier: Apache-2.0
/**
 * Serving a model in a real browser against lab-a: deploy s3://models/iris/v1 as `iris` in a
 * temp namespace through the form (with a new S3 Secret and service account), follow it to
 * Ready, send V1 and V2 test requests through the port-forward (answered [0, 2]), canary
 * s3://models/iris/v2 at 20 % (traffic 80/20), promote it, and return to the first version from
 * the history. The list shows the service with its traffic; a service whose model is missing
 * shows the storage initializer's failure; with the cluster unreachable, the list and a service
 * page read from the cache with the time of the last sync.
 */
import { confirmLabMlflow } from './confirm-service';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

describe('deploying, canarying and rolling back a model', () => {
  let app: E2eApp | undefined;
  let ns: { name: string; remove(): Promise<void> };
  let relay: TcpRelay | undefined;
  beforeAll(async () => {
    ns = await tempNamespace('serve');
  });
  afterAll(async () => {
    await app?.close();
    await relay?.close();
    await ns?.remove();
  });

  it('deploys iris from the form, answers requests, canaries v2, promotes it and returns to v1', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const labA = await clusterIdOf(page, 'lab-a');
    const origin = new URL(page.url()).origin;
    await page.goto(`${origin}/#/deploy/${encodeURIComponent(labA)}?ns=${ns.name}`);

    const form = page.getByTestId('deploy-form');
    await form.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('deploy-namespace').inputValue()).toBe(ns.name);
    await page.getByTestId('deploy-name').fill('iris');
    await page.getByTestId('deploy-storageUri').fill('s3://models/iris/v1');
    // S3 access: a new Secret with KServe's annotations and a service account listing it
    await page.getByTestId('s3-create').check();
    await page.getByTestId('s3-endpoint').fill('127.0.0.1:19000');
    await page.getByTestId('s3-access-key').fill('mldeck-lab');
    await page.getByTestId('s3-secret-key').fill('mldeck-lab-secret');
    await app.shot('serving-deploy-form');

    // the draft survives a reload; the S3 keys are never kept in it
    await page.reload();
    await page.getByTestId('draft-restored').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('deploy-name').inputValue()).toBe('iris');
    expect(await page.getByTestId('deploy-storageUri').inputValue()).toBe('s3://models/iris/v1');
    expect(await page.getByTestId('s3-endpoint').inputValue()).toBe('127.0.0.1:19000');
    expect(await page.getByTestId('s3-secret-key').inputValue()).toBe('');
    expect(JSON.stringify(await page.evaluate(() => ({ ...localStorage })))).not.toContain('mldeck-lab-secret');
    await page.getByTestId('s3-access-key').fill('mldeck-lab');
    await page.getByTestId('s3-secret-key').fill('mldeck-lab-secret');

    // the YAML the form stands for
    await page.getByTestId('tab-yaml').click();
    await page.getByTestId('deploy-yaml').waitFor();
    await page.locator('[data-testid="deploy-yaml"] .view-lines').getByText('s3://models/iris/v1').waitFor({ timeout: 10_000 });
    await app.shot('serving-deploy-yaml');
    await page.getByRole('tab', { name: 'Form' }).click();

    await page.getByTestId('create-submit').click();
    const isvcPage = page.getByTestId('isvc-page');
    await isvcPage.waitFor({ timeout: 30_000 });
    expect(page.url()).toContain(`/isvc/${encodeURIComponent(labA)}/${ns.name}/iris`);
    await page.locator('[data-testid="isvc-state"][data-state="Ready"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('isvc-url').textContent()).toContain(`http://iris.${ns.name}.example.com`);
    const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
    const secret = await core.readNamespacedSecret({ name: 'kserve-s3-credentials', namespace: ns.name });
    expect(secret.metadata?.annotations?.['serving.kserve.io/s3-endpoint']).toBe('127.0.0.1:19000');
    const sa = await core.readNamespacedServiceAccount({ name: 'kserve-s3', namespace: ns.name });
    expect(sa.secrets?.map((s) => s.name)).toEqual(['kserve-s3-credentials']);
    await page.locator('[data-testid="isvc-conditions"] tr[data-type="Ready"][data-status="True"]').waitFor();
    await app.shot('serving-ready');
    // events of the service and its revision; logs of the predictor pod's containers
    await page.getByTestId('isvc-events').getByText('Created revision iris-predictor-00001').waitFor({ timeout: 30_000 });
    const logs = page.getByTestId('job-logs');
    await logs.scrollIntoViewIfNeeded();
    expect(await logs.getByTestId('log-container').locator('option').allTextContents()).toEqual(['storage-initializer', 'kserve-container', 'queue-proxy']);
    await logs.getByTestId('log-container').selectOption('kserve-container');
    await page.waitForFunction(() => Number(/\d+/.exec(document.querySelector('[data-testid="log-line-count"]')?.textContent ?? '')?.[0] ?? 0) > 0, undefined, {
      timeout: 30_000,
    });
    await app.shot('serving-logs');

    // try it: V1, then V2, through the port-forward
    const tryIt = page.getByTestId('try-it');
    await tryIt.scrollIntoViewIfNeeded();
    expect(await page.getByTestId('try-path').inputValue()).toBe('/v1/models/iris:predict');
    await page.getByTestId('try-send').click();
    await page.locator('[data-testid="try-answer"][data-status="200"]').waitFor({ timeout: 30_000 });
    expect(JSON.parse((await page.getByTestId('try-response').textContent()) ?? '')).toEqual({ predictions: [0, 2] });
    expect(await page.getByTestId('try-latency').textContent()).toMatch(/^\d+(\.\d+)? ms$/);
    await page.getByTestId('template-v2').click();
    expect(await page.getByTestId('try-path').inputValue()).toBe('/v2/models/iris/infer');
    await page.getByTestId('try-send').click();
    await page.getByTestId('try-response').getByText('"model_name": "iris"').waitFor({ timeout: 30_000 });
    const v2 = JSON.parse((await page.getByTestId('try-response').textContent()) ?? '') as { outputs: { data: number[] }[] };
    expect(v2.outputs[0]?.data).toEqual([0, 2]);
    await app.shot('serving-try-it');

    // canary v2 at 20 %
    const rollouts = page.getByTestId('rollouts');
    await rollouts.scrollIntoViewIfNeeded();
    await page.getByTestId('new-canary').click();
    await page.getByTestId('canary-storage-uri').fill('s3://models/iris/v2');
    await page.getByTestId('canary-percent-number').fill('20');
    await page.getByTestId('start-canary').click();
    await rollouts.locator('[data-testid="traffic-share"][data-revision="iris-predictor-00002"][data-percent="20"]').waitFor({ timeout: 60_000 });
    await rollouts.locator('[data-testid="traffic-share"][data-revision="iris-predictor-00001"][data-percent="80"]').waitFor();
    await rollouts.scrollIntoViewIfNeeded();
    await app.shot('serving-canary');

    // promote
    await page.getByTestId('promote').click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await rollouts.locator('[data-testid="traffic-share"][data-revision="iris-predictor-00002"][data-percent="100"]').waitFor({ timeout: 60_000 });
    await rollouts.locator('[data-testid="revision-row"][data-revision="iris-predictor-00001"]').getByText('previous rolled out').waitFor({ timeout: 30_000 });

    // return to the first version from the history
    const first = rollouts.locator('[data-testid="history-row"][data-action="deploy"]');
    expect(await first.textContent()).toContain('s3://models/iris/v1');
    await first.getByTestId('restore').click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await rollouts.locator('[data-testid="traffic-share"][data-revision="iris-predictor-00003"][data-percent="100"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('isvc-storage').textContent()).toBe('s3://models/iris/v1');
    await rollouts.locator('[data-testid="history-row"][data-action="restore"]').waitFor();
    await rollouts.scrollIntoViewIfNeeded();
    await app.shot('serving-restored');

    // the list shows the service with its traffic
    await page.goto(`${origin}/#/serving/${encodeURIComponent(labA)}`);
    const table = page.getByTestId('serving-table');
    await table.getByText('iris-canary').first().waitFor({ timeout: 30_000 });
    await app.shot('serving-list');
    expect(app.pageErrors).toEqual([]);
  }, 300_000);

  it('deploys a registry version: the form is filled from it, and a taken name becomes a canary of that service', async () => {
    const { page } = app as E2eApp;
    const labA = await clusterIdOf(page, 'lab-a');
    const origin = new URL(page.url()).origin;
    // MLDeck reads the registry only once its in-cluster MLflow service is confirmed
    await page.getByTestId('cluster-switcher').selectOption(labA);
    await page.getByTestId('nav-models').click();
    await confirmLabMlflow(page);
    await page.getByTestId('models-search').fill('iris');
    await page.locator('[data-testid="model-row"][data-name="iris"]').waitFor({ timeout: 60_000 });
    await page.goto(`${origin}/#/deploy/${encodeURIComponent(labA)}?model=iris&version=1&ns=${ns.name}`);
    await page.getByTestId('deploy-version').waitFor({ timeout: 60_000 });
    const uri = page.getByTestId('deploy-storageUri');
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="deploy-storageUri"]') as HTMLInputElement | null)?.value.startsWith('s3://'),
      undefined,
      {
        timeout: 30_000,
      },
    );
    const mapped = await uri.inputValue();
    expect(mapped).toMatch(/^s3:\/\/mlflow\/artifacts\/.+\/artifacts$/);
    expect(await page.getByTestId('deploy-modelName').inputValue()).toBe('iris');
    expect(await page.getByTestId('deploy-modelVersion').inputValue()).toBe('1');
    expect(await page.getByTestId('deploy-format').inputValue()).toBe('sklearn');
    expect(await page.getByTestId('deploy-name').inputValue()).toBe('iris');
    // iris exists in the namespace: Deploy is replaced by a canary of it
    await page.getByTestId('name-taken').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('create-submit').isDisabled()).toBe(true);
    await app?.shot('serving-deploy-from-registry');
    await page.getByTestId('deploy-as-canary').click();
    await page.getByTestId('canary-form').waitFor({ timeout: 30_000 });
    await page.waitForFunction((u) => (document.querySelector('[data-testid="canary-storage-uri"]') as HTMLInputElement | null)?.value === u, mapped, {
      timeout: 30_000,
    });
    await page.getByTestId('canary-percent-number').fill('20');
    await page.getByTestId('start-canary').click();
    await page.getByTestId('isvc-page').waitFor({ timeout: 30_000 });
    const rollouts = page.getByTestId('rollouts');
    await rollouts.locator('[data-testid="traffic-share"][data-revision="iris-predictor-00004"][data-percent="20"]').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('isvc-model-version').textContent()).toBe('iris v1');
    expect(await page.getByTestId('isvc-storage').textContent()).toBe(mapped);
    expect(await rollouts.locator('[data-testid="revision-row"][data-revision="iris-predictor-00004"]').textContent()).toContain('iris v1');
  }, 120_000);

  it('shows why a service whose model is missing is not ready', async () => {
    const { page } = app as E2eApp;
    const labA = await clusterIdOf(page, 'lab-a');
    const origin = new URL(page.url()).origin;
    await page.goto(`${origin}/#/isvc/${encodeURIComponent(labA)}/team-b/fraud-clf`);
    const failure = page.getByTestId('isvc-failure');
    await failure.waitFor({ timeout: 30_000 });
    expect(await failure.textContent()).toContain(
      'storage-initializer: failed to download s3://models/fraud-clf/v3: no objects found under s3://models/fraud-clf/v3',
    );
    expect(await page.getByTestId('isvc-state').getAttribute('data-state')).toBe('Failed');
    await app?.shot('serving-failed');

    // alice may not deploy in team-b: the page says so before anything is sent
    const restricted = await clusterIdOf(page, 'lab-a-restricted');
    await page.goto(`${origin}/#/deploy/${encodeURIComponent(restricted)}?ns=team-b`);
    const forbidden = page.getByTestId('create-forbidden');
    await forbidden.waitFor({ timeout: 30_000 });
    expect(await forbidden.textContent()).toContain('alice may not create inferenceservices in team-b');
    expect(await page.getByTestId('create-submit').isDisabled()).toBe(true);

    // lab-b has no KServe: said before anything is sent
    const labB = await clusterIdOf(page, 'lab-b');
    await page.goto(`${origin}/#/deploy/${encodeURIComponent(labB)}?ns=team-a`);
    await page.getByTestId('create-forbidden').getByText('lab-b does not serve KServe InferenceServices').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('create-submit').isDisabled()).toBe(true);
  }, 60_000);

  it('reads the list and a service from the cache when the cluster cannot be reached', async () => {
    await app?.close();
    relay = await startRelay(16443);
    app = await openApp({ KUBECONFIG: relay.kubeconfig(labInfo().kubeconfig, 'lab-a') });
    const { page } = app;
    await page.getByTestId('overview-health').or(page.getByTestId('overview')).first().waitFor({ timeout: 30_000 });
    const labA = await clusterIdOf(page, 'lab-a');
    const origin = new URL(page.url()).origin;
    await page.goto(`${origin}/#/serving/${encodeURIComponent(labA)}`);
    const table = page.getByTestId('serving-table');
    await table.getByText('iris-canary').first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="freshness"][data-freshness="live"]').waitFor({ timeout: 30_000 });
    // open the service once so its namespace's slices are cached too
    await page.goto(`${origin}/#/isvc/${encodeURIComponent(labA)}/team-a/iris-canary`);
    await page.locator('[data-testid="traffic-share"][data-revision="iris-canary-predictor-00002"][data-percent="20"]').waitFor({ timeout: 30_000 });

    await relay.down();
    // the service's own slice (some of the page's smaller slices may not have been read before the drop)
    const stale = page
      .locator('[data-freshness="reconnecting"], [data-freshness="offline"]')
      .filter({ hasText: /showing what MLDeck saw at \d/ })
      .first();
    await stale.waitFor({ timeout: 60_000 });
    expect(await page.getByText('saw at never').count()).toBe(0);
    expect(await page.locator('[data-testid="traffic-share"][data-revision="iris-canary-predictor-00001"]').getAttribute('data-percent')).toBe('80');
    expect(await page.getByTestId('rollout-blocked').textContent()).toContain('cannot be reached');
    expect(await page.getByTestId('promote').isDisabled()).toBe(true);
    await app.shot('serving-offline-service');

    await page.goto(`${origin}/#/serving/${encodeURIComponent(labA)}`);
    const banner = page.getByTestId('serving-freshness').locator('[data-freshness="reconnecting"], [data-freshness="offline"]');
    await banner.waitFor({ timeout: 60_000 });
    expect(await banner.textContent()).toMatch(/showing InferenceServices as MLDeck saw them at \d/);
    await table.getByText('iris-canary').first().waitFor({ timeout: 10_000 });
    await app.shot('serving-offline-list');
  }, 180_000);
});
