// SPDX-License-Identifier: Apache-2.0
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RegistryCache } from './registry-cache';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'mldeck-registry-cache-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('RegistryCache', () => {
  it('keeps values per cluster, kind and key with the time they were seen, across reopening', () => {
    const file = join(tempDir(), 'cache', 'registry-cache.sqlite');
    const c = new RegistryCache(file);
    c.put('a', 'model', 'iris', { name: 'iris', versions: ['1'] }, 1000);
    c.put('b', 'model', 'iris', { name: 'iris', versions: [] }, 2000);
    c.put('a', 'model', 'iris', { name: 'iris', versions: ['2', '1'] }, 3000);
    expect(c.get('a', 'model', 'iris')).toEqual({ value: { name: 'iris', versions: ['2', '1'] }, seenAt: 3000 });
    expect(c.get('a', 'version', 'iris')).toBeUndefined();
    c.dispose();
    const again = new RegistryCache(file);
    expect(again.get('b', 'model', 'iris')?.seenAt).toBe(2000);
    again.remove('b', 'model', 'iris');
    expect(again.get('b', 'model', 'iris')).toBeUndefined();
    again.dispose();
  });

  it('moves a damaged file aside and starts fresh', () => {
    const dir = tempDir();
    const file = join(dir, 'registry-cache.sqlite');
    writeFileSync(file, 'this is not a database, just text that is long enough to look like a header'.repeat(10));
    const c = new RegistryCache(file);
    expect(c.get('a', 'models', '')).toBeUndefined();
    c.put('a', 'models', '', { models: [] }, 1);
    expect(c.get('a', 'models', '')?.seenAt).toBe(1);
    c.dispose();
    expect(existsSync(file)).toBe(true);
    expect(readdirSync(dir).some((n) => n.startsWith('registry-cache.sqlite.corrupt-'))).toBe(true);
  });
});
