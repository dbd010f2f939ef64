// SPDX-License-Identifier: Apache-2.0
/**
 * The page the system browser is opened with, as Jupyter does it: a small HTML file in the data
 * directory, readable by its owner only (0600), that redirects to the app's URL with a one-time
 * code. The browser's command line names only this file, never a code or the token.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** The redirect file of this process in `dataDir`. */
export function openPagePath(dataDir: string): string {
  return join(dataDir, `browser-open-${process.pid}.html`);
}

/** The page's HTML: a meta refresh, a script and a link, all to `url`. */
export function openPageHtml(url: string): string {
  const attr = url.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return [
    '<!doctype html>',
    '<html><head><meta charset="utf-8">',
    `<meta http-equiv="refresh" content="0;url=${attr}">`,
    '<title>Opening MLDeck…</title></head>',
    `<body><p>Opening MLDeck… If nothing happens, <a href="${attr}">open MLDeck</a>.</p>`,
    `<script>window.location.replace(${JSON.stringify(url).replace(/</g, '\\u003c')});</script>`,
    '</body></html>',
    '',
  ].join('\n');
}

/**
 * Writes (or replaces) the redirect file: created 0600 under a temporary name, then renamed over
 * the old one, so no other user can ever read it.
 * @returns its path
 */
export function writeOpenPage(dataDir: string, url: string): string {
  const file = openPagePath(dataDir);
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(tmp, 'wx', 0o600);
  try {
    writeSync(fd, openPageHtml(url));
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
  return file;
}

/** Removes the redirect file (at exit). */
export function removeOpenPage(dataDir: string): void {
  rmSync(openPagePath(dataDir), { force: true });
}
