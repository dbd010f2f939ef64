// SPDX-License-Identifier: Apache-2.0
/**
 * Saying only what is known, as a new user sees it: a context whose API server was never reached
 * shows its counts as unknown with why (not "0", not "no GPU nodes", never "at never"); once
 * reached and then lost again, the same counts come from the cache with the time they were seen.
 * The sidebar's Clusters entry shows the context's health.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { startRelay, type TcpRelay } from '../harness/tcp-relay';
import { openApp, type E2eApp } from './app-host';

describe('first run with a cluster that cannot be reached', () => {
  let app: E2eApp | undefined;
  let relay: TcpRelay | undefined;
  afterEach(async () => {
    await app?.close();
    await relay?.close();
    app = undefined;
    relay = undefined;
  });

  it('says "unknown" and why for a context never reached, and the cached counts with their time once it was', async () => {
    relay = await startRelay(16443);
    await relay.down();
    app = await openApp({ KUBECONFIG: relay.kubeconfig(labInfo().kubeconfig, 'lab-a') });
    const { page } = app;

    const nodes = page.getByTestId('count-nodes');
    await nodes.waitFor({ timeout: 30_000 });
    expect(await nodes.getAttribute('data-state')).toBe('unknown');
    expect(await nodes.textContent()).toMatch(/^Nodesunknown.*never reached this cluster/);
    expect(await page.getByTestId('count-namespaces').textContent()).toMatch(/unknown.*never reached this cluster/);
    expect(await page.getByTestId('gpu-total').getAttribute('data-state')).toBe('unknown');
    expect(await page.getByTestId('no-gpu-models').textContent()).toMatch(
      /^GPU nodes are not known: MLDeck has never reached this cluster: .*(ECONNREFUSED|refused)/i,
    );
    expect(await page.getByTestId('kubeflow-unknown').textContent()).toContain('could not be reached');
    const body = (await page.locator('main').textContent()) ?? '';
    expect(body).not.toMatch(/no GPU nodes|at never|Nodes0|Namespaces0/);
    await app.shot('unreachable-overview');

    // a list page says "not known", not "none"
    await page.getByRole('button', { name: 'Training jobs' }).click();
    await page
      .getByTestId('jobs-table')
      .getByText(/^Not known: MLDeck has never read this from lab-a\.$/)
      .waitFor({ timeout: 30_000 });
    expect(await page.locator('main').textContent()).not.toMatch(/at never|No training jobs here/);

    // the Clusters entry: the context with its health
    await page.getByTestId('nav-clusters').click();
    await page.getByTestId('clusters-page').waitFor();
    await page.getByTestId('cluster-row-lab-a').getByTestId('health-bad').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('cluster-row-lab-a').getByTestId('health-bad').textContent()).toMatch(/unreachable/);
    expect(await page.getByTestId('cluster-row-lab-b').getByTestId('health-ok').textContent()).toContain('v1.35.4');

    // reached once, then lost: the counts are the cache's, with the time they were seen
    await relay.up();
    await page.getByRole('button', { name: 'Overview' }).click();
    const refresh = page.getByRole('button', { name: 'Refresh' });
    await expect.poll(async () => (await refresh.click(), await nodes.getAttribute('data-state')), { timeout: 60_000, interval: 2_000 }).toBe('now');
    const liveNodes = Number(await nodes.locator('strong').textContent());
    expect(liveNodes).toBeGreaterThan(3);
    await relay.down();
    await expect.poll(async () => (await refresh.click(), await nodes.getAttribute('data-state')), { timeout: 90_000, interval: 3_000 }).toBe('cached');
    expect(Number(await nodes.locator('strong').textContent())).toBe(liveNodes);
    expect(await nodes.textContent()).toMatch(/as of \d/);
    expect(await page.getByTestId('gpu-models').getByText('NVIDIA-A100-SXM4-80GB').isVisible()).toBe(true);
    expect(await page.locator('main').textContent()).not.toContain('at never');
    await app.shot('unreachable-overview-cached');
    expect(app.pageErrors.filter((e) => !/WebSocket|ERR_CONNECTION/.test(e))).toEqual([]);
  }, 240_000);
});
