// SPDX-License-Identifier: Apache-2.0
// Developer aid: open a URL in headless Chromium, run optional page steps, save a screenshot.
// Usage: node scripts/dev/screenshot.mjs URL OUT.png ["await page.click(...)" ...]
import { chromium } from 'playwright-core';
const [url, out, ...steps] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 860 } });
page.on('console', (m) => {
  if (m.type() === 'error') console.log('console error:', m.text());
});
page.on('pageerror', (e) => console.log('page error:', e.message));
await page.goto(url);
await page.waitForTimeout(1500);
for (const s of steps) {
  await eval(`(async () => { ${s} })()`);
  await page.waitForTimeout(1200);
}
await page.screenshot({ path: out });
await browser.close();
