// SPDX-License-Identifier: Apache-2.0
/**
 * Starts MLDeck in browser mode (the real host, from out/) with a fresh data directory and
 * opens it in Debian's Chromium through playwright-core. Screenshots go to
 * test-results/screenshots/ and are kept as artifacts.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

const root = resolve(import.meta.dirname, '..', '..');
export const screenshotDir = join(root, 'test-results', 'screenshots');

/** A running host and a page on it. */
export interface E2eApp {
  url: string;
  page: Page;
  browser: Browser;
  host: ChildProcess;
  dataDir: string;
  /** Errors the page logged (uncaught exceptions and console errors). */
  pageErrors: string[];
  /** What the host printed. */
  hostOutput(): string;
  shot(name: string): Promise<void>;
  /** Closes the browser and the host; the data directory is removed unless `keepData`. */
  close(opts?: { keepData?: boolean }): Promise<void>;
}

/** Starts the host with `env` additions and opens the app. */
export async function openApp(env: Record<string, string | undefined> = {}, opts: { dataDir?: string } = {}): Promise<E2eApp> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'mldeck-e2e-'));
  const childEnv: NodeJS.ProcessEnv = { ...process.env, MLDECK_HOME: dataDir, HOME: dataDir };
  delete childEnv.KUBECONFIG;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }
  const host = spawn(process.execPath, [join(root, 'out', 'main', 'browser-host.mjs'), '--port', '0'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  host.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  host.stderr?.on('data', (d: Buffer) => (out += d.toString()));
  const url = await new Promise<string>((res, rej) => {
    const t = setTimeout(() => rej(new Error(`the host did not start:\n${out}`)), 30_000);
    const check = () => {
      const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(t);
        res(m[1]);
      }
    };
    host.stdout?.on('data', check);
    host.on('exit', (code) => rej(new Error(`the host exited (${code}):\n${out}`)));
  });
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 880 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    if (m.type() === 'error') pageErrors.push(m.text());
  });
  await page.goto(url);
  mkdirSync(screenshotDir, { recursive: true });
  return {
    url,
    page,
    browser,
    host,
    dataDir,
    pageErrors,
    hostOutput: () => out,
    async shot(name) {
      await page.screenshot({ path: join(screenshotDir, `${name}.png`) });
    },
    async close(o = {}) {
      await browser.close();
      // a host that already exited (crashed, or killed by the test) has nothing left to wait for
      if (host.exitCode === null && host.signalCode === null) {
        const exited = new Promise((r) => host.once('exit', r));
        host.kill();
        await exited;
      }
      if (!o.keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The id of the context shown as `name` in the cluster switcher (waits for it; fails if it never shows). */
export async function clusterIdOf(page: Page, name: string): Promise<string> {
  const option = page
    .getByTestId('cluster-switcher')
    .locator('option')
    .filter({ hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) });
  await option.first().waitFor({ state: 'attached', timeout: 30_000 });
  const id = await option.first().getAttribute('value');
  if (!id) throw new Error(`the cluster switcher has no context ${name}`);
  return id;
}
