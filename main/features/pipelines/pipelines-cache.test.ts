// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the pipelines' offline rows (a real SQLite file in a temp folder). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PipelinesCache } from './pipelines-cache';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('PipelinesCache', () => {
  it('keeps rows with their time across reopening and forgets a deleted pipeline\u2019s versions by prefix', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mldeck-pipelines-cache-'));
    dirs.push(dir);
    const file = join(dir, 'cache', 'pipelines-cache.sqlite');
    const c = new PipelinesCache(file);
    c.put('a', 'pipelines', '', { pipelines: [{ name: 'training' }] }, 1000);
    c.put('a', 'version', 'p1/v1', { specYaml: 'x' }, 2000);
    c.put('a', 'version', 'p1/v2', { specYaml: 'y' }, 2000);
    c.put('a', 'version', 'p10/v1', { specYaml: 'z' }, 2000);
    c.put('b', 'version', 'p1/v1', { specYaml: 'other cluster' }, 3000);
    c.dispose();
    const again = new PipelinesCache(file);
    expect(again.get('a', 'pipelines', '')).toEqual({ value: { pipelines: [{ name: 'training' }] }, seenAt: 1000 });
    again.removePrefix('a', 'version', 'p1/');
    expect(again.get('a', 'version', 'p1/v1')).toBeUndefined();
    expect(again.get('a', 'version', 'p1/v2')).toBeUndefined();
    expect(again.get('a', 'version', 'p10/v1')?.value).toEqual({ specYaml: 'z' });
    expect(again.get('b', 'version', 'p1/v1')?.seenAt).toBe(3000);
    again.dispose();
  });
});
