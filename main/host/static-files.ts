// SPDX-License-Identifier: Apache-2.0
/**
 * The renderer's files as the browser host serves them: GET and HEAD only, nothing outside the
 * renderer folder, client-side routes fall back to index.html, every response with the app's
 * security headers.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';

const mimeTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

/**
 * Answers one request for a file of `root`.
 * @param headers - the security headers every response carries
 */
export function serveStatic(root: string, req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, headers).end();
    return;
  }
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
  } catch {
    res.writeHead(400, headers).end();
    return;
  }
  const rel = normalize(pathname).replace(/^([/\\])+/, '');
  let file = join(root, rel);
  if (!file.startsWith(root + sep) && file !== root) {
    res.writeHead(403, headers).end();
    return;
  }
  if (!existsSync(file) || statSync(file).isDirectory()) {
    // client-side routes fall back to the app; missing assets are 404
    if (extname(rel)) {
      res.writeHead(404, headers).end();
      return;
    }
    file = join(root, 'index.html');
  }
  const type = mimeTypes[extname(file)] ?? 'application/octet-stream';
  res.writeHead(200, { ...headers, 'Content-Type': type, 'Cache-Control': file.endsWith('index.html') ? 'no-store' : 'max-age=3600' });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  // a file that vanished after the check (the app being rebuilt under a running host) ends this
  // response, not the host
  createReadStream(file)
    .on('error', () => res.destroy())
    .pipe(res);
}
