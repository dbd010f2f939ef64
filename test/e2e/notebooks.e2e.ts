// SPDX-License-Identifier: Apache-2.0
/**
 * Notebooks as a user works with them, in Chromium against the lab: a Notebook server made in a
 * temporary namespace (the lab's driver gives it a StatefulSet and a pod), reached through a
 * port-forward via the API server to the lab's real Jupyter server (which asks for its token).
 * A notebook is created, cells are typed and run (print, an exception with its traceback, a PNG
 * plot, a pandas HTML table), a long cell is interrupted, the notebook is saved and reopened with
 * its outputs, and the file passes Python's `nbformat` validation. A hostile notebook runs
 * nothing. MLDeck killed mid-edit offers the draft when it opens again. A 5 MB notebook opens.
 * With the cluster unreachable the notebook reads from the offline copy; edits made then are
 * saved when the cluster is back.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labInfo, tempNamespace, startNotebookServer } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

const root = resolve(import.meta.dirname, '..', '..');
const jupyter = 'http://127.0.0.1:18888';
const token = 'mldeck-lab-token';
const notebooksRoot = join(process.env.MLDECK_LAB_DIR ?? join(root, '.lab'), 'notebooks');
const python = join(process.env.MLDECK_LAB_CACHE ?? join(homedir(), '.cache', 'mldeck-lab'), 'venv', 'jupyter', 'bin', 'python');
const folder = `e2e-nb-${Date.now().toString(36)}`;
const serverName = 'e2e-server';

/** The lab's Jupyter REST API, straight (what another user or tab would do). */
async function contents(method: string, path: string, body?: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${jupyter}/api/contents/${path.split('/').map(encodeURIComponent).join('/')}`, {
    method,
    headers: { Authorization: `token ${token}`, 'Content-Type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? {} : ((await res.json()) as Record<string, unknown>);
}

function nb(cells: { cell_type: 'code' | 'markdown'; source: string }[]) {
  return {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } },
    cells: cells.map((c, i) =>
      c.cell_type === 'code'
        ? { cell_type: 'code', id: `cell-${i}`, source: c.source, metadata: {}, outputs: [], execution_count: null }
        : { cell_type: 'markdown', id: `cell-${i}`, source: c.source, metadata: {} },
    ),
  };
}

async function putNotebook(path: string, content: unknown): Promise<void> {
  await contents('PUT', path, { type: 'notebook', format: 'json', content });
}

/** Gives the token when the page asks for it. */
async function giveTokenIfAsked(page: Page, timeout = 60_000): Promise<void> {
  const asked = page.locator('[data-testid="nb-connection"][data-state="needs-token"]');
  const ready = page.locator('[data-testid="notebook-editor"][data-ready="true"]');
  await asked.or(ready).first().waitFor({ timeout });
  if ((await asked.count()) > 0) {
    await page.getByLabel('Jupyter token').fill(token);
    await page.getByRole('button', { name: 'Connect', exact: true }).click();
  }
}

/** Opens a notebook of a server by its route and waits until the editor is ready. */
async function openNotebook(app: E2eApp, clusterId: string, namespace: string, path: string, timeout = 60_000, server = serverName): Promise<void> {
  const origin = new URL(app.page.url()).origin;
  await app.page.goto(`${origin}/#/nb/${encodeURIComponent(clusterId)}/${namespace}/${server}?path=${encodeURIComponent(path)}`);
  await giveTokenIfAsked(app.page, timeout);
  await app.page.locator('[data-testid="notebook-editor"][data-ready="true"]').waitFor({ timeout });
}

/** Types code into the active (edit-mode) cell's Monaco editor. */
async function typeInCell(page: Page, cellIndex: number, code: string): Promise<void> {
  const cell = page.getByTestId('nb-cell').nth(cellIndex);
  await cell.getByTestId('nb-cell-source').click();
  await cell.locator('.monaco-editor textarea').waitFor({ state: 'attached', timeout: 10_000 });
  // Monaco closes brackets and quotes itself: type the text without the closers it adds
  await page.keyboard.type(code);
}

async function kernelIdle(page: Page): Promise<void> {
  await page.locator('[data-testid="nb-kernel-status"][data-status="idle"]').waitFor({ timeout: 60_000 });
}

function validateWithNbformat(file: string): string {
  return execFileSync(python, ['-c', 'import nbformat,sys; nb=nbformat.read(sys.argv[1], as_version=4); nbformat.validate(nb); print(len(nb.cells))', file], {
    encoding: 'utf8',
  }).trim();
}

describe('notebooks in the editor', () => {
  let app: E2eApp | undefined;
  let ns: { name: string; remove(): Promise<void> };
  let labA = '';

  beforeAll(async () => {
    ns = await tempNamespace('nbe2e');
    await startNotebookServer(ns.name, serverName);
    await contents('PUT', folder, { type: 'directory' });
  });

  /** The app of the earlier test, or a new one (so each test also runs alone). */
  async function theApp(): Promise<E2eApp> {
    if (!app) {
      app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
      await app.page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
      labA = await clusterIdOf(app.page, 'lab-a');
    }
    return app;
  }

  afterAll(async () => {
    await app?.close();
    await contents('DELETE', folder).catch(() => undefined);
    await ns?.remove();
  });

  it('creates a notebook, runs cells, interrupts one, saves it and reopens it with its outputs', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    labA = await clusterIdOf(page, 'lab-a');
    const origin = new URL(page.url()).origin;
    await page.goto(`${origin}/#/nbserver/${encodeURIComponent(labA)}/${ns.name}/${serverName}?path=${encodeURIComponent(folder)}`);

    // the lab's Jupyter asks for its token; MLDeck asks the user
    const browser = page.getByTestId('file-browser');
    await browser.locator('[data-testid="nb-connection"][data-state="needs-token"]').waitFor({ timeout: 60_000 });
    await app.shot('nb-01-token');
    await browser.getByLabel('Jupyter token').fill('not-the-token');
    await browser.getByRole('button', { name: 'Connect', exact: true }).click();
    await browser
      .locator('[data-testid="nb-connection"][data-state="needs-token"]')
      .getByText(/refused/i)
      .waitFor({ timeout: 30_000 });
    await browser.getByLabel('Jupyter token').fill(token);
    await browser.getByRole('button', { name: 'Connect', exact: true }).click();
    await browser.locator('[data-testid="nb-connection"][data-state="connected"]').waitFor({ timeout: 60_000 });
    await browser.getByTestId('fb-table').waitFor();

    await browser.getByTestId('fb-new-notebook').click();
    await page.getByRole('dialog').getByLabel('Name').fill('flow.ipynb');
    await page.getByRole('dialog').getByRole('button', { name: 'Create' }).click();
    await page.locator('[data-testid="notebook-editor"][data-ready="true"]').waitFor({ timeout: 60_000 });
    await kernelIdle(page);

    // print
    await typeInCell(page, 0, 'print("hello from " + "mldeck")');
    await page.keyboard.press('Shift+Enter');
    const cells = page.getByTestId('nb-cell');
    await cells.nth(0).locator('[data-testid="nb-output"][data-output-type="stream"]').getByText('hello from mldeck').waitFor({ timeout: 60_000 });
    // the execute_reply (which sets the count) can arrive after the stream output
    await expect.poll(() => cells.nth(0).getByTestId('nb-exec-count').textContent(), { timeout: 30_000 }).toContain('1');

    // an exception: the traceback is shown with its colours, as text
    await typeInCell(page, 1, '1/0');
    await page.keyboard.press('Shift+Enter');
    const error = cells.nth(1).locator('[data-testid="nb-output"][data-output-type="error"]');
    await error.waitFor({ timeout: 60_000 });
    expect(await error.textContent()).toContain('ZeroDivisionError');
    expect(await error.locator('span[style*="color"], span[class*="ansi"]').count()).toBeGreaterThan(0);

    // a PNG plot
    await typeInCell(page, 2, 'import matplotlib.pyplot as plt; plt.plot([1, 2, 3]);');
    await page.keyboard.press('Shift+Enter');
    const png = cells.nth(2).locator('[data-testid="nb-output"][data-mime="image/png"] img');
    await png.waitFor({ timeout: 90_000 });
    expect(await png.getAttribute('src')).toMatch(/^data:image\/png;base64,/);

    // a pandas table: HTML only inside a sandboxed frame without scripts or same-origin
    await typeInCell(page, 3, 'import pandas as pd; pd.DataFrame({"model": ["a", "b"], "auc": [0.91, 0.87]})');
    await page.keyboard.press('Shift+Enter');
    const frame = cells.nth(3).getByTestId('nb-html-frame');
    await frame.waitFor({ timeout: 60_000 });
    expect(await frame.getAttribute('sandbox')).toBe('');
    await expect
      .poll(() => page.frameLocator('[data-testid="nb-html-frame"]').first().locator('table td').first().textContent(), { timeout: 20_000 })
      .toBeTruthy();

    // a long cell, interrupted
    await typeInCell(page, 4, 'import time; time.sleep(120)');
    await page.keyboard.press('Shift+Enter');
    await cells
      .nth(4)
      .locator('[data-run-state="running"]')
      .or(cells.nth(4).and(page.locator('[data-run-state="running"]')))
      .first()
      .waitFor({ timeout: 30_000 });
    await page.getByTestId('nb-interrupt').click();
    const interrupted = cells.nth(4).locator('[data-testid="nb-output"][data-output-type="error"]');
    await interrupted.waitFor({ timeout: 30_000 });
    expect(await interrupted.textContent()).toContain('KeyboardInterrupt');
    await kernelIdle(page);
    await app.shot('nb-02-ran');

    // save, then check the file on the server
    await page.keyboard.press('Escape');
    await page.keyboard.press('Control+s');
    await page.locator('[data-testid="nb-save-state"][data-dirty="false"]').waitFor({ timeout: 30_000 });
    const saved = (await contents('GET', `${folder}/flow.ipynb`)).content as {
      cells: { outputs?: { output_type: string; data?: Record<string, unknown>; ename?: string }[] }[];
    };
    const outputs = saved.cells.flatMap((c) => c.outputs ?? []);
    expect(outputs.some((o) => o.output_type === 'stream')).toBe(true);
    expect(outputs.some((o) => o.ename === 'ZeroDivisionError')).toBe(true);
    expect(outputs.some((o) => o.data?.['image/png'] !== undefined)).toBe(true);
    expect(outputs.some((o) => o.data?.['text/html'] !== undefined)).toBe(true);
    expect(outputs.some((o) => o.ename === 'KeyboardInterrupt')).toBe(true);
    const file = join(notebooksRoot, folder, 'flow.ipynb');
    expect(existsSync(file)).toBe(true);
    expect(Number(validateWithNbformat(file))).toBeGreaterThanOrEqual(5);

    // reopen: the outputs come back from the file
    await page.reload();
    await page.locator('[data-testid="notebook-editor"][data-ready="true"]').waitFor({ timeout: 60_000 });
    await page.locator('[data-testid="nb-output"][data-mime="image/png"] img').first().waitFor({ timeout: 30_000 });
    expect(await page.locator('[data-testid="nb-output"][data-output-type="error"]').count()).toBe(2);
    expect(await page.getByText('hello from mldeck').count()).toBeGreaterThan(0);
    await app.shot('nb-03-reopened');
  });

  it('runs nothing from a hostile notebook', async () => {
    const fixture = JSON.parse(readFileSync(join(root, 'test', 'fixtures', 'notebooks', 'hostile.ipynb'), 'utf8')) as unknown;
    await putNotebook(`${folder}/hostile.ipynb`, fixture);
    const { page } = await theApp();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    const title = await page.title();
    await openNotebook(await theApp(), labA, ns.name, `${folder}/hostile.ipynb`);
    await page.getByTestId('nb-cell').first().waitFor();
    // give anything that could run the time to run, scrolling every cell into view
    const editor = page.getByTestId('notebook-editor');
    for (let i = 0; i < 6; i++) {
      await editor.evaluate((el) => el.querySelector('[data-virtual-scroll], .nb-cells')?.scrollBy(0, 600));
      await page.waitForTimeout(300);
    }
    await page.waitForTimeout(1500);
    expect(await page.title()).toBe(title);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
    expect(dialogs).toEqual([]);
    // no handler attributes or javascript: links made it into the app's document
    const risky = await page.evaluate(() => {
      const all = Array.from(document.querySelectorAll('[data-testid="notebook-editor"] *'));
      return all
        .filter((el) => Array.from(el.attributes).some((a) => a.name.startsWith('on') || /^\s*javascript:/i.test(a.value)) || el.tagName === 'SCRIPT')
        .map((el) => el.outerHTML.slice(0, 120));
    });
    expect(risky).toEqual([]);
    for (const f of await page.getByTestId('nb-html-frame').all()) {
      expect(await f.getAttribute('sandbox')).toBe('');
    }
    await app?.shot('nb-04-hostile');
  });

  it('offers the draft after MLDeck is killed mid-edit', async () => {
    await putNotebook(`${folder}/draft.ipynb`, nb([{ cell_type: 'code', source: 'x = 1' }]));
    await openNotebook(await theApp(), labA, ns.name, `${folder}/draft.ipynb`);
    const { page } = await theApp();
    await typeInCell(page, 0, '\nnote = "typed before the crash"');
    await page
      .locator('[data-testid="nb-save-state"]')
      .getByText(/draft kept/)
      .waitFor({ timeout: 30_000 });
    const dataDir = (app as E2eApp).dataDir;
    (app as E2eApp).host.kill('SIGKILL');
    await (app as E2eApp).browser.close();
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig }, { dataDir });
    await app.page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const origin = new URL(app.page.url()).origin;
    await app.page.goto(`${origin}/#/nb/${encodeURIComponent(labA)}/${ns.name}/${serverName}?path=${encodeURIComponent(`${folder}/draft.ipynb`)}`);
    const offer = app.page.getByTestId('nb-draft-offer');
    await offer.waitFor({ timeout: 60_000 }).catch(async (e: unknown) => {
      await app?.shot('nb-05-draft-offer-missing');
      throw e;
    });
    await app.shot('nb-05-draft-offer');
    await app.page.getByTestId('nb-draft-restore').click();
    await app.page.getByText('typed before the crash').first().waitFor({ timeout: 20_000 });
    await app.page.getByTestId('nb-save').click();
    await app.page.locator('[data-testid="nb-save-state"][data-dirty="false"]').waitFor({ timeout: 30_000 });
    const saved = (await contents('GET', `${folder}/draft.ipynb`)).content as { cells: { source: string }[] };
    expect(saved.cells[0]?.source).toContain('typed before the crash');
  });

  it('uploads, renames, downloads and deletes files, and asks what to do when a save conflicts', async () => {
    const a = await theApp();
    const { page } = a;
    const origin = new URL(page.url()).origin;
    const sub = `${folder}/files`;
    await contents('PUT', sub, { type: 'directory' });
    await page.goto(`${origin}/#/nbserver/${encodeURIComponent(labA)}/${ns.name}/${serverName}?path=${encodeURIComponent(sub)}`);
    const browser = page.getByTestId('file-browser');
    await browser
      .locator('[data-testid="nb-connection"][data-state="connected"], [data-testid="nb-connection"][data-state="needs-token"]')
      .first()
      .waitFor({ timeout: 60_000 });
    if ((await browser.locator('[data-testid="nb-connection"][data-state="needs-token"]').count()) > 0) {
      await browser.getByLabel('Jupyter token').fill(token);
      await browser.getByRole('button', { name: 'Connect', exact: true }).click();
    }
    await browser.getByTestId('fb-table').waitFor({ timeout: 60_000 });

    // upload a file the user picks
    await browser.getByTestId('fb-upload-input').setInputFiles({ name: 'params.csv', mimeType: 'text/csv', buffer: Buffer.from('lr,epochs\n0.01,3\n') });
    const row = (name: string) => browser.locator(`[data-testid="fb-entry"][data-name="${name}"]`);
    await row('params.csv').waitFor({ timeout: 30_000 });
    expect(readFileSync(join(notebooksRoot, sub, 'params.csv'), 'utf8')).toBe('lr,epochs\n0.01,3\n');

    // rename it
    await row('params.csv').getByRole('button', { name: 'Rename params.csv' }).click();
    await page.getByRole('dialog').getByLabel('Name').fill('hparams.csv');
    await page.getByRole('dialog').getByRole('button', { name: 'Rename' }).click();
    await row('hparams.csv').waitFor({ timeout: 30_000 });
    expect(await row('params.csv').count()).toBe(0);

    // download it: the browser receives the same bytes
    const [download] = await Promise.all([page.waitForEvent('download'), row('hparams.csv').getByRole('button', { name: 'Download hparams.csv' }).click()]);
    expect(download.suggestedFilename()).toBe('hparams.csv');
    const saved = await download.path();
    expect(readFileSync(saved, 'utf8')).toBe('lr,epochs\n0.01,3\n');

    // delete it, after confirming
    await row('hparams.csv').getByRole('button', { name: 'Delete hparams.csv' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await row('hparams.csv').waitFor({ state: 'detached', timeout: 30_000 });
    expect(existsSync(join(notebooksRoot, sub, 'hparams.csv'))).toBe(false);
    await a.shot('nb-08-files');

    // a save that conflicts: someone else saved the notebook after it was opened
    await putNotebook(`${sub}/shared.ipynb`, nb([{ cell_type: 'code', source: 'x = 1' }]));
    await openNotebook(a, labA, ns.name, `${sub}/shared.ipynb`);
    await new Promise((r) => setTimeout(r, 1100)); // Jupyter's last_modified has second precision here
    await putNotebook(`${sub}/shared.ipynb`, nb([{ cell_type: 'code', source: 'x = 2  # theirs' }]));
    await typeInCell(page, 0, '\ny = "mine"');
    await page.keyboard.press('Escape');
    await page.getByTestId('nb-save').click();
    const dialog = page.getByTestId('nb-conflict');
    await dialog.waitFor({ timeout: 30_000 });
    await a.shot('nb-09-conflict');
    await page.getByTestId('nb-conflict-overwrite').click();
    await page.locator('[data-testid="nb-save-state"][data-dirty="false"]').waitFor({ timeout: 30_000 });
    const after = (await contents('GET', `${sub}/shared.ipynb`)).content as { cells: { source: string }[] };
    expect(after.cells[0]?.source).toContain('y = "mine"');
    expect(after.cells[0]?.source).not.toContain('theirs');
  });

  it('sets how the cluster’s servers are reached: a gateway URL must be http(s); cleared, the port-forward is used again', async () => {
    const a = await theApp();
    const { page } = a;
    const origin = new URL(page.url()).origin;
    await page.goto(`${origin}/#/nbserver/${encodeURIComponent(labA)}/${ns.name}/${serverName}?path=${encodeURIComponent(folder)}`);
    const browser = page.getByTestId('file-browser');
    await browser.getByTestId('fb-table').or(browser.locator('[data-testid="nb-connection"][data-state="needs-token"]')).first().waitFor({ timeout: 60_000 });
    await browser.getByTestId('fb-connection-settings').click();
    const form = page.getByTestId('nb-gateway-settings');
    await form.getByLabel('Kubeflow gateway URL').fill('javascript:alert(1)');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.locator('[role="alert"]').waitFor({ timeout: 10_000 });
    expect(await form.locator('[role="alert"]').textContent()).toMatch(/http/i);
    await form.getByLabel('Kubeflow gateway URL').fill('');
    await form.getByRole('button', { name: 'Save' }).click();
    await browser
      .locator('[data-testid="nb-connection"][data-state="connected"], [data-testid="nb-connection"][data-state="needs-token"]')
      .first()
      .waitFor({ timeout: 60_000 });
    if ((await browser.locator('[data-testid="nb-connection"][data-state="needs-token"]').count()) > 0) {
      await browser.getByLabel('Jupyter token').fill(token);
      await browser.getByRole('button', { name: 'Connect', exact: true }).click();
    }
    await browser.getByText('Connected through a port-forward').waitFor({ timeout: 60_000 });
  });

  it('opens a 5 MB notebook of 2,000 cells and stays editable', async () => {
    const cells = Array.from({ length: 2000 }, (_, i) => ({
      cell_type: 'code' as const,
      id: `c${i}`,
      source: `# step ${i}\nvalue_${i} = sum(range(${i}))\nprint(value_${i})`,
      metadata: {},
      execution_count: i + 1,
      outputs: [{ output_type: 'stream', name: 'stdout', text: `${'x'.repeat(2300)}\n` }],
    }));
    const big = { nbformat: 4, nbformat_minor: 5, metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } }, cells };
    expect(JSON.stringify(big).length).toBeGreaterThan(5_000_000);
    await putNotebook(`${folder}/big.ipynb`, big);
    const { page } = await theApp();
    await openNotebook(await theApp(), labA, ns.name, `${folder}/big.ipynb`, 90_000);
    expect(await page.getByTestId('nb-cell').count()).toBeLessThan(200); // virtualised
    await typeInCell(page, 0, 'extra = 1\n');
    // Monaco shows spaces as no-break spaces
    await expect
      .poll(async () => (await page.getByTestId('nb-cell').first().textContent())?.replace(/\u00a0/g, ' '), { timeout: 10_000 })
      .toContain('extra = 1');
    await app?.shot('nb-06-big');
  });
});

describe('notebooks offline', () => {
  let app: E2eApp | undefined;
  let relay: TcpRelay | undefined;
  afterAll(async () => {
    await app?.close();
    await relay?.close();
    await contents('DELETE', `seeded-offline-${process.pid}.ipynb`).catch(() => undefined);
  });

  it('reads a notebook opened before from the offline copy, keeps edits and saves them when the cluster is back', async () => {
    const path = `seeded-offline-${process.pid}.ipynb`;
    await putNotebook(path, {
      ...nb([{ cell_type: 'code', source: 'print("kept for offline")' }]),
      cells: [
        {
          cell_type: 'code',
          id: 'k1',
          source: 'print("kept for offline")',
          metadata: {},
          execution_count: 1,
          outputs: [{ output_type: 'stream', name: 'stdout', text: 'kept for offline\n' }],
        },
      ],
    });
    relay = await startRelay(16443);
    const kubeconfig = relay.kubeconfig(labInfo().kubeconfig, 'lab-a');
    app = await openApp({ KUBECONFIG: kubeconfig });
    await app.page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const labA = await clusterIdOf(app.page, 'lab-a');
    const origin = new URL(app.page.url()).origin;
    // the seeded server team-a/alice-scipy
    const url = `${origin}/#/nb/${encodeURIComponent(labA)}/team-a/alice-scipy?path=${encodeURIComponent(path)}`;
    await app.page.goto(url);
    const conn = app.page.getByTestId('nb-connection');
    await conn
      .and(app.page.locator('[data-state="needs-token"]'))
      .or(app.page.locator('[data-testid="notebook-editor"][data-ready="true"]'))
      .first()
      .waitFor({ timeout: 60_000 });
    if (await app.page.locator('[data-testid="nb-connection"][data-state="needs-token"]').count()) {
      await app.page.getByLabel('Jupyter token').fill(token);
      await app.page.getByRole('button', { name: 'Connect', exact: true }).click();
    }
    await app.page.locator('[data-testid="notebook-editor"][data-ready="true"]').waitFor({ timeout: 60_000 });
    await app.page.getByText('kept for offline').first().waitFor();

    await relay.down();
    await app.page.reload();
    await app.page.getByTestId('nb-offline').waitFor({ timeout: 90_000 });
    await app.page.locator('[data-testid="notebook-editor"][data-ready="true"]').waitFor({ timeout: 30_000 });
    expect(await app.page.getByText('kept for offline').count()).toBeGreaterThan(0);
    await app.shot('nb-07-offline');
    await typeInCell(app.page, 0, '\n# edited offline');
    await app.page
      .locator('[data-testid="nb-save-state"]')
      .getByText(/draft kept/)
      .waitFor({ timeout: 30_000 });

    await relay.up();
    await app.page.getByTestId('nb-save-when-back').waitFor({ timeout: 120_000 });
    await app.page.getByTestId('nb-save-when-back').click();
    await app.page.locator('[data-testid="nb-save-state"][data-dirty="false"]').waitFor({ timeout: 30_000 });
    const saved = (await contents('GET', path)).content as { cells: { source: string }[] };
    expect(saved.cells[0]?.source).toContain('# edited offline');
  });
});
