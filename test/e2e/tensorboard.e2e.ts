// SPDX-License-Identifier: Apache-2.0
/**
 * TensorBoard in a real browser against lab-a: a TensorBoard is made from the seeded runs in
 * alice-scipy's workspace (pvc://alice-scipy-workspace/runs), turns ready, and "Open" gives a
 * tunnel link; following it in a tab of its own (TensorBoard's origin, not the app's) shows the
 * runs and serves the seeded loss scalars; a browser without the tunnel's token is refused, and
 * the tunnel is listed on the Tunnels page with its traffic.
 */
import * as k8s from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { kubeConfig, labInfo } from '../harness/lab';
import { openApp, type E2eApp } from './app-host';

describe('TensorBoard', () => {
  let app: E2eApp | undefined;
  const name = `e2e-tb-${Date.now().toString(36)}`;
  afterEach(async () => {
    await app?.close();
    app = undefined;
    await kubeConfig('lab-a')
      .makeApiClient(k8s.CustomObjectsApi)
      .deleteNamespacedCustomObject({ group: 'tensorboard.kubeflow.org', version: 'v1alpha1', plural: 'tensorboards', namespace: 'team-a', name })
      .catch(() => undefined);
  });

  it('opens TensorBoard for a seeded run through a tunnel and shows its scalars; no token, no TensorBoard', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const switcher = page.getByTestId('cluster-switcher');
    await switcher.selectOption((await switcher.locator('option', { hasText: /^lab-a$/ }).getAttribute('value')) ?? '');
    await page.getByTestId('nav-tensorboards').click();

    await page.getByTestId('tensorboard-logs').fill('pvc://alice-scipy-workspace/runs');
    await page.getByTestId('tensorboard-namespace').fill('team-a');
    await page.getByTestId('tensorboard-name').fill(name);
    await page.getByTestId('tensorboard-create').click();
    const row = page.getByTestId('tensorboards-table').getByRole('row').filter({ hasText: name }).first();
    await row.locator('[data-testid="tensorboard-status"][data-phase="ready"]').waitFor({ timeout: 90_000 });
    expect(await row.textContent()).toContain('pvc://alice-scipy-workspace/runs');

    // Open: a tunnel to the Service's ready pod, shown as a link with its token
    const link = row.getByTestId('tensorboard-link');
    await row.getByTestId('tensorboard-open').click();
    await link.waitFor({ timeout: 30_000 });
    await app.shot('tensorboard-01-list');
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\.mldeck-tunnel\/[0-9a-f]{64}\/$/);
    const origin = new URL(href).origin;
    expect(origin).not.toBe(new URL(page.url()).origin);

    // its own tab: the token link sets the cookie, TensorBoard shows the seeded runs
    const tabs = await app.browser.newContext();
    const tab = await tabs.newPage();
    // what went wrong, if the page does not come: requests that failed or were refused
    const trouble: string[] = [];
    tab.on('requestfailed', (r) => trouble.push(`${r.url()} failed: ${r.failure()?.errorText ?? '?'}`));
    tab.on('response', (r) => void (r.status() >= 400 && trouble.push(`${r.url()} ${r.status()}`)));
    await tab.goto(href);
    expect(new URL(tab.url()).pathname).toBe('/');
    // a fresh TensorBoard loads the event files a few seconds after it starts: once its API lists
    // the runs, its page (loaded again) shows them and the first scalar card (loss is read below)
    await tab.waitForFunction(
      async () => {
        const r = await fetch('/data/runs');
        // 502 (MLDeck's words) while the tensorboard process does not listen yet
        return r.ok && ((await r.json()) as string[]).length >= 4;
      },
      undefined,
      { timeout: 90_000, polling: 1000 },
    );
    // TensorBoard's page shows the runs and the accuracy card; a page that stays without them is
    // loaded again, as a user would (at most three loads), and what it showed is kept for the report
    const shown = () => ['mnist-cnn/train', 'mnist-cnn/validation', 'mnist-mlp/train', 'accuracy'].every((t) => document.body.innerText.includes(t));
    const misses: string[] = [];
    for (let load = 1; ; load++) {
      await tab.goto(`${origin}/`, { waitUntil: 'domcontentloaded', timeout: 60_000 });
      const ok = await tab.waitForFunction(shown, undefined, { timeout: 50_000, polling: 1000 }).then(
        () => true,
        () => false,
      );
      if (ok) break;
      await tab.screenshot({ path: `test-results/screenshots/tensorboard-02-missing-${load}.png` }).catch(() => undefined);
      const text = await tab.evaluate(() => document.body.innerText.slice(0, 400)).catch((x: unknown) => String(x));
      misses.push(`load ${load}: page text: ${text}\nrequests: ${trouble.splice(0).slice(-20).join('\n')}`);
      process.stderr.write(`[tensorboard.e2e] runs not shown after load ${load}\n${misses.at(-1)}\n`);
      if (load === 3) throw new Error(`TensorBoard's page did not show the runs in 3 loads:\n${misses.join('\n')}`);
    }
    await tab.screenshot({ path: 'test-results/screenshots/tensorboard-02-scalars.png' });
    const points = await tab.evaluate(
      async () => (await (await fetch('/data/plugin/scalars/scalars?run=mnist-cnn%2Ftrain&tag=loss')).json()) as [number, number, number][],
    );
    expect(points).toHaveLength(50);
    expect(points[0]?.[2]).toBeCloseTo(2.35, 4);
    await tabs.close();

    // a browser without the token gets nothing
    const stranger = await app.browser.newContext();
    const other = await stranger.newPage();
    const res = await other.goto(`${origin}/`);
    expect(res?.status()).toBe(403);
    expect(await other.textContent('body')).toContain('needs its token');
    await stranger.close();

    // listed on the Tunnels page with its traffic
    await page.getByTestId('nav-tunnels').click();
    const tunnel = page.getByTestId('tunnel-row').filter({ hasText: `TensorBoard team-a/${name}` });
    await tunnel.waitFor({ timeout: 10_000 });
    expect(await tunnel.getByTestId('tunnel-address').textContent()).toBe(new URL(href).host);
    expect(await tunnel.textContent()).toContain('refused');
    await app.shot('tensorboard-03-tunnels');
    await tunnel.getByTestId('tunnel-close').click();
    await tunnel.waitFor({ state: 'detached', timeout: 10_000 });
  }, 300_000);
});
