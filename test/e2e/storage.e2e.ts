// SPDX-License-Identifier: Apache-2.0
/**
 * The storage browser in a real browser against lab-a and the lab S3 (versitygw): the store
 * found for KFP (its Secret and kfp-launcher endpoint, set up in a namespace of the test's own) is
 * used, a 200 MB file is uploaded in parts with visible progress, another upload is cancelled, a
 * CSV, a Parquet file and a notebook are previewed, a folder is downloaded as a tar, and a model
 * version's storage URI opens its files here.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectsCommand, HeadObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { extract } from 'tar-stream';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPage } from '../../main/platform/object-store/object-reads';
import { makeS3Client } from '../../main/platform/object-store/s3-client';
import { urlRoute } from '../../main/platform/net/http-route';
import { labInfo, tempNamespace } from '../harness/lab';
import { labS3, seedKfpLauncher } from '../integration/storage-lab';
import { clusterIdOf, openApp, type E2eApp } from './app-host';
import { confirmLabMlflow } from './confirm-service';

const run = `mldeck-e2e-storage-${Date.now().toString(36)}`;
const notebook = {
  nbformat: 4,
  nbformat_minor: 5,
  metadata: {},
  cells: [
    { cell_type: 'markdown', id: 'a1', metadata: {}, source: ['# Churn features\n', 'Read from the lake.'] },
    {
      cell_type: 'code',
      id: 'a2',
      metadata: {},
      execution_count: 1,
      source: ['print(6 * 7)'],
      outputs: [{ output_type: 'stream', name: 'stdout', text: ['42\n'] }],
    },
  ],
};

async function tarNames(bytes: Buffer): Promise<string[]> {
  const names: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const x = extract();
    x.on('entry', (h, s, next) => {
      names.push(h.name);
      s.on('end', next);
      s.resume();
    });
    x.on('finish', resolve);
    x.on('error', reject);
    Readable.from([bytes]).pipe(x);
  });
  return names.sort();
}

describe('the storage browser', () => {
  const s3 = makeS3Client({ ...labS3, credentials: labS3 }, urlRoute(labS3.endpoint, {}));
  let ns: { name: string; remove(): Promise<void> };
  let app: E2eApp | undefined;
  let dir = '';

  beforeAll(async () => {
    ns = await tempNamespace('mldeck-e2e-storage');
    await seedKfpLauncher(ns.name);
    const put = (key: string, body: string | Buffer) => s3.send(new PutObjectCommand({ Bucket: 'datasets', Key: `${run}/${key}`, Body: body }));
    await put('tables/churn.csv', 'customer,tenure,monthly,churned,signup\n1,12,70.5,true,2025-01-03\n2,3,20,false,2025-06-30\n');
    await put('tables/iris.parquet', readFileSync(join(__dirname, '..', '..', 'renderer', 'features', 'storage', 'testing', 'iris-sample.parquet')));
    await put('notebooks/features.ipynb', JSON.stringify(notebook));
    dir = mkdtempSync(join(tmpdir(), 'mldeck-e2e-storage-'));
    writeFileSync(join(dir, 'big-model.bin'), randomBytes(200 * 1024 * 1024));
    writeFileSync(join(dir, 'cancel-me.bin'), randomBytes(120 * 1024 * 1024));
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    for (;;) {
      const p = await listPage(s3, { store: 'lab' }, 'datasets', `${run}/`, { delimiter: '' });
      if (!p.objects.length) break;
      await s3.send(new DeleteObjectsCommand({ Bucket: 'datasets', Delete: { Objects: p.objects.map((o) => ({ Key: o.key })) } }));
    }
    s3.destroy();
    await ns?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('browses the store found for KFP, uploads 200 MB in parts, cancels an upload, previews files, downloads a folder and opens a model version’s files', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const clusterId = await clusterIdOf(page, 'lab-a');
    await page.getByTestId('cluster-switcher').selectOption(clusterId);
    await page.getByTestId('nav-storage').click();

    // the KFP store found in the test's namespace, with where it came from
    const found = page.getByTestId(`found-kfp-${ns.name}-mlpipeline-minio-artifact`);
    await found.waitFor({ timeout: 30_000 });
    expect(await found.textContent()).toContain(`KFP artifact Secret ${ns.name}/mlpipeline-minio-artifact (endpoint from ConfigMap ${ns.name}/kfp-launcher)`);
    await app.shot('storage-01-found');
    await found.getByRole('button', { name: 'Use' }).click();
    // it opens at KFP's pipeline root
    await page.getByTestId('storage-browser').waitFor({ timeout: 30_000 });
    expect(await page.getByRole('navigation', { name: 'Location' }).textContent()).toContain('mlpipeline/v2/artifacts');

    // open the test's folder by its URI
    await page.getByLabel('Open an s3:// URI').fill(`s3://datasets/${run}/`);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    const table = page.getByTestId('storage-table');
    const row = (name: string) => table.getByRole('row').filter({ hasText: name }).first();
    await row('tables/').waitFor({ timeout: 30_000 });

    // 200 MB in parts, with progress (bytes, speed, time left) while it runs
    await page.getByTestId('upload-files').setInputFiles(join(dir, 'big-model.bin'));
    const big = page.getByTestId('transfer').filter({ hasText: 'big-model.bin' });
    await big.getByTestId('transfer-progress').filter({ hasText: / left/ }).waitFor({ timeout: 60_000 });
    expect(await big.getByTestId('transfer-progress').textContent()).toMatch(/of 200(\.0)? MiB · [\d.]+ [KMG]i?B\/s · .+ left/);
    await app.shot('storage-02-upload-progress');

    // another upload, cancelled while it runs
    await page.getByTestId('upload-files').setInputFiles(join(dir, 'cancel-me.bin'));
    const cancelled = page.getByTestId('transfer').filter({ hasText: 'cancel-me.bin' });
    await cancelled
      .getByTestId('transfer-progress')
      .filter({ hasText: /of 120/ })
      .waitFor({ timeout: 60_000 });
    await cancelled.getByRole('button', { name: /^Cancel .*cancel-me\.bin$/ }).click();
    await page.locator('[data-testid="transfer"][data-state="cancelled"]').filter({ hasText: 'cancel-me.bin' }).waitFor();
    expect(await cancelled.getByRole('button', { name: /^Retry .*cancel-me\.bin$/ }).count()).toBe(1);

    await page.locator('[data-testid="transfer"][data-state="done"]').filter({ hasText: 'big-model.bin' }).waitFor({ timeout: 300_000 });
    const head = await s3.send(new HeadObjectCommand({ Bucket: 'datasets', Key: `${run}/big-model.bin` }));
    expect(head.ContentLength).toBe(statSync(join(dir, 'big-model.bin')).size);
    expect(head.ETag).toMatch(/-25"$/); // 25 parts of 8 MiB
    await expect(s3.send(new HeadObjectCommand({ Bucket: 'datasets', Key: `${run}/cancel-me.bin` }))).rejects.toMatchObject({ name: 'NotFound' });
    await row('big-model.bin').waitFor({ timeout: 30_000 });
    await app.shot('storage-03-uploaded');

    // previews: CSV with column types, Parquet schema and rows, a notebook rendered read-only
    await row('tables/').click();
    await row('churn.csv').click();
    const preview = page.getByTestId('preview-table');
    await preview.waitFor({ timeout: 30_000 });
    expect(await preview.getByTestId('column-type').allTextContents()).toEqual(['integer', 'integer', 'number', 'boolean', 'date']);
    expect(await preview.locator('tbody tr').count()).toBe(2);
    await app.shot('storage-04-csv');
    await row('iris.parquet').click();
    await page.getByTestId('preview-table').getByText('versicolor').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('preview-table').getByTestId('column-type').allTextContents()).toEqual([
      'INT64',
      'BYTE_ARRAY (STRING)',
      'DOUBLE',
      'INT32 (DATE)',
    ]);
    await app.shot('storage-05-parquet');

    // the folder as a tar
    const [tar] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.getByRole('button', { name: 'Download folder' }).click()]);
    expect(tar.suggestedFilename()).toBe('tables.tar');
    expect(await tarNames(readFileSync(await tar.path()))).toEqual(['tables/churn.csv', 'tables/iris.parquet']);

    await page.getByLabel('Open an s3:// URI').fill(`s3://datasets/${run}/notebooks/`);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await row('features.ipynb').click();
    const nb = page.getByTestId('storage-notebook');
    await nb.waitFor({ timeout: 30_000 });
    expect(await nb.getByRole('heading', { name: 'Churn features' }).count()).toBe(1);
    expect(await nb.textContent()).toContain('42');
    await app.shot('storage-06-notebook');

    // a model version's storage URI opens its files here
    await page.getByTestId('nav-models').click();
    await confirmLabMlflow(page);
    await page.evaluate((h) => (window.location.hash = h), `#/model/${encodeURIComponent(clusterId)}/fraud-clf/3`);
    const link = page.getByTestId('storage-uri').getByTestId('s3-link');
    await link.waitFor({ timeout: 30_000 });
    expect(await link.textContent()).toMatch(/^s3:\/\/mlflow\/artifacts\/1\/[0-9a-f]{32}\/artifacts\/model$/);
    await link.click();
    await page.getByTestId('storage-browser').waitFor({ timeout: 30_000 });
    await row('MLmodel').waitFor({ timeout: 30_000 });
    await row('MLmodel').click();
    await page.getByTestId('preview-text').filter({ hasText: 'flavors:' }).waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('storage-preview').getByRole('button', { name: 'Deploy…' }).count()).toBe(1);
    await app.shot('storage-07-model-version');
  }, 600_000);
});
