// SPDX-License-Identifier: Apache-2.0
/**
 * Steps of the run page end-to-end tests, shared by pipeline-run.e2e.ts and pipeline-chain.e2e.ts:
 * opening a run's page, a task's box in the graph, and deleting a run's pods as KFP's garbage
 * collection does (then waiting until they are gone).
 */
import * as k8s from '@kubernetes/client-node';
import type { Locator, Page } from 'playwright-core';
import { kubeConfig } from '../harness/lab';
import { clusterIdOf } from './app-host';

/** Opens a run's page on lab-a and waits for its name. */
export async function openRunPage(page: Page, runId: string, displayName: string): Promise<void> {
  await page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
  const labA = await clusterIdOf(page, 'lab-a');
  await page.goto(`${new URL(page.url()).origin}/#/pipeline-run/${encodeURIComponent(labA)}/${runId}`);
  await page.locator('[data-testid="run-name"]', { hasText: displayName }).waitFor({ timeout: 30_000 });
}

/** A task's box in the run graph. */
export const runNode = (page: Page, id: string): Locator => page.locator(`[data-testid="run-node"][data-id="${id}"]`);

/** Deletes every pod of the Workflow that ran `podName` (lab-a, `kubeflow`) and waits until they are gone. */
export async function deleteRunPods(podName: string): Promise<void> {
  const core = kubeConfig('lab-a').makeApiClient(k8s.CoreV1Api);
  const pod = await core.readNamespacedPod({ name: podName, namespace: 'kubeflow' });
  const workflow = pod.metadata?.labels?.['workflows.argoproj.io/workflow'] ?? '';
  await core.deleteCollectionNamespacedPod({ namespace: 'kubeflow', labelSelector: `workflows.argoproj.io/workflow=${workflow}`, gracePeriodSeconds: 0 });
  for (let i = 0; i < 60; i++) {
    const left = await core.listNamespacedPod({ namespace: 'kubeflow', labelSelector: `workflows.argoproj.io/workflow=${workflow}` });
    if (left.items.length === 0) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the pods of ${workflow} are still there`);
}

/** Reopens a task's drawer after the page read the run again (pods gone: the drawer reads the task afresh). */
export async function reopenDrawer(page: Page, taskId: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Close the task drawer' }).click();
  await page.getByRole('button', { name: 'Refresh' }).click();
  await runNode(page, taskId).click();
  const drawer = page.getByTestId('task-drawer');
  await drawer.waitFor();
  return drawer;
}
