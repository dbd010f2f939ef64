// SPDX-License-Identifier: Apache-2.0
/**
 * The HTML output frame in Chromium, under the app's own CSP (main/host/content-security.ts):
 * a `sandbox=""` srcdoc frame must show its HTML (srcdoc documents are not fetched, so
 * `frame-src 'none'` does not block them), run none of its scripts or handlers, load nothing,
 * and neither navigate itself nor the app when a link in it is clicked.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../../../main/host/content-security';
import { frameCsp, frameDocument } from './mime';

let browser: Browser;
let page: Page;
const origin = 'http://mldeck.test';
const pwn = "document.title='pwned';window.__pwned=1;try{top.__pwned=1;top.document.title='pwned'}catch(e){}";
const hostileHtml = `<script>${pwn}</script><img src=x onerror="${pwn}"><b id="shown">shown</b>
<table><tr><td>1</td></tr></table><img src="${origin}/track.png"><a id="plain" href="https://example.com/">plain</a>
<a id="top" href="https://example.com/" target="_top">top</a><form action="https://example.com/"><button id="send">send</button></form>`;
const requests: string[] = [];

beforeAll(async () => {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage();
  page.on('request', (r) => requests.push(r.url()));
  await page.route(`${origin}/**`, (route) => {
    if (new URL(route.request().url()).pathname !== '/') return route.fulfill({ status: 404, body: '' });
    return route.fulfill({
      status: 200,
      headers: { 'Content-Type': 'text/html', ...securityHeaders() },
      body: '<!doctype html><title>app</title><div id="host"></div>',
    });
  });
  await page.goto(`${origin}/`);
  // the frame is made like the renderer makes it (React sets the same attributes and property)
  await page.evaluate(
    ([doc, csp]) => {
      const f = document.createElement('iframe');
      f.setAttribute('sandbox', '');
      f.setAttribute('csp', csp as string);
      f.srcdoc = doc as string;
      document.querySelector('#host')?.append(f);
    },
    [frameDocument(hostileHtml, false), frameCsp],
  );
  await page.waitForTimeout(500);
}, 60_000);

afterAll(async () => {
  await browser?.close();
});

const frame = () => {
  const f = page.frames().find((x) => x !== page.mainFrame());
  if (!f) throw new Error('no frame');
  return f;
};

describe('HTML outputs in the sandboxed frame, under the app CSP', () => {
  it('are shown', async () => {
    expect(frame().url()).toBe('about:srcdoc');
    expect(await frame().locator('#shown').textContent()).toBe('shown');
  });

  it('run no script or handler, in the frame or the app', async () => {
    expect(await page.title()).toBe('app');
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(await frame().evaluate(() => [document.title, (window as { __pwned?: number }).__pwned])).toEqual(['', undefined]);
  });

  it('load nothing from the network', async () => {
    expect(requests.filter((u) => u !== `${origin}/`)).toEqual([]);
  });

  it('navigate nothing when links or forms are used', async () => {
    for (const id of ['#plain', '#top', '#send']) {
      await frame().click(id, { timeout: 2000 });
      await page.waitForTimeout(300);
    }
    expect(page.url()).toBe(`${origin}/`);
    expect(frame().url()).toBe('about:srcdoc');
    expect(await frame().locator('#shown').textContent()).toBe('shown');
    expect(page.context().pages()).toHaveLength(1);
    expect(requests.filter((u) => u !== `${origin}/`)).toEqual([]);
  });
});
