// SPDX-License-Identifier: Apache-2.0
import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openPageHtml, openPagePath, removeOpenPage, writeOpenPage } from './open-page';

describe('browser-open page', () => {
  const url = 'http://127.0.0.1:4780/#code=0123abcd';

  it('redirects to the URL by meta refresh, script and link', () => {
    const html = openPageHtml(url);
    expect(html).toContain(`<meta http-equiv="refresh" content="0;url=${url}">`);
    expect(html).toContain(`window.location.replace("${url}")`);
    expect(html).toContain(`<a href="${url}">`);
    expect(openPageHtml('http://x/"<script>')).not.toMatch(/"<script>/);
  });

  it('is written 0600 in the data directory, also over an old file another user could read, and removed', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mldeck-open-'));
    writeFileSync(openPagePath(dir), 'old');
    chmodSync(openPagePath(dir), 0o644);
    const file = writeOpenPage(dir, url);
    expect(file).toBe(openPagePath(dir));
    expect(file.startsWith(dir)).toBe(true);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toContain(url);
    expect(readdirSync(dir)).toEqual([`browser-open-${process.pid}.html`]);
    removeOpenPage(dir);
    expect(readdirSync(dir)).toEqual([]);
  });
});
