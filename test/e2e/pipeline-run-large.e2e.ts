// SPDX-License-Identifier: Apache-2.0
/**
 * A big run's graph in a real browser against lab-a's KFP: the lab's `large` pipeline (300 steps
 * in 10 sub-pipelines), every group expanded and fitted far out, where the graph is drawn on a
 * canvas: a step's box in its state's colour where React Flow places it, named when hovered, its
 * drawer opened by a click there; zoomed in, the DOM's boxes again once the view stops, the canvas
 * while it moves.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { labCluster } from '../lab/control-plane';
import { kfpApiUrl } from '../lab/kfp/backend';
import { KfpClient } from '../lab/kfp/client';
import { largeRun, largeRunName } from '../lab/kfp/large-run';
import { openApp, type E2eApp } from './app-host';
import { boxCentre, canvasColourAt, openRunPage, runNode } from './run-page-steps';

describe("a big run's graph", () => {
  let app: E2eApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('is drawn on a canvas far out and while it moves, where a click opens a task, and in the DOM when it stops near', async () => {
    const runId = await largeRun(new KfpClient(kfpApiUrl(labCluster('lab-a'))));
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    const { page } = app;
    await openRunPage(page, runId, largeRunName);
    const graph = page.getByTestId('run-graph');
    await page.locator('[data-testid="run-graph"][data-laid-out="yes"]').waitFor({ timeout: 60_000 });
    await page.getByTestId('run-expand-all').click();
    // the 300 boxes come with the grid laid out ('no'), in one render: both at once is ELK's layout of them
    await page.waitForFunction(
      () =>
        document.querySelector<HTMLElement>('[data-testid="run-graph"]')?.dataset.laidOut === 'yes' &&
        document.querySelectorAll('[data-testid="run-node"]').length >= 300,
      undefined,
      { timeout: 60_000 },
    );
    await page.getByRole('button', { name: 'Fit View' }).click();
    await page.locator('[data-testid="run-graph"][data-canvas="far"]').waitFor({ timeout: 30_000 });
    expect(Number(await page.getByTestId('run-canvas').getAttribute('data-boxes'))).toBe(300);

    // a step's box, drawn green where React Flow places it, named when hovered, opened by a click
    const stepBox = page.locator('[data-testid="run-node"][data-state="SUCCEEDED"]', { has: page.locator('strong', { hasText: /^step-4-1$/ }) }).first();
    const step = (await stepBox.getAttribute('data-id')) ?? '';
    const at = await boxCentre(page, step);
    const [r = 0, g = 0, b = 0] = await canvasColourAt(page, at);
    expect(g, `${step} drawn green: ${r},${g},${b}`).toBeGreaterThan(r + 20);
    expect(g).toBeGreaterThan(b + 10);
    // between the groups' frames the canvas is clear
    const [, , , alpha = 0] = await page.evaluate(() => {
      const c = document.querySelector<HTMLCanvasElement>('[data-testid="run-canvas"]');
      return [...(c?.getContext('2d')?.getImageData(1, 1, 1, 1).data ?? [])];
    });
    expect(alpha).toBe(0);
    await page.mouse.move(at.x, at.y);
    await expect.poll(() => graph.getAttribute('title')).toBe('step-4-1: Succeeded');
    await app.shot('pipeline-run-large-far');
    await page.mouse.click(at.x, at.y);
    const drawer = page.getByTestId('task-drawer');
    await drawer.waitFor();
    expect(await drawer.textContent()).toContain(step);
    await page.getByRole('button', { name: 'Close the task drawer' }).click();

    // zoomed in on it: once the view stops the boxes are the DOM's again, and clickable
    for (let i = 0; i < 30 && (await graph.getAttribute('data-canvas')) === 'far'; i++) {
      await page.mouse.move(at.x, at.y);
      await page.mouse.wheel(0, -200);
      await page.waitForTimeout(50);
    }
    await page.locator('[data-testid="run-graph"]:not([data-canvas])').waitFor({ timeout: 10_000 });
    const near = runNode(page, step);
    await near.waitFor();
    await app.shot('pipeline-run-large-near');
    // while the view moves it is the canvas's, with the boxes' text; the DOM's when it stops
    await page.mouse.wheel(0, 20);
    await page.locator('[data-testid="run-graph"][data-canvas="moving"]').waitFor();
    await page.locator('[data-testid="run-graph"]:not([data-canvas])').waitFor();
    await near.click();
    await drawer.waitFor();
    expect(await drawer.textContent()).toContain(step);
  }, 600_000);
});
