// SPDX-License-Identifier: Apache-2.0
/**
 * Training jobs in a real browser against the lab: the list across all clusters (lab-a's and
 * lab-b's seeded jobs), the phase filter with the failing job's reason, a failed job's detail
 * (condition reason and message, its pod's exit code, events) and a job pending for GPUs with
 * the scheduler's reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { openApp, type E2eApp } from './app-host';

describe('training jobs', () => {
  let app: E2eApp;
  beforeAll(async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
  });
  afterAll(async () => {
    await app?.close();
  });

  const row = (name: string, cluster?: string) => {
    const rows = app.page.getByTestId('jobs-table').getByRole('row').filter({ hasText: name });
    return cluster ? rows.filter({ has: app.page.getByRole('gridcell', { name: cluster, exact: true }) }) : rows;
  };

  it('lists every cluster’s jobs, filters by phase, opens a failed job and a job pending for GPUs', async () => {
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Training jobs', exact: true }).click();
    await page.getByTestId('jobs-page').waitFor();
    await page.getByTestId('jobs-scope').selectOption('');
    expect(new URL(page.url()).hash).toBe('#/jobs');

    // seeded jobs of lab-a (Training Operator v1, TrainJob) and lab-b (MPI Operator v2beta1);
    // the table is virtual, so search for each one
    const search = page.getByLabel('Filter rows');
    const find = async (name: string, cluster: string) => {
      await search.fill(name);
      await row(name, cluster).first().waitFor({ timeout: 30_000 });
      return (await row(name, cluster).first().textContent()) ?? '';
    };
    expect(await find('horovod-bert-h100', 'lab-b')).toContain('MPIJob (v2beta1)');
    expect(await find('llm-sft-trainjob', 'lab-a')).toContain('TrainJob');
    expect(await find('bert-finetune-squad', 'lab-a')).toMatch(/PyTorchJob.*team-a.*Running.*Master 1\/1 · Worker 1\/1/);
    expect(await find('llama-7b-lora', 'lab-a')).toContain('Failed');
    // the restricted account may not list across namespaces: it is said, not failed
    await page
      .getByTestId('jobs-freshness')
      .getByText(/lab-a-restricted/)
      .first()
      .waitFor({ timeout: 30_000 });
    await search.fill('');
    await app.shot('jobs-list');

    await page.getByTestId('filter-phase').selectOption('Failed');
    const phases = await page
      .getByTestId('jobs-table')
      .locator('[data-phase]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-phase')));
    expect(phases.length).toBeGreaterThan(0);
    expect(new Set(phases)).toEqual(new Set(['Failed']));
    expect(await find('mpi-pi-failed', 'lab-b')).toContain('has failed: ORTE was unable');
    await search.fill('bert-finetune-squad');
    await page.getByText(/No rows match the filter|No job matches the filters/).waitFor();
    await page.getByTestId('filter-gpus').check();
    await search.fill('credit-xgb-dist');
    await page.getByText(/No rows match the filter|No job matches the filters/).waitFor();
    expect(await find('llama-7b-lora', 'lab-a')).toContain('PyTorchJob llama-7b-lora is failed because 1 Master replica(s) failed.');
    const failed = row('llama-7b-lora', 'lab-a').first();
    await app.shot('jobs-list-failed');

    await failed.click();
    const detail = page.getByTestId('job-detail');
    await detail.getByRole('heading', { name: 'llama-7b-lora' }).waitFor();
    await page.getByTestId('job-reason').getByText('PyTorchJobFailed').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('job-phase').textContent()).toBe('Failed');
    expect(await page.getByTestId('job-message').textContent()).toContain('is failed because 1 Master replica(s) failed');
    expect(await page.getByTestId('job-conditions').textContent()).toMatch(/Created.*PyTorchJobCreated.*Running.*False.*Failed.*PyTorchJobFailed/s);
    expect(await page.getByTestId('job-replica-specs').textContent()).toContain('nvcr.io/nvidia/pytorch:24.07-py3');
    const pod = page.getByTestId('job-pods').locator('[data-pod="llama-7b-lora-master-0"]');
    await pod.waitFor({ timeout: 30_000 });
    expect(await pod.textContent()).toMatch(/Master.*exit code 1/s);
    await page.getByTestId('job-events').getByText('Created pod: llama-7b-lora-master-0').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('job-logs').count()).toBe(1);
    expect(await page.getByTestId('job-actions').count()).toBe(1);
    await app.shot('job-detail');

    // a job asking for more GPUs than any node has: Pending with the scheduler's reason
    await page.getByRole('button', { name: 'Back to training jobs' }).click();
    await page.getByTestId('jobs-page').waitFor();
    // the filters are kept when coming back
    expect(await page.getByTestId('filter-phase').inputValue()).toBe('Failed');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Filter rows').fill('gpt-pretrain-64gpu');
    await row('gpt-pretrain-64gpu', 'lab-a').first().click();
    await page.getByTestId('job-detail').getByRole('heading', { name: 'gpt-pretrain-64gpu' }).waitFor();
    const reason = page.getByTestId('scheduler-reason').first();
    await reason.waitFor({ timeout: 30_000 });
    expect(await reason.textContent()).toMatch(/\d+\/\d+ nodes are available:.*Insufficient nvidia\.com\/gpu/);
    expect(await page.getByTestId('job-gpus').textContent()).toBe('64');
    expect(await page.getByTestId('job-unschedulable').textContent()).toMatch(/4 of 4 pods cannot be scheduled:.*Insufficient nvidia\.com\/gpu/);
    await app.shot('job-pending-gpus');

    // a TrainJob: no Running condition, running from its child jobs; pods grouped by replicated job
    await page.getByRole('button', { name: 'Back to training jobs' }).click();
    await page.getByLabel('Filter rows').fill('llm-sft-trainjob');
    await row('llm-sft-trainjob', 'lab-a').first().click();
    await page.getByTestId('job-detail').getByRole('heading', { name: 'llm-sft-trainjob' }).waitFor();
    await page.getByTestId('job-phase').getByText('Running').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('job-gpus').textContent()).toBe('2');
    await page.getByTestId('job-pods').locator('[data-pod^="llm-sft-trainjob-node-0-1-"]').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('job-pods').textContent()).toMatch(/^.*node.*llm-sft-trainjob-node-0-0-/s);
    await app.shot('job-detail-trainjob');
    expect(app.pageErrors).toEqual([]);
  });

  it('reads jobs and a job’s detail with no cluster at all, from the sample workspace', async () => {
    const offline = await openApp({ KUBECONFIG: undefined });
    try {
      const { page } = offline;
      await page.getByTestId('open-sample').click();
      await page.getByTestId('overview').waitFor({ timeout: 30_000 });
      await page.getByRole('button', { name: 'Training jobs', exact: true }).click();
      await page.getByTestId('jobs-freshness').locator('[data-freshness="snapshot"]').waitFor({ timeout: 30_000 });
      await page.getByLabel('Filter rows').fill('llama-7b-lora');
      const r = page.getByTestId('jobs-table').getByRole('row').filter({ hasText: 'llama-7b-lora' }).first();
      await r.waitFor({ timeout: 30_000 });
      expect(await r.textContent()).toContain('Failed');
      await r.click();
      await page.getByTestId('job-reason').getByText('PyTorchJobFailed').waitFor({ timeout: 30_000 });
      await page.locator('[data-freshness="snapshot"]').first().waitFor();
      await page.getByTestId('job-pods').locator('[data-pod="llama-7b-lora-master-0"]').waitFor({ timeout: 30_000 });
      await offline.shot('job-detail-snapshot');
      expect(offline.pageErrors).toEqual([]);
    } finally {
      await offline.close();
    }
  });
});
