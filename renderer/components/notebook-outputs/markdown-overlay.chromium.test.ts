// SPDX-License-Identifier: Apache-2.0
/**
 * Markdown cannot be drawn over other cells, checked in Chromium with the real outputs.css: a
 * markdown cell under another one tries to cover it (position:fixed over the whole window, a
 * negative margin, a transform, a z-index). After the sanitiser, nothing it renders reaches the
 * previous cell's box; and even raw, unsanitised HTML stays inside its own cell (CSS containment).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const here = import.meta.dirname;
let browser: Browser;
let page: Page;

const attacks = [
  '<div class="attack" style="position:fixed;top:0;left:0;width:100vw;height:100vh;background:red;z-index:9999">fixed cover</div>',
  '<div class="attack" style="margin-top:-500px;height:600px;background:red">pulled up</div>',
  '<div class="attack" style="transform:translateY(-100px);height:200px;background:red">moved up</div>',
  '<div class="attack" style="position:absolute;top:-200px;left:0;width:100%;height:300px;background:red;z-index:10">absolute</div>',
];

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
  page = await browser.newPage({ viewport: { width: 900, height: 800 } });
  await page.setContent('<!doctype html><title>cells</title><body style="margin:0"><div style="height:120px"></div><div id="cells"></div></body>');
  await page.addStyleTag({ content: readFileSync(resolve(here, 'outputs.css'), 'utf8') });
  await page.addScriptTag({ content: bundle.outputFiles[0]?.text ?? '' });
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

/** Renders the previous cell and the attacking one; what is on top inside the previous cell, and their boxes. */
async function render(attack: string, sanitise: boolean) {
  return page.evaluate(
    ([html, clean]) => {
      const san = (window as unknown as { __san: { markdownToSafeHtml(s: string): string } }).__san;
      const cells = document.querySelector('#cells') as HTMLElement;
      cells.innerHTML =
        '<div id="prev" class="nb-markdown"><p>The previous cell, which must stay visible and clickable.</p></div><div id="md" class="nb-markdown"></div>';
      (document.querySelector('#md') as HTMLElement).innerHTML = clean ? san.markdownToSafeHtml(`Intro\n\n${html}\n\nafter`) : html;
      const prev = (document.querySelector('#prev') as HTMLElement).getBoundingClientRect();
      // a point of the previous cell away from its text (text is painted above later blocks' backgrounds)
      const atCentre = document.elementFromPoint(prev.left + prev.width * 0.8, prev.top + prev.height / 2);
      const atTopLeft = document.elementFromPoint(5, 5);
      const attacker = document.querySelector('#md .attack, #md div');
      const a = attacker?.getBoundingClientRect();
      const box = (r: DOMRect | undefined) => (r ? { top: r.top, bottom: r.bottom, left: r.left, right: r.right } : undefined);
      return {
        centreInPrev: !!atCentre?.closest('#prev'),
        topLeftInMd: !!atTopLeft?.closest('#md'),
        prev: box(prev),
        attacker: box(a),
        style: attacker?.getAttribute('style') ?? null,
      };
    },
    [attack, sanitise] as const,
  );
}

describe('markdown cannot overlay other cells (in Chromium, with outputs.css)', () => {
  for (const attack of attacks) {
    const name = /style="([^"]+)"/.exec(attack)?.[1] ?? attack;
    it(`sanitised: ${name}`, async () => {
      const r = await render(attack, true);
      expect(r.style).toBeNull();
      expect(r.centreInPrev).toBe(true);
      expect(r.topLeftInMd).toBe(false);
      // the attacker's box lies wholly below the previous cell
      expect(r.attacker?.top).toBeGreaterThanOrEqual(r.prev?.bottom ?? Infinity);
    });

    it(`unsanitised, still contained by the cell's CSS: ${name}`, async () => {
      const r = await render(attack, false);
      expect(r.style).not.toBeNull();
      expect(r.centreInPrev).toBe(true);
      expect(r.topLeftInMd).toBe(false);
    });
  }

  it('keeps colour and weight in markdown styles', async () => {
    const html = await page.evaluate(() =>
      (window as unknown as { __san: { markdownToSafeHtml(s: string): string } }).__san.markdownToSafeHtml(
        '<span style="color: green; font-weight: bold; margin-top: -500px">ok</span>',
      ),
    );
    expect(html).toContain('<span style="color: green; font-weight: bold">ok</span>');
  });
});
