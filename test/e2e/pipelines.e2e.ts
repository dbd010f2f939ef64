// SPDX-License-Identifier: Apache-2.0
/**
 * Pipelines in a real browser against lab-a's real KFP 2.17 (reached through a port-forward to the
 * `ml-pipeline` Service): the seeded pipelines in the list, a pipeline compiled by the lab's kfp
 * SDK uploaded from the upload dialog, its version opened (tasks and spec), then the pipeline
 * deleted after typing its name, and KFP's REST API saying it is gone; on multi-user lab-b the
 * page asks for the Kubeflow user, then alice sees team-a's pipelines and is told why not research's.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { compilePipelines } from '../lab/kfp/seed';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

const kfp = 'http://127.0.0.1:18801/apis/v2beta1';
const seededNames = ['conditions', 'data-report', 'exit-handler', 'failing', 'large', 'oversized', 'sweep', 'training', 'training-cached'];

/** Pipelines of lab-a with this name, as KFP's REST API lists them. */
async function kfpPipelines(name: string): Promise<{ pipeline_id: string }[]> {
  const filter = JSON.stringify({ predicates: [{ key: 'name', operation: 'EQUALS', string_value: name }] });
  const res = await fetch(`${kfp}/pipelines?${new URLSearchParams({ filter })}`);
  return ((await res.json()) as { pipelines?: { pipeline_id: string }[] }).pipelines ?? [];
}

describe('pipelines', () => {
  let app: E2eApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('lists the seeded pipelines, uploads one, opens its version and deletes it', async () => {
    const compiled = await compilePipelines();
    const name = `e2e-sweep-${Date.now().toString(36)}`;
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    try {
      await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
      await page.getByTestId('cluster-switcher').selectOption(await clusterIdOf(page, 'lab-a'));
      await page.getByTestId('nav-pipelines').click();
      const row = (n: string) => page.locator(`[data-testid="pipeline-row"][data-name="${n}"]`);
      await row('training').waitFor({ timeout: 60_000 });
      for (const n of seededNames) expect(await row(n).count(), n).toBe(1);
      expect(await row('training').locator('td').nth(1).textContent()).toBe('lab-a');
      await page.getByTestId('pipelines-search').fill('ParallelFor');
      await page.waitForFunction(() => document.querySelectorAll('[data-testid="pipeline-row"]').length === 1);
      expect(await row('sweep').count()).toBe(1);
      await page.getByTestId('pipelines-search').fill('');
      await app.shot('pipelines-list');

      // upload a pipeline the lab's kfp SDK compiled
      await page.getByTestId('pipeline-upload').click();
      await page
        .getByTestId('upload-file')
        .setInputFiles({ name: 'sweep--v2.yaml', mimeType: 'application/x-yaml', buffer: readFileSync(join(compiled, 'sweep--v2.yaml')) });
      await page.waitForFunction(() => (document.querySelector('[data-testid="upload-name"]') as HTMLInputElement | null)?.value === 'sweep');
      await page.getByTestId('upload-name').fill(name);
      await page.getByTestId('upload-description').fill('uploaded by pipelines.e2e.ts');
      await app.shot('pipelines-upload');
      await page.getByTestId('upload-confirm').click();
      // the pipeline's page, or the dialog's error said in the failure
      await page.locator('[data-testid="pipeline-page"], [data-testid="upload-dialog"] [role="alert"]').first().waitFor({ timeout: 60_000 });
      if (await page.getByTestId('upload-dialog').isVisible()) throw new Error(`upload failed: ${await page.getByTestId('upload-dialog').textContent()}`);
      await page.locator('[data-testid="pipeline-name"]', { hasText: name }).waitFor({ timeout: 30_000 });
      expect(await kfpPipelines(name)).toHaveLength(1);

      // its version: tasks from the IR and the spec
      await page.locator(`[data-testid="version-row"][data-name="${name}"]`).click();
      await page.getByTestId('pipeline-version-page').waitFor({ timeout: 30_000 });
      await page.locator('[data-testid="version-task"]').first().waitFor({ timeout: 30_000 });
      const tasks = await page.locator('[data-testid="version-task"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-name')));
      // sweep: score inside the ParallelFor, then pick-best after the loop
      expect(tasks).toEqual(['score', 'pick-best']);
      expect(await page.locator('[data-testid="version-task"][data-name="pick-best"] td').nth(4).textContent()).toBe('for-loop-1, score');
      await page.locator('[data-testid="version-spec"] .monaco-editor').waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('version-note').count()).toBe(0);
      await app.shot('pipelines-version');

      // delete it, confirming by name (its version goes with it)
      await page.getByTestId('version-pipeline-link').click();
      await page.getByTestId('pipeline-delete').click();
      const dialog = page.getByTestId('confirm-dialog');
      await dialog.waitFor();
      expect(await dialog.textContent()).toContain('its 1 version goes too');
      expect(await dialog.getByTestId('confirm').isDisabled()).toBe(true);
      await dialog.getByLabel('Pipeline name').fill(name);
      await dialog.getByTestId('confirm').click();
      await page.getByTestId('pipelines-page').waitFor({ timeout: 30_000 });
      await row('training').waitFor({ timeout: 60_000 });
      expect(await row(name).count()).toBe(0);
      expect(await kfpPipelines(name)).toHaveLength(0);
    } finally {
      for (const p of await kfpPipelines(name)) await fetch(`${kfp}/pipelines/${p.pipeline_id}?cascade=true`, { method: 'DELETE' });
    }
  });

  it("on multi-user lab-b asks for the user, then shows alice team-a's pipelines and says why not research's", async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    await page.getByTestId('cluster-switcher').selectOption(await clusterIdOf(page, 'lab-b'));
    await page.getByTestId('nav-pipelines').click();
    // no user set: the error and the connection panel
    await page.locator('[data-testid="pipelines-cluster-error"] [role="alert"][data-code="unauthenticated"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('kfp-settings').waitFor();
    expect(await page.getByTestId('kfp-connection').textContent()).toContain('is multi-user: set the Kubeflow user MLDeck acts as');
    await page.getByTestId('kfp-user').fill('alice@example.com');
    await page.getByTestId('kfp-save').click();
    const row = page.locator('[data-testid="pipeline-row"][data-name="training"]');
    await row.waitFor({ timeout: 60_000 });
    expect(await row.locator('td').nth(2).textContent()).toBe('team-a');
    const namespaces = await page.locator('[data-testid="pipeline-row"] td:nth-child(3)').allTextContents();
    expect(new Set(namespaces)).toEqual(new Set(['team-a']));
    expect(await page.locator('[data-testid="pipelines-refused"][data-namespace="research"]').textContent()).toContain(
      'Profile research belongs to dave@example.com; alice@example.com is neither its owner nor a contributor.',
    );
    await app.shot('pipelines-multi-user');
  });
});
