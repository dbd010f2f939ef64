// SPDX-License-Identifier: Apache-2.0
/**
 * Where B6's first render goes in the app, against the lab: `MLDECK_B6_NAMESPACE=<ns> npx tsx
 * test/bench/b6-app-profile.ts`, with a namespace B6 made and kept (`MLDECK_B6_KEEP=1 npm run
 * bench -- B6`). It opens a fresh MLDeck as B6 does (the browser-mode host on a copy of the
 * build, Chromium with B6's flags), opens the experiment's page and prints when the chart
 * showed how many trials and when it had drawn them all (ms from the navigation), then a CPU
 * profile of the page over the same time (node 20 refuses --cpu-prof in NODE_OPTIONS, so the
 * host is not profiled). A tool for
 * finding causes; the benchmark's numbers come from `npm run bench -- B6`.
 */
import { clusterIdOf } from '../e2e/app-host';
import { openBenchApp } from './bench-app';
import { summary, type CpuProfile } from './b6-cpu-profile';

async function main(): Promise<void> {
  const ns = process.env.MLDECK_B6_NAMESPACE;
  if (!ns) throw new Error('MLDECK_B6_NAMESPACE=<a namespace B6 made and kept> is needed');
  const app = await openBenchApp();
  try {
    const { page } = app;
    await page.getByTestId('overview-health').waitFor({ timeout: 60_000 });
    const labA = await clusterIdOf(page, 'lab-a');
    // what the chart says and has drawn, with when
    await page.evaluate(() => {
      const w = window as unknown as { b6seen: string[]; b6t0: number };
      w.b6seen = [];
      let last = '';
      new MutationObserver(() => {
        const el = document.querySelector('[data-testid="katib-parallel"]');
        const now = `${/of (\d+) trials/.exec(el?.getAttribute('aria-label') ?? '')?.[1] ?? '-'} shown, ${el?.getAttribute('data-drawn') ?? '-'} drawn, table ${document.querySelector('[data-testid="trials-table"] [data-testid="row-count"]')?.textContent ?? '-'}`;
        if (now !== last) w.b6seen.push(`${Math.round(performance.now() - w.b6t0)} ms: ${(last = now)}`);
      }).observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
    });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
    await cdp.send('Profiler.start');
    const t = performance.now();
    await page.evaluate(
      (hash) => {
        (window as unknown as { b6t0: number }).b6t0 = performance.now();
        window.location.hash = hash;
      },
      `#/katib/${encodeURIComponent(labA)}/${ns}/bench`,
    );
    await page.waitForFunction(
      () => {
        const el = document.querySelector('[data-testid="katib-parallel"]');
        const n = /of (\d+) trials/.exec(el?.getAttribute('aria-label') ?? '')?.[1];
        return n !== undefined && Number(n) > 1000 && el?.getAttribute('data-drawn') === n;
      },
      undefined,
      { timeout: 300_000, polling: 'raf' },
    );
    console.log(`drawn after ${Math.round(performance.now() - t)} ms`);
    await page.waitForTimeout(3000);
    const { profile } = await cdp.send('Profiler.stop');
    console.log((await page.evaluate(() => (window as unknown as { b6seen: string[] }).b6seen)).join('\n'));
    console.log(`page (the navigation and 3 s after):\n${summary(profile as unknown as CpuProfile, 30)}`);
  } finally {
    await app.close();
  }
}

await main();
