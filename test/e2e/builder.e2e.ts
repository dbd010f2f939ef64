// SPDX-License-Identifier: Apache-2.0
/**
 * The pipeline builder in a real browser against lab-a's KFP: components read from a component
 * file the kfp SDK compiled (test/fixtures/kfp/built.yaml), a pipeline drawn on the canvas
 * (download → train → evaluate) by dragging between ports, with a pipeline parameter `lr`, train's
 * `epochs` set on the task and a GPU request; a wrongly typed connection refused with the reason
 * at drop; undo/redo by keyboard; the IR exported as a download and loaded by the lab venv's kfp
 * SDK; the draft restored after a reload and after the whole app is killed (kept by main in SQLite),
 * and listed in Drafts; the pipeline uploaded to lab-a and listed on the Pipelines page (the pipelines contract).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { ensureEnv, python, pythonEnv } from '../lab/peers/python-envs';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

const execFileAsync = promisify(execFile);
const kfp = 'http://127.0.0.1:18801/apis/v2beta1';
const fixture = join(import.meta.dirname, '..', 'fixtures', 'kfp', 'built.yaml');

async function kfpPipelines(name: string): Promise<{ pipeline_id: string }[]> {
  const filter = JSON.stringify({ predicates: [{ key: 'name', operation: 'EQUALS', string_value: name }] });
  const res = await fetch(`${kfp}/pipelines?${new URLSearchParams({ filter })}`);
  return ((await res.json()) as { pipelines?: { pipeline_id: string }[] }).pipelines ?? [];
}

/** Drags from one handle to another with the mouse, as a user draws an edge. */
async function drag(page: Page, from: string, to: string): Promise<void> {
  const a = await page.locator(from).boundingBox();
  const b = await page.locator(to).boundingBox();
  if (!a || !b) throw new Error(`no handle ${a ? to : from}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

const handle = (task: string, id: string) => `[data-testid="${task}"] [data-handleid="${id}"]`;

/** What the kfp SDK makes of an exported file. */
async function loadWithKfp(file: string): Promise<{ name: string; tasks: string[]; required: string[]; gpu: unknown; params: Record<string, unknown> }> {
  await ensureEnv('kfp');
  const script = `
import json, sys
from kfp import components
from google.protobuf import json_format
c = components.load_component_from_file(sys.argv[1])
d = json_format.MessageToDict(c.pipeline_spec)
tasks = sorted(d['root']['dag']['tasks'].keys())
gpu = d['deploymentSpec']['executors']['exec-fit']['container'].get('resources', {}).get('accelerator')
params = {k: v['parameterType'] for k, v in d['root']['inputDefinitions']['parameters'].items()}
print(json.dumps({'name': c.name, 'tasks': tasks, 'required': sorted(c.required_inputs), 'gpu': gpu, 'params': params}))
`;
  const { stdout } = await execFileAsync(python('kfp'), ['-c', script, file], { env: { ...process.env, ...pythonEnv() }, timeout: 120_000 });
  return JSON.parse(stdout) as { name: string; tasks: string[]; required: string[]; gpu: unknown; params: Record<string, unknown> };
}

describe('pipeline builder', () => {
  let app: E2eApp | undefined;
  const work = mkdtempSync(join(tmpdir(), 'mldeck-builder-e2e-'));
  afterEach(async () => {
    await app?.close();
    app = undefined;
    rmSync(work, { recursive: true, force: true });
  });

  it('draws download → train → evaluate, exports IR the kfp SDK loads, and uploads it to lab-a', async () => {
    const name = `e2e-built-${Date.now().toString(36)}`;
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    let { page } = app;
    try {
      await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
      await page.getByTestId('cluster-switcher').selectOption(await clusterIdOf(page, 'lab-a'));
      await page.getByTestId('nav-builder').click();
      await page.getByTestId('builder-page').waitFor();
      // the built-ins are there at once; the cluster's components come as its versions are read
      await page.getByTestId('palette-launch-training-job').waitFor();
      await page.getByTestId('palette-file').setInputFiles({ name: 'built.yaml', mimeType: 'application/x-yaml', buffer: readFileSync(fixture) });
      await page.getByTestId('builder-name').fill(name);
      await page.getByTestId('builder-name').press('Enter');

      // one pipeline parameter
      await page.getByLabel('New parameter name').fill('lr');
      await page.getByLabel('New parameter type').selectOption('NUMBER_DOUBLE');
      await page.getByLabel('New parameter default').fill('0.01');
      await page.getByTestId('param-add').click();
      await page.getByTestId('params-node').waitFor();

      // download, train, evaluate from the opened file
      for (const c of ['load', 'fit', 'judge']) {
        await page.locator(`[data-testid="palette-${c}"]`).first().click();
        await page.getByTestId(`task-${c}`).waitFor();
      }
      // undo and redo the last one by keyboard
      await page.getByTestId('task-judge').click();
      await page.keyboard.press('Control+z');
      await page.getByTestId('task-judge').waitFor({ state: 'detached' });
      await page.getByTestId('builder-canvas').click({ position: { x: 300, y: 300 } });
      await page.keyboard.press('Control+Shift+z');
      await page.getByTestId('task-judge').waitFor();

      // open inputs are problems at their port
      expect(await page.getByTestId('builder-problems').textContent()).toContain('fit.data');
      expect(await page.locator(handle('task-fit', 'in:data')).getAttribute('class')).toContain('builder-handle-problem');
      expect(await page.getByTestId('port-in:data').first().getAttribute('title')).toContain('needs a value');

      // a double into an integer is refused at drop, with the reason
      await page.getByRole('button', { name: 'Auto-layout' }).click();
      await page.waitForTimeout(500);
      await page.locator('.react-flow__controls-fitview').click();
      await page.waitForTimeout(300);
      await app.shot('builder-before-drag');
      await drag(page, handle('params-node', 'p:lr'), handle('task-fit', 'in:epochs'));
      await page.getByTestId('builder-refusal').waitFor();
      expect(await page.getByTestId('builder-refusal').textContent()).toContain('lr is NUMBER_DOUBLE; "epochs" takes NUMBER_INTEGER');
      await page.getByTestId('builder-refusal').getByRole('button', { name: 'Dismiss' }).click();
      await page.locator('.react-flow__controls-fitview').click();
      await page.waitForTimeout(500); // the fit animates: ports move until it ends

      // wire the steps
      const edges = (n: number) => page.waitForFunction((k) => document.querySelectorAll('.react-flow__edge').length >= k, n);
      await drag(page, handle('task-load', 'out:data'), handle('task-fit', 'in:data'));
      await edges(1);
      await page.waitForTimeout(500);
      await page.locator('.react-flow__controls-fitview').click();
      await drag(page, handle('params-node', 'p:lr'), handle('task-fit', 'in:lr'));
      await edges(2);
      await page.waitForTimeout(500);
      await page.locator('.react-flow__controls-fitview').click();
      await drag(page, handle('task-fit', 'out:model'), handle('task-judge', 'in:model'));
      await edges(3);

      // the download's inputs, train's epochs and its GPU
      await page.locator('[data-testid="task-load"] .builder-task-head').click();
      await page.getByTestId('input-source').fill('s3://datasets/iris.csv');
      await page.getByTestId('input-rows').click();
      await page.getByTestId('input-rows').fill('100');
      await page.getByTestId('input-source').click();
      await page.locator('[data-testid="task-fit"] .builder-task-head').click();
      await page.getByTestId('input-epochs').fill('5');
      await page.getByTestId('setting-acceleratorType').click();
      await page.getByTestId('setting-acceleratorType').fill('nvidia.com/gpu');
      await page.getByTestId('setting-acceleratorCount').fill('2');
      await page.getByTestId('setting-memoryLimit').fill('8Gi');
      await page.getByTestId('settings-apply').click();
      await page.locator('[data-testid="task-fit"]', { hasText: '2 × nvidia.com/gpu' }).waitFor();
      await page.locator('[data-testid="builder-problems"]', { hasText: 'No problems' }).waitFor();
      await app.shot('builder-pipeline');

      // export: a download the kfp SDK loads
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('builder-export').click()]);
      expect(download.suggestedFilename()).toBe(`${name}.yaml`);
      const file = join(work, download.suggestedFilename());
      await download.saveAs(file);
      const loaded = await loadWithKfp(file);
      expect(loaded).toMatchObject({ tasks: ['fit', 'judge', 'load'], required: [], params: { lr: 'NUMBER_DOUBLE' } });
      expect(loaded.gpu).toMatchObject({ resourceType: 'nvidia.com/gpu', resourceCount: '2' });

      // a reload (or a crash) loses nothing: the draft comes back
      await page.waitForTimeout(1_000);
      await page.reload();
      await page.getByTestId('builder-restored').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="task-fit"]', { hasText: '2 × nvidia.com/gpu' }).waitFor();
      await page.locator('[data-testid="builder-problems"]', { hasText: 'No problems' }).waitFor();
      expect(await page.getByTestId('builder-name').inputValue()).toBe(name);

      // the whole app killed (main too): the draft is in main's SQLite file and comes back
      const dataDir = app.dataDir;
      app.host.kill('SIGKILL');
      await app.close({ keepData: true });
      app = await openApp({ KUBECONFIG: labInfo().kubeconfig }, { dataDir });
      page = app.page;
      await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
      await page.getByTestId('cluster-switcher').selectOption(await clusterIdOf(page, 'lab-a'));
      await page.getByTestId('nav-builder').click();
      await page.getByTestId('builder-restored').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="task-fit"]', { hasText: '2 × nvidia.com/gpu' }).waitFor();
      expect(await page.getByTestId('builder-name').inputValue()).toBe(name);
      // and the Drafts list shows it, open on the canvas
      await page.getByTestId('builder-drafts-open').click();
      const row = page.locator(`[data-testid="builder-draft"][data-name="${name}"]`);
      await row.waitFor();
      expect(await row.textContent()).toContain('(open)');
      expect(await row.textContent()).toContain('3 tasks');
      await page.getByTestId('builder-drafts').getByRole('button', { name: 'Close' }).click();

      // upload to lab-a, then see it on the Pipelines page
      await page.getByTestId('builder-upload').click();
      await page.getByTestId('upload-name').fill(name);
      await page.getByTestId('builder-upload-confirm').click();
      await page.locator('[data-testid="upload-done"], [data-testid="builder-upload-dialog"] [role="alert"]').first().waitFor({ timeout: 60_000 });
      const done = await page.getByTestId('upload-done').count();
      if (done === 0) throw new Error(`upload failed: ${await page.getByTestId('builder-upload-dialog').textContent()}`);
      expect(await kfpPipelines(name)).toHaveLength(1);
      await page.getByTestId('builder-upload-dialog').getByRole('button', { name: 'Close' }).click();
      await page.getByTestId('nav-pipelines').click();
      await page.locator(`[data-testid="pipeline-row"][data-name="${name}"]`).waitFor({ timeout: 60_000 });
      expect(app.pageErrors).toEqual([]);
    } catch (e) {
      await app.shot('builder-failure');
      throw new Error(`${String(e)}\npage errors: ${app.pageErrors.join('\n')}`, { cause: e });
    } finally {
      for (const p of await kfpPipelines(name)) await fetch(`${kfp}/pipelines/${p.pipeline_id}?cascade=true`, { method: 'DELETE' });
    }
  });
});
