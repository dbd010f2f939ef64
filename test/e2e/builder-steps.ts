// SPDX-License-Identifier: Apache-2.0
/**
 * Steps of the builder end-to-end tests, shared by builder-flow.e2e.ts and pipeline-chain.e2e.ts:
 * drawing edges with the mouse, setting inputs, the chain download → train (`lr`, `epochs`, a GPU)
 * → evaluate (a KFP v1 component file: metrics and an `accuracy` parameter) → `If accuracy >
 * threshold` (the pipeline parameter) → deploy, built on the canvas; exporting it and what the lab
 * venv's kfp SDK reads of the export; uploading it from the builder.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { ensureEnv, python, pythonEnv } from '../lab/peers/python-envs';
import { clusterIdOf } from './app-host';

const execFileAsync = promisify(execFile);
const fixture = join(import.meta.dirname, '..', 'fixtures', 'kfp', 'built.yaml');

/** Exports the builder's pipeline and saves the download in `dir`. */
export async function exportFrom(page: Page, dir: string, prefix: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('builder-export').click()]);
  const file = join(dir, `${prefix}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return file;
}

/** The evaluate step, as a KFP v1 component file. */
export const evaluateV1 = `name: Evaluate model
description: Scores a model on held-out rows.
inputs:
- {name: Model, type: Model}
outputs:
- {name: Metrics, type: Metrics}
- {name: Accuracy, type: Float}
implementation:
  container:
    image: python:3.11-slim
    command:
    - python
    - -c
    - |
      import json, os, sys
      os.makedirs(os.path.dirname(sys.argv[2]), exist_ok=True)
      json.dump({"accuracy": 0.93}, open(sys.argv[2], "w"))
      open(sys.argv[3], "w").write("0.93")
    - {inputPath: Model}
    - {outputPath: Metrics}
    - {outputPath: Accuracy}
`;

/** Drags from one handle to another with the mouse, as a user draws an edge. */
export async function drag(page: Page, from: string, to: string): Promise<void> {
  const a = await page.locator(from).boundingBox();
  const b = await page.locator(to).boundingBox();
  if (!a || !b) throw new Error(`no handle ${a ? to : from}`);
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.mouse.up();
}

/** A task's port handle on the canvas. */
export const handle = (task: string, id: string) => `[data-testid="task-${task}"] [data-handleid="${id}"]`;

/** Lays the graph out and fits it in view, so every handle can be reached. */
export async function tidy(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Auto-layout' }).click();
  await page.waitForTimeout(600);
  await page.locator('.react-flow__controls-fitview').click();
  await page.waitForTimeout(300);
}

/** Sets a task's input to a constant in the settings panel. */
export async function setInput(page: Page, task: string, input: string, value: string): Promise<void> {
  await page.locator(`[data-testid="task-${task}"] .builder-task-head`).click();
  await page.getByTestId(`input-${input}`).fill(value);
  await page.getByTestId(`input-${input}`).blur();
  await page.locator(`[data-testid="task-${task}"] [data-testid="port-in:${input}"] .builder-port-const`).waitFor();
}

/** Opens a new pipeline in the builder on lab-a, named `name`, with the chain's components in the palette. */
export async function openBuilder(page: Page, name: string): Promise<void> {
  await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
  await page.getByTestId('cluster-switcher').selectOption(await clusterIdOf(page, 'lab-a'));
  await page.getByTestId('nav-builder').click();
  await page.getByTestId('builder-page').waitFor();
  await page.getByTestId('builder-new').click();
  await page.getByTestId('palette-launch-training-job').waitFor();
  // components: the kfp SDK's built.yaml (load, fit, say) and a KFP v1 component file for evaluate
  await page.getByTestId('palette-file').setInputFiles({ name: 'built.yaml', mimeType: 'application/x-yaml', buffer: readFileSync(fixture) });
  await page.getByTestId('palette-file').setInputFiles({ name: 'evaluate.component.yaml', mimeType: 'application/x-yaml', buffer: Buffer.from(evaluateV1) });
  await page.getByTestId('palette-evaluate-model').waitFor();
  await page.getByTestId('builder-name').fill(name);
  await page.getByTestId('builder-name').press('Enter');
}

/**
 * Draws the chain on the open canvas: the `threshold` parameter, load → fit (lr, epochs, `gpus` ×
 * nvidia.com/gpu) → evaluate-model, and `If evaluate-model.accuracy > threshold` around deploy (`say`).
 */
export async function buildChain(page: Page, opts: { lr: string; epochs: string; gpus: string }): Promise<void> {
  await page.getByLabel('New parameter name').fill('threshold');
  await page.getByLabel('New parameter type').selectOption('NUMBER_DOUBLE');
  await page.getByLabel('New parameter default').fill('0.5');
  await page.getByTestId('param-add').click();
  await page.getByTestId('params-node').waitFor();

  for (const c of ['load', 'fit', 'evaluate-model', 'say']) {
    await page.locator(`[data-testid="palette-${c}"]`).first().click();
    await page.getByTestId(`task-${c}`).waitFor();
  }
  const edges = (n: number) => page.waitForFunction((k) => document.querySelectorAll('.react-flow__edge').length >= k, n);
  await tidy(page);
  await drag(page, handle('load', 'out:data'), handle('fit', 'in:data'));
  await edges(1);
  await tidy(page);
  await drag(page, handle('fit', 'out:model'), handle('evaluate-model', 'in:model'));
  await edges(2);

  // the download's source, train's lr and epochs, the deploy message
  await setInput(page, 'load', 'source', 's3://datasets/iris.csv');
  await setInput(page, 'load', 'rows', '100');
  await setInput(page, 'fit', 'lr', opts.lr);
  await setInput(page, 'fit', 'epochs', opts.epochs);
  await setInput(page, 'say', 'message', 'deploy');
  // a GPU for train, a display name for deploy
  await page.locator('[data-testid="task-fit"] .builder-task-head').click();
  await page.getByTestId('setting-acceleratorType').fill('nvidia.com/gpu');
  await page.getByTestId('setting-acceleratorCount').fill(opts.gpus);
  await page.getByTestId('settings-apply').click();
  await page.locator('[data-testid="task-fit"]', { hasText: `${opts.gpus} × nvidia.com/gpu` }).waitFor();
  await page.locator('[data-testid="task-say"] .builder-task-head').click();
  await page.getByTestId('setting-label').fill('deploy');
  await page.getByTestId('settings-apply').click();
  await page.locator('[data-testid="task-say"] .builder-task-head', { hasText: 'deploy' }).waitFor();

  // If evaluate's accuracy > threshold, around deploy
  await page.getByTestId('wrap-if').click();
  await page.getByTestId('wrap-left').selectOption('out:evaluate-model:accuracy');
  await page.getByTestId('wrap-op').selectOption('>');
  await page.getByTestId('wrap-right').fill('param:threshold');
  await page.getByTestId('wrap-confirm').click();
  await page.locator('[data-testid^="frame-"]', { hasText: 'evaluate-model.accuracy > threshold' }).waitFor();
  await page.locator('.react-flow__node[data-id="condition-1/say"]').waitFor({ state: 'attached' });
}

/** What the kfp SDK reads from an exported file. */
const inspect = String.raw`
import json, sys
from kfp import components
from google.protobuf import json_format
c = components.load_component_from_file(sys.argv[1])
d = json_format.MessageToDict(c.pipeline_spec)
root = d['root']['dag']['tasks']
cond = [k for k in root if k.startswith('condition-')][0]
print(json.dumps({
  'name': c.name,
  'root': sorted(root),
  'after': {k: sorted(v.get('dependentTasks', [])) for k, v in root.items()},
  'condition': root[cond]['triggerPolicy']['condition'],
  'inIf': sorted(d['components']['comp-' + cond]['dag']['tasks']),
  'gpu': d['deploymentSpec']['executors']['exec-fit']['container'].get('resources', {}).get('accelerator'),
  'params': {k: v['parameterType'] for k, v in d['root']['inputDefinitions']['parameters'].items()},
  'required': sorted(c.required_inputs),
}))
`;

/** Loads an exported file with the lab venv's kfp SDK (`components.load_component_from_file`) and says what it read. */
export async function kfpReads(file: string): Promise<Record<string, unknown>> {
  await ensureEnv('kfp');
  const { stdout } = await execFileAsync(python('kfp'), ['-c', inspect, file], { env: { ...process.env, ...pythonEnv() }, timeout: 120_000 });
  return JSON.parse(stdout) as Record<string, unknown>;
}

/** The condition text KFP's compiler writes for `If evaluate-model.accuracy > threshold`. */
export const chainCondition = "inputs.parameter_values['pipelinechannel--evaluate-model-accuracy'] > inputs.parameter_values['pipelinechannel--threshold']";

/** Uploads the builder's pipeline as a new pipeline named `name`, and waits until it is done. */
export async function uploadFromBuilder(page: Page, name: string): Promise<void> {
  await page.getByTestId('builder-upload').click();
  await page.getByTestId('upload-name').fill(name);
  await page.getByTestId('builder-upload-confirm').click();
  await page.locator('[data-testid="upload-done"], [data-testid="builder-upload-dialog"] [role="alert"]').first().waitFor({ timeout: 60_000 });
  if ((await page.getByTestId('upload-done').count()) === 0) throw new Error(`upload failed: ${await page.getByTestId('builder-upload-dialog').textContent()}`);
  await page.getByTestId('builder-upload-dialog').getByRole('button', { name: 'Close' }).click();
}
