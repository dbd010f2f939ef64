// SPDX-License-Identifier: Apache-2.0
/**
 * Steps of the run page end-to-end tests, shared by pipeline-run.e2e.ts and pipeline-chain.e2e.ts:
 * opening a run's page, a task's box in the graph (and where it is on the screen, and the colour
 * the graph's canvas drew there), and deleting a run's pods as KFP's garbage collection does (then
 * waiting until they are gone).
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

/**
 * Where the middle of a task's box is on the screen, from where React Flow places it (the box's
 * own place in the flow and the view's transform), so also while the canvas draws the graph and
 * the box itself is not rendered.
 */
export async function boxCentre(page: Page, id: string): Promise<{ x: number; y: number }> {
  return page.evaluate((id) => {
    const node = document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(id)}"]`);
    const view = document.querySelector<HTMLElement>('.react-flow__viewport');
    const flow = document.querySelector<HTMLElement>('[data-testid="run-graph"] .react-flow');
    if (!node || !view || !flow) throw new Error(`no box ${id} in the run graph`);
    const nums = (s: string) => (s.match(/-?[\d.]+/g) ?? []).map(Number);
    const [nx = 0, ny = 0] = nums(node.style.transform);
    const [tx = 0, ty = 0, zoom = 1] = nums(view.style.transform);
    const at = flow.getBoundingClientRect();
    const width = parseFloat(node.style.width) || 0;
    const height = parseFloat(node.style.height) || 0;
    return { x: at.left + tx + (nx + width / 2) * zoom, y: at.top + ty + (ny + height / 2) * zoom };
  }, id);
}

/** The colour the run graph's canvas drew at a point of the screen, as [r, g, b]. */
export async function canvasColourAt(page: Page, p: { x: number; y: number }): Promise<number[]> {
  return page.evaluate(({ x, y }) => {
    const canvas = document.querySelector<HTMLCanvasElement>('[data-testid="run-canvas"]');
    const ctx = canvas?.getContext('2d');
    if (!canvas || !ctx) throw new Error('no run graph canvas');
    const at = canvas.getBoundingClientRect();
    const ratio = canvas.width / at.width;
    return [...ctx.getImageData(Math.round((x - at.left) * ratio), Math.round((y - at.top) * ratio), 1, 1).data.slice(0, 3)];
  }, p);
}

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
