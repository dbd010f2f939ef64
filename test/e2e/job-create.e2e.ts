// SPDX-License-Identifier: Apache-2.0
/**
 * Creating a training job from the form in a real browser against lab-a: a PyTorchJob with 2
 * GPUs per worker; a bad GPU value comes back from the server's dry run next to its field; the
 * YAML tab marks a field the cluster's schema does not know; the draft survives leaving the
 * page; after the fix, Create makes the job (checked with client-node). With the cluster's kinds
 * unknown (unreachable, nothing cached) the page says so and offers no kinds.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

describe('creating a job from the form', () => {
  let app: E2eApp | undefined;
  let ns: { name: string; remove(): Promise<void> };
  beforeAll(async () => {
    ns = await tempNamespace('jobnew');
  });
  afterAll(async () => {
    await app?.close();
    await ns?.remove();
  });

  it('fills the form, sees a dry-run problem at its field, fixes it and creates the job', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const labA = await clusterIdOf(page, 'lab-a');
    const origin = new URL(page.url()).origin;
    const newJobUrl = `${origin}/#/job-new/${encodeURIComponent(labA)}?kind=kubeflow.org/v1/pytorchjobs&ns=${ns.name}`;
    await page.goto(newJobUrl);

    const form = page.getByTestId('job-form');
    await form.waitFor({ timeout: 30_000 });
    expect(await page.getByLabel('Kind').inputValue()).toBe('kubeflow.org/v1/pytorchjobs');
    expect(await page.getByLabel('Namespace', { exact: true }).inputValue()).toBe(ns.name);
    await form.getByLabel('Name', { exact: true }).fill('e2e-gpu');
    const master = page.getByTestId('replica-Master');
    const worker = page.getByTestId('replica-Worker');
    for (const r of [master, worker]) {
      await r.getByLabel('Image').fill('pytorch/pytorch:2.4.0');
      await r.getByLabel('Command').fill('python\ntrain.py');
      await r.getByLabel('CPU').fill('1');
      await r.getByLabel('Memory').fill('2Gi');
    }
    await worker.getByLabel('Replicas').fill('2');
    await worker.getByLabel('GPUs').fill('two');

    // the server's dry run objects to the GPU value: shown under the GPUs field
    await page.getByRole('button', { name: 'Validate' }).click();
    const gpuProblem = worker.locator('[data-field="replica.Worker.gpus"]');
    await gpuProblem.waitFor({ timeout: 30_000 });
    expect(await gpuProblem.textContent()).toBe('Invalid value: "two": must be a quantity such as 2, 500m or 16Gi');
    expect(await worker.getByLabel('GPUs').getAttribute('aria-invalid')).toBe('true');
    await worker.getByLabel('GPUs').scrollIntoViewIfNeeded();
    await app.shot('job-new-form');

    // the draft survives leaving the page
    await page.goto(`${origin}/#/overview/${encodeURIComponent(labA)}`);
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    await page.goto(newJobUrl);
    await page.getByTestId('draft-restored').waitFor({ timeout: 30_000 });
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('e2e-gpu');
    expect(await worker.getByLabel('GPUs').inputValue()).toBe('two');

    await worker.getByLabel('GPUs').fill('2');

    // the YAML tab: the schema check marks a field the cluster does not know
    await page.getByRole('tab', { name: 'YAML' }).click();
    const editor = page.getByTestId('job-yaml');
    await editor.locator('.view-lines').getByText('pytorchReplicaSpecs').waitFor();
    await page.getByTestId('yaml-problems').getByText('No problems found').waitFor({ timeout: 30_000 });
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('bogus: 1');
    await page.keyboard.press('Escape');
    await page.keyboard.press('Enter');
    await page
      .getByTestId('yaml-problems')
      .getByText('unknown field "bogus"')
      .waitFor({ timeout: 30_000 })
      .catch(async (e: unknown) => {
        await app?.shot('debug-yaml');
        throw e;
      });
    await editor.locator('.squiggly-error').first().waitFor();
    await app.shot('job-new-yaml');
    await page.keyboard.press('Control+Home');
    await page.keyboard.press('Shift+ArrowDown');
    await page.keyboard.press('Delete');
    await page.getByTestId('yaml-problems').getByText('No problems found').waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: 'Form' }).click();
    expect(await worker.getByLabel('GPUs').inputValue()).toBe('2');

    await page.getByRole('button', { name: 'Create' }).click();
    await page.waitForURL(/#\/job\//, { timeout: 30_000 });
    expect(decodeURIComponent(page.url())).toContain(`/kubeflow.org/v1/pytorchjobs/${ns.name}/e2e-gpu`);

    const job = (await kubeConfig('lab-a')
      .makeApiClient(k8s.CustomObjectsApi)
      .getNamespacedCustomObject({ group: 'kubeflow.org', version: 'v1', plural: 'pytorchjobs', namespace: ns.name, name: 'e2e-gpu' })) as {
      spec: {
        pytorchReplicaSpecs: Record<
          string,
          { replicas: number; template: { spec: { containers: { image: string; resources?: { limits?: Record<string, string> } }[] } } }
        >;
      };
    };
    const w = job.spec.pytorchReplicaSpecs.Worker;
    expect(w?.replicas).toBe(2);
    expect(w?.template.spec.containers[0]?.resources?.limits?.['nvidia.com/gpu']).toBe('2');
    expect(job.spec.pytorchReplicaSpecs.Master?.template.spec.containers[0]?.image).toBe('pytorch/pytorch:2.4.0');

    // clone: the form is filled from the job, under a new name
    await page.goto(`${origin}/#/job-new/${encodeURIComponent(labA)}?clone=kubeflow.org/v1/pytorchjobs/${ns.name}/e2e-gpu`);
    await page.getByRole('heading', { name: 'Clone e2e-gpu' }).waitFor({ timeout: 30_000 });
    await form.waitFor({ timeout: 30_000 });
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('e2e-gpu-copy');
    expect(await worker.getByLabel('GPUs').inputValue()).toBe('2');
    expect(await worker.getByLabel('Replicas').inputValue()).toBe('2');
    expect(app.pageErrors).toEqual([]);
  }, 180_000);

  it('disables Create with the reason where the user may not create jobs', async () => {
    await app?.close();
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const alice = await clusterIdOf(page, 'lab-a-restricted');
    const origin = new URL(page.url()).origin;
    await page.goto(`${origin}/#/job-new/${encodeURIComponent(alice)}?kind=kubeflow.org/v1/pytorchjobs&ns=team-b`);
    const why = page.getByTestId('create-forbidden');
    await why.waitFor({ timeout: 30_000 });
    expect(await why.textContent()).toMatch(/alice may not create pytorchjobs in team-b/);
    const create = page.getByRole('button', { name: 'Create' });
    expect(await create.isDisabled()).toBe(true);
    expect(await create.getAttribute('title')).toMatch(/alice may not create pytorchjobs in team-b/);
    await app.shot('job-new-forbidden');
    // in her own namespace she may
    await page.getByLabel('Namespace', { exact: true }).selectOption('team-a');
    await page.getByTestId('create-forbidden').waitFor({ state: 'detached', timeout: 30_000 });
    expect(await create.isDisabled()).toBe(false);
  });

  it('offers no kinds, and says why, when the cluster’s kinds cannot be learned', async () => {
    // lab-a's server moved to a port nobody listens on; a fresh data dir has no kinds cached
    const kc = kubeConfig('lab-a');
    const dir = mkdtempSync(join(tmpdir(), 'mldeck-e2e-nokinds-'));
    const file = join(dir, 'kubeconfig');
    const clusterName = kc.getContextObject('lab-a')?.cluster;
    const loaded = new k8s.KubeConfig();
    loaded.loadFromOptions({
      clusters: kc.clusters.map((c) => (c.name === clusterName ? { ...c, server: 'https://127.0.0.1:1' } : c)),
      users: kc.users,
      contexts: kc.contexts,
      currentContext: 'lab-a',
    });
    writeFileSync(file, loaded.exportConfig());
    const down = await openApp({ KUBECONFIG: file });
    try {
      const { page } = down;
      const labA = await clusterIdOf(page, 'lab-a');
      await page.goto(`${new URL(page.url()).origin}/#/job-new/${encodeURIComponent(labA)}?kind=kubeflow.org/v1/pytorchjobs`);
      await page.getByTestId('no-kinds').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('no-kinds').textContent()).toMatch(
        /could not learn which training-job kinds .* serves and has none cached, so it offers none/,
      );
      expect(await page.getByTestId('new-job').locator('[role="alert"][data-code="unavailable"]').count()).toBe(1);
      // no guessed kinds: no form, no kind picker, no Create
      expect(await page.getByTestId('job-form').count()).toBe(0);
      expect(await page.getByLabel('Kind').count()).toBe(0);
      expect(await page.getByRole('button', { name: 'Create' }).count()).toBe(0);
      expect(await page.getByText('Loading…').count()).toBe(0);
      await down.shot('job-new-no-kinds');
      expect(down.pageErrors).toEqual([]);
    } finally {
      await down.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
