// SPDX-License-Identifier: Apache-2.0
/** The lab's PKI made by several processes at once, and a broken one made again (real openssl). */
import { execFile, execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { ensurePki } from './pki';

const root = mkdtempSync(join(tmpdir(), 'mldeck-pki-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const verifies = (dir: string) => {
  execFileSync('openssl', ['verify', '-CAfile', 'ca.crt', 'apiserver.crt', 'admin.crt'], { cwd: dir, stdio: 'pipe' });
  return true;
};

describe('lab PKI', () => {
  it('is whole when four processes make it at once: both certificates verify against the one CA left', async () => {
    const dir = join(root, 'race', 'pki');
    const tsx = resolve('node_modules/.bin/tsx');
    const script = `import { ensurePki } from ${JSON.stringify(resolve('test/lab/pki.ts'))}; ensurePki(${JSON.stringify(dir)});`;
    await Promise.all([1, 2, 3, 4].map(() => promisify(execFile)(tsx, ['-e', script])));
    expect(verifies(dir)).toBe(true);
    // no half-made folders are left behind
    expect(readdirSync(join(root, 'race'))).toEqual(['pki']);
  }, 60_000);

  it('moves a PKI whose server certificate another CA signed aside and makes a whole one', () => {
    const other = ensurePki(join(root, 'other', 'pki'));
    const dir = join(root, 'broken', 'pki');
    const first = ensurePki(dir);
    copyFileSync(other.apiserverCrt, first.apiserverCrt);
    // a new process (this one has checked the folder already)
    const tsx = resolve('node_modules/.bin/tsx');
    execFileSync(tsx, ['-e', `import { ensurePki } from ${JSON.stringify(resolve('test/lab/pki.ts'))}; ensurePki(${JSON.stringify(dir)});`]);
    expect(verifies(dir)).toBe(true);
    expect(readdirSync(join(root, 'broken')).filter((f) => f.startsWith('pki.broken-'))).toHaveLength(1);
  }, 60_000);
});
