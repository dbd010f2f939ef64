// SPDX-License-Identifier: Apache-2.0
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { LogKey } from './cache-db';
import { lineBytes } from './cache-logs';
import { openCache, type SqliteCache } from './sqlite-cache';
import { tempDir } from './testing/fixtures';

const open: SqliteCache[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.dispose();
});

async function fresh(perContainerBytes: number, totalBytes: number): Promise<SqliteCache> {
  const c = await openCache({ file: path.join(tempDir(), 'cache.sqlite'), logLimits: { perContainerBytes, totalBytes } });
  open.push(c);
  return c;
}

const key = (pod: string, namespace = 'n', container = 'main'): LogKey => ({ cluster: 'c', namespace, pod, container });
/** Lines of 10 bytes each (9 characters and the newline). */
const lines = (prefix: string, n: number, from = 0) => Array.from({ length: n }, (_, i) => `${prefix}${String(from + i).padStart(9 - prefix.length, '0')}`);

describe('kept logs', () => {
  it('appends and reads lines oldest first, the newest `limit` when limited', async () => {
    const c = await fresh(1000, 10_000);
    await c.appendLogs(key('p'), ['one', 'two'], 5);
    await c.appendLogs(key('p'), ['three'], 7);
    await c.appendLogs(key('p'), [], 9);
    expect(await c.readLogs(key('p'))).toEqual({ lines: ['one', 'two', 'three'], truncated: false, lastAt: 7 });
    expect(await c.readLogs(key('p'), 2)).toEqual({ lines: ['two', 'three'], truncated: true, lastAt: 7 });
    expect(await c.readLogs(key('p'), 3)).toEqual({ lines: ['one', 'two', 'three'], truncated: false, lastAt: 7 });
    expect(await c.readLogs(key('other'))).toEqual({ lines: [], truncated: false, lastAt: undefined });
    await expect(c.readLogs(key('p'), -1)).rejects.toMatchObject({ code: 'validation' });
  });

  it('counts UTF-8 bytes plus the newline', () => {
    expect(lineBytes('')).toBe(1);
    expect(lineBytes('héllo')).toBe(7);
  });

  it('keeps at most perContainerBytes per container, evicting its oldest lines', async () => {
    const c = await fresh(100, 10_000);
    await c.appendLogs(key('p'), lines('a', 8), 1);
    await c.appendLogs(key('q'), lines('q', 3), 1);
    await c.appendLogs(key('p'), lines('b', 5), 2);
    const p = await c.readLogs(key('p'));
    expect(p.lines).toEqual([...lines('a', 5, 3), ...lines('b', 5)]);
    expect(p.truncated).toBe(true);
    // Another container is untouched by p's bound.
    expect(await c.readLogs(key('q'))).toMatchObject({ lines: lines('q', 3), truncated: false });
    expect((await c.listLogKeys('c')).map((k) => [k.pod, k.bytes])).toEqual([
      ['p', 100],
      ['q', 30],
    ]);
  });

  it('keeps only the newest lines of a batch larger than a container may hold, and cuts one huge line', async () => {
    const c = await fresh(100, 10_000);
    await c.appendLogs(key('p'), lines('a', 25), 1);
    expect(await c.readLogs(key('p'))).toMatchObject({ lines: lines('a', 10, 15), truncated: true });
    await c.appendLogs(key('big'), ['é'.repeat(200)], 1);
    const big = await c.readLogs(key('big'));
    expect(lineBytes(big.lines[0] ?? '')).toBeLessThanOrEqual(100);
    expect(big.lines[0]).toBe('é'.repeat(49));
  });

  it('keeps at most totalBytes overall, evicting the oldest lines anywhere', async () => {
    const c = await fresh(150, 200);
    await c.appendLogs(key('p1'), lines('a', 10), 1);
    await c.appendLogs(key('p2'), lines('b', 10), 2);
    await c.appendLogs(key('p3'), lines('c', 10), 3);
    // p1's lines were the oldest: all of them went, and p1 is no longer listed.
    expect((await c.listLogKeys('c')).map((k) => [k.pod, k.bytes, k.lastAt])).toEqual([
      ['p2', 100, 2],
      ['p3', 100, 3],
    ]);
    expect(await c.readLogs(key('p1'))).toEqual({ lines: [], truncated: false, lastAt: undefined });
    // p3 grows within its own bound; the total bound takes p2's oldest lines.
    await c.appendLogs(key('p3'), lines('d', 3), 4);
    expect(await c.readLogs(key('p2'))).toMatchObject({ lines: lines('b', 7, 3), truncated: true });
    expect(await c.readLogs(key('p3'))).toMatchObject({ lines: [...lines('c', 10), ...lines('d', 3)], truncated: false });
    const total = (await c.listLogKeys('c')).reduce((s, k) => s + k.bytes, 0);
    expect(total).toBe(200);
  });

  it('lists log keys per cluster and namespace', async () => {
    const c = await fresh(1000, 10_000);
    await c.appendLogs(key('p', 'a'), ['x'], 1);
    await c.appendLogs(key('p', 'b', 'sidecar'), ['y'], 2);
    await c.appendLogs({ ...key('p', 'a'), cluster: 'other' }, ['z'], 3);
    expect(await c.listLogKeys('c', 'b')).toEqual([{ cluster: 'c', namespace: 'b', pod: 'p', container: 'sidecar', bytes: 2, lastAt: 2 }]);
    expect(await c.listLogKeys('c')).toHaveLength(2);
  });

  it('refuses limits that cannot hold', async () => {
    await expect(openCache({ file: path.join(tempDir(), 'x.sqlite'), logLimits: { perContainerBytes: 100, totalBytes: 10 } })).rejects.toMatchObject({
      code: 'validation',
    });
  });
});
