// SPDX-License-Identifier: Apache-2.0
/**
 * The storage browser in a real browser against the lab S3 (versitygw), through a store entered
 * by hand whose endpoint is a forwarder in front of the lab S3 (it can fail chosen upload parts
 * with S3's `500 InternalError`):
 * - a prefix of 100,000 objects (seeded as files in versitygw's data folder) shows its first rows
 *   while the rest is still being read, then counts exactly 100,000, scrolls to the last, sorts
 *   by name last first, and a search by prefix finds one object;
 * - a folder dropped on the browser (a real drag of a real folder, through Chromium's DevTools
 *   drag events) and a folder chosen with "Upload folder" land under the prefix with their paths;
 * - an upload whose part fails once completes (the part is sent again); one whose part keeps
 *   failing shows the store's words, and "Retry" sends it once the store recovers;
 * - "Delete folder…" lists what goes before anything is deleted.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listPage } from '../../main/platform/object-store/object-reads';
import { makeS3Client } from '../../main/platform/object-store/s3-client';
import { urlRoute } from '../../main/platform/net/http-route';
import { labInfo } from '../harness/lab';
import { startFaultProxy, type FaultProxy } from '../integration/storage-fault-proxy';
import { labS3, removeSeeded, seedPartFiles, seededPart } from '../integration/storage-lab';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

const run = `mldeck-e2e-browse-${Date.now().toString(36)}`;
const SCALE = 100_000;

describe('the storage browser at scale, uploading folders, retrying and deleting', () => {
  const s3 = makeS3Client({ ...labS3, credentials: labS3 }, urlRoute(labS3.endpoint, {}));
  let proxy: FaultProxy;
  let app: E2eApp | undefined;
  let dir = '';

  beforeAll(async () => {
    seedPartFiles('datasets', `${run}/huge`, SCALE);
    proxy = await startFaultProxy();
    dir = mkdtempSync(join(tmpdir(), 'mldeck-e2e-browse-'));
    for (const [folder, files] of [
      ['dropped', ['train/a.csv', 'train/b.csv', 'README.md']],
      ['chosen', ['eval/c.csv', 'notes.txt']],
    ] as const) {
      for (const f of files) {
        mkdirSync(join(dir, folder, f, '..'), { recursive: true });
        writeFileSync(join(dir, folder, f), `${folder}/${f}\n`);
      }
    }
    writeFileSync(join(dir, 'flaky.bin'), randomBytes(20 << 20));
    writeFileSync(join(dir, 'retry-me.bin'), randomBytes(20 << 20));
  }, 600_000);
  afterAll(async () => {
    await app?.close();
    await proxy?.close();
    s3.destroy();
    removeSeeded('datasets', run);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the first of 100,000 objects at once, counts them all, scrolls to the last and finds one by prefix', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    await page.getByTestId('cluster-switcher').selectOption(await clusterIdOf(page, 'lab-a'));
    await page.getByTestId('nav-storage').click();

    // a store entered by hand, reached through the forwarder
    await page.getByRole('button', { name: 'Add a store by hand…' }).click({ timeout: 30_000 });
    const form = page.getByRole('form', { name: 'Storage connection' });
    await form.getByLabel('Name').fill('lab S3 (forwarded)');
    await form.getByLabel('Endpoint').fill(proxy.endpoint);
    await form.getByLabel('Region').fill(labS3.region);
    await form.getByLabel('Access key id').fill(labS3.accessKeyId);
    await form.getByLabel('Secret key').fill(labS3.secretAccessKey);
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByTestId('storage-buckets').getByRole('button', { name: 'datasets' }).waitFor({ timeout: 30_000 });

    const count = page.getByTestId('storage-count');
    const table = page.getByTestId('storage-table');
    const row = (name: string) => table.getByRole('row').filter({ hasText: name }).first();
    await page.getByLabel('Open an s3:// URI').fill(`s3://datasets/${run}/huge/`);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await row(seededPart(0)).waitFor({ timeout: 30_000 });
    const firstMs = Date.now() - t0;
    const whileReading = (await count.textContent()) ?? '';
    await app.shot('storage-scale-01-first-rows');
    await count.filter({ hasText: /^100,000 entries$/ }).waitFor({ timeout: 300_000 });
    const allMs = Date.now() - t0;
    console.log(`first rows after ${firstMs} ms (count then: "${whileReading}"); 100,000 after ${allMs} ms`);
    // the first rows came while the rest was still being read
    expect(whileReading).toMatch(/^[\d,]+ entries, reading…$/);
    expect(Number(whileReading.replace(/\D/g, ''))).toBeLessThan(SCALE);
    expect(firstMs).toBeLessThan(allMs / 4);
    expect(await table.getByTestId('row-count').textContent()).toBe('100000 items');

    // virtualised: the end of the list is a keypress away, and only a screenful is in the page
    await table.getByRole('rowgroup').first().focus();
    await page.keyboard.press('End');
    await row(seededPart(SCALE - 1)).waitFor({ timeout: 10_000 });
    expect(await table.getByRole('row').count()).toBeLessThan(100);
    await app.shot('storage-scale-02-last-row');

    // sorted by name, last first: 100,000 names in order numbers and all
    const byName = table.getByRole('columnheader', { name: /^Name/ }).getByRole('button');
    const s0 = Date.now();
    await byName.click();
    await byName.click();
    await table.getByRole('rowgroup').first().focus();
    await page.keyboard.press('Home');
    await table
      .locator('[role="row"][aria-rowindex="2"]')
      .filter({ hasText: seededPart(SCALE - 1) })
      .waitFor({ timeout: 60_000 });
    console.log(`sorted 100,000 rows up and down in ${Date.now() - s0} ms`);
    await byName.click();

    // search by prefix: S3 lists only what starts with it
    await page.getByLabel('Search by prefix').fill('part-07351');
    await count.filter({ hasText: /^10 entries$/ }).waitFor({ timeout: 30_000 });
    await page.getByLabel('Search by prefix').fill('part-073519');
    await count.filter({ hasText: /^1 entry$/ }).waitFor({ timeout: 30_000 });
    expect(
      await table
        .getByRole('row')
        .filter({ hasText: /part-\d{6}\.csv/ })
        .allTextContents(),
    ).toEqual([expect.stringContaining(seededPart(73_519))]);
    await app.shot('storage-scale-03-search');
  }, 600_000);

  it('uploads a dropped folder and a chosen one, retries failed parts, and deletes a folder after listing what goes', async () => {
    if (!app) throw new Error('the first test opened no app');
    const { page } = app;
    const table = page.getByTestId('storage-table');
    const row = (name: string) => table.getByRole('row').filter({ hasText: name }).first();
    await page.getByLabel('Open an s3:// URI').fill(`s3://datasets/${run}/up/`);
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await table.getByText('Nothing here. Drop files to upload them.').waitFor({ timeout: 30_000 });

    // a real folder dragged onto the browser (Chromium's drag events with the folder's path)
    const box = await page.getByTestId('storage-browser').boundingBox();
    if (!box) throw new Error('no browser to drop on');
    const cdp = await page.context().newCDPSession(page);
    const data = { items: [], files: [join(dir, 'dropped')], dragOperationsMask: 1 };
    for (const type of ['dragEnter', 'dragOver', 'drop'] as const)
      await cdp.send('Input.dispatchDragEvent', { type, x: box.x + box.width / 2, y: box.y + box.height / 2, data });
    const done = (name: string) => page.locator('[data-testid="transfer"][data-state="done"]').filter({ hasText: name });
    for (const f of ['dropped/train/a.csv', 'dropped/train/b.csv', 'dropped/README.md']) await done(`${run}/up/${f}`).waitFor({ timeout: 60_000 });
    // the folder chosen with "Upload folder"
    await page.getByTestId('upload-folder').setInputFiles(join(dir, 'chosen'));
    for (const f of ['chosen/eval/c.csv', 'chosen/notes.txt']) await done(`${run}/up/${f}`).waitFor({ timeout: 60_000 });
    await row('dropped/').waitFor({ timeout: 30_000 });
    await row('chosen/').waitFor();
    const keys = (await listPage(s3, { store: 'lab' }, 'datasets', `${run}/up/`, { delimiter: '' })).objects.map((o) => o.key);
    expect(keys.sort()).toEqual(
      ['chosen/eval/c.csv', 'chosen/notes.txt', 'dropped/README.md', 'dropped/train/a.csv', 'dropped/train/b.csv'].map((k) => `${run}/up/${k}`),
    );
    await app.shot('storage-browse-01-folders');

    // a part the store fails once is sent again, and the upload completes
    proxy.failPart({ keyContains: 'flaky.bin', partNumber: 2, times: 1 });
    let from = proxy.seen.length;
    await page.getByTestId('upload-files').setInputFiles(join(dir, 'flaky.bin'));
    await done('flaky.bin').waitFor({ timeout: 120_000 });
    const flakyPart2 = proxy.seen.slice(from).filter((r) => r.method === 'PUT' && r.url.includes('flaky.bin') && /[?&]partNumber=2(&|$)/.test(r.url));
    expect(flakyPart2.map((r) => r.failed)).toEqual([true, false]);
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'datasets', Key: `${run}/up/flaky.bin` }))).ETag).toMatch(/-3"$/);

    // a part the store keeps failing: the upload fails with the store's words; Retry sends it when the store is back
    proxy.failPart({ keyContains: 'retry-me.bin', partNumber: 2, times: 1000 });
    from = proxy.seen.length;
    await page.getByTestId('upload-files').setInputFiles(join(dir, 'retry-me.bin'));
    const failed = page.locator('[data-testid="transfer"][data-state="failed"]').filter({ hasText: 'retry-me.bin' });
    await failed.waitFor({ timeout: 120_000 });
    expect(await failed.getByTestId('transfer-progress').textContent()).toMatch(/failed: .*HTTP 500 \(InternalError\): We encountered an internal error/);
    expect(proxy.seen.slice(from).filter((r) => r.failed)).toHaveLength(3);
    await app.shot('storage-browse-02-failed-part');
    proxy.failPart(undefined);
    await failed.getByRole('button', { name: /^Retry .*retry-me\.bin$/ }).click();
    await done('retry-me.bin').waitFor({ timeout: 120_000 });
    expect((await s3.send(new HeadObjectCommand({ Bucket: 'datasets', Key: `${run}/up/retry-me.bin` }))).ContentLength).toBe(20 << 20);

    // delete a folder: the dialog lists every key that goes, and nothing goes before Delete
    await row('dropped/').click();
    await row('train/').waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Delete folder…' }).click();
    const dialog = page.getByRole('dialog', { name: /^Delete 3 objects \(\d+ B\)\?$/ });
    await dialog.waitFor({ timeout: 30_000 });
    expect((await dialog.getByTestId('delete-plan').locator('li').allTextContents()).sort()).toEqual(
      ['dropped/README.md', 'dropped/train/a.csv', 'dropped/train/b.csv'].map((k) => `${run}/up/${k}`),
    );
    await app.shot('storage-browse-03-delete-plan');
    expect((await listPage(s3, { store: 'lab' }, 'datasets', `${run}/up/dropped/`, { delimiter: '' })).objects).toHaveLength(3);
    await dialog.getByRole('button', { name: 'Delete' }).click();
    await dialog.waitFor({ state: 'detached', timeout: 30_000 });
    expect((await listPage(s3, { store: 'lab' }, 'datasets', `${run}/up/dropped/`, { delimiter: '' })).objects).toEqual([]);
    // the browser goes up to the folder that held it, which no longer lists it
    await row('chosen/').waitFor({ timeout: 30_000 });
    expect(await table.getByRole('row').filter({ hasText: 'dropped/' }).count()).toBe(0);
  }, 600_000);
});
