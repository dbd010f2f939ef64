// SPDX-License-Identifier: Apache-2.0
/**
 * Non-text contrast of the canvases' controls (WCAG 1.4.11), in Chromium against the lab: on the
 * builder's canvas, a pipeline version's graph and a run's graph, in the light and the dark theme,
 * each zoom button's icon stands out from the button and the zoom buttons' and minimap's frames
 * from the canvas at 3:1 or more, measured from the page's computed styles.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labInfo } from '../harness/lab';
import { pickTheme } from './a11y';
import { canvasContrast, type CanvasContrast } from './a11y-contrast';
import { clusterIdOf, openApp, type E2eApp } from './app-host';

describe('contrast of the canvas controls', () => {
  let app: E2eApp;
  let origin: string;
  let id: string;
  const measured: ({ canvas: string; theme: string } & CanvasContrast)[] = [];

  beforeAll(async () => {
    app = await openApp({ KUBECONFIG: labInfo().kubeconfig });
    await app.page.getByTestId('overview-health').waitFor({ timeout: 30_000 });
    origin = new URL(app.page.url()).origin;
    id = encodeURIComponent(await clusterIdOf(app.page, 'lab-a'));
  }, 60_000);
  afterAll(() => app?.close());

  /** Measures the canvas in `testId` in both themes. */
  async function measure(page: Page, canvas: string, testId: string): Promise<void> {
    const flow = page.getByTestId(testId).locator('.react-flow').first();
    await flow.locator('.react-flow__controls').waitFor({ timeout: 30_000 });
    await flow.locator('.react-flow__minimap').waitFor({ timeout: 30_000 });
    for (const theme of ['light', 'dark'] as const) {
      await pickTheme(page, theme);
      await app.shot(`canvas-controls-${canvas}-${theme}`);
      measured.push({ canvas, theme, ...(await canvasContrast(flow)) });
    }
  }

  it('has zoom buttons and minimap frames at 3:1 or more in both themes on every canvas', async () => {
    const { page } = app;
    await page.goto(`${origin}/#/builder/${id}`);
    await page.getByTestId('builder-page').waitFor({ timeout: 30_000 });
    await measure(page, 'builder', 'builder-canvas');

    // the seeded training pipeline's newest version, its graph drawn
    await page.goto(`${origin}/#/pipelines/${id}`);
    await page.locator('[data-testid="pipeline-row"][data-name="training"]').click({ timeout: 30_000 });
    await page.getByTestId('version-row').first().click({ timeout: 30_000 });
    await page.locator('[data-testid="version-graph"] .react-flow__node').first().waitFor({ timeout: 30_000 });
    await measure(page, 'pipeline-version', 'version-graph');

    // a seeded run's graph, laid out
    await page.goto(`${origin}/#/pipeline-runs/${id}`);
    await page.getByTestId('runs-search').fill('kf-0-train-0');
    await page.locator('[data-testid="run-row"][data-name="kf-0-train-0"]').first().click({ timeout: 30_000 });
    await page.locator('[data-testid="run-graph"][data-laid-out="yes"]').waitFor({ timeout: 60_000 });
    await measure(page, 'run', 'run-graph');

    console.log(
      measured
        .map(
          (m) =>
            `${m.canvas} ${m.theme}: icon ${m.icon.toFixed(2)}, controls ${m.controlsFrame.toFixed(2)}, minimap ${m.minimapFrame.toFixed(2)} ${JSON.stringify(m.colours)}`,
        )
        .join('\n'),
    );
    expect(measured.map((m) => `${m.canvas} ${m.theme}`)).toEqual(
      ['builder', 'pipeline-version', 'run'].flatMap((c) => ['light', 'dark'].map((t) => `${c} ${t}`)),
    );
    const low = measured.filter((m) => m.icon < 3 || m.controlsFrame < 3 || m.minimapFrame < 3);
    expect(low).toEqual([]);
  }, 240_000);
});
