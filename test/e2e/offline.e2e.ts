// SPDX-License-Identifier: Apache-2.0
/**
 * Offline, as a user sees it: a list stays readable when the cluster cannot be reached, with
 * the time of the last sync; MLDeck closed and reopened while the cluster is still down shows
 * the same rows from its cache; the cluster back → live again without a restart. And a
 * snapshot exported from lab-a opens in a fresh MLDeck with no cluster at all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';
import { openApp, type E2eApp } from './app-host';

async function openTeamAPods(app: E2eApp, contextName: string): Promise<void> {
  const { page } = app;
  await page.getByTestId('overview-health').or(page.getByTestId('overview')).first().waitFor({ timeout: 30_000 });
  const switcher = page.getByTestId('cluster-switcher');
  const id = await switcher
    .locator('option', { hasText: new RegExp(`^${contextName}`) })
    .first()
    .getAttribute('value');
  await switcher.selectOption(id ?? '');
  await page.getByRole('button', { name: 'Pods', exact: true }).click();
  await page.getByLabel('Namespace').selectOption('team-a');
}

describe('offline', () => {
  let app: E2eApp | undefined;
  let relay: TcpRelay | undefined;
  afterEach(async () => {
    await app?.close();
    await relay?.close();
    app = undefined;
    relay = undefined;
  });

  it('keeps a list readable with the cluster down, after a restart too, and goes live when it is back', async () => {
    relay = await startRelay(16443);
    const kubeconfig = relay.kubeconfig(labInfo().kubeconfig, 'lab-a');
    app = await openApp({ KUBECONFIG: kubeconfig });
    await openTeamAPods(app, 'lab-a');
    const table = app.page.getByTestId('resource-table');
    await app.page.locator('[data-freshness="live"]').waitFor({ timeout: 30_000 });
    const liveCount = Number((await table.getByTestId('row-count').textContent())?.match(/\d+/)?.[0]);
    expect(liveCount).toBeGreaterThan(3);

    await relay.down();
    const stale = app.page.locator('[data-freshness="reconnecting"], [data-freshness="offline"]');
    await stale.waitFor({ timeout: 60_000 });
    expect(await stale.textContent()).toMatch(/showing what MLDeck saw at \d/);
    expect(await table.getByTestId('row-count').textContent()).toContain(String(liveCount));
    await app.shot('08-offline-stale');

    // close MLDeck and open it again while the cluster is still down
    const dataDir = app.dataDir;
    await app.close({ keepData: true });
    app = await openApp({ KUBECONFIG: kubeconfig }, { dataDir });
    await openTeamAPods(app, 'lab-a');
    await app.page.locator('[data-freshness="reconnecting"], [data-freshness="offline"]').waitFor({ timeout: 60_000 });
    expect(await app.page.getByTestId('resource-table').getByTestId('row-count').textContent()).toContain(String(liveCount));
    await app.shot('09-reopened-offline');

    await relay.up();
    await app.page.locator('[data-freshness="live"]').waitFor({ timeout: 90_000 });
  });

  it('opens a snapshot exported from lab-a in a fresh MLDeck with no cluster', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    await page.getByTestId('nav-clusters').click();
    await page.getByTestId('cluster-row-lab-a').getByRole('button', { name: 'Export snapshot' }).click();
    const saved = page.locator('.toast', { hasText: 'Snapshot saved' });
    await saved.waitFor({ timeout: 120_000 });
    const file = (await saved.textContent())?.match(/(\/\S+\.mldeck-snapshot)/)?.[1];
    expect(file).toBeTruthy();
    // copy it out before this app's data directory goes
    const { copyFileSync, mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const copy = join(mkdtempSync(join(tmpdir(), 'mldeck-snap-')), 'lab-a.mldeck-snapshot');
    copyFileSync(file ?? '', copy);
    await app.close();

    app = await openApp({ KUBECONFIG: undefined });
    await app.page.getByTestId('welcome').waitFor();
    await app.page.getByTestId('nav-clusters').click();
    await app.page.getByLabel('Snapshot file').fill(copy);
    await app.page.getByRole('button', { name: 'Open', exact: true }).click();
    await app.page.getByTestId('gpu-models').getByText('NVIDIA-A100-SXM4-80GB').waitFor({ timeout: 30_000 });
    await app.page.locator('[data-freshness="snapshot"]').waitFor({ timeout: 30_000 });
    await app.page.getByRole('button', { name: 'Pods', exact: true }).click();
    await app.page.locator('[data-freshness="snapshot"]').waitFor({ timeout: 30_000 });
    const rows = Number((await app.page.getByTestId('row-count').textContent())?.match(/\d+/)?.[0]);
    expect(rows).toBeGreaterThan(10);
    await app.shot('10-snapshot-opened');
  });

  it('first run offers the sample workspace, readable with no cluster at all', async () => {
    app = await openApp({ KUBECONFIG: undefined });
    const { page } = app;
    await page.getByTestId('welcome').waitFor();
    await page.getByTestId('open-sample').click();
    await page.getByTestId('gpu-models').getByText('NVIDIA-A100-SXM4-80GB').waitFor({ timeout: 30_000 });
    await page.locator('[data-freshness="snapshot"]').waitFor();
    await app.shot('11-sample-workspace');
    await page.getByRole('button', { name: 'PyTorchJobs' }).click();
    await page.locator('[data-freshness="snapshot"]').waitFor({ timeout: 30_000 });
    expect(Number((await page.getByTestId('row-count').textContent())?.match(/\d+/)?.[0])).toBeGreaterThan(5);
    expect(app.pageErrors).toEqual([]);
  });
});
