// SPDX-License-Identifier: Apache-2.0
/**
 * Math in Chromium: inline and display math in markdown and text/latex outputs render with KaTeX
 * (a `.katex` element), and TeX cannot make a link, an image, a handler or a positioned box:
 * `\href{javascript:…}` and `\url{javascript:…}` give no javascript: link (trust is off).
 */
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = import.meta.dirname;
let browser: Browser;
let page: Page;

declare const window: {
  __m: { markdownToSafeHtml(s: string): string; latexToSafeHtml(s: string): string };
  __pwned?: number;
  document: Document;
};

beforeAll(async () => {
  const bundle = await build({
    stdin: {
      contents: `import { markdownToSafeHtml } from './sanitize'; import { latexToSafeHtml } from './math'; window.__m = { markdownToSafeHtml, latexToSafeHtml };`,
      resolveDir: here,
      loader: 'ts',
    },
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

/** Renders markdown or a LaTeX output into the live page; what is in it afterwards. */
async function shown(kind: 'markdown' | 'latex', source: string) {
  return page.evaluate(
    ([k, s]) => {
      const html = k === 'latex' ? window.__m.latexToSafeHtml(s as string) : window.__m.markdownToSafeHtml(s as string);
      const out = window.document.querySelector('#out') as HTMLElement;
      out.innerHTML = html;
      const hrefs = [...out.querySelectorAll('[href], [src], [action], [formaction], [xlink\\:href]')].map((e) => e.outerHTML);
      return {
        html,
        katex: out.querySelectorAll('.katex').length,
        errors: out.querySelectorAll('.katex-error').length,
        display: out.querySelectorAll('.katex-display').length,
        links: out.querySelectorAll('a').length,
        hrefs,
        images: out.querySelectorAll('img, image, iframe, object, embed').length,
        positioned: [...out.querySelectorAll<HTMLElement>('[style]')].filter((e) => /position|z-index|transform|inset/i.test(e.getAttribute('style') ?? ''))
          .length,
        text: out.textContent ?? '',
      };
    },
    [kind, source] as const,
  );
}

async function nothingRan() {
  await page.waitForTimeout(200);
  expect(await page.evaluate(() => ({ pwned: window.__pwned, title: window.document.title }))).toEqual({ pwned: undefined, title: 'safe' });
}

describe('math (KaTeX, in Chromium)', () => {
  it('renders inline and display math in markdown', async () => {
    const r = await shown(
      'markdown',
      'Energy $E = mc^2$ and a sum:\n\n$$\\sum_{i=1}^{n} i = \\frac{n(n+1)}{2}$$\n\nwith $a_1 * b_2$ kept whole, and $\\sqrt{x^2+1}$.',
    );
    expect(r.katex).toBe(4);
    expect(r.display).toBe(1);
    expect(r.html).not.toContain('$E = mc^2$');
    expect(r.html).not.toContain('<em>');
    expect(r.html).toContain('<svg'); // the stretchy symbols' SVG survives the allow-list
  });

  it('renders text/latex outputs with or without delimiters', async () => {
    for (const src of ['$$\\int_0^1 x\\,dx = \\frac{1}{2}$$', '\\begin{equation}E = mc^2\\end{equation}', '\\[\\sqrt{2}\\]']) {
      const r = await shown('latex', src);
      expect(r.katex, src).toBe(1);
      expect(r.display, src).toBe(1);
    }
    const inline = await shown('latex', '$x^2$');
    expect([inline.katex, inline.display]).toEqual([1, 0]);
  });

  it('shows a TeX mistake in red instead of failing', async () => {
    const r = await shown('latex', '$$\\frac{1}{$$');
    expect(r.errors).toBe(1);
    expect(r.html).toMatch(/<span class="katex-error" title="ParseError: KaTeX parse error: [^"]+" style="color:#cc0000">\\frac\{1\}\{<\/span>/);
  });

  it('makes no javascript: link from \\href or \\url, in markdown or LaTeX outputs', async () => {
    for (const [kind, src] of [
      ['markdown', 'go $\\href{javascript:window.__pwned=1}{click}$ and $\\url{javascript:window.__pwned=1}$'],
      ['latex', '$$\\href{javascript:window.__pwned=1}{click}$$'],
      ['latex', '$$\\url{javascript:window.__pwned=1}$$'],
      ['latex', '$$\\href{https://example.com}{x} \\includegraphics{https://example.com/t.png}$$'],
    ] as const) {
      const r = await shown(kind, src);
      expect(r.links, src).toBe(0);
      expect(r.hrefs, src).toEqual([]);
      expect(r.images, src).toBe(0);
      expect(r.html, src).not.toMatch(/href=|src=/);
    }
    await page.click('#out');
    await nothingRan();
  });

  it('lets no HTML, class or style through TeX', async () => {
    for (const src of [
      '$$\\text{<img src=x onerror="window.__pwned=1">}$$',
      '$$\\htmlClass{toast error}{x} \\htmlStyle{position:fixed;top:0;left:0;width:100vw;height:100vh}{y} \\htmlId{app}{z} \\htmlData{a=b}{w}$$',
      '$$\\rule{100000em}{100000em}$$',
    ]) {
      const r = await shown('latex', src);
      expect(r.images, src).toBe(0);
      expect(r.positioned, src).toBe(0);
      expect(r.html, src).not.toMatch(/toast|id="app"|data-a|<img/);
    }
    await nothingRan();
  });
});
