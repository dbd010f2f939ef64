// SPDX-License-Identifier: Apache-2.0
/**
 * B11 without the lab, to find where a pan/zoom frame of the run graph goes: the harness page
 * (b11-harness.tsx: the run page's graph of the lab's `large` pipeline, 300 tasks) bundled with
 * esbuild and served on 127.0.0.1 with the app's Content-Security-Policy, in Chromium with B11's
 * flags; B11's pan/zoom frames (b11-pan-zoom.ts) as the graph opens (groups collapsed) and with
 * every group expanded; the p95 and median of each. Not a benchmark line (it has no baseline and
 * no cluster): a tool.
 *
 *   npx tsx test/bench/b11-harness-run.ts [--trace <path prefix>] [--profile <file.cpuprofile>] [--rounds N] [--style <css>] [--warm] [--keep] [--shot <path prefix>]
 *
 * `--trace` records a Chromium trace of each pan/zoom (`<prefix>-collapsed.json`, `-expanded.json`;
 * open them in Perfetto) and prints where a frame's time went: scripting, style, layout, prepaint,
 * paint, commit on the main thread, raster, the display compositor's draw. `--profile` records a V8 CPU profile of the same and prints
 * the functions with the most self time. `--style` adds CSS to the page (to try a style's cost);
 * `--warm` starts ELK's worker before the first open, as the run page does while it reads the run.
 * `--shot` takes screenshots (`<prefix>-opened.png`, `-expanded.png` fitted far out on the canvas,
 * `-near.png` zoomed in on the DOM boxes, `-near-moving.png` the same on the canvas as it moves)
 * to look at what the measures are of.
 */
import type { Plugin } from 'esbuild';
import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { chromium, type Page } from 'playwright-core';
import { buildHarnessPage, serveHarnessPage } from './harness-page';
import { panZoomScript, type PanZoomFrames } from './b11-pan-zoom';
import type {} from './b11-harness-api';
import { median, p95 } from './report';

const require = createRequire(import.meta.url);
const arg = (name: string) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

/** Vite's `?raw` (the file's text) and `?worker` (elkjs' prebuilt worker, copied beside the bundle) for esbuild. */
const viteImports = (out: string): Plugin => ({
  name: 'vite-imports',
  setup(b) {
    b.onResolve({ filter: /\?(raw|worker)$/ }, (a) => {
      const [file, kind] = a.path.split('?') as [string, string];
      const path = file.startsWith('.') ? resolve(a.resolveDir, file) : require.resolve(file, { paths: [a.resolveDir] });
      return { path, namespace: kind };
    });
    b.onLoad({ filter: /.*/, namespace: 'raw' }, (a) => ({ contents: readFileSync(a.path, 'utf8'), loader: 'text' }));
    b.onLoad({ filter: /.*/, namespace: 'worker' }, (a) => {
      const name = a.path.split('/').pop() as string;
      copyFileSync(a.path, join(out, name));
      return { contents: `export default function W() { return new Worker(new URL(${JSON.stringify(`./${name}`)}, import.meta.url)); }`, loader: 'js' };
    });
  },
});

/**
 * The frames' p95, median and max over those that moved the view (B11's measure), the p95 over
 * all, and the median/p95 of each kind of step (the script's 30-frame phases).
 */
const fmt = ({ ms, moved }: PanZoomFrames) => {
  const xs = ms.filter((_, i) => moved[i]);
  const kinds = ['zoom in', 'pan near', 'zoom out', 'pan far'].map((k, i) => {
    const of = ms.filter((_, n) => moved[n] && Math.floor((n + 2) / 30) % 4 === i);
    return `${k} ${median(of).toFixed(1)}/${p95(of).toFixed(1)}`;
  });
  return `p95 ${p95(xs).toFixed(1)} ms, median ${median(xs).toFixed(1)} ms, max ${Math.max(...xs).toFixed(1)} ms over ${xs.length} frames that moved (all ${ms.length}: p95 ${p95(ms).toFixed(1)} ms) (median/p95: ${kinds.join(', ')})`;
};

/** The CPU time (ms, user + system) that this process's descendants (the browser's processes, which Playwright starts) have used so far (Linux /proc). */
function browserCpuMs(pid: number): number {
  const stat = (p: string) => {
    try {
      // the fields after the command's closing parenthesis: state is the 1st, ppid the 2nd, utime and stime the 12th and 13th
      const f = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return { ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) };
    } catch {
      return undefined; // a process that ended between the listing and the read
    }
  };
  const all = readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map((d) => ({ pid: Number(d), ...stat(d) }));
  const mine = new Set([pid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) if (p.ppid !== undefined && mine.has(p.ppid) && !mine.has(p.pid)) grew = mine.add(p.pid) !== undefined;
  }
  return all.filter((p) => mine.has(p.pid) && p.pid !== pid).reduce((sum, p) => sum + (p.ticks ?? 0), 0) * 10; // 100 ticks a second
}

/** B11's pan/zoom, with the CPU the browser used per frame (all its processes and threads) when its pid is known. */
async function panZoom(page: Page, pid: number | undefined): Promise<string> {
  // the pid whose descendants are the browser's processes
  const before = pid ? browserCpuMs(pid) : 0;
  const frames = (await page.evaluate(panZoomScript)) as PanZoomFrames;
  const cpu = pid ? `; browser CPU ${((browserCpuMs(pid) - before) / (frames.ms.length + 2)).toFixed(1)} ms/frame` : '';
  return `${fmt(frames)}${cpu}`;
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string };
}

/** Which part of a frame a trace event is (its outermost such event on its thread counts). */
const phases: Record<string, string> = {
  FireAnimationFrame: 'script',
  RunMicrotasks: 'script',
  EventDispatch: 'script',
  TimerFire: 'script',
  FunctionCall: 'script',
  UpdateLayoutTree: 'style',
  Layout: 'layout',
  PrePaint: 'prepaint',
  CullRectUpdate: 'prepaint',
  Paint: 'paint',
  Layerize: 'layerize',
  Commit: 'commit',
  RasterTask: 'raster',
  'DisplayItemList::Raster': 'raster',
  'Display::DrawAndSwap': 'draw',
};

/** Ms per frame by part and thread, and how many frames the compositor drew or skipped. */
function framePhases(events: TraceEvent[], frames: number): string[] {
  const threads = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') threads.set(`${e.pid}:${e.tid}`, e.args?.name ?? '?');
  const byThread = new Map<string, TraceEvent[]>();
  for (const e of events) {
    if (e.ph !== 'X' || e.dur === undefined || !phases[e.name]) continue;
    const k = `${e.pid}:${e.tid}`;
    byThread.set(k, [...(byThread.get(k) ?? []), e]);
  }
  const total = new Map<string, number>();
  for (const [k, list] of byThread) {
    list.sort((a, b) => a.ts - b.ts || (b.dur ?? 0) - (a.dur ?? 0));
    let end = -1;
    for (const e of list) {
      if (e.ts < end) continue; // inside one counted already
      end = e.ts + (e.dur ?? 0);
      const key = `${phases[e.name]} (${(threads.get(k) ?? k).replace(/\d+$/, '')})`;
      total.set(key, (total.get(key) ?? 0) + (e.dur ?? 0) / 1000);
    }
  }
  const count = (name: string) => events.filter((e) => e.name === name && e.ph === 'X').length;
  return [
    ...[...total].sort((a, b) => b[1] - a[1]).map(([k, ms]) => `  ${(ms / frames).toFixed(2).padStart(6)} ms/frame  ${k}`),
    `  compositor frames drawn ${count('Display::DrawAndSwap')}, main frames without an update ${count('Scheduler::BeginMainFrameAborted')}`,
  ];
}

/** B11's pan/zoom traced: the trace written to `file`, the frames' parts printed. */
async function traced(page: Page, file: string): Promise<void> {
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser');
  await browser.startTracing(page, {
    categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink', 'cc', 'viz', 'v8.execute', 'toplevel', 'benchmark'],
  });
  const frames = (await page.evaluate(panZoomScript)) as PanZoomFrames;
  const buf = await browser.stopTracing();
  writeFileSync(file, buf);
  console.log(`traced: ${fmt(frames)}; trace in ${file}`);
  for (const l of framePhases((JSON.parse(buf.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents, frames.ms.length + 2)) console.log(l);
}

async function main() {
  const trace = arg('--trace');
  const rounds = Number(arg('--rounds') ?? 1);
  // names kept: a profile names the functions
  const dir = await buildHarnessPage('b11', (out) => ({ minifyWhitespace: true, minifySyntax: true, plugins: [viteImports(out)] }));
  const { server, url } = await serveHarnessPage(dir);
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
      '--disable-frame-rate-limit',
      '--disable-gpu-vsync',
    ],
  });
  try {
    const page: Page = await browser.newPage({ viewport: { width: 1400, height: 880 } });
    const pid = process.platform === 'linux' ? process.pid : undefined;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
    await page.goto(url);
    await page.waitForFunction(() => 'b11' in window);
    const style = arg('--style');
    if (style) await page.addStyleTag({ content: style });
    if (process.argv.includes('--warm')) {
      const t = Date.now();
      await page.evaluate(() => window.b11.warm());
      console.log(`ELK's worker started (an empty layout answered) in ${Date.now() - t} ms`);
    }
    const cold = await page.evaluate(() => window.b11.open());
    console.log(`first open: first boxes ${Math.round(cold.firstMs)} ms, ELK's layout ${Math.round(cold.laidOutMs)} ms`);
    await page.evaluate(() => window.b11.close());
    const again = await page.evaluate(() => window.b11.open());
    console.log(`re-open: first boxes ${Math.round(again.firstMs)} ms, ELK's layout ${Math.round(again.laidOutMs)} ms`);
    await page.evaluate('new Promise((r) => setTimeout(r, 300))');
    const boxes = await page.locator('.react-flow__node').count();
    if (arg('--shot')) await page.screenshot({ path: `${arg('--shot')}-opened.png` });
    for (let r = 0; r < rounds; r++) console.log(`pan/zoom as opened (${boxes} boxes): ${await panZoom(page, pid)}`);
    if (trace) await traced(page, `${trace}-collapsed.json`);
    await page.getByTestId('run-expand-all').click();
    await page.locator('[data-testid="run-graph"][data-laid-out="yes"]').waitFor({ timeout: 60_000 });
    await page.waitForFunction(`document.querySelectorAll('[data-testid="run-node"]').length >= 300`, undefined, { timeout: 60_000 });
    await page.evaluate('new Promise((r) => setTimeout(r, 300))');
    const open = await page.locator('.react-flow__node').count();
    const shot = arg('--shot');
    if (shot) {
      await page.screenshot({ path: `${shot}-expanded.png` });
      for (let i = 0; i < 14; i++) await page.locator('.react-flow__controls-zoomin').click();
      await page.evaluate('new Promise((r) => setTimeout(r, 300))');
      await page.screenshot({ path: `${shot}-near.png` });
      // the same view while it moves (drawn on the canvas until the view has been still for a moment)
      const pane = page.locator('.react-flow__pane');
      const at = await pane.boundingBox();
      if (at) await page.mouse.move(at.x + at.width / 2, at.y + at.height / 2);
      await page.mouse.wheel(0, -1);
      await page.locator('[data-testid="run-graph"][data-canvas="moving"]').waitFor();
      await page.screenshot({ path: `${shot}-near-moving.png` });
      await page.locator('.react-flow__controls-fitview').click();
      await page.evaluate('new Promise((r) => setTimeout(r, 300))');
    }
    for (let r = 0; r < rounds; r++) console.log(`pan/zoom all groups expanded (${open} boxes): ${await panZoom(page, pid)}`);
    if (trace) await traced(page, `${trace}-expanded.json`);
    const profile = arg('--profile');
    if (profile) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send('Profiler.enable');
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
      await cdp.send('Profiler.start');
      const frames = (await page.evaluate(panZoomScript)) as PanZoomFrames;
      const { profile: p } = await cdp.send('Profiler.stop');
      writeFileSync(profile, JSON.stringify(p));
      console.log(`profiled pan/zoom expanded: ${fmt(frames)}; profile in ${profile}`);
      const self = new Map<string, number>();
      const byId = new Map(p.nodes.map((n) => [n.id, n]));
      const dt = p.timeDeltas ?? [];
      (p.samples ?? []).forEach((id, i) => {
        const f = byId.get(id)?.callFrame;
        const k = f ? `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}` : '?';
        self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0) / 1000);
      });
      console.log('self time by function (ms over the 240 frames):');
      for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) console.log(`  ${ms.toFixed(0).padStart(6)}  ${k}`);
    }
    if (errors.length) throw new Error(`the harness page reported errors: ${errors.join(' | ')}`);
  } finally {
    await browser.close();
    await new Promise<void>((r) => server.close(() => r()));
    if (process.argv.includes('--keep')) console.log(`the harness is kept in ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  }
}

await main();
