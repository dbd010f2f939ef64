// SPDX-License-Identifier: Apache-2.0
/**
 * A training job's page in a real browser against lab-a: the `s3://…` location in its command
 * line opens in the storage browser; "TensorBoard…" finds its `--logdir` under a mounted claim
 * and opens the TensorBoards page's form prefilled with `pvc://<claim>/<path>` and the job's
 * namespace; the TensorBoard made from it is listed with a link back to the job.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

const pytorch = { group: 'kubeflow.org', version: 'v1', plural: 'pytorchjobs' };
const tensorboards = { group: 'tensorboard.kubeflow.org', version: 'v1alpha1', plural: 'tensorboards' };

describe('TensorBoard from a job', () => {
  let app: E2eApp | undefined;
  let ns: { name: string; remove(): Promise<void> };
  const custom = () => kubeConfig('lab-a').makeApiClient(k8s.CustomObjectsApi);

  beforeAll(async () => {
    ns = await tempNamespace('tbjob');
    await custom().createNamespacedCustomObject({
      ...pytorch,
      namespace: ns.name,
      body: {
        apiVersion: 'kubeflow.org/v1',
        kind: 'PyTorchJob',
        metadata: { name: 'mnist' },
        spec: {
          pytorchReplicaSpecs: {
            Worker: {
              replicas: 1,
              template: {
                spec: {
                  containers: [
                    {
                      name: 'pytorch',
                      image: 'pytorch/pytorch:2.4.0',
                      command: ['python', 'train.py'],
                      args: ['--data=s3://datasets/mnist', '--logdir', '/mnt/logs/run-1'],
                      volumeMounts: [{ name: 'logs', mountPath: '/mnt/logs' }],
                    },
                  ],
                  volumes: [{ name: 'logs', persistentVolumeClaim: { claimName: 'train-logs' } }],
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

  it("links the job's s3 location, prefills a TensorBoard from its --logdir and links back", async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const labA = await clusterIdOf(page, 'lab-a');
    const origin = new URL(page.url()).origin;
    const jobHash = `#/job/${encodeURIComponent(labA)}/kubeflow.org/v1/pytorchjobs/${ns.name}/mnist`;
    await page.goto(`${origin}/${jobHash}`);

    // the s3:// part of the command line is a link to the storage browser
    const s3 = page.getByTestId('job-detail').getByTestId('s3-link').filter({ hasText: 's3://datasets/mnist' });
    await s3.waitFor({ timeout: 30_000 });
    expect(await s3.getAttribute('href')).toBe(`#/storage/${encodeURIComponent(labA)}?uri=${encodeURIComponent('s3://datasets/mnist')}`);

    // TensorBoard…: the form, prefilled
    await page.getByTestId('tensorboard-from').click();
    await page.getByTestId('tensorboard-form').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('tensorboard-logs').inputValue()).toBe('pvc://train-logs/run-1');
    expect(await page.getByTestId('tensorboard-namespace').inputValue()).toBe(ns.name);
    expect(await page.getByTestId('tensorboard-name').inputValue()).toBe('tb-run-1');
    await app.shot('tensorboard-from-job-01-form');
    await page.getByTestId('tensorboard-create').click();
    const made = await eventually('the Tensorboard is made', () =>
      custom()
        .getNamespacedCustomObject({ ...tensorboards, namespace: ns.name, name: 'tb-run-1' })
        .then((o) => o as { spec: { logspath: string }; metadata: { annotations?: Record<string, string> } })
        .catch(() => undefined),
    );
    expect(made.spec.logspath).toBe('pvc://train-logs/run-1');
    expect(made.metadata.annotations?.['mldeck.dev/made-from']).toBe(`job:kubeflow.org/v1/pytorchjobs/${ns.name}/mnist`);

    // the list links back to the job
    const row = page.getByTestId('tensorboards-table').getByRole('row').filter({ hasText: 'tb-run-1' }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.getByTestId('tensorboard-made-from').click();
    await page.getByTestId('job-detail').waitFor({ timeout: 30_000 });
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe(decodeURIComponent(jobHash));
  }, 240_000);
});
