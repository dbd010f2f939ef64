// SPDX-License-Identifier: Apache-2.0
/**
 * MLDeck for a benchmark: the browser-mode host on a private copy of the build
 * (app-snapshot.ts, so a rebuild of out/ by someone else cannot pull the renderer from under
 * it), a fresh data directory on the lab's kubeconfig, and one page in Debian's Chromium with
 * the flags of the e2e tests.
 */
import { chromium, type Browser, type Page } from 'playwright-core';
import { labInfo } from '../harness/lab';
import { startSnapshotHost, type SnapshotHost } from './app-snapshot';

/** A running MLDeck and its page. */
export interface BenchApp {
  page: Page;
  browser: Browser;
  host: SnapshotHost;
  close(): Promise<void>;
}

/** Starts the host and opens the app in Chromium. */
export async function openBenchApp(): Promise<BenchApp> {
  const host = await startSnapshotHost({ KUBECONFIG: labInfo().kubeconfig });
  let browser: Browser | undefined;
  try {
    browser = await chromium.launch({
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
    await page.goto(host.url);
    const b = browser;
    return {
      page,
      browser: b,
      host,
      close: async () => {
        try {
          await b.close();
        } finally {
          await host.close();
        }
      },
    };
  } catch (e) {
    try {
      await browser?.close();
    } finally {
      await host.close();
    }
    throw e;
  }
}
