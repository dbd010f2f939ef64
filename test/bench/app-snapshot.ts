// SPDX-License-Identifier: Apache-2.0
/**
 * MLDeck's browser-mode host run from a private copy of the build (out/main, out/renderer,
 * package.json, resources/) under test-results/, for benchmarks that run for many minutes: a
 * rebuild of out/ meanwhile (`npm run build` empties it first) would otherwise pull the
 * renderer's files from under the running host. The copy is checked for completeness (every
 * asset the bundles name is there) before the host starts, and removed afterwards. The host is
 * started as test/e2e/app-host.ts starts it: a fresh data directory, the given environment.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '..', '..');

/** A running host from a copy of the build. */
export interface SnapshotHost {
  /** `http://127.0.0.1:<port>/#token=…` as the host printed it. */
  url: string;
  host: ChildProcess;
  hostOutput(): string;
  /** Stops the host and removes the copy and the data directory. */
  close(): Promise<void>;
}

/** Asset files named by the renderer's HTML, CSS and JS that are missing from `rendererDir`. */
function missingAssets(rendererDir: string): string[] {
  const assets = join(rendererDir, 'assets');
  if (!existsSync(join(rendererDir, 'index.html')) || !existsSync(assets)) return ['index.html'];
  const have = new Set(readdirSync(assets));
  const named = new Set<string>();
  const files = ['index.html', ...[...have].filter((f) => /\.(js|css)$/.test(f)).map((f) => join('assets', f))];
  for (const f of files) {
    for (const m of readFileSync(join(rendererDir, f), 'utf8').matchAll(/assets\/([\w.-]+\.(?:js|css|ttf|woff2?))/g)) named.add(m[1] as string);
  }
  return [...named].filter((n) => !have.has(n));
}

/** Copies the build (retrying while a rebuild is under way) and starts the host on it. */
export async function startSnapshotHost(env: Record<string, string | undefined>): Promise<SnapshotHost> {
  const copy = mkdtempSync(join(root, 'test-results', 'app-snapshot-'));
  const dataDir = mkdtempSync(join(tmpdir(), 'mldeck-bench-'));
  const cleanup = () => {
    rmSync(copy, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    for (let attempt = 0; ; attempt++) {
      rmSync(join(copy, 'out'), { recursive: true, force: true });
      try {
        for (const d of ['out/main', 'out/renderer']) cpSync(join(root, d), join(copy, d), { recursive: true });
        const missing = missingAssets(join(copy, 'out', 'renderer'));
        if (missing.length === 0 && existsSync(join(copy, 'out', 'main', 'browser-host.mjs'))) break;
        if (attempt >= 24) throw new Error(`the build in out/ is incomplete (missing ${missing.slice(0, 5).join(', ')}): run npm run build`);
      } catch (e) {
        if (attempt >= 24) throw e;
      }
      await new Promise((r) => setTimeout(r, 5_000)); // a rebuild is writing out/
    }
    cpSync(join(root, 'package.json'), join(copy, 'package.json'));
    cpSync(join(root, 'resources'), join(copy, 'resources'), { recursive: true });
  } catch (e) {
    cleanup();
    throw e;
  }
  const childEnv: NodeJS.ProcessEnv = { ...process.env, MLDECK_HOME: dataDir, HOME: dataDir };
  delete childEnv.KUBECONFIG;
  for (const [k, v] of Object.entries(env)) {
    if (v === undefined) delete childEnv[k];
    else childEnv[k] = v;
  }
  const host = spawn(process.execPath, [join(copy, 'out', 'main', 'browser-host.mjs'), '--port', '0'], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  host.stdout.on('data', (d: Buffer) => (out += d.toString()));
  host.stderr.on('data', (d: Buffer) => (out += d.toString()));
  const gone = new Promise<void>((r) => host.once('exit', () => r()));
  const close = async () => {
    if (host.exitCode === null && host.signalCode === null) {
      host.kill();
      await gone;
    }
    cleanup();
  };
  try {
    const url = await new Promise<string>((res, rej) => {
      const t = setTimeout(() => rej(new Error(`the host did not start:\n${out}`)), 30_000);
      host.stdout.on('data', () => {
        const m = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]+)/.exec(out);
        if (m?.[1]) {
          clearTimeout(t);
          res(m[1]);
        }
      });
      host.once('exit', (code) => rej(new Error(`the host exited (${code}):\n${out}`)));
    });
    return { url, host, hostOutput: () => out, close };
  } catch (e) {
    await close();
    throw e;
  }
}
