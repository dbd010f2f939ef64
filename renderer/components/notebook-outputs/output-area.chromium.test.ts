// SPDX-License-Identifier: Apache-2.0
/**
 * The outputs of a code cell as a user sees them, rendered by the real OutputArea (React, the
 * sanitiser, KaTeX) in Chromium: a `text/markdown` output is rendered as markdown (bold, a heading,
 * a link that does not navigate), not shown as its source; `text/latex` is typeset; an output with
 * both markdown and plain text shows the markdown; `text/html` goes to a sandboxed frame.
 */
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = import.meta.dirname;
const origin = 'http://outputs.test';
let browser: Browser;
let page: Page;

beforeAll(async () => {
  const bundle = await build({
    stdin: {
      contents: `
        import { createElement } from 'react';
        import { createRoot } from 'react-dom/client';
        import { flushSync } from 'react-dom';
        import { OutputArea } from './OutputArea';
        const root = createRoot(document.getElementById('cell'));
        window.__opened = [];
        window.__show = (outputs) => flushSync(() => root.render(createElement(OutputArea, { outputs, onOpenLink: (u) => window.__opened.push(u) })));
      `,
      resolveDir: here,
      loader: 'tsx',
    },
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.css': 'empty', '.woff': 'empty', '.woff2': 'empty', '.ttf': 'empty' },
    logLevel: 'silent',
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage();
  // a page of its own origin (the theme store reads localStorage, which about:blank refuses)
  await page.route(`${origin}/**`, (route) =>
    route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>cell</title><body><div id="cell"></div></body>' }),
  );
  await page.goto(`${origin}/`);
  await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const show = (outputs: unknown[]) => page.evaluate((o) => (window as unknown as { __show(o: unknown[]): void }).__show(o), outputs);

describe('a code cell’s outputs in Chromium', () => {
  it('renders a text/markdown output as markdown, not as its source', async () => {
    await show([
      {
        output_type: 'display_data',
        metadata: {},
        data: {
          'text/markdown': '## Results\n\nThe model is **good**: see [the report](https://example.com/r).',
          'text/plain': '<IPython.core.display.Markdown object>',
        },
      },
    ]);
    const out = page.locator('[data-testid="nb-output"]');
    expect(await out.getAttribute('data-mime')).toBe('text/markdown');
    expect(await page.locator('.nb-output-markdown h2').innerText()).toBe('Results');
    expect(await page.locator('.nb-output-markdown strong').innerText()).toBe('good');
    const text = await out.innerText();
    expect(text).not.toContain('**');
    expect(text).not.toContain('IPython.core.display.Markdown');
    // a link opens through the app (checked), never by navigating this page
    await page.locator('.nb-output-markdown a').click();
    expect(await page.evaluate(() => (window as unknown as { __opened: string[] }).__opened)).toEqual(['https://example.com/r']);
    expect(page.url()).toBe(`${origin}/`);
  });

  it('typesets text/latex with KaTeX, and raw HTML in markdown is dropped', async () => {
    await show([
      { output_type: 'execute_result', execution_count: 1, metadata: {}, data: { 'text/latex': '$$\\frac{a}{b}$$' } },
      { output_type: 'display_data', metadata: {}, data: { 'text/markdown': 'ok <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script>' } },
    ]);
    expect(await page.locator('.nb-output-latex .katex .mfrac').count()).toBe(1);
    expect(await page.locator('.nb-output-markdown script').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned)).toBeUndefined();
  });

  it('puts text/html in a sandboxed frame without the app’s origin', async () => {
    await show([{ output_type: 'display_data', metadata: {}, data: { 'text/html': '<b id="x">table</b>' } }]);
    const frame = page.locator('[data-testid="nb-output"] iframe');
    expect(await frame.count()).toBe(1);
    const sandbox = (await frame.getAttribute('sandbox')) ?? 'missing';
    expect(sandbox).not.toBe('missing');
    expect(sandbox).not.toContain('allow-same-origin');
  });
});
