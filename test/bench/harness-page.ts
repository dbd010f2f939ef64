// SPDX-License-Identifier: Apache-2.0
/**
 * The benchmark harness pages (B6, B7, B11 without the lab): `<name>-harness.tsx` bundled with
 * esbuild into a fresh directory under test-results/ with an index.html, and served on
 * 127.0.0.1 with the app's security headers (its Content-Security-Policy), as the app's own
 * pages are.
 */
import { build, type BuildOptions } from 'esbuild';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { securityHeaders } from '../../main/host/content-security';

const root = resolve(import.meta.dirname, '..', '..');

/**
 * Bundles `test/bench/<name>-harness.tsx`; returns the directory.
 * @param options - esbuild options over the defaults (minification; plugins, given the output directory)
 */
export async function buildHarnessPage(name: string, options: (outdir: string) => BuildOptions = () => ({ minify: true })): Promise<string> {
  mkdirSync(join(root, 'test-results'), { recursive: true });
  const dir = mkdtempSync(join(root, 'test-results', `${name}-harness-`));
  await build({
    entryPoints: [join(import.meta.dirname, `${name}-harness.tsx`)],
    outdir: dir,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    loader: { '.ttf': 'file', '.woff': 'file', '.woff2': 'file' },
    logLevel: 'warning',
    ...options(dir),
  });
  writeFileSync(
    join(dir, 'index.html'),
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>MLDeck ${name.toUpperCase()}</title><link rel="icon" href="data:,"><link rel="stylesheet" href="${name}-harness.css"></head><body><div id="root"></div><script type="module" src="${name}-harness.js"></script></body></html>`,
  );
  return dir;
}

/** Serves `dir` on 127.0.0.1 with the app's security headers. */
export async function serveHarnessPage(dir: string): Promise<{ server: Server; url: string }> {
  const types: Record<string, string> = { html: 'text/html', js: 'text/javascript', css: 'text/css', ttf: 'font/ttf', woff2: 'font/woff2', woff: 'font/woff' };
  const server = createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0]?.replace(/^\/+/, '') || 'index.html';
    if (!/^[\w.-]+$/.test(name)) return void res.writeHead(404).end();
    try {
      const body = readFileSync(join(dir, name));
      res.writeHead(200, { ...securityHeaders(), 'Content-Type': types[name.split('.').pop() ?? ''] ?? 'application/octet-stream' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('the harness server has no port');
  return { server, url: `http://127.0.0.1:${addr.port}/` };
}
