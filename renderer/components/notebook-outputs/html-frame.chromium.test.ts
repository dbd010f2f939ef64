// SPDX-License-Identifier: Apache-2.0
/**
 * The HTML output frame in Chromium, under the app's own CSP (main/host/content-security.ts):
 * a `sandbox=""` srcdoc frame must show its HTML (srcdoc documents are not fetched, so
 * `frame-src 'none'` does not block them), run none of its scripts or handlers, load nothing,
 * and neither navigate itself nor the app when a link in it is clicked. The resource filter
 * (frame-html.ts) is also checked on its own, in a frame with no policy at all, against a local
 * server that counts the requests it gets: the same HTML unfiltered does reach it.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { securityHeaders } from '../../../main/host/content-security';
import { frameCsp } from './mime';

let browser: Browser;
let page: Page;
let bundle: string;
let server: Server;
let local: string;
const hits: string[] = [];
const origin = 'http://mldeck.test';
const pwn = "document.title='pwned';window.__pwned=1;try{top.__pwned=1;top.document.title='pwned'}catch(e){}";
const requests: string[] = [];
const png = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==';

/** Every way of asking for a resource the filter must catch, each at its own path of the counting server. */
const fetchingHtml = (h: string) => `<img/src=${h}/img-slash><link rel=stylesheet href=${h}/link-css><IMG SRC=${h}/upper>
<img\tsrc=${h}/tab><img\nsrc="${h}/newline"><link rel=preload as=image href=${h}/preload><link rel=prefetch href=${h}/prefetch>
<svg><image href="${h}/svg-image"/><image xlink:href="${h}/svg-xlink"/><feImage href="${h}/fe-image"/></svg>
<div style="background:url(${h}/style-url)">u</div><div style="background:u\\72l(${h}/style-escape)">e</div>
<style>body{background-image:url('${h}/css-url')}</style><style>@import '${h}/css-import';</style>
<noscript><img src=${h}/noscript></noscript><picture><source srcset="${h}/srcset"><img></picture>
<video poster=${h}/poster></video><input type=image src=${h}/input><table background=${h}/background><tr><td>t</td></tr></table>
<object data=${h}/object></object><embed src=${h}/embed><iframe src=${h}/iframe></iframe>
<meta http-equiv=refresh content="0;url=${h}/refresh"><img id="kept" src="data:image/png;base64,${png}"><b id="shown">shown</b>`;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(req.url ?? '');
    res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  local = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const out = await build({
    stdin: { contents: `import * as f from './frame-html'; window.__frame = f;`, resolveDir: import.meta.dirname, loader: 'ts' },
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    logLevel: 'silent',
  });
  bundle = out.outputFiles[0]?.text ?? '';
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  page = await browser.newPage();
  page.on('request', (r) => requests.push(r.url()));
  await page.route(`${origin}/**`, (route) => {
    const path = new URL(route.request().url()).pathname;
    // the frame-building code is loaded as the app loads its own scripts ('self')
    if (path === '/frame-html.js') return route.fulfill({ status: 200, headers: { 'Content-Type': 'text/javascript' }, body: bundle });
    if (path !== '/') return route.fulfill({ status: 404, body: '' });
    return route.fulfill({
      status: 200,
      headers: { 'Content-Type': 'text/html', ...securityHeaders() },
      body: '<!doctype html><title>app</title><div id="host"></div><script src="/frame-html.js"></script>',
    });
  });
  await page.goto(`${origin}/`);
  const hostileHtml = `<script>${pwn}</script><img src=x onerror="${pwn}"><b id="shown">shown</b>
<table><tr><td>1</td></tr></table><img src="${origin}/track.png"><img/src=${origin}/slash.png><link rel=stylesheet href=${origin}/s.css>
<a id="plain" href="https://example.com/">plain</a>
<a id="top" href="https://example.com/" target="_top">top</a><form action="https://example.com/"><button id="send">send</button></form>`;
  // the frame is made like the renderer makes it (React sets the same attributes and property)
  await page.evaluate(
    ([html, csp]) => {
      const f = document.createElement('iframe');
      f.setAttribute('sandbox', '');
      f.setAttribute('csp', csp as string);
      f.srcdoc = (window as unknown as { __frame: { frameDocument(h: string, d: boolean): string } }).__frame.frameDocument(html as string, false);
      document.querySelector('#host')?.append(f);
    },
    [hostileHtml, frameCsp],
  );
  await page.waitForTimeout(500);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
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
    expect(requests.filter((u) => u !== `${origin}/` && u !== `${origin}/frame-html.js`)).toEqual([]);
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
    expect(requests.filter((u) => u !== `${origin}/` && u !== `${origin}/frame-html.js`)).toEqual([]);
  });
});

describe('the resource filter on its own, in a frame with no policy', () => {
  /** Shows HTML in a sandboxed frame of a page without any CSP; the paths the counting server got. */
  async function requestsFor(html: string, filtered: boolean): Promise<string[]> {
    const bare = await browser.newPage();
    try {
      await bare.setContent('<!doctype html><title>bare</title><div id="host"></div>');
      await bare.addScriptTag({ content: bundle });
      hits.length = 0;
      await bare.evaluate(
        ([h, f]) => {
          const api = (window as unknown as { __frame: { withoutResourceUrls(h: string): string } }).__frame;
          const el = document.createElement('iframe');
          el.setAttribute('sandbox', '');
          el.srcdoc = `<!doctype html><body>${f ? api.withoutResourceUrls(h as string) : (h as string)}</body>`;
          document.querySelector('#host')?.append(el);
        },
        [html, filtered] as const,
      );
      await bare.waitForTimeout(1500);
      const child = bare.frames().find((x) => x !== bare.mainFrame());
      if (filtered) {
        expect(await child?.locator('#shown').textContent()).toBe('shown');
        expect(await child?.locator('#kept').getAttribute('src')).toMatch(/^data:image\/png;base64,/);
      }
      return [...hits].sort();
    } finally {
      await bare.close();
    }
  }

  it('unfiltered, the same HTML does reach the server (the check can fail)', async () => {
    const got = await requestsFor(fetchingHtml(local), false);
    expect(got).toEqual(expect.arrayContaining(['/img-slash', '/link-css', '/upper', '/css-url', '/noscript', '/svg-image']));
  });

  it('filtered, no variant makes a request: <img/src>, <link href>, SVG hrefs, CSS url() and @import, noscript, srcset, refresh…', async () => {
    expect(await requestsFor(fetchingHtml(local), true)).toEqual([]);
  });
});
