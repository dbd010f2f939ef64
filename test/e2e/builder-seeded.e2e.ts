// SPDX-License-Identifier: Apache-2.0
/**
 * Each pipeline the lab seeded on lab-a, opened in the builder the way a user does it: its version's
 * page (the graph drawn read-only with the builder's canvas), then "Open in builder"; exported from
 * the builder. The lab venv's kfp SDK loads each export next to the version's spec as KFP's REST API
 * returns it and finds the same tasks, dependencies, inputs, conditions and loops, and the same spec.
 * An edit of an opened version is kept as that version's draft, restored after a reload,
 * and forgotten by "Open the version as it is on the cluster".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { kfpCompare } from '../harness/kfp-compare';
import { labInfo } from '../harness/lab';
import { ensureEnv } from '../lab/peers/python-envs';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

const kfp = 'http://127.0.0.1:18801/apis/v2beta1';
const seededNames = ['conditions', 'data-report', 'exit-handler', 'failing', 'large', 'oversized', 'sweep', 'training', 'training-cached'];

interface KfpVersion {
  pipeline_id: string;
  pipeline_version_id: string;
  display_name: string;
  created_at: string;
  pipeline_spec: unknown;
}

async function kfpJson<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(`${kfp}${path}`, init);
  const text = await res.text();
  if (!res.ok) throw new Error(`KFP ${init?.method ?? 'GET'} ${path}: ${res.status} ${text}`);
  return JSON.parse(text) as T;
}

/** The newest version of each seeded pipeline, as KFP's REST API returns it. */
async function seededVersions(): Promise<{ name: string; version: KfpVersion }[]> {
  const { pipelines } = await kfpJson<{ pipelines: { pipeline_id: string; display_name: string }[] }>('/pipelines?page_size=100');
  const out: { name: string; version: KfpVersion }[] = [];
  for (const name of seededNames) {
    const p = pipelines.find((x) => x.display_name === name);
    if (!p) throw new Error(`lab-a has no seeded pipeline ${name}`);
    const { pipeline_versions } = await kfpJson<{ pipeline_versions: KfpVersion[] }>(
      `/pipelines/${p.pipeline_id}/versions?page_size=100&sort_by=created_at%20desc`,
    );
    const v = pipeline_versions[0];
    if (!v) throw new Error(`${name} has no version`);
    out.push({ name, version: v });
  }
  return out;
}

/** Goes to a page of the app by its route's hash. */
async function goTo(page: Page, hash: string): Promise<void> {
  await page.evaluate((h) => {
    window.location.hash = h;
  }, hash);
}

/** Exports the builder's pipeline and saves the download in `dir`. */
async function exportFrom(page: Page, dir: string, prefix: string): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('builder-export').click()]);
  const file = join(dir, `${prefix}-${download.suggestedFilename()}`);
  await download.saveAs(file);
  return file;
}

describe('seeded pipelines in the builder', () => {
  let app: E2eApp | undefined;
  const work = mkdtempSync(join(tmpdir(), 'mldeck-builder-seeded-'));
  beforeAll(async () => {
    await ensureEnv('kfp');
  }, 600_000);
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('opens each seeded pipeline from its version page in the builder and exports what the kfp SDK reads as the same pipeline', async () => {
    const seeded = await seededVersions();
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    try {
      await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
      const cluster = await clusterIdOf(page, 'lab-a');
      const pairs: [string, string][] = [];
      for (const { name, version } of seeded) {
        const original = join(work, `${name}-kfp.json`);
        writeFileSync(original, JSON.stringify(version.pipeline_spec));
        await goTo(page, `#/pipeline/${encodeURIComponent(cluster)}/${version.pipeline_id}/${version.pipeline_version_id}`);
        await page.locator('[data-testid="version-name"]', { hasText: version.display_name }).waitFor({ timeout: 60_000 });
        // the version's graph, drawn read-only with the builder's boxes
        const drawn = page.locator('[data-testid="version-graph"] .react-flow__node');
        await drawn.first().waitFor({ timeout: 60_000 });
        const boxes = await drawn.count();
        if (name === 'training') await app.shot('builder-flow-version-graph');
        await page.getByTestId('version-open-in-builder').click();
        await page.getByTestId('builder-page').waitFor();
        const specName = (version.pipeline_spec as { pipelineInfo: { name: string } }).pipelineInfo.name;
        await page.waitForFunction(
          (n) =>
            (document.querySelector('[data-testid="builder-name"]') as HTMLInputElement | null)?.value === n &&
            !document.querySelector('[data-testid="builder-opening"]'),
          specName,
          { timeout: 60_000 },
        );
        await page.waitForFunction((n) => document.querySelectorAll('[data-testid="builder-canvas"] .react-flow__node').length === n, boxes, {
          timeout: 60_000,
        });
        expect(await page.getByTestId('builder-refusal').count(), name).toBe(0);
        if (name === 'conditions') {
          // an edit of an opened version is its own draft: after a reload the draft comes back, and
          // "Open the version as it is on the cluster" forgets it
          await page.getByTestId('builder-name').fill('conditions-edited');
          await page.getByTestId('builder-name').press('Enter');
          await page.getByTestId('builder-draft-saved').waitFor({ timeout: 30_000 });
          await page.reload();
          await page.getByTestId('builder-restored').waitFor({ timeout: 30_000 });
          expect(await page.getByTestId('builder-name').inputValue()).toBe('conditions-edited');
          await page.getByTestId('builder-revert').click();
          await page.waitForFunction((n) => (document.querySelector('[data-testid="builder-name"]') as HTMLInputElement | null)?.value === n, specName, {
            timeout: 30_000,
          });
          await page.getByTestId('builder-restored').waitFor({ state: 'detached' });
        }
        pairs.push([original, await exportFrom(page, work, name)]);
      }
      const verdicts = await kfpCompare(pairs, work);
      expect(verdicts.map((v) => v.name).sort()).toEqual([...seededNames].sort());
      for (const v of verdicts) {
        expect(v.tasks, v.name).toBeGreaterThan(0);
        expect(v.structureEqual, v.name).toBe(true);
        expect(v.specEqual, v.name).toBe(true);
      }
      expect(app.pageErrors).toEqual([]);
    } catch (e) {
      await app.shot('builder-flow-seeded-failure');
      throw new Error(`${String(e)}\npage errors: ${app.pageErrors.join('\n')}`, { cause: e });
    }
  });
});
