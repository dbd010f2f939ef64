// SPDX-License-Identifier: Apache-2.0
// Builds everything into out/: main (browser host as ESM, Electron main as CJS), the
// bundled preload, and the renderer with Vite. `--if-stale` skips when out/ is newer than
// every source file.
import { build as esbuild } from 'esbuild';
import { existsSync, readdirSync, statSync } from 'node:fs';
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
  if (ifStale && existsSync(stamp)) {
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
  await viteBuild({ configFile: join(root, 'vite.config.ts'), logLevel: 'warn' });
  const { writeFileSync } = await import('node:fs');
  writeFileSync(stamp, new Date().toISOString());
  return true;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const t = Date.now();
  const built = await buildAll({ ifStale: process.argv.includes('--if-stale') });
  console.log(built ? `built out/ in ${((Date.now() - t) / 1000).toFixed(1)} s` : 'out/ is up to date');
}
