// SPDX-License-Identifier: Apache-2.0
/**
 * From a registered model to a served one, as issue #7 puts it, in Chromium against lab-a and
 * the lab's MLflow: a model is registered with two versions (through MLflow's REST API, as a
 * training job would), found in MLDeck's registry, version 1 deployed in one click from its
 * page (the form is filled from the version: format and storage URI), followed to Ready, a test
 * request answered by the real KServe model server, version 2 sent as a 20 % canary from its own
 * page, promoted, then rolled back to version 1 with KServe's rollback (canaryTrafficPercent 0).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labInfo, tempNamespace } from '../harness/lab';
import { clusterIdOf, openApp, type E2eApp } from './app-host';
import { confirmLabMlflow } from './confirm-service';

const mlflow = 'http://127.0.0.1:15000/api/2.0/mlflow';

async function mlflowPost(path: string, body: unknown, method = 'POST'): Promise<Record<string, unknown>> {
  const res = await fetch(`${mlflow}/${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

interface SeededVersion {
  source: string;
  run_id: string;
}

/** The seeded iris versions' sources (MLflow 3 logged models whose files are in the lab S3). */
async function irisVersion(version: string): Promise<SeededVersion> {
  const res = await fetch(`${mlflow}/model-versions/get?name=iris&version=${version}`);
  const v = ((await res.json()) as { model_version: SeededVersion }).model_version;
  return { source: v.source, run_id: v.run_id };
}

describe('from the registry to a served model', () => {
  let app: E2eApp | undefined;
  let ns: { name: string; remove(): Promise<void> };
  const model = `e2e-iris-${Date.now().toString(36)}`;

  beforeAll(async () => {
    ns = await tempNamespace('m2s');
    await mlflowPost('registered-models/create', { name: model, description: 'registered by the model-to-serving e2e test' });
    for (const v of ['1', '2']) {
      const seeded = await irisVersion(v);
      await mlflowPost('model-versions/create', { name: model, source: seeded.source, run_id: seeded.run_id, model_id: seeded.source.replace('models:/', '') });
    }
  });

  afterAll(async () => {
    await app?.close();
    await mlflowPost('registered-models/delete', { name: model }, 'DELETE').catch(() => undefined);
    await ns?.remove();
  });

  it('deploys version 1 from the registry, answers a request, canaries version 2, promotes it and rolls back to version 1', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    page.setDefaultTimeout(30_000);
    try {
      await flow(app, page);
    } catch (e) {
      await app.shot('m2s-failure');
      throw e;
    }
  }, 300_000);

  async function flow(app: E2eApp, page: E2eApp['page']): Promise<void> {
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const labA = await clusterIdOf(page, 'lab-a');
    await page.getByTestId('cluster-switcher').selectOption(labA);
    await page.getByTestId('nav-models').click();
    await confirmLabMlflow(page);

    // the registered model, found in the registry
    await page.getByTestId('models-search').fill(model);
    const row = page.locator(`[data-testid="model-row"][data-name="${model}"]`);
    await row.waitFor({ timeout: 60_000 });
    await row.getByRole('button', { name: model }).click();
    const versionRow = (v: string) => page.locator(`[data-testid="version-row"][data-version="${v}"]`);
    await versionRow('2').waitFor({ timeout: 30_000 });

    // version 1: one click to the deploy form, filled from the version
    await versionRow('1').getByRole('button', { name: 'v1' }).click();
    await page.getByTestId('deploy-version').click();
    await page.getByTestId('deploy-form').waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="deploy-storageUri"]') as HTMLInputElement | null)?.value.startsWith('s3://'),
      undefined,
      {
        timeout: 30_000,
      },
    );
    const v1Uri = await page.getByTestId('deploy-storageUri').inputValue();
    expect(v1Uri).toMatch(/^s3:\/\/mlflow\/artifacts\/.+\/artifacts$/);
    expect(await page.getByTestId('deploy-format').inputValue()).toBe('sklearn');
    expect(await page.getByTestId('deploy-modelVersion').inputValue()).toBe('1');
    await page.getByTestId('deploy-namespace').selectOption(ns.name);
    // the lab's KServe model server answers for models named iris
    await page.getByTestId('deploy-name').fill('iris');
    await page.getByTestId('create-submit').click();

    // followed to Ready
    await page.getByTestId('isvc-page').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="isvc-state"][data-state="Ready"]').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('isvc-model-version').textContent()).toBe(`${model} v1`);
    await app.shot('m2s-01-ready');

    // a test request, answered
    await page.getByTestId('try-it').scrollIntoViewIfNeeded();
    await page.getByTestId('try-send').click();
    await page.locator('[data-testid="try-answer"][data-status="200"]').waitFor({ timeout: 30_000 });
    expect(JSON.parse((await page.getByTestId('try-response').textContent()) ?? '')).toEqual({ predictions: [0, 2] });

    // version 2 from its page: the name is taken, so it goes as a canary at 20 %
    await page.goto(`${new URL(page.url()).origin}/#/model/${encodeURIComponent(labA)}/${encodeURIComponent(model)}/2`);
    await page.getByTestId('deploy-version').click();
    await page.getByTestId('deploy-form').waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      () => (document.querySelector('[data-testid="deploy-storageUri"]') as HTMLInputElement | null)?.value.startsWith('s3://'),
      undefined,
      {
        timeout: 30_000,
      },
    );
    const v2Uri = await page.getByTestId('deploy-storageUri').inputValue();
    expect(v2Uri).not.toBe(v1Uri);
    await page.getByTestId('deploy-namespace').selectOption(ns.name);
    await page.getByTestId('deploy-name').fill('iris');
    await page.getByTestId('name-taken').waitFor({ timeout: 30_000 });
    await page.getByTestId('deploy-as-canary').click();
    await page.getByTestId('canary-form').waitFor({ timeout: 30_000 });
    // the canary form is filled from version 2 too
    await page.waitForFunction((u) => (document.querySelector('[data-testid="canary-storage-uri"]') as HTMLInputElement | null)?.value === u, v2Uri, {
      timeout: 30_000,
    });
    await page.getByTestId('canary-percent-number').fill('20');
    await page.getByTestId('start-canary').click();
    await page.getByTestId('isvc-page').waitFor({ timeout: 30_000 });
    const rollouts = page.getByTestId('rollouts');
    await rollouts.locator('[data-testid="traffic-share"][data-revision="iris-predictor-00002"][data-percent="20"]').waitFor({ timeout: 60_000 });
    await rollouts.locator('[data-testid="traffic-share"][data-revision="iris-predictor-00001"][data-percent="80"]').waitFor();
    expect(await rollouts.locator('[data-testid="revision-row"][data-revision="iris-predictor-00002"]').textContent()).toContain(`${model} v2`);
    await rollouts.scrollIntoViewIfNeeded();
    await app.shot('m2s-02-canary');

    // promote
    await page.getByTestId('promote').click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await rollouts.locator('[data-testid="traffic-share"][data-revision="iris-predictor-00002"][data-percent="100"]').waitFor({ timeout: 60_000 });

    // roll back: all traffic to the previous rolled-out revision, which serves version 1
    await page.getByTestId('rollback').click();
    await page.getByTestId('confirm-dialog').getByTestId('confirm').click();
    await rollouts.locator('[data-testid="traffic-share"][data-revision="iris-predictor-00001"][data-percent="100"]').waitFor({ timeout: 60_000 });
    expect(await rollouts.locator('[data-testid="revision-row"][data-revision="iris-predictor-00001"]').textContent()).toContain(`${model} v1`);
    await rollouts.scrollIntoViewIfNeeded();
    await app.shot('m2s-03-rolled-back');

    // the rolled-back service still answers
    await page.getByTestId('try-it').scrollIntoViewIfNeeded();
    await page.getByTestId('try-send').click();
    await page.locator('[data-testid="try-answer"][data-status="200"]').waitFor({ timeout: 30_000 });
    expect(app.pageErrors).toEqual([]);
  }
});
