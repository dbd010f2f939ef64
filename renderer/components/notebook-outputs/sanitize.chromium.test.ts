// SPDX-License-Identifier: Apache-2.0
/**
 * The sanitiser in a real browser: DOMPurify needs a DOM, and whether anything runs can only be
 * seen in one. sanitize.ts is bundled with esbuild and loaded into a blank Chromium page without
 * a CSP (so a handler or script that slipped through would run and set `window.__pwned`).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = import.meta.dirname;
const hostile = JSON.parse(readFileSync(resolve(here, '../../../test/fixtures/notebooks/hostile.ipynb'), 'utf8')) as {
  cells: { source: string[]; outputs?: { data?: Record<string, string[]> }[] }[];
};
const hostileMarkdown = (hostile.cells[0] as { source: string[] }).source.join('');
const hostileSvg = (hostile.cells[1]?.outputs?.[1]?.data?.['image/svg+xml'] ?? []).join('');
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

let browser: Browser;
let page: Page;

interface Api {
  markdownToSafeHtml(source: string, attachments?: Record<string, Record<string, unknown>>): string;
  svgToImageUrl(svg: string): string | undefined;
}
declare const window: { __san: Api; __pwned?: number; document: { title: string; querySelector(s: string): unknown } };

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: `import * as s from './sanitize'; window.__san = s;`, resolveDir: here, loader: 'ts' },
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    logLevel: 'silent',
  });
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage();
  await page.setContent('<!doctype html><title>safe</title><body><div id="out"></div></body>');
  await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const md = (source: string, attachments?: Record<string, Record<string, unknown>>) =>
  page.evaluate(([s, a]) => window.__san.markdownToSafeHtml(s as string, a as Record<string, Record<string, unknown>> | undefined), [
    source,
    attachments,
  ] as const);

async function nothingRan() {
  await page.waitForTimeout(300);
  const state = await page.evaluate(() => ({ pwned: window.__pwned, title: window.document.title, marked: !!window.document.querySelector('[data-pwned]') }));
  expect(state).toEqual({ pwned: undefined, title: 'safe', marked: false });
}

describe('markdown sanitiser (in Chromium)', () => {
  it('removes scripts, handlers, frames, objects, forms, styles, SVG and unsafe links from the hostile notebook', async () => {
    const html = await md(hostileMarkdown);
    expect(html).toContain('<h1>Hostile notebook</h1>');
    for (const bad of [
      '<script',
      'onerror',
      'onload',
      '<iframe',
      '<object',
      '<form',
      '<style',
      '<svg',
      '="javascript:',
      'data:text/html',
      'url(https',
      'type="checkbox"',
      'position',
      '<button',
      'name="q"',
      'id="',
    ]) {
      expect(html, bad).not.toContain(bad);
    }
    expect(html).toContain('<a href="https://example.com/safe">a safe https link</a>');
    expect(html).toContain('<span style="color: red">styled with url()</span>');
    // put into a live document: still nothing runs
    await page.evaluate((h) => {
      (window.document.querySelector('#out') as { innerHTML: string }).innerHTML = h;
    }, html);
    await nothingRan();
  });

  it('keeps embedded images and drops remote or relative ones', async () => {
    const html = await md(`![ok](data:image/png;base64,${png}) ![remote](https://example.com/t.png) ![rel](plot.png)`);
    expect(html).toContain(`src="data:image/png;base64,${png}"`);
    expect(html).not.toContain('example.com/t.png');
    expect(html).not.toContain('plot.png');
  });

  it('resolves attachment: images from the cell', async () => {
    const html = await md('![a](attachment:a%20b.png)', { 'a b.png': { 'image/png': [png] } });
    expect(html).toContain(`src="data:image/png;base64,${png}"`);
  });

  it('keeps relative, anchor and mailto links, drops other schemes, and leaves math alone', async () => {
    const html = await md('[r](other.ipynb) [h](#top) [m](mailto:a@b.c) [f](file:///etc/passwd) [v](vbscript:x) $a_1 b_2$');
    expect(html).toContain('<a href="other.ipynb">r</a>');
    expect(html).toContain('<a href="#top">h</a>');
    expect(html).toContain('<a href="mailto:a@b.c">m</a>');
    expect(html).toContain('<a>f</a>');
    expect(html).toContain('<a>v</a>');
    // math is not read as emphasis: it is rendered whole by KaTeX (math.chromium.test.ts)
    expect(html).toMatch(/<span class="nb-math"><span class="katex">/);
    expect(html).not.toContain('<em>');
  });

  it('keeps only harmless classes and styles', async () => {
    const html = await md('<span class="toast error" style="color: blue; position: fixed; background: url(x)">t</span>\n\n```python\nx = 1\n```');
    expect(html).toContain('<span style="color: blue">t</span>');
    expect(html).toContain('class="language-python"');
  });
});

describe('SVG outputs (in Chromium)', () => {
  it('are cleaned of scripts, handlers and foreign content and become an image URL', async () => {
    const url = await page.evaluate((s) => window.__san.svgToImageUrl(s), hostileSvg);
    expect(url).toMatch(/^data:image\/svg\+xml;base64,/);
    const svg = Buffer.from((url as string).split(',')[1] as string, 'base64').toString('utf8');
    expect(svg).toContain('xmlns="http://www.w3.org/2000/svg"');
    expect(svg).toContain('<rect');
    for (const bad of ['<script', 'onload', 'onerror', 'foreignObject', 'javascript:']) expect(svg, bad).not.toContain(bad);
    await nothingRan();
  });

  it('gives nothing for text that is not SVG', async () => {
    expect(await page.evaluate(() => window.__san.svgToImageUrl('<img src=x onerror="window.__pwned=1">'))).toBeUndefined();
    await nothingRan();
  });
});
