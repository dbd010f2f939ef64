// SPDX-License-Identifier: Apache-2.0
/**
 * The GPU page in a real browser against the lab: lab-a's model cards with the numbers the
 * cluster has, who holds GPUs with the idle notebook flagged, charts drawn from Prometheus
 * through a port-forward, and the settings form refusing a bad URL.
 */
import * as k8s from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import { kubeConfig, labInfo } from '../harness/lab';
import { openApp, type E2eApp } from './app-host';

/** GPUs allocated per model on lab-a, counted from the cluster. */
async function allocatedPerModel(): Promise<Record<string, number>> {
  const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
  const [nodes, pods] = await Promise.all([core.listNode(), core.listPodForAllNamespaces()]);
  const modelOf = new Map(nodes.items.map((n) => [n.metadata?.name ?? '', n.metadata?.labels?.['nvidia.com/gpu.product']]));
  const out: Record<string, number> = {};
  for (const p of pods.items) {
    const model = modelOf.get(p.spec?.nodeName ?? '');
    if (!model || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    out[model] = (out[model] ?? 0) + (p.spec?.containers ?? []).reduce((n, c) => n + Number(c.resources?.limits?.['nvidia.com/gpu'] ?? 0), 0);
  }
  return out;
}

describe('the GPU page', () => {
  let app: E2eApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('shows lab-a’s GPUs by model, who holds them, the idle notebook and utilisation charts', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const switcher = page.getByTestId('cluster-switcher');
    await switcher.selectOption((await switcher.locator('option', { hasText: /^lab-a$/ }).getAttribute('value')) ?? '');
    await page.getByTestId('nav-gpus').click();

    const card = (model: string) => page.locator(`[data-testid="gpu-model-card"][data-model="${model}"]`);
    await card('NVIDIA-A100-SXM4-80GB').waitFor({ timeout: 30_000 });
    const a100 = card('NVIDIA-A100-SXM4-80GB');
    const t4 = card('Tesla-T4');
    expect(await a100.getByTestId('gpu-capacity').textContent()).toBe('16');
    expect(await t4.getByTestId('gpu-capacity').textContent()).toBe('8');
    // the lab's pods come and go: compare with a count taken right after a refresh, a few times
    let matched = false;
    for (let i = 0; i < 5 && !matched; i++) {
      const shown = {
        'NVIDIA-A100-SXM4-80GB': Number(await a100.getByTestId('gpu-allocated').textContent()),
        'Tesla-T4': Number(await t4.getByTestId('gpu-allocated').textContent()),
      };
      const counted = await allocatedPerModel();
      matched = shown['NVIDIA-A100-SXM4-80GB'] === counted['NVIDIA-A100-SXM4-80GB'] && shown['Tesla-T4'] === counted['Tesla-T4'];
      if (!matched) {
        await page.getByRole('button', { name: 'Refresh' }).click();
        await page.waitForTimeout(1500);
      }
    }
    expect(matched).toBe(true);
    const allocated = Number(await a100.getByTestId('gpu-allocated').textContent());
    expect(Number(await a100.getByTestId('gpu-free').textContent())).toBe(16 - allocated);

    await page.getByTestId('gpu-nodes-section').locator('summary').click();
    const nodeRow = page.getByTestId('gpu-nodes').locator('tr', { hasText: 'gpu-t4-0' });
    expect(await nodeRow.textContent()).toContain('Tesla-T4');
    expect(await nodeRow.textContent()).toContain('15 GiB');

    // metrics come once the user confirms the in-cluster Prometheus the page offers
    const unconfirmed = page.getByTestId('gpu-metrics-source');
    await unconfirmed.waitFor({ timeout: 30_000 });
    expect(await unconfirmed.getAttribute('data-kind')).toBe('none');
    expect(await unconfirmed.textContent()).toContain('Prometheus found in the cluster (monitoring/prometheus-k8s)');
    await page.getByTestId('gpus-choose-prometheus').click();
    const use = page.locator('[data-testid="prometheus-candidate"][data-service="monitoring/prometheus-k8s"]').getByTestId('prometheus-use');
    await use.waitFor({ timeout: 30_000 });
    await use.click();
    // a fresh lab has only minutes of samples: make the idle rule 1 minute, as a user can
    await page.getByTestId('gpu-settings-window').fill('1');
    await page.getByTestId('gpu-settings-save').click();
    // saved: the button is back to "Save" and disabled as nothing is changed
    await page.waitForFunction(() => {
      const b = document.querySelector('[data-testid="gpu-settings-save"]') as HTMLButtonElement | null;
      return !!b && b.disabled && b.textContent === 'Save';
    });
    if (await page.getByTestId('gpu-settings').isVisible()) await page.getByTestId('gpus-settings-toggle').click();
    await page.getByRole('button', { name: 'Refresh' }).click();
    const holders = page.getByTestId('gpu-holders');
    const idleRow = holders.locator('[data-testid="gpu-holder"][data-pod="carol-gpu-idle-0"]');
    await idleRow
      .getByTestId('gpu-idle-flag')
      .waitFor({ timeout: 90_000 })
      .catch(async (e: unknown) => {
        await app?.shot('debug-gpus-no-idle-flag');
        throw e;
      });
    expect(await idleRow.getByTestId('gpu-util-now').textContent()).toBe('0 %');
    const busyRow = holders.locator('[data-testid="gpu-holder"][data-pod="bert-finetune-squad-master-0"]');
    expect(await busyRow.getByTestId('gpu-idle-flag').count()).toBe(0);
    expect(await busyRow.getByTestId('gpu-job-link').textContent()).toContain('bert-finetune-squad');
    expect(Number((await busyRow.getByTestId('gpu-util-now').textContent())?.replace(' %', ''))).toBeGreaterThan(10);

    const source = page.getByTestId('gpu-metrics-source');
    expect(await source.getAttribute('data-kind')).toBe('port-forward');
    expect(await source.textContent()).toContain('via port-forward to monitoring/prometheus-k8s');
    await page.getByTestId('gpu-util-chart').locator('path').first().waitFor();
    expect(await page.getByTestId('job-util-chart').isVisible()).toBe(true);
    await page.getByTestId('gpu-pending').waitFor();
    expect(await page.getByTestId('gpu-pending').textContent()).toMatch(/Insufficient nvidia\.com\/gpu/);
    await app.shot('gpus');
    await page.getByTestId('gpu-pending').scrollIntoViewIfNeeded();
    await app.shot('gpus-pending-and-charts');
    await page.getByTestId('job-util-chart').scrollIntoViewIfNeeded();
    await app.shot('gpus-job-charts');

    await page.getByTestId('gpus-settings-toggle').click();
    await page.getByTestId('gpu-settings-url').fill('ftp://prometheus:9090');
    await page.getByText('Enter an http:// or https:// URL').waitFor();
    expect(await page.getByTestId('gpu-settings-save').isDisabled()).toBe(true);
    await app.shot('gpus-settings');

    await page.getByTestId('gpus-scope').selectOption('');
    await card('NVIDIA-H100-80GB-HBM3').waitFor({ timeout: 30_000 });
    expect(await card('NVIDIA-H100-80GB-HBM3').getByTestId('gpu-capacity').textContent()).toBe('16');
    expect(await card('NVIDIA-A100-SXM4-80GB').getByTestId('gpu-capacity').textContent()).toBe('16');
    expect(await page.getByTestId('gpu-holders').locator('th', { hasText: 'Cluster' }).count()).toBe(1);
    expect(await page.getByTestId('gpus-duplicates').textContent()).toMatch(/lab-a-restricted \(same server as lab-a\)/);
    await app.shot('gpus-all-clusters');
    await page.getByTestId('gpus-scope').selectOption({ label: 'lab-a' });
    await busyRow.getByTestId('gpu-job-link').click();
    await page.waitForFunction(() => location.hash.startsWith('#/job/'));
    expect(app.pageErrors).toEqual([]);
  });
});
