// SPDX-License-Identifier: Apache-2.0
/**
 * The shell in a real browser against the lab: first run, adding the lab's kubeconfig,
 * switching clusters, the overview's GPU nodes, palette navigation, the detail panel, and a
 * forbidden action explained.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { openApp, type E2eApp } from './app-host';

describe('the shell', () => {
  let app: E2eApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('first run: welcome, then the lab’s kubeconfig added by path shows lab-a’s GPU nodes', async () => {
    app = await openApp();
    const { page } = app;
    await page.getByTestId('welcome').waitFor();
    expect(await page.getByRole('heading', { name: 'Welcome to MLDeck' }).isVisible()).toBe(true);
    await app.shot('01-first-run');
    await page.getByLabel('Kubeconfig path').fill('/does/not/exist.yaml');
    await page.getByRole('button', { name: 'Add kubeconfig' }).click();
    await page.getByRole('alert').filter({ hasText: '/does/not/exist.yaml' }).waitFor();
    await page.getByLabel('Kubeconfig path').fill(labInfo().kubeconfig);
    await page.getByRole('button', { name: 'Add kubeconfig' }).click();
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    await page.getByTestId('gpu-models').getByText('NVIDIA-A100-SXM4-80GB').waitFor();
    expect(await page.getByTestId('gpu-models').getByText('Tesla-T4').isVisible()).toBe(true);
    expect(await page.getByTestId('overview-health').textContent()).toContain('v1.35.4');
    await app.shot('02-overview-lab-a');
    expect(app.pageErrors).toEqual([]);
  });

  it('switches lab-a ↔ lab-b, navigates with the palette, opens a node’s YAML', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const switcher = page.getByTestId('cluster-switcher');
    const labB = await switcher.locator('option', { hasText: /^lab-b$/ }).getAttribute('value');
    await switcher.selectOption(labB ?? '');
    await page.getByTestId('gpu-models').getByText('NVIDIA-H100-80GB-HBM3').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('gpu-models').getByText('NVIDIA-A100-SXM4-80GB').count()).toBe(0);
    await app.shot('03-overview-lab-b');

    await page.keyboard.press('Control+k');
    await page.getByRole('dialog', { name: 'Command palette' }).waitFor();
    await page.getByLabel('Search').fill('gpu-l4');
    await page.getByRole('option', { name: /gpu-l4-0/ }).waitFor();
    await app.shot('04-palette');
    await page.keyboard.press('Enter');
    const detail = page.getByTestId('detail-panel');
    await detail.getByRole('heading', { name: 'gpu-l4-0' }).waitFor();
    await detail.getByRole('tab', { name: 'YAML' }).click();
    await page.locator('.monaco-editor').getByText('nvidia.com/gpu.product').first().waitFor();
    await app.shot('05-node-yaml');

    await switcher.selectOption((await switcher.locator('option', { hasText: /^lab-a$/ }).getAttribute('value')) ?? '');
    await page.getByTestId('gpu-models').getByText('Tesla-T4').waitFor({ timeout: 30_000 });
    expect(app.pageErrors).toEqual([]);
  });

  it('explains what the restricted user may not see', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const switcher = page.getByTestId('cluster-switcher');
    await switcher.selectOption((await switcher.locator('option', { hasText: 'lab-a-restricted' }).getAttribute('value')) ?? '');
    await page.getByText('Not allowed:').first().waitFor({ timeout: 30_000 });
    expect(
      await page
        .getByText(/cannot list nodes/)
        .first()
        .isVisible(),
    ).toBe(true);
    await app.shot('06-restricted-overview');
    await page.getByRole('button', { name: 'Pods', exact: true }).click();
    await page.getByLabel('Namespace').selectOption('team-a');
    await page.getByTestId('row-count').waitFor();
    const url = new URL(page.url());
    await page.goto(`${url.origin}/${url.hash.replace('ns=team-a', 'ns=team-b')}`);
    // a live list the user may not read says so, with the server's reason
    const note = page.locator('[data-freshness="forbidden"]');
    await note.waitFor({ timeout: 30_000 });
    expect(await note.textContent()).toMatch(/alice.*cannot list.*pods.*team-b/);
    await app.shot('07-forbidden-explained');
  });
});
