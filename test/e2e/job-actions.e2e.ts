// SPDX-License-Identifier: Apache-2.0
/**
 * A job's actions on its detail page, in a real browser against lab-a: suspend and resume flip
 * the job's spec, clone opens the form filled from it, delete asks for the job's name and then
 * removes it (all checked with client-node).
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

const pytorch = { group: 'kubeflow.org', version: 'v1', plural: 'pytorchjobs' };

describe('job actions', () => {
  let app: E2eApp | undefined;
  let ns: { name: string; remove(): Promise<void> };
  const custom = () => kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);
  const getJob = (name: string) =>
    custom().getNamespacedCustomObject({ ...pytorch, namespace: ns.name, name }) as Promise<{ spec: { runPolicy?: { suspend?: boolean } } }>;

  beforeAll(async () => {
    ns = await tempNamespace('jobact');
    await custom().createNamespacedCustomObject({
      ...pytorch,
      namespace: ns.name,
      body: {
        apiVersion: 'kubeflow.org/v1',
        kind: 'PyTorchJob',
        metadata: { name: 'act-job' },
        spec: { pytorchReplicaSpecs: { Worker: { replicas: 1, template: { spec: { containers: [{ name: 'pytorch', image: 'pytorch/pytorch:2.4.0' }] } } } } },
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await ns?.remove();
  });

  it('suspends, resumes, clones and deletes a job', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const labA = await clusterIdOf(page, 'lab-a');
    const origin = new URL(page.url()).origin;
    const jobUrl = `${origin}/#/job/${encodeURIComponent(labA)}/kubeflow.org/v1/pytorchjobs/${ns.name}/act-job`;
    await page.goto(jobUrl);

    const suspend = page.getByTestId('job-suspend');
    await suspend.and(page.getByText('Suspend', { exact: true })).waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => !(document.querySelector('[data-testid="job-suspend"]') as HTMLButtonElement | null)?.disabled);
    await suspend.click();
    await page.getByText('act-job suspended').waitFor();
    await eventually('suspended in the spec', async () => ((await getJob('act-job')).spec.runPolicy?.suspend === true ? true : undefined));
    await suspend.and(page.getByText('Resume', { exact: true })).waitFor();
    await suspend.click();
    await page.getByText('act-job resumed').waitFor();
    await eventually('resumed in the spec', async () => ((await getJob('act-job')).spec.runPolicy?.suspend === false ? true : undefined));

    await page.getByTestId('job-clone').click();
    await page.getByRole('heading', { name: 'Clone act-job' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('job-form').getByLabel('Name', { exact: true }).inputValue()).toBe('act-job-copy');

    await page.goto(jobUrl);
    await page.getByTestId('job-delete').click();
    const dialog = page.getByRole('dialog', { name: 'Delete act-job' });
    await dialog.waitFor();
    const confirm = dialog.getByRole('button', { name: 'Delete act-job' });
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Job name to confirm').fill('act-jo');
    expect(await confirm.isDisabled()).toBe(true);
    await dialog.getByLabel('Job name to confirm').fill('act-job');
    await app.shot('job-actions-delete');
    await confirm.click();
    await page.getByText('act-job deleted').waitFor({ timeout: 30_000 });
    await page.waitForURL(/#\/jobs\//);
    await eventually('job gone', async () => {
      try {
        await getJob('act-job');
        return undefined;
      } catch {
        return true;
      }
    });
    expect(app.pageErrors).toEqual([]);
  });
});
