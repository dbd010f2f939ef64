// SPDX-License-Identifier: Apache-2.0
/**
 * Where a B6 brush's time goes, without the lab: `npx tsx test/bench/b6-profile.ts [trials]`
 * bundles b6-harness.tsx (the experiment page's charts and trials table, not minified so the
 * profile names functions), serves it on 127.0.0.1 with the app's security headers, makes the
 * trials (5,000 by default) and brushes the objective axis 20 times as B6 does (b6-brush.ts:
 * in the page, the last move's input to the frame showing the brush applied; the driver's
 * times beside). It prints the times, then a CPU profile of the brushes (CDP Profiler): the
 * functions with the most self time and the most total time. MLDECK_B6_SHOT=<file.png> saves
 * the chart after the first 20 brushes, MLDECK_B6_TRACE=<file.json> a Chromium trace of 20 more
 * brushes, MLDECK_B6_CPUPROFILE=<file> the CPU profile and MLDECK_B6_RENDER_PROFILE=1 prints one of the first render too.
 * A tool for finding causes; the benchmark's numbers come from `npm run bench -- B6`.
 */
import { build, type Plugin } from 'esbuild';
import { rmSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildHarnessPage, serveHarnessPage } from './harness-page';
import type {} from './b6-harness-api';
import { brushObjective, markBrushes } from './b6-brush';
import { summary, type CpuProfile } from './b6-cpu-profile';
import { median, p95 } from './report';

/**
 * Vite's `import W from './x.worker?worker'` for esbuild: the worker bundled on its own beside
 * the page (`x.worker.js`), the import a class that starts it as a module worker.
 */
function workers(outdir: string): Plugin {
  return {
    name: 'vite-style-workers',
    setup(b) {
      b.onResolve({ filter: /\?worker$/ }, (args) => ({ path: resolve(args.resolveDir, args.path.replace(/\?worker$/, '.ts')), namespace: 'worker' }));
      b.onLoad({ filter: /.*/, namespace: 'worker' }, async (args) => {
        const name = `${basename(args.path, '.ts')}.js`;
        await build({
          entryPoints: [args.path],
          outfile: join(outdir, name),
          bundle: true,
          format: 'esm',
          platform: 'browser',
          target: 'es2022',
          logLevel: 'warning',
        });
        return {
          contents: `export default class extends Worker { constructor() { super(new URL('./${name}', import.meta.url), { type: 'module' }); } }`,
          loader: 'js',
        };
      });
    },
  };
}

/** B6's 20 brushes along the objective axis; the ms of each. */
/** B6's 20 brushes (b6-brush.ts), printing the in-page marks; resolves with the in-page times. */
async function brushes(page: Page): Promise<number[]> {
  const { inPage, driver, marks } = await brushObjective(page);
  console.log(`  in the page, last move → up → applied → painted: ${marks.map((m) => m.map((x) => Math.round(x - m[0])).join('/')).join('  ')}`);
  console.log(`  by the driver: ${driver.map(Math.round).join(' ')} ms; median ${Math.round(median(driver))}, p95 ${Math.round(p95(driver))}`);
  return inPage;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 5000);
  const dir = await buildHarnessPage('b6', (outdir) => ({ minify: false, plugins: [workers(outdir)] }));
  const { server, url } = await serveHarnessPage(dir);
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 880 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.goto(url);
    await page.waitForFunction(() => 'b6' in window);
    // MLDECK_B6_RENDER_PROFILE=1: a CPU profile of the first render too
    const renderCdp = process.env.MLDECK_B6_RENDER_PROFILE === '1' ? await page.context().newCDPSession(page) : undefined;
    if (renderCdp) {
      await renderCdp.send('Profiler.enable');
      await renderCdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await renderCdp.send('Profiler.start');
    }
    const t = performance.now();
    await page.evaluate((k) => window.b6.make(k), n);
    await page.waitForFunction((k) => document.querySelector('[data-testid="katib-parallel"]')?.getAttribute('data-drawn') === String(k), n, {
      polling: 'raf',
    });
    console.log(`first render of ${n} trials: ${Math.round(performance.now() - t)} ms`);
    if (renderCdp) {
      const { profile } = await renderCdp.send('Profiler.stop');
      console.log(`first render's profile:\n${summary(profile as unknown as CpuProfile)}`);
      await renderCdp.detach();
    }
    await markBrushes(page);
    const warm = await brushes(page);
    if (process.env.MLDECK_B6_SHOT) await page.getByTestId('katib-parallel').screenshot({ path: process.env.MLDECK_B6_SHOT });
    console.log(`brushes (not profiled): ${warm.map(Math.round).join(' ')} ms; median ${Math.round(median(warm))} ms, max ${Math.round(Math.max(...warm))} ms`);
    if (process.env.MLDECK_B6_TRACE) {
      await browser.startTracing(page, {
        path: process.env.MLDECK_B6_TRACE,
        categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'gpu', 'skia'],
      });
      const traced = await brushes(page);
      await browser.stopTracing();
      console.log(`brushes (traced): ${traced.map(Math.round).join(' ')} ms`);
    }
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    const times = await brushes(page);
    const { profile } = await cdp.send('Profiler.stop');
    console.log(`brushes: ${times.map(Math.round).join(' ')} ms`);
    console.log(`median ${Math.round(median(times))} ms, p95 ${Math.round(p95(times))} ms`);
    console.log(summary(profile as unknown as CpuProfile));
    if (process.env.MLDECK_B6_CPUPROFILE) writeFileSync(process.env.MLDECK_B6_CPUPROFILE, JSON.stringify(profile));
    if (errors.length) throw new Error(`the harness page reported errors: ${errors.join(' | ')}`);
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.close(() => r()));
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
