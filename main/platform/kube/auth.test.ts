// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { basicAuth, noAuth, staticTokenAuth, tokenFileAuth } from './auth';

describe('auth providers', () => {
  it('static providers never ask for a retry', async () => {
    const t = staticTokenAuth('abc');
    expect(await t.credentials()).toEqual({ authorization: 'Bearer abc' });
    expect(t.invalidate({})).toBe(false);
    expect(await basicAuth('a', 'b').credentials()).toEqual({ authorization: 'Basic YTpi' });
    expect(await noAuth().credentials()).toEqual({});
  });

  it('re-reads a rotated token file after a minute or after a 401', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'mldeck-tok-')), 'token');
    writeFileSync(file, 'one\n');
    let now = 0;
    const a = tokenFileAuth(file, () => now);
    const first = await a.credentials();
    expect(first).toEqual({ authorization: 'Bearer one' });
    writeFileSync(file, 'two');
    expect(await a.credentials()).toEqual({ authorization: 'Bearer one' });
    now = 61_000;
    expect(await a.credentials()).toEqual({ authorization: 'Bearer two' });
    writeFileSync(file, 'three');
    expect(a.invalidate(await a.credentials())).toBe(true);
    expect(await a.credentials()).toEqual({ authorization: 'Bearer three' });
  });

  it('names an unreadable or empty token file', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mldeck-tok-'));
    await expect(tokenFileAuth(path.join(dir, 'nope')).credentials()).rejects.toMatchObject({
      code: 'validation',
      message: `Cannot read tokenFile "${path.join(dir, 'nope')}" (ENOENT).`,
    });
    writeFileSync(path.join(dir, 'empty'), '\n');
    await expect(tokenFileAuth(path.join(dir, 'empty')).credentials()).rejects.toMatchObject({ message: expect.stringMatching(/is empty/) });
  });
});
