// SPDX-License-Identifier: Apache-2.0
/** The runs cache stays bounded: per cluster the newest N runs or those seen in the last D days, other kinds untouched. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { RunsCache } from './runs-cache';

const day = 86_400_000;
const now = Date.UTC(2026, 11, 6);
let dir = '';
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('runs cache pruning', () => {
  it('keeps per cluster the newest runs or those seen recently, whichever keeps more, and leaves lists and experiments', () => {
    dir = mkdtempSync(join(tmpdir(), 'mldeck-runs-cache-'));
    const file = join(dir, 'runs.sqlite');
    const seed = new RunsCache(file, { keepNewest: 1_000_000, keepDays: 1_000 }, now);
    // cluster a: 5 runs seen 10..50 days ago; cluster b: 2 runs seen 40 days ago; old lists and experiments
    for (let i = 1; i <= 5; i++) seed.put('a', 'run', `r${i}`, { i }, now - i * 10 * day);
    seed.put('b', 'run', 'x1', {}, now - 40 * day);
    seed.put('b', 'run', 'x2', {}, now - 41 * day);
    seed.put('a', 'runs-page', 'p1', {}, now - 90 * day);
    seed.put('a', 'runs', 'q', {}, now - 90 * day);
    seed.put('a', 'experiments', 'e', {}, now - 90 * day);
    seed.dispose();

    const cache = new RunsCache(file, { keepNewest: 2, keepDays: 25 }, now);
    // a: r1, r2 are within 25 days (and the newest two); r3..r5 go. b: its newest two stay, however old; a lone old page stays (the newest)
    expect(cache.pruned).toBe(3);
    expect(['r1', 'r2', 'r3', 'r4', 'r5'].filter((k) => cache.get('a', 'run', k))).toEqual(['r1', 'r2']);
    expect(['x1', 'x2'].filter((k) => cache.get('b', 'run', k))).toEqual(['x1', 'x2']);
    expect(cache.get('a', 'runs-page', 'p1')).toBeDefined();
    expect(cache.get('a', 'runs', 'q')).toBeDefined();
    expect(cache.get('a', 'experiments', 'e')).toBeDefined();
    // recent runs are all kept, however many
    for (let i = 0; i < 5; i++) cache.put('a', 'run', `new${i}`, {}, now - day);
    // with one kept per cluster and 15 days: a loses r2 (20 days), b its older x2
    expect(cache.pruneTo({ keepNewest: 1, keepDays: 15 }, now)).toBe(2);
    expect(cache.get('b', 'run', 'x2')).toBeUndefined();
    expect(cache.get('a', 'run', 'r2')).toBeUndefined();
    expect(cache.get('a', 'run', 'r1')).toBeDefined();
    cache.dispose();
  });
});
