// SPDX-License-Identifier: Apache-2.0
/**
 * Katib in a real browser against lab-a: "Tune this job" on a PyTorchJob makes a Bayesian
 * optimisation experiment over `lr` (log scale) and `batch_size` (categorical), both wired to
 * the job's arguments by picking them; its trials appear; the best trial is the one the lab's
 * metric function names; brushing the objective axis of the parallel coordinates narrows the
 * trials table to the top trials; a trial's logs open (kept, once its run is gone).
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExperimentObject, KatibParameter, TrialObject } from '../../shared/features/katib/katib-objects';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { expectedFinal } from '../integration/katib-fixtures';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

const katib = { group: 'kubeflow.org', version: 'v1beta1' };

describe('Katib tuning', () => {
  let app: E2eApp;
  let ns: { name: string; remove(): Promise<void> };
  const custom = () => kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);

  beforeAll(async () => {
    ns = await tempNamespace('katib-e2e');
    await custom().createNamespacedCustomObject({
      group: 'kubeflow.org',
      version: 'v1',
      plural: 'pytorchjobs',
      namespace: ns.name,
      body: {
        apiVersion: 'kubeflow.org/v1',
        kind: 'PyTorchJob',
        metadata: { name: 'mnist' },
        spec: {
          pytorchReplicaSpecs: {
            Master: {
              replicas: 1,
              restartPolicy: 'Never',
              template: {
                metadata: { labels: { 'mldeck.dev/sim-outcome': 'succeeded' }, annotations: { 'mldeck.dev/sim-duration': '8s' } },
                spec: {
                  containers: [
                    {
                      name: 'pytorch',
                      image: 'docker.io/kubeflowkatib/pytorch-mnist-cpu:v0.19.0',
                      command: ['python3', '/opt/pytorch-mnist/mnist.py'],
                      args: ['--lr=0.01', '--batch-size=32'],
                    },
                  ],
                },
              },
            },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await ns?.remove();
  });

  it('tunes a job with Bayesian optimisation, finds the best trial, brushes the parallel coordinates and opens a trial’s logs', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const labA = await clusterIdOf(page, 'lab-a');
    const origin = new URL(page.url()).origin;
    await page.goto(`${origin}/#/job/${encodeURIComponent(labA)}/kubeflow.org/v1/pytorchjobs/${ns.name}/mnist`);
    await page.getByTestId('job-tune').click();

    // the form starts from the job: its namespace, a name after it, the job as the trial template
    const form = page.getByTestId('experiment-form');
    await form.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('experiment-name').inputValue()).toBe('mnist-tune');
    expect(await page.getByTestId('template-kind').textContent()).toContain('PyTorchJob');
    await page.getByTestId('algorithm').selectOption('bayesianoptimization');
    await page.getByTestId('setting-n_initial_points').fill('3');
    await page.getByTestId('setting-random_state').fill('7');
    await page.getByTestId('parallel').fill('2');
    await page.getByTestId('max-trials').fill('6');
    await page.getByTestId('max-failed').fill('2');
    await page.getByTestId('objective-additional').fill('loss');

    await page.getByTestId('add-parameter').click();
    await page.getByTestId('param-0-name').fill('lr');
    await page.getByTestId('param-0-min').fill('0.0001');
    await page.getByTestId('param-0-max').fill('0.1');
    await page.getByTestId('param-0-log').check();
    await page.getByTestId('param-0-field').selectOption({ label: 'args[0]: --lr=0.01' });
    await page.getByTestId('add-parameter').click();
    await page.getByTestId('param-1-name').fill('batch_size');
    await page.getByTestId('param-1-type').selectOption('categorical');
    await page.getByTestId('param-1-list').fill('16, 32, 64');
    await page.getByTestId('param-1-field').selectOption({ label: 'args[1]: --batch-size=32' });
    await app.shot('katib-new-experiment');
    await page.getByRole('button', { name: 'Create', exact: true }).click();

    // the experiment's page: trials appear, then it ends with the max trial count
    await page.getByTestId('experiment-page').waitFor({ timeout: 30_000 });
    expect(new URL(page.url()).hash).toBe(`#/katib/${encodeURIComponent(labA)}/${ns.name}/mnist-tune`);
    const exp = await eventually(
      'the experiment ended',
      async () => {
        const e = (await custom().getNamespacedCustomObject({ ...katib, plural: 'experiments', namespace: ns.name, name: 'mnist-tune' })) as ExperimentObject;
        return e.status?.conditions?.some((c) => c.type === 'Succeeded' && c.status === 'True') ? e : undefined;
      },
      240_000,
    );
    const spec = exp.spec;
    expect(spec?.algorithm?.algorithmName).toBe('bayesianoptimization');
    expect(spec?.parameters).toEqual([
      { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.0001', max: '0.1', distribution: 'logUniform' } },
      { name: 'batch_size', parameterType: 'categorical', feasibleSpace: { list: ['16', '32', '64'] } },
    ]);
    const trials = (
      (await custom().listNamespacedCustomObject({
        ...katib,
        plural: 'trials',
        namespace: ns.name,
        labelSelector: 'katib.kubeflow.org/experiment=mnist-tune',
      })) as {
        items: TrialObject[];
      }
    ).items;
    expect(trials).toHaveLength(6);
    for (const t of trials) {
      const lr = Number(t.spec?.parameterAssignments?.find((a) => a.name === 'lr')?.value);
      expect(lr).toBeGreaterThanOrEqual(0.0001);
      expect(lr).toBeLessThanOrEqual(0.1);
      expect(['16', '32', '64']).toContain(t.spec?.parameterAssignments?.find((a) => a.name === 'batch_size')?.value);
    }
    const params = spec?.parameters as KatibParameter[];
    const expectedBest = [...trials].sort((a, b) => expectedFinal(params, b, 'accuracy') - expectedFinal(params, a, 'accuracy'))[0]!;
    await page
      .getByTestId('experiment-trial-counts')
      .getByText(/^6 of 6 · 0 running/)
      .waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('best-trial').textContent()).toBe(expectedBest.metadata.name);
    const table = page.getByTestId('trials-table');
    await expect.poll(async () => (await table.locator('[data-phase]').count()) >= 6, { timeout: 30_000 }).toBe(true);
    await app.shot('katib-experiment');

    // brush the objective axis (the last one) over its top half: only the top trials stay in the table
    const chart = page.getByTestId('katib-parallel');
    const box = (await chart.boundingBox())!;
    const axisX = box.x + box.width - 90; // the chart's right margin
    const top = box.y + 40;
    const bottom = box.y + box.height - 30;
    await page.mouse.move(axisX, top + 2);
    await page.mouse.down();
    await page.mouse.move(axisX, (top + bottom) / 2, { steps: 8 });
    await page.mouse.up();
    const count = page.getByTestId('katib-brush-count');
    await count.getByText(/of 6 trials inside the brushes/).waitFor({ timeout: 10_000 });
    const inside = Number(/^(\d+) of 6/.exec((await count.textContent()) ?? '')?.[1]);
    expect(inside).toBeGreaterThan(0);
    expect(inside).toBeLessThan(6);
    expect(await table.locator('[data-phase]').count()).toBe(inside);
    expect(await table.textContent()).toContain(expectedBest.metadata.name);
    await app.shot('katib-brushed');

    // the best trial's detail: its observation log and its logs
    await page.getByTestId('best-trial').click();
    const detail = page.getByTestId('trial-detail');
    await detail.waitFor();
    expect(await page.getByTestId('trial-phase').textContent()).toBe('Succeeded');
    await page.getByTestId('trial-observation').waitFor({ timeout: 30_000 });
    await detail
      .getByText(/accuracy=0\.\d{4}/)
      .first()
      .waitFor({ timeout: 30_000 });
    await app.shot('katib-trial');
    expect(app.pageErrors).toEqual([]);
  }, 360_000);
});
