// SPDX-License-Identifier: Apache-2.0
/**
 * The builder end to end in Chromium against lab-a's KFP.
 *
 * Built on the canvas: download → train (its `lr` and `epochs` set, a GPU requested) → evaluate (a
 * KFP v1 component file opened in the palette: metrics and an `accuracy` parameter) → `If accuracy >
 * threshold` (the one pipeline parameter) → deploy, and a notify step moved into the If frame with
 * "Move into…". The export is loaded by the lab venv's kfp SDK; the pipeline is uploaded from the
 * builder; runs are started through KFP's REST API (the runs pages are not this test's) and the lab's
 * Argo emulation runs them to SUCCEEDED: with a low threshold the If is taken and deploy and notify
 * succeed, with a threshold no accuracy reaches they do not run. (builder-seeded.e2e.ts opens the
 * lab's seeded pipelines in the builder.)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { isSettled, KfpClient, type KfpRun } from '../lab/kfp/client';
import { ensureEnv } from '../lab/peers/python-envs';
import { openApp, type E2eApp } from './app-host';
import { buildChain, chainCondition, exportFrom, kfpReads, openBuilder, setInput, tidy, uploadFromBuilder } from './builder-steps';

const kfp = 'http://127.0.0.1:18801/apis/v2beta1';

describe('pipeline builder end to end', () => {
  let app: E2eApp | undefined;
  const work = mkdtempSync(join(tmpdir(), 'mldeck-builder-flow-'));
  beforeAll(async () => {
    await ensureEnv('kfp');
  }, 600_000);
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('builds download → train → evaluate → If accuracy > threshold → deploy, exports, uploads and runs it on lab-a', async () => {
    const name = `e2e-flow-${Date.now().toString(36)}`;
    const kfpClient = new KfpClient(labInfo().kfp?.['lab-a']?.url ?? '');
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    const runs: string[] = [];
    try {
      await openBuilder(page, name);
      await buildChain(page, { lr: '0.01', epochs: '3', gpus: '2' });

      // a second step, moved into the If frame
      await page.locator('[data-testid="palette-say"]').first().click();
      await page.getByTestId('task-say-2').waitFor();
      await setInput(page, 'say-2', 'message', 'notify');
      await page.locator('[data-testid="task-say-2"] .builder-task-head').click();
      await page.getByTestId('move-into').click();
      expect(await page.getByTestId('move-target').locator('option').allTextContents()).toEqual(['If evaluate-model.accuracy > threshold (condition-1)']);
      await page.getByTestId('move-confirm').click();
      await page.locator('.react-flow__node[data-id="condition-1/say-2"]').waitFor({ state: 'attached' });
      await tidy(page);
      await page.locator('[data-testid="builder-problems"]', { hasText: 'No problems' }).waitFor();
      await app.shot('builder-flow-pipeline');

      // export: what the kfp SDK reads
      const file = await exportFrom(page, work, 'flow');
      const read = await kfpReads(file);
      expect(read).toMatchObject({
        name,
        root: ['condition-1', 'evaluate-model', 'fit', 'load'],
        after: { 'condition-1': ['evaluate-model'], 'evaluate-model': ['fit'], fit: ['load'], load: [] },
        condition: chainCondition,
        inIf: ['say', 'say-2'],
        gpu: { resourceType: 'nvidia.com/gpu', resourceCount: '2' },
        params: { threshold: 'NUMBER_DOUBLE' },
        required: [],
      });

      // upload from the builder
      await uploadFromBuilder(page, name);
      const pipeline = await kfpClient.findPipeline(name);
      if (!pipeline) throw new Error(`${name} is not on lab-a`);
      const [version] = await kfpClient.versions(pipeline.pipeline_id);
      if (!version) throw new Error(`${name} has no version`);

      // run it through KFP's REST API, once with the If taken and once not
      const experimentId = await kfpClient.ensureExperiment('mldeck-builder-e2e', 'runs of pipelines built in builder-flow.e2e.ts');
      const start = async (threshold: number): Promise<string> => {
        const run = await kfpClient.createRun({
          displayName: `${name}-${threshold}`,
          experimentId,
          pipelineId: pipeline.pipeline_id,
          versionId: version.pipeline_version_id,
          parameters: { threshold },
        });
        runs.push(run.run_id);
        return run.run_id;
      };
      const [taken, notTaken] = [await start(0.5), await start(1.5)];
      const finished = async (id: string): Promise<KfpRun> => {
        const done = await kfpClient.waitRun(id, isSettled, 300_000);
        expect(done.state, JSON.stringify(done.error ?? '')).toBe('SUCCEEDED');
        return kfpClient.waitRun(
          id,
          (r) => (r.run_details?.task_details ?? []).some((t) => t.display_name === 'evaluate-model' && t.state === 'SUCCEEDED'),
          120_000,
        );
      };
      const states = (r: KfpRun) => Object.fromEntries((r.run_details?.task_details ?? []).map((t) => [t.display_name, t.state]));
      const yes = states(await finished(taken));
      // tasks are reported by their key in the DAG: `say` is the step displayed as deploy, `say-2` notify
      expect(yes).toMatchObject({
        load: 'SUCCEEDED',
        fit: 'SUCCEEDED',
        'evaluate-model': 'SUCCEEDED',
        'condition-1': 'SUCCEEDED',
        say: 'SUCCEEDED',
        'say-2': 'SUCCEEDED',
      });
      const no = states(await finished(notTaken));
      expect(no).toMatchObject({ load: 'SUCCEEDED', fit: 'SUCCEEDED', 'evaluate-model': 'SUCCEEDED' });
      expect(no.say).not.toBe('SUCCEEDED');
      expect(no['say-2']).not.toBe('SUCCEEDED');
      expect(app.pageErrors).toEqual([]);
    } catch (e) {
      await app.shot('builder-flow-failure');
      throw new Error(`${String(e)}\npage errors: ${app.pageErrors.join('\n')}`, { cause: e });
    } finally {
      for (const id of runs) await kfpClient.request('DELETE', `/runs/${id}`);
      const p = await kfpClient.findPipeline(name);
      if (p) await fetch(`${kfp}/pipelines/${p.pipeline_id}?cascade=true`, { method: 'DELETE' });
    }
  }, 900_000);
});
