// SPDX-License-Identifier: Apache-2.0
import { existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { replaceMarker, type CacheEvent } from './cache-integrity';
import { startCrashWriter } from './testing/crash-child';
import { crashBatchRows, crashSource } from './testing/crash-writer';
import { openCache, type SqliteCache } from './sqlite-cache';
import { pod, pods, podsIn, tempDir } from './testing/fixtures';

/** A closed cache file holding 300 pods of ~2 KB (about 160 pages). */
async function filledCache(): Promise<string> {
  const file = path.join(tempDir(), 'cache.sqlite');
  const c = await openCache({ file });
  const objects = Array.from({ length: 300 }, (_, i) => pod('a', `p${i}`, '1', { spec: 'x'.repeat(2000) }));
  await c.replaceSlice(podsIn(''), objects, '1');
  c.dispose();
  return file;
}

/** Opens with events recorded; expects exactly one recovery, then a working empty cache. */
async function expectRecovered(file: string, reason: RegExp): Promise<{ cache: SqliteCache; movedTo: string }> {
  const events: CacheEvent[] = [];
  const cache = await openCache({ file, onEvent: (e) => events.push(e) });
  expect(events).toHaveLength(1);
  const event = events[0];
  if (event?.type !== 'recovered') throw new Error(`expected a recovery, got ${JSON.stringify(events)}`);
  expect(event.reason).toMatch(reason);
  expect(event.movedTo).toMatch(/cache\.sqlite\.corrupt-\d{4}-\d\d-\d\dT[\d-]+Z$/);
  expect(existsSync(event.movedTo)).toBe(true);
  // The fresh cache works and is checked clean.
  expect(await cache.listObjects('c', pods)).toEqual([]);
  await cache.replaceSlice(podsIn('a'), [pod('a', 'p', '1')], '1');
  expect(cache.connection().pragma('integrity_check', { simple: true })).toBe('ok');
  cache.dispose();
  // No crash loop: the next start is quiet and keeps the new data.
  const again: CacheEvent[] = [];
  const reopened = await openCache({ file, onEvent: (e) => again.push(e) });
  expect(again).toEqual([]);
  expect(await reopened.listObjects('c', pods)).toHaveLength(1);
  return { cache: reopened, movedTo: event.movedTo };
}

describe('integrity at start', () => {
  it('opens a healthy cache without events', async () => {
    const file = await filledCache();
    const events: CacheEvent[] = [];
    const c = await openCache({ file, onEvent: (e) => events.push(e) });
    expect(events).toEqual([]);
    expect(await c.listObjects('c', pods)).toHaveLength(300);
    c.dispose();
  });

  it('replaces a file with bytes flipped in a b-tree page', async () => {
    const file = await filledCache();
    const db = new Database(file, { readonly: true });
    const root = db.prepare<[], number>("SELECT rootpage FROM sqlite_master WHERE name = 'objects'").pluck().get() ?? 0;
    const pageSize = Number(db.pragma('page_size', { simple: true }));
    db.close();
    const bytes = readFileSync(file);
    const at = (root - 1) * pageSize;
    for (let i = 0; i < 16; i++) bytes[at + i] = (bytes[at + i] ?? 0) ^ 0xff;
    writeFileSync(file, bytes);
    const { cache, movedTo } = await expectRecovered(file, /quick_check|malformed/);
    // The damaged bytes are kept aside, untouched, for a bug report.
    expect(readFileSync(movedTo).equals(bytes)).toBe(true);
    cache.dispose();
  });

  it('replaces a truncated file', async () => {
    const file = await filledCache();
    truncateSync(file, Math.floor(statSync(file).size / 2));
    (await expectRecovered(file, /malformed|quick_check/)).cache.dispose();
  });

  it('replaces an empty file', async () => {
    const file = path.join(tempDir(), 'cache.sqlite');
    writeFileSync(file, '');
    (await expectRecovered(file, /empty/)).cache.dispose();
  });

  it('replaces a file that is not SQLite, with its -wal and -shm', async () => {
    const file = path.join(tempDir(), 'cache.sqlite');
    writeFileSync(file, 'these are my notes, not a database\n'.repeat(200));
    writeFileSync(`${file}-wal`, 'junk');
    writeFileSync(`${file}-shm`, 'junk');
    const { cache, movedTo } = await expectRecovered(file, /not an SQLite database/);
    expect(readFileSync(movedTo, 'utf8')).toMatch(/^these are my notes/);
    expect(readFileSync(`${movedTo}-wal`, 'utf8')).toBe('junk');
    expect(readFileSync(`${movedTo}-shm`, 'utf8')).toBe('junk');
    cache.dispose();
  });

  it('replaces a cache written by a newer MLDeck', async () => {
    const file = await filledCache();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    (await expectRecovered(file, /newer/)).cache.dispose();
  });

  it('replaces a file that reported damage while running (marker)', async () => {
    const file = await filledCache();
    writeFileSync(replaceMarker(file), 'SQLITE_CORRUPT while reading');
    (await expectRecovered(file, /damage was reported/)).cache.dispose();
    expect(existsSync(replaceMarker(file))).toBe(false);
  });

  it('keeps at most three moved-aside copies', async () => {
    const file = path.join(tempDir(), 'cache.sqlite');
    for (let i = 0; i < 5; i++) {
      writeFileSync(file, `not a database ${i}`.repeat(100));
      (await openCache({ file })).dispose();
    }
    const copies = readdirSync(path.dirname(file)).filter((n) => n.includes('.corrupt-'));
    expect(copies).toHaveLength(3);
  });

  it('after a crash and a lost -wal, opens the last checkpointed state intact', async () => {
    const file = path.join(tempDir(), 'cache.sqlite');
    const writer = startCrashWriter(file, 'hold-wal');
    await writer.waitFor(/^held$/);
    await writer.kill();
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(0);
    rmSync(`${file}-wal`);

    const events: CacheEvent[] = [];
    const cache = await openCache({ file, onEvent: (e) => events.push(e) });
    expect(events).toEqual([]);
    expect(cache.connection().pragma('integrity_check', { simple: true })).toBe('ok');
    // Batch 2 was only in the lost -wal; batch 1, checkpointed, is whole, and so is its resourceVersion.
    const rows = await cache.listObjects(crashSource.cluster, crashSource, crashSource.namespace);
    expect(rows).toHaveLength(crashBatchRows);
    expect(new Set(rows.map((r) => (r.spec as { batch: number }).batch))).toEqual(new Set([1]));
    expect((await cache.getSourceState(crashSource))?.resourceVersion).toBe('1');
    cache.dispose();
  }, 30_000);
});
