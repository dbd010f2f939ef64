// SPDX-License-Identifier: Apache-2.0
/**
 * B5: open a 5 MB notebook to interactive, and keystroke latency in it, MLDeck vs JupyterLab 4
 * (PyPI 4.6.6) in the same Chromium (/usr/bin/chromium through playwright-core, the flags of
 * test/e2e/app-host.ts). Two shapes (test/bench/notebooks/make-notebooks.ts): 2,000 small code
 * cells, and 50 cells with large outputs.
 *
 * - JupyterLab serves a temporary folder with the notebooks (jupyterlab-server.ts) and is opened
 *   at `/lab/tree/<file>?reset` (a reset workspace, so only that notebook opens). Its notebook
 *   settings are its defaults, as users get them: in 4.6.6 `windowingMode` is
 *   `contentVisibility` (the cells near the viewport first, the rest attached while idle, which
 *   for 2,000 cells here takes minutes; the browser skips rendering off-screen ones). It starts a
 *   kernel for each notebook it opens, as it does by default; so does MLDeck.
 * - MLDeck (browser mode, the real host, run from a copy of out/: app-snapshot.ts) opens the same bytes, written under the lab
 *   Jupyter's root in `bench-b5/`, at `#/nb/<lab-a>/team-a/alice-scipy?path=…`: through a
 *   port-forward to the Notebook server's pod, as a user reaches it.
 *
 * Both get a fresh page (tab) per repetition in one browser context per app (the HTTP cache
 * warm, storage per tab), a fresh copy of the notebook per repetition (so no draft, autosave or
 * workspace state carries over), one warm-up repetition that is not counted, and then the
 * median of `MLDECK_B5_RUNS` (5) repetitions, interleaved app by app.
 *
 * "Interactive", the same for both: from navigation start (Node's clock just before
 * `page.goto`) until a character typed into the first cell's editor is on screen. The
 * bench waits for the first cell's source to be visible, clicks it (edit mode), waits until
 * the focus is in that cell's editor (CodeMirror's `.cm-content`; Monaco's input element), presses
 * a key, and stops the clock at the first frame presented after the character is in the
 * editor's DOM (see the probe below).
 *
 * Keystroke latency, the same for both: 10 s after the notebook became interactive, 30
 * letters typed one at a time into the first cell, each measured inside the page from the
 * keydown event's timestamp to the first frame presented with that character in the editor's
 * DOM (a rAF then a message-channel task: the task runs after that frame's paint). Measured
 * in the page, so no DevTools-protocol round trip is counted. The medians over every keystroke
 * of every repetition are compared (p95 in the details).
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { clusterIdOf, screenshotDir } from '../e2e/app-host';
import { labInfo } from '../harness/lab';
import { JUPYTER_TOKEN, jupyterUrl, notebooksDir } from '../lab/peers/jupyter';
import { startSnapshotHost, type SnapshotHost } from './app-snapshot';
import { startJupyterLab, type JupyterLabServer } from './jupyterlab-server';
import { makeNotebook, shapeNames, type NotebookShape } from './notebooks/make-notebooks';
import { median, type BenchResult } from './report';

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`);
/** Step by step progress with MLDECK_B5_DEBUG=1. */
const debug = (m: string) => {
  if (process.env.MLDECK_B5_DEBUG) log(`B5 debug ${new Date().toISOString().slice(11, 23)} ${m}`);
};

/** The lab's Notebook server MLDeck opens the notebooks on (its pod's 8888 reaches the lab Jupyter). */
const labServer = { namespace: 'team-a', name: 'alice-scipy' };
/** Folder (under the lab Jupyter's root) of MLDeck's copies. */
const mldeckFolder = 'bench-b5';
/** What is typed: letters only (no auto-closing, no spaces rendered as nbsp). */
const typed = 'thequickbrownfoxjumpsoverlazyd';
const viewport = { width: 1400, height: 880 };
/**
 * Typing starts this long after the notebook became interactive, in both apps. Not "once the
 * page is quiet": JupyterLab 4.6.6 keeps attaching the 2,000 cells for minutes (about five a
 * second here, the main thread busy all the while), and that is what its users type into.
 */
const typingAfterMs = 10_000;

/** One keystroke as the probe measured it (page clock, ms since the page's time origin). */
interface Sample {
  key: string;
  keydown: number;
  /** When the character was first in the editor's DOM. */
  dom: number;
  /** The first frame presented with it. */
  paint: number;
  /** `Date.now()` at `paint` (to compare with Node's clock across a reload). */
  paintEpoch: number;
  error?: string;
}

/** The probe's state in the page (`window.__b5`). */
interface Probe {
  samples: Sample[];
  /** Total duration of the long tasks seen (-1: no Long Tasks API). */
  longTaskMs: number;
}

/** How one app shows a notebook. */
interface Target {
  name: 'MLDeck' | 'JupyterLab';
  context: BrowserContext;
  url(file: string): string;
  /** CSS of the first cell (document order: `querySelector`). */
  firstCell: string;
  /** CSS, inside the first cell, of what the user clicks to edit it. */
  source: string;
  /** CSS of an editor's root and, inside it, of the element whose text is the source. */
  editorRoot: string;
  editorText: string;
  /** Runs while waiting for the first cell, e.g. to answer the token prompt; returns true when it acted. */
  onWait?(page: Page): Promise<boolean>;
  /** Shuts down kernels the app started for the bench's notebooks. */
  cleanup(): Promise<void>;
}

/**
 * The in-page probe, installed before any page script runs. For every printable keydown whose
 * target is inside an editor, it counts that character in the editor's text, then watches the
 * DOM (MutationObserver) and the frames (rAF, then a message-channel task, which runs after
 * that frame's paint) until the count grew.
 */
function installProbe(cfg: { editorRoot: string; editorText: string }): void {
  const probe: Probe = { samples: [], longTaskMs: 0 };
  (window as unknown as { __b5: Probe }).__b5 = probe;
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) probe.longTaskMs += e.duration;
    }).observe({ type: 'longtask', buffered: true });
  } catch {
    probe.longTaskMs = -1;
  }
  window.addEventListener(
    'keydown',
    (e) => {
      if (e.key.length !== 1) return;
      const keydown = e.timeStamp;
      const root = document.activeElement?.closest(cfg.editorRoot);
      if (!root) {
        probe.samples.push({
          key: e.key,
          keydown,
          dom: 0,
          paint: 0,
          paintEpoch: 0,
          error: `the focus is not in an editor (${document.activeElement?.tagName ?? 'none'})`,
        });
        return;
      }
      const count = () => {
        let n = 0;
        for (const c of root.querySelector(cfg.editorText)?.textContent ?? '') if (c === e.key) n++;
        return n;
      };
      const before = count();
      let dom = -1;
      const mo = new MutationObserver(() => {
        if (dom < 0 && count() > before) dom = performance.now();
      });
      mo.observe(root, { subtree: true, childList: true, characterData: true });
      const channel = new MessageChannel();
      const nextFrame = () => requestAnimationFrame(() => channel.port2.postMessage(0));
      channel.port1.onmessage = () => {
        const now = performance.now();
        if (count() > before) {
          mo.disconnect();
          channel.port1.close();
          probe.samples.push({ key: e.key, keydown, dom: dom < 0 ? now : dom, paint: now, paintEpoch: Date.now() });
        } else if (now - keydown > 60_000) {
          mo.disconnect();
          channel.port1.close();
          probe.samples.push({ key: e.key, keydown, dom: 0, paint: 0, paintEpoch: 0, error: 'the character did not appear within 60 s' });
        } else nextFrame();
      };
      nextFrame();
    },
    true,
  );
}

/**
 * A new context for one app. The first init script gives pages the `__name` helper that the
 * TypeScript loader (esbuild, keepNames) puts into functions this file sends to the page.
 */
async function newContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  await context.addInitScript({ content: 'globalThis.__name ??= (f) => f;' });
  return context;
}

/** Presses `key` and waits for the probe's sample of it. */
async function typeMeasured(page: Page, key: string): Promise<Sample> {
  const n = await page.evaluate(() => (window as unknown as { __b5: Probe }).__b5.samples.length);
  await page.keyboard.press(key);
  await page.waitForFunction((k) => (window as unknown as { __b5: Probe }).__b5.samples.length > k, n, { timeout: 90_000, polling: 20 });
  const s = await page.evaluate((k) => (window as unknown as { __b5: Probe }).__b5.samples[k] as Sample, n);
  if (s.error) throw new Error(`keystroke "${key}": ${s.error}`);
  return s;
}

/** Milliseconds of long tasks in the page since the probe started (the main thread's busy time). */
function longTaskMs(page: Page): Promise<number> {
  return page.evaluate(() => (window as unknown as { __b5: Probe }).__b5.longTaskMs);
}

/** One repetition: a fresh tab opens `file`; time to interactive and (unless warm-up) keystroke latencies. */
async function openOnce(t: Target, file: string, keystrokes: number): Promise<{ ttiMs: number; keys: number[]; domKeys: number[]; busy: number }> {
  const page = await t.context.newPage();
  try {
    const cellSource = `${t.firstCell} ${t.source}`;
    const t0 = Date.now();
    await page.goto(t.url(file), { waitUntil: 'commit' });
    const deadline = t0 + 300_000;
    for (;;) {
      if (await page.locator(cellSource).first().isVisible()) break;
      if (t.onWait && (await t.onWait(page))) continue;
      if (Date.now() > deadline) throw new Error(`${t.name}: the first cell of ${file} did not show within 300 s`);
      await page.waitForTimeout(15);
    }
    // click into the first cell until the focus is in its editor (edit mode)
    for (let i = 0; ; i++) {
      await page.locator(cellSource).first().click({ timeout: 60_000 });
      const focused = await page
        .waitForFunction(
          ([cell, root]) => {
            const a = document.activeElement;
            return !!a && !!a.closest(root) && !!document.querySelector(cell)?.contains(a);
          },
          [t.firstCell, t.editorRoot] as const,
          { timeout: 5_000, polling: 15 },
        )
        .then(
          () => true,
          () => false,
        );
      if (focused) break;
      if (i >= 5) throw new Error(`${t.name}: clicking the first cell of ${file} never put the focus in its editor`);
    }
    debug(`${t.name} ${file}: focus in the first cell's editor`);
    const first = await typeMeasured(page, 'x');
    debug(`${t.name} ${file}: interactive`);
    const ttiMs = first.paintEpoch - t0;
    const keys: number[] = [];
    const domKeys: number[] = [];
    let busy = 0;
    if (keystrokes > 0) {
      await page.waitForTimeout(typingAfterMs);
      const lt0 = await longTaskMs(page);
      const w0 = Date.now();
      for (let i = 0; i < keystrokes; i++) {
        const s = await typeMeasured(page, typed[i % typed.length] as string);
        debug(`${t.name} ${file}: key ${i + 1} ${Math.round(s.paint - s.keydown)} ms`);
        keys.push(s.paint - s.keydown);
        domKeys.push(s.dom - s.keydown);
        await page.waitForTimeout(40);
      }
      busy = ((await longTaskMs(page)) - lt0) / (Date.now() - w0);
    }
    if (process.env.MLDECK_B5_SHOTS) {
      mkdirSync(screenshotDir, { recursive: true });
      await page.screenshot({ path: join(screenshotDir, `b5-${t.name}-${file.replace(/\.ipynb$/, '')}.png`) });
    }
    return { ttiMs, keys, domKeys, busy };
  } finally {
    debug(`${t.name} ${file}: closing`);
    await page.close();
    await t.cleanup();
    debug(`${t.name} ${file}: closed`);
  }
}

/** Chromium as the e2e tests launch it (test/e2e/app-host.ts). */
function launchChromium(): Promise<Browser> {
  return chromium.launch({
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
}

/** Deletes a Jupyter server's sessions (and so their kernels) whose path is accepted by `pick`. */
async function deleteSessions(base: string, token: string, pick: (path: string) => boolean): Promise<void> {
  const headers = { Authorization: `token ${token}` };
  const res = await fetch(`${base}/api/sessions`, { headers, signal: AbortSignal.timeout(30_000) });
  if (!res.ok) throw new Error(`GET ${base}/api/sessions: HTTP ${res.status}`);
  const sessions = (await res.json()) as { id: string; path: string }[];
  for (const s of sessions.filter((x) => pick(x.path))) {
    const del = await fetch(`${base}/api/sessions/${s.id}`, { method: 'DELETE', headers, signal: AbortSignal.timeout(30_000) });
    if (!del.ok && del.status !== 404) throw new Error(`DELETE session ${s.path}: HTTP ${del.status}`);
  }
}

function jupyterLabTarget(browser: Browser, server: JupyterLabServer): Promise<Target> {
  return newContext(browser).then(async (context) => {
    const editor = { editorRoot: '.cm-editor', editorText: '.cm-content' };
    await context.addInitScript(installProbe, editor);
    return {
      name: 'JupyterLab',
      context,
      url: (file) => `${server.url}/lab/tree/${encodeURIComponent(file)}?reset&token=${server.token}`,
      firstCell: '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook .jp-Cell',
      source: '.cm-content',
      ...editor,
      cleanup: () => deleteSessions(server.url, server.token, () => true),
    };
  });
}

async function mldeckTarget(browser: Browser, app: SnapshotHost, clusterId: string): Promise<Target> {
  const context = await newContext(browser);
  const hostToken = new URL(app.url).hash.replace(/^#token=/, '');
  const base = new URL(app.url).origin;
  // the page keeps the host's token in sessionStorage (per tab): give each fresh tab the token
  // the host printed, as the first tab got it from the link
  await context.addInitScript((tok) => sessionStorage.setItem('mldeck.token', tok), hostToken);
  const editor = { editorRoot: '.monaco-editor', editorText: '.view-lines' };
  await context.addInitScript(installProbe, editor);
  let tokenGiven = false;
  return {
    name: 'MLDeck',
    context,
    url: (file) =>
      `${base}/#/nb/${encodeURIComponent(clusterId)}/${labServer.namespace}/${labServer.name}?path=${encodeURIComponent(`${mldeckFolder}/${file}`)}`,
    firstCell: '[data-testid="notebook-editor"][data-ready="true"] [data-testid="nb-cell"]',
    source: '[data-testid="nb-cell-source"]',
    ...editor,
    // the first time, the app asks for the Jupyter token as it asks a user; it keeps it after
    async onWait(page) {
      const prompt = page.locator('[data-testid="nb-connection"][data-state="needs-token"]');
      if (!(await prompt.isVisible())) return false;
      if (tokenGiven) throw new Error('MLDeck asked for the Jupyter token again after it was given');
      tokenGiven = true;
      await page.getByLabel('Jupyter token').fill(JUPYTER_TOKEN);
      await prompt.getByRole('button', { name: 'Connect', exact: true }).click();
      await prompt.waitFor({ state: 'hidden', timeout: 120_000 }).catch(async () => {
        throw new Error(`MLDeck did not accept the lab's Jupyter token: ${await prompt.innerText()}`);
      });
      return true;
    },
    cleanup: () => deleteSessions(jupyterUrl, JUPYTER_TOKEN, (p) => p.startsWith(`${mldeckFolder}/`)),
  };
}

/** p-th percentile (nearest rank). */
function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))] as number;
}

const round = (x: number) => Math.round(x * 10) / 10;

/** What one app measured on one shape. */
interface Measured {
  tti: number[];
  keys: number[];
  domKeys: number[];
  /** Share of the typing window the main thread spent in long tasks, per repetition. */
  busy: number[];
}

/**
 * Runs B5. `MLDECK_B5_RUNS` sets the repetitions (default 5, plus one warm-up);
 * `MLDECK_B5_APPS=jupyterlab` measures the baseline alone (absolute figures, no ratios);
 * `MLDECK_B5_SHOTS=1` keeps a screenshot of every repetition (test-results/screenshots/b5-*);
 * `MLDECK_B5_DEBUG=1` logs each step.
 */
export async function b5(runs = Number(process.env.MLDECK_B5_RUNS ?? 5), keystrokes = 30): Promise<BenchResult[]> {
  const withMldeck = (process.env.MLDECK_B5_APPS ?? 'both') !== 'jupyterlab';
  const shapes: NotebookShape[] = ['small', 'large'];
  const texts = Object.fromEntries(shapes.map((s) => [s, makeNotebook(s)])) as Record<NotebookShape, string>;
  const fileOf = (shape: NotebookShape, rep: number) => `b5-${shape === 'small' ? '2000-small-cells' : '50-large-outputs'}-${rep}.ipynb`;
  const jlRoot = mkdtempSync(join(tmpdir(), 'mldeck-b5-notebooks-'));
  const mldeckDir = join(notebooksDir, mldeckFolder);
  let server: JupyterLabServer | undefined;
  let app: SnapshotHost | undefined;
  let browser: Browser | undefined;
  try {
    for (const shape of shapes) {
      for (let rep = 0; rep <= runs; rep++) {
        writeFileSync(join(jlRoot, fileOf(shape, rep)), texts[shape]);
        if (withMldeck) {
          mkdirSync(mldeckDir, { recursive: true });
          writeFileSync(join(mldeckDir, fileOf(shape, rep)), texts[shape]);
        }
      }
    }
    server = await startJupyterLab(jlRoot);
    log(`B5: JupyterLab 4.6.6 at ${server.url}`);
    browser = await launchChromium();
    const targets: Target[] = [await jupyterLabTarget(browser, server)];
    if (withMldeck) {
      app = await startSnapshotHost({ KUBECONFIG: labInfo().kubeconfig });
      const home = await browser.newPage({ viewport });
      await home.goto(app.url);
      const clusterId = await clusterIdOf(home, 'lab-a');
      await home.close();
      targets.push(await mldeckTarget(browser, app, clusterId));
    }
    const results: BenchResult[] = [];
    for (const shape of shapes) {
      const measured = new Map<Target['name'], Measured>(targets.map((t) => [t.name, { tti: [], keys: [], domKeys: [], busy: [] }]));
      for (let rep = 0; rep <= runs; rep++) {
        for (const t of targets) {
          const r = await openOnce(t, fileOf(shape, rep), rep === 0 ? 0 : keystrokes).catch((e: unknown) => {
            const host =
              app && t.name === 'MLDeck'
                ? `\nMLDeck's host ${app.host.exitCode === null ? 'printed' : `exited (${app.host.exitCode})`}:\n${app.hostOutput().slice(-3000)}`
                : '';
            throw new Error(`B5 ${shape} ${t.name} ${rep === 0 ? 'warm-up' : `run ${rep}`}: ${e instanceof Error ? e.message : String(e)}${host}`, {
              cause: e,
            });
          });
          const m = measured.get(t.name) as Measured;
          if (rep > 0) {
            m.tti.push(r.ttiMs);
            m.keys.push(...r.keys);
            m.domKeys.push(...r.domKeys);
            m.busy.push(r.busy);
          }
          log(
            `B5 ${shape} ${t.name} ${rep === 0 ? 'warm-up' : `run ${rep}`}: interactive in ${Math.round(r.ttiMs)} ms` +
              (r.keys.length
                ? `; keystroke median ${round(median(r.keys))} ms (in the DOM ${round(median(r.domKeys))} ms), p95 ${round(percentile(r.keys, 95))} ms; main thread busy ${Math.round(r.busy * 100)} % while typing`
                : ''),
          );
        }
      }
      const jl = measured.get('JupyterLab') as Measured;
      const sizeMB = (Buffer.byteLength(texts[shape]) / 1e6).toFixed(2);
      log(
        `B5 ${shape} (${shapeNames[shape]}, ${sizeMB} MB): JupyterLab interactive median ${Math.round(median(jl.tti))} ms, keystroke median ${round(median(jl.keys))} ms (p95 ${round(percentile(jl.keys, 95))} ms)`,
      );
      const md = measured.get('MLDeck');
      if (!md) continue;
      log(
        `B5 ${shape}: MLDeck interactive median ${Math.round(median(md.tti))} ms, keystroke median ${round(median(md.keys))} ms (p95 ${round(percentile(md.keys, 95))} ms)`,
      );
      const common = { notebookMB: sizeMB, runs, jupyterlab: '4.6.6 (windowingMode contentVisibility, its default)' };
      const label = shape === 'small' ? '2000-cells' : 'large-outputs';
      results.push(
        {
          id: 'B5',
          what: `open-${shape === 'small' ? '2000-small-cells' : '50-large-output-cells'}-to-interactive-vs-JupyterLab`,
          ratio: median(md.tti) / median(jl.tti),
          goal: { op: '<=', target: 1.0 },
          details: {
            ...common,
            mldeckMs: Math.round(median(md.tti)),
            jupyterlabMs: Math.round(median(jl.tti)),
            mldeckRunsMs: md.tti.map(Math.round).join(' '),
            jupyterlabRunsMs: jl.tti.map(Math.round).join(' '),
          },
        },
        {
          id: 'B5',
          what: `keystroke-latency-${label}-vs-JupyterLab`,
          ratio: median(md.keys) / median(jl.keys),
          goal: { op: '<=', target: 1.0 },
          details: {
            ...common,
            keystrokes: md.keys.length,
            mldeckMedianMs: round(median(md.keys)),
            jupyterlabMedianMs: round(median(jl.keys)),
            mldeckP95Ms: round(percentile(md.keys, 95)),
            jupyterlabP95Ms: round(percentile(jl.keys, 95)),
            mldeckDomMedianMs: round(median(md.domKeys)),
            jupyterlabDomMedianMs: round(median(jl.domKeys)),
            mldeckBusyWhileTyping: `${Math.round(median(md.busy) * 100)} %`,
            jupyterlabBusyWhileTyping: `${Math.round(median(jl.busy) * 100)} %`,
          },
        },
      );
    }
    // one line per figure: open (both shapes), then keystrokes (both shapes), as the issue lists them
    return [...results.filter((r) => r.what.startsWith('open-')), ...results.filter((r) => r.what.startsWith('keystroke-'))];
  } finally {
    await browser?.close();
    await app?.close();
    await server?.stop();
    rmSync(jlRoot, { recursive: true, force: true });
    if (withMldeck) rmSync(mldeckDir, { recursive: true, force: true });
  }
}
