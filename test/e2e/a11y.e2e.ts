// SPDX-License-Identifier: Apache-2.0
/**
 * Accessibility and layout of every page, in Chromium against the lab: each page a user reaches
 * (the welcome page of a fresh MLDeck, the sidebar's entries, whatever they are when the test runs,
 * and the object pages other e2e tests visit, with their graphs and charts drawn, the forms, the
 * notebook editor, the builder with a task, the palette and a confirmation dialog) is scanned with
 * axe-core in the light and the dark theme; any serious or critical violation fails the test, all
 * of them listed.
 * Each page is also shot at 1280×800 and 1920×1080 in both themes (test-results/screenshots/layout)
 * and its header checked at each of the four: the title on one line, pickers sized to their content.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { describeProblems, layoutShots, layoutSizes, pickTheme, scanA11y, type A11yProblem, type HeaderMeasure } from './a11y';
import { clusterIdOf, openApp, screenshotDir, type E2eApp } from './app-host';
import { confirmLabMlflow } from './confirm-service';

const jupyter = 'http://127.0.0.1:18888';
const token = 'mldeck-lab-token';
const notebookPath = `a11y-${Date.now().toString(36)}.ipynb`;

async function jupyterContents(method: 'PUT' | 'DELETE', path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${jupyter}/api/contents/${encodeURIComponent(path)}`, {
    method,
    headers: { Authorization: `token ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok && !(method === 'DELETE' && res.status === 404)) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
}

/** Waits until the page shows its content (a heading or a marked part), and no "Loading…" left (at most 20 s; a page may keep one). */
async function settle(page: Page): Promise<void> {
  await page.locator('main h1, main h2, main [role="heading"], main [data-testid]').first().waitFor({ timeout: 30_000 });
  await page.waitForFunction(() => !/Loading…/.test(document.querySelector('main')?.textContent ?? ''), undefined, { timeout: 20_000 }).catch(() => undefined);
  await page.waitForTimeout(400);
}

describe('accessibility of every page', () => {
  let app: E2eApp;
  let labA: string;
  let origin: string;
  const problems: A11yProblem[] = [];
  const layout: ({ page: string; theme: string; size: string } & HeaderMeasure)[] = [];
  const visited: string[] = [];

  /** Scans the page as it is in both themes, shoots it and measures its headers at both sizes in each. */
  async function check(name: string, page: Page = app.page): Promise<void> {
    visited.push(name);
    for (const theme of ['light', 'dark'] as const) {
      await pickTheme(page, theme);
      problems.push(...(await scanA11y(page, `${name} (${theme})`)));
      for (const shot of await layoutShots(page, `${name}-${theme}`)) for (const h of shot.headers) layout.push({ page: name, theme, size: shot.size, ...h });
    }
  }

  async function visit(name: string, hash: string): Promise<void> {
    await app.page.goto(`${origin}/${hash}`);
    await settle(app.page);
    await check(name);
  }

  /** Opens the first row of the page's table and checks the page it leads to. */
  async function openFirstRow(name: string, tableTestId: string): Promise<void> {
    const row = app.page.getByTestId(tableTestId).locator('.vtable-row').first();
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    await settle(app.page);
    await check(name);
  }

  beforeAll(async () => {
    await jupyterContents('PUT', notebookPath, {
      type: 'notebook',
      format: 'json',
      content: {
        nbformat: 4,
        nbformat_minor: 5,
        metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
        cells: [
          { cell_type: 'markdown', id: 'm1', metadata: {}, source: '# Accessibility\nSome **bold** text and $e^{i\\pi} + 1 = 0$.' },
          {
            cell_type: 'code',
            id: 'c1',
            metadata: {},
            execution_count: 1,
            source: 'print("hello")',
            outputs: [
              { output_type: 'stream', name: 'stdout', text: 'hello\n' },
              { output_type: 'display_data', metadata: {}, data: { 'text/markdown': '**bold** output', 'text/plain': 'bold output' } },
            ],
          },
        ],
      },
    });
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    await app.page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    labA = await clusterIdOf(app.page, 'lab-a');
    origin = new URL(app.page.url()).origin;
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await jupyterContents('DELETE', notebookPath);
  });

  it('has no serious or critical axe violation on any page, in light and dark; titles on one line, pickers sized to content', async () => {
    const id = encodeURIComponent(labA);
    const { page } = app;
    // home: with no cluster yet the welcome page (a fresh MLDeck, as first-run.e2e.ts starts), then with the lab's
    const fresh = await openApp();
    try {
      await fresh.page.getByTestId('welcome').waitFor({ timeout: 30_000 });
      await settle(fresh.page);
      await check('home-welcome', fresh.page);
    } finally {
      await fresh.close();
    }
    await visit('home', '#/');
    await visit('overview', `#/overview/${id}`);
    await visit('clusters', '#/clusters');

    // a confirmation dialog (removing a context), scanned open
    await page.getByTestId('cluster-row-lab-b').getByRole('button', { name: 'Remove' }).click();
    await page.getByTestId('confirm-dialog').waitFor();
    await check('confirm-dialog');
    await page.getByTestId('confirm-dialog').getByRole('button', { name: 'Cancel' }).click();

    await visit('jobs', `#/jobs/${id}`);
    await openFirstRow('job', 'jobs-table');
    await visit('job-new', `#/job-new/${id}`);
    await visit('gpus', `#/gpus/${id}`);
    await visit('notebook-servers', `#/notebooks/${id}`);
    await visit('notebook-server', `#/nbserver/${id}/team-a/alice-scipy`);
    await visit('notebook-server-new', `#/nbserver-new/${id}`);
    await page.goto(`${origin}/#/nb/${id}/team-a/alice-scipy?path=${encodeURIComponent(notebookPath)}`);
    const asked = page.locator('[data-testid="nb-connection"][data-state="needs-token"]');
    const ready = page.locator('[data-testid="notebook-editor"][data-ready="true"]');
    await asked.or(ready).first().waitFor({ timeout: 60_000 });
    if ((await asked.count()) > 0) {
      await check('notebook-token');
      await page.getByLabel('Jupyter token').fill(token);
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
    }
    await ready.waitFor({ timeout: 60_000 });
    await page
      .getByText('bold output')
      .or(page.locator('strong', { hasText: 'bold' }))
      .first()
      .waitFor();
    await check('notebook-editor');

    await visit('models', `#/models/${id}`);
    // the connection panel asks first (a fresh data directory); the list shows once MLflow is confirmed
    await page.locator('[data-testid="mlflow-candidate"], [data-testid="model-row"]').first().waitFor({ timeout: 30_000 });
    if ((await page.locator('[data-testid="mlflow-candidate"]').count()) > 0) {
      await confirmLabMlflow(page);
      await settle(page);
      await check('models-confirmed');
    }
    // the registry as registry.e2e.ts walks it: fraud-clf, its first version, its first two versions compared
    const fraud = page.locator('[data-testid="model-row"][data-name="fraud-clf"]');
    await fraud.waitFor({ timeout: 30_000 });
    await fraud.getByRole('button', { name: 'fraud-clf' }).click();
    const versionRows = page.getByTestId('version-row');
    await versionRows.nth(1).waitFor({ timeout: 30_000 });
    await settle(page);
    await check('model');
    const [v1, v2] = await versionRows.evaluateAll((rows) => rows.slice(0, 2).map((r) => r.getAttribute('data-version') ?? ''));
    await versionRows
      .first()
      .getByRole('button', { name: `v${v1}`, exact: true })
      .click();
    await page.getByTestId('run-metrics').waitFor({ timeout: 30_000 });
    await settle(page);
    await check('model-version');
    await page.getByRole('button', { name: 'fraud-clf' }).click();
    await versionRows.nth(1).waitFor({ timeout: 30_000 });
    await page.getByTestId(`pick-${v1}`).check();
    await page.getByTestId(`pick-${v2}`).check();
    await page.getByTestId('compare-versions').click();
    await page.getByTestId('compare-table').waitFor({ timeout: 30_000 });
    await settle(page);
    await check('model-compare');

    await visit('mlflow-experiments', `#/mlflow?${new URLSearchParams({ s: `cluster:${id}` }).toString()}`);
    // a run of lab-a's fraud-detection experiment (as mlflow-runs.e2e.ts opens one of lab-b's), its history charts drawn
    await page.locator('[data-testid="mlflow-experiment"][data-name="fraud-detection"]').click();
    await page.locator('[data-testid="runs-status"][data-complete="true"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('mlflow-run-link').first().click();
    await page.getByTestId('mlflow-run-page').waitFor({ timeout: 30_000 });
    await page.getByTestId('run-metrics').waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="metric-history"] canvas').first().waitFor({ timeout: 30_000 });
    await settle(page);
    await check('mlflow-run');
    await visit('serving', `#/serving/${id}`);
    await openFirstRow('inference-service', 'serving-table');
    await visit('deploy', `#/deploy/${id}`);
    await visit('pipelines', `#/pipelines/${id}`);
    // the seeded training pipeline, its newest version with its graph drawn (as pipelines.e2e.ts and pipeline-runs.e2e.ts)
    await page.locator('[data-testid="pipeline-row"][data-name="training"]').click();
    await page.getByTestId('pipeline-page').waitFor({ timeout: 30_000 });
    await page.getByTestId('version-row').first().waitFor({ timeout: 30_000 });
    await settle(page);
    await check('pipeline');
    await page.getByTestId('version-row').first().click();
    await page.getByTestId('pipeline-version-page').waitFor({ timeout: 30_000 });
    await page.getByTestId('version-task').first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="version-graph"] .react-flow__node').first().waitFor({ timeout: 30_000 });
    await page.locator('[data-testid="version-spec"] .monaco-editor').waitFor({ timeout: 30_000 });
    await settle(page);
    await check('pipeline-version');
    // a seeded training run that succeeded, found in the Runs list by its name (the newest rows are other tests' runs,
    // which come and go), scanned once its graph is laid out and drawn
    await page.goto(`${origin}/#/pipeline-runs/${id}`);
    await page.getByTestId('runs-search').fill('kf-0-train-0');
    await page.locator('[data-testid="run-row"][data-name="kf-0-train-0"][data-state="SUCCEEDED"]').click({ timeout: 30_000 });
    await page.locator('[data-testid="run-graph"][data-laid-out="yes"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('run-node').first().waitFor({ timeout: 30_000 });
    await settle(page);
    await check('pipeline-run');
    // its timeline, and a task's drawer (as pipeline-run.e2e.ts opens them)
    await page.getByTestId('tab-timeline').click();
    await page.getByTestId('gantt-row').first().waitFor({ timeout: 30_000 });
    await check('pipeline-run-timeline');
    await page.getByTestId('tab-graph').click();
    await page.locator('[data-testid="run-graph"][data-laid-out="yes"]').waitFor({ timeout: 30_000 });
    await page.getByTestId('run-node').last().click();
    await page.getByTestId('task-drawer').waitFor({ timeout: 30_000 });
    await settle(page);
    await check('pipeline-run-task');
    // a Katib experiment that ended (its charts drawn), then the new-experiment form (as katib.e2e.ts)
    await page.goto(`${origin}/#/katib/${id}`);
    await page.getByTestId('katib-table').locator('.vtable-row', { hasText: 'mnist-grid' }).first().click();
    await page.getByTestId('experiment-summary').waitFor({ timeout: 30_000 });
    await page.waitForFunction(
      () => Number((document.querySelector('[data-testid="katib-parallel"]') as HTMLElement | null)?.dataset.draws ?? 0) > 0,
      undefined,
      {
        timeout: 30_000,
      },
    );
    await settle(page);
    await check('katib-experiment');
    await page.goto(`${origin}/#/katib/${id}`);
    await page.locator('button[data-testid="new-experiment"]:not([disabled])').click({ timeout: 30_000 });
    await page.getByTestId('experiment-form').waitFor({ timeout: 30_000 });
    await settle(page);
    await check('experiment-new');
    await visit('builder', `#/builder/${id}`);
    // the canvas with a task on it, selected: its box with typed ports, its settings
    await page.getByTestId('palette-container-step').first().click();
    await page.locator('.react-flow__node-task').first().click();
    await page.getByTestId('task-settings').waitFor();
    await check('builder-task');
    await visit('feast', `#/feast/${id}`);
    // lab-a's fraud_detection project and its first feature view (as feast.e2e.ts)
    await page.locator('[data-testid="feast-project-row"][data-cluster="lab-a"][data-project="fraud_detection"]').click({ timeout: 60_000 });
    await page.getByTestId('feast-view-row').first().waitFor({ timeout: 30_000 });
    await settle(page);
    await check('feast-project');
    // the project's lineage, once ELK laid it out
    await page.getByTestId('tab-lineage').click();
    await page.locator('[data-testid="feast-lineage"][data-laid-out="true"]').waitFor({ timeout: 30_000 });
    await check('feast-lineage');
    await page.getByTestId('tab-feature-views').click();
    await page.getByTestId('feast-view-row').first().click();
    await page.getByTestId('feast-feature').first().waitFor({ timeout: 30_000 });
    await settle(page);
    await check('feast-view');
    await visit('compare', '#/compare');
    await visit('pods', `#/r/${id}/core/v1/pods?ns=team-a`);
    await visit('nodes', `#/r/${id}/core/v1/nodes`);

    // every other sidebar entry present when the test runs (features added since are covered too)
    await page.goto(`${origin}/#/overview/${id}`);
    await settle(page);
    const entries = await page.locator('nav.sidebar [data-testid^="nav-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid') ?? ''));
    const known = new Set(['nav-clusters', 'nav-notebooks', 'nav-models', 'nav-pipelines', 'nav-builder', 'nav-serving', 'nav-gpus']);
    for (const entry of entries.filter((e) => !known.has(e))) {
      await page.getByTestId(entry).click();
      await settle(page);
      await check(entry.replace(/^nav-/, ''));
    }

    // the palette, open
    await page.goto(`${origin}/#/overview/${id}`);
    await settle(page);
    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor();
    await check('palette');
    await page.keyboard.press('Escape');

    writeFileSync(join(screenshotDir, '..', 'a11y-problems.json'), JSON.stringify(problems, null, 1));
    console.log(`a11y: scanned ${visited.length} pages in light and dark: ${visited.join(', ')}`);
    // both checks reported in one run
    expect.soft(describeProblems(problems)).toBe('');
    const wrapped = layout.filter((h) => h.titleLines > 1 || h.widestPicker > h.headerWidth / 2);
    expect.soft(wrapped).toEqual([]);
    // every page was measured in both themes at both sizes (a header that is not there is not checked)
    const measured = new Set(layout.map((h) => `${h.theme} ${h.size}`));
    expect.soft([...measured].sort()).toEqual(['dark', 'light'].flatMap((t) => layoutSizes.map((s) => `${t} ${s.width}x${s.height}`)).sort());
  }, 1_500_000);
});
