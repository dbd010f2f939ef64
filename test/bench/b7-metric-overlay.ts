// SPDX-License-Identifier: Apache-2.0
/**
 * B7, metric history: 10 runs × 100,000 points overlaid in MLDeck's TimeSeriesChart
 * (renderer/components/charts) in Chromium. The app has no page showing such series yet (the
 * comparison and MLflow run pages are being built on it), so the chart runs in a harness page
 * (b7-harness.tsx, bundled here with esbuild: the app's stylesheet, theme and component, served
 * on 127.0.0.1 with the app's Content-Security-Policy). In the same page and run: decoding the
 * runs' histories (MLflow's get-history JSON) into typed arrays, and rendering the chart from
 * those arrays to its first painted frame; median of 5 rounds each, the ratio against ≤ 1.5×.
 * Then what the goal's words ask for is checked as a user would see it: the "sampled" badge is
 * shown; a drag along x over 0.5% of the range zooms, and the window is drawn at full resolution
 * (every point of every run in it, no badge; its time is a detail); axe finds no serious or
 * critical violation with the chart shown, in light and in dark. MLDECK_B7_SHOTS=<dir> saves
 * screenshots of the chart there.
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildHarnessPage, serveHarnessPage } from './harness-page';
import { describeProblems, scanA11y } from '../e2e/a11y';
import type {} from './b7-harness-api';
import { median, type BenchResult } from './report';

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
const RUNS = 10;
const POINTS = 100_000;

/** The zoom check: a drag over 0.5% of the x range; the ms until the window is drawn at full resolution, and its points. */
async function zoom(page: Page): Promise<{ ms: number; drawn: number }> {
  const over = await page.locator('[data-testid="b7-chart"] .u-over').boundingBox();
  if (!over) throw new Error('the chart has no plot area');
  const plot = page.locator('[data-testid="b7-chart"] .ts-plot');
  const draws = page.locator('[data-testid="b7-chart"] [data-draws]');
  const before = Number(await draws.getAttribute('data-draws'));
  const x0 = over.x + over.width * 0.4;
  const x1 = x0 + over.width * 0.005 + 1;
  const y = over.y + over.height / 2;
  await page.mouse.move(x0, y);
  await page.mouse.down();
  await page.mouse.move((x0 + x1) / 2, y);
  await page.mouse.move(x1, y);
  const t = performance.now();
  await page.mouse.up();
  await page.waitForFunction(
    (n) => {
      const el = document.querySelector('[data-testid="b7-chart"] [data-draws]');
      const p = document.querySelector('[data-testid="b7-chart"] .ts-plot');
      return Number(el?.getAttribute('data-draws')) > n && p?.getAttribute('data-sampled') === 'false';
    },
    before,
    { polling: 'raf', timeout: 30_000 },
  );
  const ms = performance.now() - t;
  const range = (await plot.getAttribute('data-zoom'))?.split(' ').map(Number);
  if (range?.length !== 2) throw new Error('the chart does not say it is zoomed in');
  const expected = await page.evaluate(([from, to]) => window.b7.pointsIn(from, to), range as [number, number]);
  const drawn = Number(await plot.getAttribute('data-drawn-points'));
  if (drawn !== expected) throw new Error(`the zoomed window draws ${drawn} points, not its ${expected} points at full resolution`);
  return { ms, drawn };
}

/** Runs B7. */
export async function b7(): Promise<BenchResult[]> {
  const dir = await buildHarnessPage('b7');
  const { server, url } = await serveHarnessPage(dir);
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 880 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.goto(url);
    await page.waitForFunction(() => 'b7' in window);
    const chars = await page.evaluate(([r, p]) => window.b7.make(r, p), [RUNS, POINTS] as const);
    log(`B7: ${RUNS} runs × ${POINTS} points as get-history JSON (${Math.round(chars / 1e6)} M characters)`);
    const decodes: number[] = [];
    const renders: number[] = [];
    for (let round = 0; round < 5; round++) {
      await page.evaluate(() => window.b7.clear());
      decodes.push(await page.evaluate(() => window.b7.decode()));
      renders.push(await page.evaluate(() => window.b7.render()));
    }
    const decodeMs = median(decodes);
    const renderMs = median(renders);
    log(`B7: decode ${decodes.map(Math.round).join(', ')} ms; render ${renders.map(Math.round).join(', ')} ms`);
    if (errors.length) throw new Error(`the harness page reported errors: ${errors.join(' | ')}`);
    if (!(await page.getByTestId('b7-chart-sampled').isVisible())) throw new Error('the chart of 10 × 100,000 points shows no "sampled" badge');
    const sampledPoints = Number(await page.locator('[data-testid="b7-chart"] .ts-plot').getAttribute('data-drawn-points'));

    const shots = process.env.MLDECK_B7_SHOTS;
    const shot = async (name: string) => {
      if (shots) await page.getByTestId('b7-chart').screenshot({ path: join(shots, `b7-${name}.png`) });
    };
    await shot('sampled');
    const z = await zoom(page);
    await shot('zoomed');
    if (await page.getByTestId('b7-chart-sampled').isVisible()) throw new Error('the zoomed window still says "sampled"');
    log(`B7: zoom to 0.5% of the range drawn at full resolution (${z.drawn} points) in ${Math.round(z.ms)} ms`);

    const problems = [];
    for (const theme of ['light', 'dark'] as const) {
      await page.evaluate((t) => window.b7.theme(t), theme);
      await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
      problems.push(...(await scanA11y(page, `B7 chart (${theme})`)));
      await shot(theme);
    }
    if (problems.length) throw new Error(`axe: ${describeProblems(problems)}`);
    return [
      {
        id: 'B7',
        what: 'metric overlay render vs decode into typed arrays',
        ratio: renderMs / decodeMs,
        goal: { op: '<=', target: 1.5 },
        details: {
          runs: RUNS,
          pointsPerRun: POINTS,
          decodeMs: Math.round(decodeMs),
          renderMs: Math.round(renderMs),
          pointsDrawnSampled: sampledPoints,
          zoomMs: Math.round(z.ms),
          pointsDrawnZoomed: z.drawn,
          axeProblems: 0,
          page: 'bench harness (test/bench/b7-harness.tsx)',
        },
      },
    ];
  } finally {
    await browser?.close();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
}
