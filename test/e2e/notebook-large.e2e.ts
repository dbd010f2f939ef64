// SPDX-License-Identifier: Apache-2.0
/**
 * A 40 MB notebook in browser mode, in Chromium against the lab: it opens (the notebook comes to
 * the page in chunks over the one WebSocket), a cell is edited, the draft of the whole notebook
 * is kept, and Ctrl+S saves it (the notebook goes to the host in chunks); the file on the lab's
 * Jupyter then has the edit and is still ~40 MB, and the host is still running.
 */
import { statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labInfo, tempNamespace, startNotebookServer } from '../harness/lab';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

const root = resolve(import.meta.dirname, '..', '..');
const jupyter = 'http://127.0.0.1:18888';
const jupyterToken = 'mldeck-lab-token';
const notebooksRoot = join(process.env.MLDECK_LAB_DIR ?? join(root, '.lab'), 'notebooks');
const folder = `e2e-large-${Date.now().toString(36)}`;
const serverName = 'large-nb';

/** The lab's Jupyter REST API, straight. */
async function contents(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${jupyter}/api/contents/${path.split('/').map(encodeURIComponent).join('/')}`, {
    method,
    headers: { Authorization: `token ${jupyterToken}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
}

/** A notebook of ~40 MB: a small first cell, then four cells with 10 MB text outputs each. */
function bigNotebook() {
  const line = `${'0123456789abcdef'.repeat(6)}\n`; // 97 characters
  const output = line.repeat(Math.ceil((10 * 1000 * 1000) / line.length));
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: [
      { cell_type: 'code', id: 'first', source: 'x = 1', metadata: {}, outputs: [], execution_count: null },
      ...Array.from({ length: 4 }, (_, i) => ({
        cell_type: 'code',
        id: `big-${i}`,
        source: `print(data_${i})`,
        metadata: {},
        execution_count: i + 1,
        outputs: [{ output_type: 'stream', name: 'stdout', text: output }],
      })),
    ],
  };
}

async function giveTokenIfAsked(page: Page, timeout: number): Promise<void> {
  const asked = page.locator('[data-testid="nb-connection"][data-state="needs-token"]');
  const ready = page.locator('[data-testid="notebook-editor"][data-ready="true"]');
  await asked.or(ready).first().waitFor({ timeout });
  if ((await asked.count()) > 0) {
    await page.getByLabel('Jupyter token').fill(jupyterToken);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
  }
}

describe('a 40 MB notebook in browser mode', () => {
  let app: E2eApp | undefined;
  let ns: { name: string; remove(): Promise<void> };

  /** On a failed wait: a screenshot and what the host said (token hidden), then the error. */
  const explain = (shot: string) => async (e: unknown) => {
    await app?.shot(shot);
    console.log(
      `the host said:\n${app
        ?.hostOutput()
        .replace(/#token=[0-9a-f]+/g, '#token=…')
        .slice(-4000)}\npage errors: ${app?.pageErrors.join('\n')}`,
    );
    throw e;
  };

  beforeAll(async () => {
    ns = await tempNamespace('nblarge');
    await startNotebookServer(ns.name, serverName);
    await contents('PUT', folder, { type: 'directory' });
  });

  afterAll(async () => {
    await app?.close();
    await contents('DELETE', `${folder}/big40.ipynb`).catch(() => undefined);
    await contents('DELETE', folder).catch(() => undefined);
    await ns?.remove();
  });

  it('opens it, keeps a draft of it, saves an edit with Ctrl+S, and the host stays up', async () => {
    const path = `${folder}/big40.ipynb`;
    const nb = bigNotebook();
    const size = JSON.stringify(nb).length;
    expect(size).toBeGreaterThan(40_000_000);
    await contents('PUT', path, { type: 'notebook', format: 'json', content: nb });

    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const labA = await clusterIdOf(page, 'lab-a');
    const origin = new URL(page.url()).origin;
    await page.goto(`${origin}/#/nb/${encodeURIComponent(labA)}/${ns.name}/${serverName}?path=${encodeURIComponent(path)}`);
    await giveTokenIfAsked(page, 90_000);
    await page.locator('[data-testid="notebook-editor"][data-ready="true"]').waitFor({ timeout: 120_000 }).catch(explain('nb-large-not-ready'));
    // the big outputs arrived whole: each shows its head and tail with the middle hidden
    await page.getByTestId('nb-output-hidden').first().waitFor({ timeout: 30_000 });

    const cell = page.getByTestId('nb-cell').first();
    await cell.getByTestId('nb-cell-source').click();
    await cell.locator('.monaco-editor textarea').waitFor({ state: 'attached', timeout: 10_000 });
    await page.keyboard.press('End');
    await page.keyboard.type('\nedited_in_browser_mode = 40');
    // the draft carries the whole notebook to the host
    await page
      .locator('[data-testid="nb-save-state"]')
      .getByText(/draft kept/)
      .waitFor({ timeout: 90_000 })
      .catch(explain('nb-large-no-draft'));
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+s');
    await page.locator('[data-testid="nb-save-state"][data-dirty="false"]').waitFor({ timeout: 120_000 }).catch(explain('nb-large-not-saved'));
    await app.shot('nb-large-saved');

    const saved = (await contents('GET', path)).content as { cells: { source: string; outputs?: { text?: string }[] }[] };
    expect(saved.cells[0]?.source).toContain('edited_in_browser_mode = 40');
    expect(saved.cells).toHaveLength(5);
    expect(saved.cells[4]?.outputs?.[0]?.text?.length).toBe(nb.cells[4]?.outputs[0]?.text.length);
    const onDisk = statSync(join(notebooksRoot, path)).size;
    expect(onDisk).toBeGreaterThan(40_000_000);
    expect(onDisk).toBeLessThan(48_000_000);
    expect(app.host.exitCode).toBeNull();
    expect(app.hostOutput()).not.toMatch(/closing ws-\d+/);
  });
});
