// SPDX-License-Identifier: Apache-2.0
/**
 * The shell in a real browser against the lab: first run, adding the lab's kubeconfig,
 * switching clusters, the overview's GPU nodes, palette navigation, the detail panel, a
 * forbidden action explained, and a credential plugin reviewed before it may run.
 */
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { kubeConfig, labInfo } from '../harness/lab';
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

  it('shows a credential plugin’s every argument and variable, dangerous ones in red, before it runs', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mldeck-e2e-exec-'));
    const marker = join(dir, 'ran');
    const kc = kubeConfig('lab-a');
    const token = kc.getCurrentUser()?.token ?? '';
    const credential = `{"apiVersion":"client.authentication.k8s.io/v1","kind":"ExecCredential","status":{"token":"${token}"}}`;
    const file = join(dir, 'plugin.yaml');
    writeFileSync(
      file,
      stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'c', cluster: { server: kc.getCurrentCluster()?.server, 'certificate-authority': kc.getCurrentCluster()?.caFile } }],
        users: [
          {
            name: 'u',
            user: {
              exec: {
                apiVersion: 'client.authentication.k8s.io/v1',
                interactiveMode: 'Never',
                command: '/bin/sh',
                args: ['-c', `echo ran > '${marker}'; printf '%s' '${credential}'`, 'sign-in-arg'],
                env: [
                  { name: 'AWS_PROFILE', value: 'ml-team' },
                  { name: 'LD_PRELOAD', value: '/tmp/not-a-library.so' },
                ],
              },
            },
          },
        ],
        contexts: [{ name: 'sh-plugin', context: { cluster: 'c', user: 'u' } }],
      }),
    );
    app = await openApp({ KUBECONFIG: file });
    const { page } = app;
    await page.getByTestId('nav-clusters').click();
    const row = page.getByTestId('cluster-row-sh-plugin');
    await row.getByText('needs approval', { exact: true }).waitFor();
    expect(await row.getByTestId('health-needs-approval').textContent()).toContain('not contacted');
    await row.getByRole('button', { name: 'Review plugin…' }).click();
    const dialog = page.getByTestId('exec-approval');
    await dialog.getByTestId('exec-args').waitFor();
    expect(await dialog.getByTestId('exec-path').textContent()).toBe('/bin/sh');
    expect(await dialog.getByTestId('exec-args').locator('li').allTextContents()).toEqual([
      '-c',
      `echo ran > '${marker}'; printf '%s' '${credential}'`,
      'sign-in-arg',
    ]);
    expect(await dialog.getByTestId('exec-realpath').textContent()).toMatch(/dash|bash|busybox/);
    expect(await dialog.getByTestId('exec-hash').textContent()).toMatch(/^[0-9a-f]{12}…$/);
    const danger = dialog.locator('[data-dangerous="true"]');
    expect(await danger.allTextContents()).toEqual([expect.stringContaining('LD_PRELOAD=/tmp/not-a-library.so')]);
    // shown in red (the theme's error colour), unlike an ordinary variable
    const rgb = async (el: typeof danger) => (await el.evaluate((e) => getComputedStyle(e).color)).match(/\d+/g)?.map(Number) ?? [];
    const [r = 0, g = 0, b = 0] = await rgb(danger);
    expect(r - Math.max(g, b)).toBeGreaterThan(60);
    expect(await rgb(dialog.getByTestId('exec-env').locator('li:not([data-dangerous])'))).not.toEqual([r, g, b]);
    expect(await dialog.getByTestId('exec-env').getByText('AWS_PROFILE=ml-team').isVisible()).toBe(true);
    await app.shot('08-exec-approval');
    expect(existsSync(marker)).toBe(false);
    await dialog.getByRole('button', { name: 'Approve and run' }).click();
    await row.getByTestId('health-ok').waitFor({ timeout: 30_000 });
    expect(existsSync(marker)).toBe(true);
    expect(await row.getByText('needs approval', { exact: true }).count()).toBe(0);
    expect(app.pageErrors).toEqual([]);
  });
});
