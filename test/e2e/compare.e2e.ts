// SPDX-License-Identifier: Apache-2.0
/**
 * Comparing runs in a real browser against the lab: two trials of a Katib experiment added from
 * the trial detail ("differences only" then hides the parameter they share), a KFP run from the
 * runs table, two MLflow runs of lab-a's tracking server and one of lab-b's own from their run
 * pages; the overlaid accuracy curves show every run; the comparison is saved, and reopened by a
 * new MLDeck on the same data directory with both clusters unreachable, its runs as last read.
 */
import * as k8s from '@kubernetes/client-node';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrialObject } from '../../shared/features/katib/katib-objects';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';
import { experimentManifest } from '../integration/katib-fixtures';
import { labCluster } from '../lab/control-plane';
import { kfpApiUrl } from '../lab/kfp/backend';
import { KfpClient } from '../lab/kfp/client';
import { clusterIdOf, openApp, type E2eApp } from './app-host';
import { confirmLabMlflow } from './confirm-service';

const katib = { group: 'kubeflow.org', version: 'v1beta1' };
const kfpA = new KfpClient(kfpApiUrl(labCluster('lab-a')));
const unique = `mldeck-cmp-e2e-${Date.now().toString(36)}`;

/** Runs of an experiment of a lab tracking server (lab-a 15000, lab-b 15001), by direct REST. */
async function mlflowRuns(port: number, experiment: string): Promise<{ runId: string; name: string }[]> {
  const get = async <T>(path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`http://127.0.0.1:${port}/api/2.0/mlflow/${path}`, {
      method: body ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json' },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
    return (await res.json()) as T;
  };
  const exp = await get<{ experiment: { experiment_id: string } }>(`experiments/get-by-name?experiment_name=${experiment}`);
  const found = await get<{ runs?: { info: { run_id: string; run_name?: string }; data: { metrics?: { key: string }[] } }[] }>('runs/search', {
    experiment_ids: [exp.experiment.experiment_id],
    max_results: 50,
    order_by: ['attributes.run_name ASC'],
  });
  return (found.runs ?? [])
    .filter((r) => r.data.metrics?.some((m) => m.key === 'accuracy'))
    .map((r) => ({ runId: r.info.run_id, name: r.info.run_name ?? r.info.run_id }));
}

/** The parameter rows the compare page shows. */
const paramRows = (page: Page) => page.getByTestId('compare-param-row').evaluateAll((els) => els.map((e) => e.getAttribute('data-param') ?? ''));

describe('compare runs', () => {
  let app: E2eApp | undefined;
  let ns: { name: string; remove(): Promise<void> };
  let relayA: TcpRelay;
  let relayB: TcpRelay;
  let kubeconfig = '';
  let kfpExperiment = '';
  let kfpRunId = '';
  const custom = () => kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);

  beforeAll(async () => {
    ns = await tempNamespace('compare-e2e');
    // both clusters through relays, so the test can take them away
    relayA = await startRelay(16443);
    relayB = await startRelay(16444);
    kubeconfig = relayB.kubeconfig(relayA.kubeconfig(labInfo().kubeconfig, 'lab-a'), 'lab-b');
    await custom().createNamespacedCustomObject({
      ...katib,
      plural: 'experiments',
      namespace: ns.name,
      body: experimentManifest({
        name: 'cmp',
        namespace: ns.name,
        algorithm: 'grid',
        parameters: [
          { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.05', step: '0.04' } },
          { name: 'layers', parameterType: 'int', feasibleSpace: { min: '2', max: '3' } }, // grid, first parameter fastest: both trials have layers=2
        ],
        parallel: 2,
        max: 2,
        durationS: 8,
      }),
    });
    kfpExperiment = await kfpA.ensureExperiment(`${unique}-tests`, 'compare.e2e.ts');
    const pipeline = await kfpA.findPipeline('training');
    if (!pipeline) throw new Error('the seeded training pipeline is missing');
    const [version] = await kfpA.versions(pipeline.pipeline_id);
    kfpRunId = (
      await kfpA.createRun({
        displayName: `${unique}-run`,
        experimentId: kfpExperiment,
        pipelineId: pipeline.pipeline_id,
        versionId: version?.pipeline_version_id ?? '',
        parameters: { learning_rate: 0.02, epochs: 3, threshold: 0.5, train_seconds: 2 },
      })
    ).run_id;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await relayA?.close();
    await relayB?.close();
    await ns?.remove();
    if (kfpExperiment) await kfpA.request('POST', `/experiments/${kfpExperiment}:archive`);
  });

  it('compares Katib trials, a KFP run and MLflow runs of two servers; differences only; curves of all; reopened offline', async () => {
    app = await openApp({ KUBECONFIG: kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const labA = await clusterIdOf(page, 'lab-a');
    const labB = await clusterIdOf(page, 'lab-b');
    const origin = new URL(page.url()).origin;
    const go = (hash: string) => page.goto(`${origin}/${hash}`);

    // the experiment's page keeps its trials' logs while they run (their observation logs)
    await go(`#/katib/${encodeURIComponent(labA)}/${ns.name}/cmp`);
    const trials = await eventually(
      'both trials succeeded',
      async () => {
        const list = (await custom().listNamespacedCustomObject({ ...katib, plural: 'trials', namespace: ns.name })) as { items: TrialObject[] };
        return list.items.length === 2 && list.items.every((t) => t.status?.conditions?.some((c) => c.type === 'Succeeded' && c.status === 'True'))
          ? list.items
          : undefined;
      },
      150_000,
    );
    for (const t of trials) {
      await go(`#/katib/${encodeURIComponent(labA)}/${ns.name}/cmp?trial=${t.metadata.name}`);
      await page.getByTestId('trial-detail').getByTestId('add-to-comparison').click();
      await page.getByTestId('trial-detail').getByRole('button', { name: 'In comparison ✓' }).waitFor();
    }

    // two trials side by side: they share layers=2, so "differences only" leaves lr
    await page.getByTestId('nav-compare').click();
    await expect.poll(() => page.getByTestId('compare-run-row').count(), { timeout: 60_000 }).toBe(2);
    expect(await paramRows(page)).toEqual(['layers', 'lr']);
    await page.getByTestId('compare-differences-only').check();
    expect(await paramRows(page)).toEqual(['lr']);
    await page.getByTestId('compare-differences-only').uncheck();

    // the KFP run, from the runs table
    await eventually('the KFP run to succeed', async () => ((await kfpA.waitRun(kfpRunId)).state === 'SUCCEEDED' ? true : undefined), 180_000);
    await go(`#/pipeline-runs/${encodeURIComponent(labA)}`);
    await page.getByTestId('runs-search').fill(`${unique}-run`);
    const kfpRow = page.locator(`[data-testid="run-row"][data-name="${unique}-run"]`);
    await kfpRow.waitFor({ timeout: 60_000 });
    await kfpRow.getByTestId('add-to-comparison').click();

    // MLflow: lab-a's server and lab-b's own, confirmed once per cluster, runs added from their pages
    const picks = [
      ...(await mlflowRuns(15000, 'iris-classifier')).slice(0, 2).map((r) => ({ ...r, clusterId: labA })),
      ...(await mlflowRuns(15001, 'churn-model')).slice(0, 1).map((r) => ({ ...r, clusterId: labB })),
    ];
    expect(picks).toHaveLength(3);
    for (const clusterId of [labA, labB]) {
      await go(`#/models/${encodeURIComponent(clusterId)}`);
      await confirmLabMlflow(page);
    }
    for (const r of picks) {
      await go(`#/mlflow-run?${new URLSearchParams({ s: `cluster:${r.clusterId}`, r: r.runId }).toString()}`);
      const add = page.getByTestId('add-to-comparison').first();
      await add.waitFor({ timeout: 30_000 });
      await add.click();
      await page.getByRole('button', { name: 'In comparison ✓' }).first().waitFor();
    }

    // all six, with where each comes from
    await page.getByTestId('nav-compare').click();
    const rows = page.getByTestId('compare-run-row');
    await expect.poll(() => rows.count(), { timeout: 90_000 }).toBe(6);
    const sources = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-source')));
    expect(sources).toEqual(['katib', 'katib', 'kfp', 'mlflow', 'mlflow', 'mlflow']);
    const runsText = await page.getByTestId('compare-runs').innerText();
    for (const r of picks) expect(runsText).toContain(r.name);
    expect(runsText).toContain('lab-b · mlflow/mlflow · experiment churn-model');
    expect(runsText).toContain(`${unique}-run`);

    // the accuracy curves: one per run
    await page.getByTestId('compare-curve-metric').selectOption('accuracy');
    const legend = page.getByTestId('compare-curves').locator('.ts-legend-item');
    await expect.poll(() => legend.count(), { timeout: 30_000 }).toBe(6);
    const labels = await legend.allInnerTexts();
    for (const t of trials) expect(labels.some((l) => l.includes(t.metadata.name))).toBe(true);
    for (const r of picks) expect(labels.some((l) => l.includes(r.name))).toBe(true);
    expect(labels.some((l) => l.includes(`${unique}-run`))).toBe(true);
    await page.getByTestId('compare-parallel').waitFor();
    await page.getByTestId('compare-scatter').waitFor();
    await app.shot('compare-six-runs');

    // saved, then reopened by a new MLDeck with both clusters unreachable
    await page.getByTestId('compare-name').fill('trials vs pipelines vs mlflow');
    await page.getByTestId('compare-save').click();
    await page.getByTestId('compare-open').locator('option', { hasText: 'trials vs pipelines vs mlflow (6 runs)' }).waitFor({ state: 'attached' });
    await relayA.down();
    await relayB.down();
    const dataDir = app.dataDir;
    await app.close({ keepData: true });
    app = await openApp({ KUBECONFIG: kubeconfig }, { dataDir });
    const again = app.page;
    await again.goto(`${new URL(again.url()).origin}/#/compare`);
    await again.getByTestId('compare-open').selectOption({ label: 'trials vs pipelines vs mlflow (6 runs)' });
    await expect.poll(() => again.getByTestId('compare-run-row').count(), { timeout: 120_000 }).toBe(6);
    // every run as last read (lab-b's MLflow too: its port-forward goes through lab-b's API server)
    expect(await again.getByTestId('compare-cached').count()).toBe(6);
    await again.getByTestId('compare-differences-only').check();
    expect((await paramRows(again)).length).toBeGreaterThan(0);
    await again.getByTestId('compare-curve-metric').selectOption('accuracy');
    await expect.poll(() => again.getByTestId('compare-curves').locator('.ts-legend-item').count(), { timeout: 30_000 }).toBe(6);
    await app.shot('compare-offline');
    await relayA.up();
    await relayB.up();
  }, 600_000);
});
