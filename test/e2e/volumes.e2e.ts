// SPDX-License-Identifier: Apache-2.0
/**
 * The volumes page in a real browser against lab-a: the workspace PVC of the notebook server
 * alice-scipy is listed with who mounts it; browsing it for writing starts a pod on the
 * notebook's node (and says why), shows the seeded files, previews the CSV as a table,
 * downloads a file with the same bytes as in the volume, uploads one (it lands in the folder
 * that stands for the claim, where KWOK ran tar), deletes it, and closing removes the pod.
 */
import * as k8s from '@kubernetes/client-node';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { volumeDir } from '../lab/volumes/volume-folders';
import { eventually, kubeConfig, labInfo } from '../harness/lab';
import { openApp, type E2eApp } from './app-host';

describe('the volumes page', () => {
  let app: E2eApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('browses a notebook workspace, downloads a file, uploads one and deletes it', async () => {
    const dir = volumeDir('lab-a', 'team-a', 'alice-scipy-workspace');
    const uploaded = `e2e-upload-${Date.now().toString(36)}.txt`;
    const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
    const node = (await core.readNamespacedPod({ name: 'alice-scipy-0', namespace: 'team-a' })).spec?.nodeName ?? '';
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const switcher = page.getByTestId('cluster-switcher');
    await switcher.selectOption((await switcher.locator('option', { hasText: /^lab-a$/ }).getAttribute('value')) ?? '');
    await page.getByTestId('nav-volumes').click();

    const table = page.getByTestId('volumes-table');
    await table.getByPlaceholder('Search volumes…').fill('alice-scipy-workspace');
    const row = table.getByRole('row').filter({ hasText: 'alice-scipy-workspace' }).first();
    await row.waitFor({ timeout: 30_000 });
    expect(await row.textContent()).toContain('alice-scipy-0');
    expect(await row.textContent()).toContain('RWO');
    await row.click();

    await page.getByTestId('volume-open-writable').click();
    await page.getByTestId('volume-entries').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('volume-mode').textContent()).toBe('read-write');
    expect(await page.getByTestId('volume-note').first().textContent()).toContain(`in use by pod alice-scipy-0 (notebook server alice-scipy) on node ${node}`);
    const entry = (name: string) => page.locator(`[data-testid="volume-entry"][data-name="${name}"]`);
    await entry('README.md').waitFor();
    await app.shot('volumes-01-root');

    // a folder, the CSV as a table
    await entry('data').getByRole('button', { name: 'data/', exact: true }).click();
    await entry('iris.csv').getByRole('button', { name: 'iris.csv', exact: true }).click();
    const preview = page.getByTestId('volume-preview-table');
    await preview.waitFor({ timeout: 30_000 });
    expect(await preview.locator('th').allTextContents()).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width', 'species']);
    expect(await preview.locator('tbody tr').count()).toBe(100);
    await app.shot('volumes-02-csv');

    // download: the same bytes as in the volume
    const [download] = await Promise.all([page.waitForEvent('download'), entry('iris.csv').getByRole('button', { name: 'Download iris.csv' }).click()]);
    expect(download.suggestedFilename()).toBe('iris.csv');
    expect(readFileSync(await download.path(), 'utf8')).toBe(readFileSync(join(dir, 'data', 'iris.csv'), 'utf8'));

    // upload into the folder shown, then delete it after confirming
    await page.getByTestId('volume-upload-input').setInputFiles({ name: uploaded, mimeType: 'text/plain', buffer: Buffer.from('from the e2e test\n') });
    await entry(uploaded).waitFor({ timeout: 30_000 });
    expect(readFileSync(join(dir, 'data', uploaded), 'utf8')).toBe('from the e2e test\n');
    await entry(uploaded)
      .getByRole('button', { name: `Delete ${uploaded}` })
      .click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await entry(uploaded).waitFor({ state: 'detached', timeout: 30_000 });
    expect(existsSync(join(dir, 'data', uploaded))).toBe(false);

    // closing deletes the browser pod
    const pod = (await page.getByTestId('volume-pod').getAttribute('data-pod')) ?? '';
    const podNow = () => core.readNamespacedPod({ namespace: 'team-a', name: pod }).catch(() => undefined);
    expect((await podNow())?.status?.phase).toBe('Running');
    await page.getByTestId('volume-close').click();
    await eventually('the browser pod is gone', async () => ((await podNow()) ? undefined : true), 30_000);
  }, 240_000);
});
