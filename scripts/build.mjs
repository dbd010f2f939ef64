// SPDX-License-Identifier: Apache-2.0
// Builds everything into out/: main (browser host as ESM, Electron main as CJS), the
// bundled preload, and the renderer with Vite. `--if-stale` skips when out/ is newer than
// every source file.
import { build as esbuild } from 'esbuild';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build as viteBuild } from 'vite';

const root = resolve(import.meta.dirname, '..');
const out = join(root, 'out');

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

export async function buildAll({ ifStale = false } = {}) {
  const stamp = join(out, '.built');
  // a stamp without "production" is from a build that may have had React's development build
  if (ifStale && existsSync(stamp) && readFileSync(stamp, 'utf8').startsWith('production')) {
    const src = Math.max(...['main', 'renderer', 'preload', 'shared'].map((d) => newest(join(root, d))), statSync(join(root, 'package.json')).mtimeMs);
    if (statSync(stamp).mtimeMs > src) return false;
  }
  const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning', packages: 'external' };
  await esbuild({ ...common, entryPoints: [join(root, 'main/browser-host.ts')], outfile: join(out, 'main/browser-host.mjs'), format: 'esm' });
  await esbuild({
    ...common,
    entryPoints: [join(root, 'main/electron-main.ts')],
    outfile: join(out, 'main/electron-main.cjs'),
    format: 'cjs',
    external: ['electron'],
  });
  // a sandboxed preload can require only a few Electron modules: bundle everything else in
  await esbuild({
    ...common,
    packages: undefined,
    entryPoints: [join(root, 'preload/index.ts')],
    outfile: join(out, 'preload/index.cjs'),
    format: 'cjs',
    external: ['electron'],
  });
  // The renderer is always built for production. Vite takes NODE_ENV as it finds it: built from
  // vitest's global setup (NODE_ENV=test), the bundle had React's development build and the
  // development JSX runtime, which made every e2e run and benchmark measure a slower app.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn', mode: 'production' });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  const assets = join(out, 'renderer', 'assets');
  for (const f of readdirSync(assets).filter((n) => n.endsWith('.js'))) {
    if (readFileSync(join(assets, f), 'utf8').includes('jsxDEV')) throw new Error(`out/renderer/assets/${f} was built with React's development JSX runtime`);
  }
  writeFileSync(stamp, 'production ' + new Date().toISOString());
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t = Date.now();
  const built = await buildAll({ ifStale: process.argv.includes('--if-stale') });
  console.log(built ? `built out/ in ${((Date.now() - t) / 1000).toFixed(1)} s` : 'out/ is up to date');
}
