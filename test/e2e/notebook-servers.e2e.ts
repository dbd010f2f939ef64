// SPDX-License-Identifier: Apache-2.0
/**
 * Notebook servers in a real browser against the lab: the list across clusters shows the seeded
 * servers with their status; a server is made through the form in a temporary namespace (with
 * a PodDefault offered as a configuration, a dry-run problem shown at its field, the YAML of the
 * Notebook and its PVC) and becomes ready; it is stopped, started and deleted with its volume.
 */
import * as k8s from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, kubeConfig, labInfo, tempNamespace } from '../harness/lab';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

describe('notebook servers', () => {
  let app: E2eApp | undefined;
  let ns: { name: string; remove(): Promise<void> };
  let pv = '';
  const core = () => kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);

  beforeAll(async () => {
    ns = await tempNamespace('nbs-e2e');
    await kubeConfig('lab-a')
      .makeApiClient(k8s.CustomObjectsApi)
      .createNamespacedCustomObject({
        group: 'kubeflow.org',
        version: 'v1alpha1',
        plural: 'poddefaults',
        namespace: ns.name,
        body: {
          apiVersion: 'kubeflow.org/v1alpha1',
          kind: 'PodDefault',
          metadata: { name: 'team-env' },
          spec: { desc: 'Team environment variables', selector: { matchLabels: { 'team-env': 'true' } }, env: [{ name: 'TEAM', value: 'ml' }] },
        },
      });
    // the lab's StorageClass has static volumes only: one waits for the workspace this test makes
    pv = `nbs-e2e-${ns.name}`.slice(0, 63);
    await core().createPersistentVolume({
      body: {
        metadata: { name: pv },
        spec: {
          capacity: { storage: '5Gi' },
          accessModes: ['ReadWriteOnce'],
          storageClassName: 'lab-static',
          persistentVolumeReclaimPolicy: 'Delete',
          hostPath: { path: `/tmp/mldeck-test-pv/${pv}` },
          claimRef: { namespace: ns.name, name: 'e2e-nb-workspace' },
        },
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await ns?.remove();
    if (pv)
      await core()
        .deletePersistentVolume({ name: pv })
        .catch(() => undefined);
  });

  it('lists the seeded servers with their status, makes one through the form, stops, starts and deletes it', async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    const labA = await clusterIdOf(page, 'lab-a');
    await page.getByTestId('nav-notebooks').click();
    await page.getByTestId('notebook-servers-page').waitFor();
    await page.getByTestId('notebooks-scope').selectOption('');

    const table = page.getByTestId('notebook-servers-table');
    const search = page.getByLabel('Filter rows');
    const row = (name: string, cluster: string) =>
      table
        .getByRole('row')
        .filter({ hasText: name })
        .filter({ has: page.getByRole('gridcell', { name: cluster, exact: true }) })
        .first();
    const find = async (name: string, cluster: string) => {
      await search.fill(name);
      await row(name, cluster).waitFor({ timeout: 30_000 });
      await row(name, cluster).locator('[data-status]').waitFor();
      return (await row(name, cluster).textContent()) ?? '';
    };
    await eventually('alice-scipy ready', async () => ((await find('alice-scipy', 'lab-a')).includes('ready') ? true : undefined), 30_000);
    expect(await find('alice-scipy', 'lab-a')).toMatch(/team-a.*ready.*jupyter-scipy:v1\.9\.0/);
    expect(await find('old-experiments', 'lab-a')).toContain('stopped');
    expect(await find('dave-rstudio', 'lab-b')).toMatch(/research.*stopped.*rstudio-tidyverse/);
    expect(await find('alice-pytorch-gpu', 'lab-a')).toMatch(/4.*16Gi.*1/);
    await search.fill('');
    await page.getByTestId('filter-status').selectOption('stopped');
    // wait for the filtered rows to be drawn (CI once read the table in between and found none)
    const stopped = await eventually(
      'only the stopped servers listed',
      async () => {
        const rows = await table
          .locator('[data-status]')
          .evaluateAll((els) => els.map((e) => [e.getAttribute('data-status') ?? '', e.closest('[role=row]')?.textContent ?? ''] as const));
        // lab-a's and lab-b's rows can be drawn at different moments: wait for one of each
        const has = (name: string) => rows.some(([, text]) => text.includes(name));
        return has('old-experiments') && has('dave-rstudio') ? rows : undefined;
      },
      30_000,
    );
    expect(new Set(stopped.map(([status]) => status))).toEqual(new Set(['stopped']));
    expect(stopped.map(([, text]) => text).join('\n')).toContain('dave-rstudio');
    await app.shot('notebook-servers-stopped');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await app.shot('notebook-servers-list');

    // the form, in a fresh namespace with one PodDefault
    const origin = new URL(page.url()).origin;
    await page.goto(`${origin}/#/nbserver-new/${encodeURIComponent(labA)}?ns=${ns.name}`);
    const form = page.getByTestId('notebook-server-form');
    await form.waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('server-namespace').inputValue()).toBe(ns.name);
    await form.getByLabel('Name', { exact: true }).fill('e2e-nb');
    await page.getByLabel('Configuration team-env').check();
    expect(await page.getByTestId('configurations').textContent()).toContain('Team environment variables');
    const ws = page.getByTestId('volume-workspace');
    expect(await ws.getByLabel('Volume name').inputValue()).toBe('e2e-nb-workspace');
    await ws.getByLabel('Storage class').selectOption('lab-static');
    await ws.getByLabel('Size').fill('0');
    // the namespace has no default-editor account: the form leaves the service account empty (once
    // it has read the namespace's accounts)
    await expect.poll(() => form.getByLabel('Service account').inputValue(), { timeout: 30_000 }).toBe('');

    await page.getByTestId('create-validate').click();
    const sizeProblem = page.getByTestId('problems-workspace.size');
    await sizeProblem.waitFor({ timeout: 30_000 });
    expect(await sizeProblem.textContent()).toContain('must be greater than zero');
    await ws.scrollIntoViewIfNeeded();
    await app.shot('notebook-server-new-problem');
    await ws.getByLabel('Size').fill('5Gi');

    // the draft survives a reload
    await page.reload();
    await page.getByTestId('draft-restored').waitFor({ timeout: 30_000 });
    expect(await form.getByLabel('Name', { exact: true }).inputValue()).toBe('e2e-nb');

    await page.getByTestId('tab-yaml').click();
    const editor = page.getByTestId('server-yaml-editor');
    await editor.locator('.view-lines').getByText('kind: Notebook').waitFor({ timeout: 30_000 });
    // the PVC follows the Notebook: go to the end of the text (Monaco draws only the lines in view)
    await editor.locator('.view-lines').click();
    await page.keyboard.press('Control+End');
    await editor.locator('.view-lines').getByText('kind: PersistentVolumeClaim').waitFor();
    await editor.locator('.view-lines').getByText('storageClassName: lab-static').waitFor();
    await app.shot('notebook-server-new-yaml');
    await page.getByRole('tab', { name: 'Form' }).click();

    await page.getByTestId('create-submit').click();
    await page.getByTestId('notebook-server').waitFor({ timeout: 30_000 });
    await page.getByTestId('notebook-server').getByRole('heading', { name: 'e2e-nb' }).waitFor();
    await page.locator('[data-testid="server-status"][data-status="ready"]').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('server-volumes').textContent()).toContain('e2e-nb-workspace');
    await page.getByTestId('server-pod').getByText('e2e-nb-0').waitFor();
    await app.shot('notebook-server-ready');

    await page.getByTestId('server-stop').click();
    await page.locator('[data-testid="server-status"][data-status="stopped"]').waitFor({ timeout: 90_000 });
    await page.getByTestId('server-no-pod').waitFor();
    await app.shot('notebook-server-stopped');
    await page.getByTestId('server-start').click();
    await page.locator('[data-testid="server-status"][data-status="ready"]').waitFor({ timeout: 90_000 });

    await page.getByTestId('tab-logs').click();
    await page.getByTestId('job-logs').waitFor({ timeout: 30_000 });
    await page.getByTestId('tab-files').click();
    await page.getByTestId('server-files').waitFor();
    await page.getByTestId('tab-overview').click();

    await page.getByTestId('server-delete').click();
    const dialog = page.getByRole('dialog', { name: 'Delete e2e-nb' });
    await dialog.getByLabel('Also delete volume e2e-nb-workspace').check();
    await dialog.getByLabel('Server name to confirm').fill('e2e-nb');
    await app.shot('notebook-server-delete');
    await dialog.getByRole('button', { name: 'Delete e2e-nb' }).click();
    await page.getByTestId('notebook-servers-page').waitFor({ timeout: 30_000 });
    await eventually('the workspace volume deleted', () =>
      core()
        .readNamespacedPersistentVolumeClaim({ namespace: ns.name, name: 'e2e-nb-workspace' })
        .then(() => undefined)
        .catch(() => true),
    );
    expect(app.pageErrors).toEqual([]);
  });

  it('reads the servers and a server’s page with no cluster at all, from the sample workspace', async () => {
    const offline = await openApp({ KUBECONFIG: undefined });
    try {
      const { page } = offline;
      await page.getByTestId('open-sample').click();
      await page.getByTestId('overview').waitFor({ timeout: 30_000 });
      await page.getByTestId('nav-notebooks').click();
      await page.getByTestId('notebooks-freshness').locator('[data-freshness="snapshot"]').first().waitFor({ timeout: 30_000 });
      await page.getByLabel('Filter rows').fill('alice-scipy');
      const r = page.getByTestId('notebook-servers-table').getByRole('row').filter({ hasText: 'alice-scipy' }).first();
      await r.waitFor({ timeout: 30_000 });
      expect(await r.textContent()).toMatch(/team-a.*ready/);
      await offline.shot('notebook-servers-snapshot');
      await r.click();
      await page.locator('[data-testid="server-status"][data-status="ready"]').waitFor({ timeout: 30_000 });
      // a snapshot is read-only: the actions say so
      await page.getByTestId('notebook-server-actions').getByText('Snapshots are read-only.').first().waitFor({ timeout: 30_000 });
      expect(await page.getByTestId('server-stop').isDisabled()).toBe(true);
      await offline.shot('notebook-server-snapshot');
      expect(offline.pageErrors).toEqual([]);
    } finally {
      await offline.close();
    }
  });
});
