// SPDX-License-Identifier: Apache-2.0
/**
 * Accessibility and layout of every page, in Chromium against the lab: each page a user reaches
 * (the sidebar's entries, whatever they are when the test runs, and the object pages, forms,
 * the notebook editor, the palette and a confirmation dialog) is scanned with axe-core in the
 * light and the dark theme; any serious or critical violation fails the test, all of them listed.
 * Each page is also shot at 1280×800 and 1920×1080 in both themes (test-results/screenshots/layout)
 * and its header checked: the title on one line, pickers sized to their content.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { describeProblems, headerLayout, layoutShots, pickTheme, scanA11y, type A11yProblem } from './a11y';
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
  const layout: { page: string; title: string; titleLines: number; widestPicker: number; headerWidth: number }[] = [];
  const visited: string[] = [];

  /** Scans the page as it is in both themes, shoots it, checks its header. */
  async function check(name: string): Promise<void> {
    const { page } = app;
    visited.push(name);
    for (const theme of ['light', 'dark'] as const) {
      await pickTheme(page, theme);
      problems.push(...(await scanA11y(page, `${name} (${theme})`)));
      await layoutShots(page, `${name}-${theme}`);
      if (theme === 'light') {
        await page.setViewportSize({ width: 1280, height: 800 });
        for (const h of await headerLayout(page)) layout.push({ page: name, ...h });
        await page.setViewportSize({ width: 1400, height: 880 });
      }
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
    if ((await page.locator('[data-testid="mlflow-candidate"]').count()) > 0) {
      await confirmLabMlflow(page);
      await settle(page);
      await check('models-confirmed');
    }
    await visit('mlflow-experiments', `#/mlflow?${new URLSearchParams({ s: `cluster:${id}` }).toString()}`);
    await visit('serving', `#/serving/${id}`);
    await openFirstRow('inference-service', 'serving-table');
    await visit('deploy', `#/deploy/${id}`);
    await visit('pipelines', `#/pipelines/${id}`);
    await visit('builder', `#/builder/${id}`);
    await visit('feast', `#/feast/${id}`);
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
  }, 900_000);
});
