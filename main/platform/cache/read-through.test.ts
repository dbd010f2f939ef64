// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { AccessPool } from '../kube/access-pool';
import { KeptRows } from './kept-rows';
import { readThrough, type ReadThroughRows } from './read-through';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function rows(): ReadThroughRows<'list' | 'item'> {
  const dir = mkdtempSync(join(tmpdir(), 'mldeck-kept-'));
  dirs.push(dir);
  return {
    rows: new KeptRows<'list' | 'item'>(join(dir, 'kept.sqlite'), 'kept_rows', 'test rows'),
    now: () => 1000,
    service: 'KFP',
    unreachable: (e) => e instanceof AppError && e.code === 'unavailable',
    lists: ['list'],
  };
}

const down = () => Promise.reject(new AppError('unavailable', 'KFP is down.', undefined, true));

describe('readThrough', () => {
  it('keeps what it read and serves it with its date and the reason when the service is down', async () => {
    const r = rows();
    expect(await readThrough(r, 'c', 'item', 'a', async () => ({ value: { n: 1 }, origin: 'live' }))).toEqual({ n: 1, origin: 'live' });
    expect(await readThrough(r, 'c', 'item', 'a', down)).toEqual({ n: 1, origin: { kind: 'cache', seenAt: 1000, why: 'KFP is down.' } });
  });

  it('says nothing is kept when the service is down and it never read the thing', async () => {
    await expect(readThrough(rows(), 'c', 'item', 'a', down)).rejects.toThrow(
      'KFP is down. MLDeck has not seen this in KFP before, so there is nothing cached to show.',
    );
  });

  it('forgets a thing the service says is gone, but not a list', async () => {
    const r = rows();
    await readThrough(r, 'c', 'item', 'a', async () => ({ value: { n: 1 }, origin: 'live' }));
    await readThrough(r, 'c', 'list', '', async () => ({ value: { items: [] }, origin: 'live' }));
    const gone = () => Promise.reject(new AppError('not-found', 'gone'));
    await expect(readThrough(r, 'c', 'item', 'a', gone)).rejects.toThrow('gone');
    await expect(readThrough(r, 'c', 'list', '', gone)).rejects.toThrow('gone');
    expect(r.rows.get('c', 'item', 'a')).toBeUndefined();
    expect(r.rows.get('c', 'list', '')).toEqual({ value: { items: [] }, seenAt: 1000 });
  });

  it('passes on other errors without serving the kept value', async () => {
    const r = rows();
    await readThrough(r, 'c', 'item', 'a', async () => ({ value: { n: 1 }, origin: 'live' }));
    await expect(readThrough(r, 'c', 'item', 'a', () => Promise.reject(new AppError('forbidden', 'no')))).rejects.toThrow('no');
  });
});

describe('AccessPool', () => {
  it('makes one connection per cluster, drops a failed one, and releases on forget', async () => {
    const made: string[] = [];
    const released: string[] = [];
    let fail = true;
    const pool = new AccessPool<string>({
      make: async (id) => {
        made.push(id);
        if (fail) throw new Error('no');
        return `conn-${id}`;
      },
      release: (id, a) => void released.push(`${id}:${a}`),
    });
    await expect(pool.get('a')).rejects.toThrow('no');
    await Promise.resolve();
    expect(pool.has('a')).toBe(false);
    fail = false;
    expect(await Promise.all([pool.get('a'), pool.get('a')])).toEqual(['conn-a', 'conn-a']);
    expect(made).toEqual(['a', 'a']);
    pool.forget('a', false);
    await pool.get('a');
    pool.clear();
    await new Promise((r) => setTimeout(r, 0));
    expect(released).toEqual(['a:conn-a']);
    expect(pool.has('a')).toBe(false);
  });
});
