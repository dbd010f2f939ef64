// SPDX-License-Identifier: Apache-2.0
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CacheEvent } from './cache-integrity';
import { openCache, type SqliteCache } from './sqlite-cache';
import { names, pod, pods, podsIn, tempDir } from './testing/fixtures';

const open: SqliteCache[] = [];
afterEach(() => {
  for (const c of open.splice(0)) c.dispose();
});

async function fresh(now = () => 1000, onEvent?: (e: CacheEvent) => void): Promise<SqliteCache> {
  const c = await openCache({ file: path.join(tempDir(), 'cache.sqlite'), now, onEvent });
  open.push(c);
  return c;
}

describe('SqliteCache settings', () => {
  it('uses WAL, synchronous NORMAL, foreign keys and a busy timeout', async () => {
    const c = await fresh();
    const db = c.connection();
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('page_size', { simple: true })).toBe(8192);
  });
});

describe('replaceSlice', () => {
  it('reports a first list as all upserted and records the resourceVersion', async () => {
    const c = await fresh(() => 1234);
    const diff = await c.replaceSlice(podsIn(''), [pod('a', 'p1', '1'), pod('b', 'p2', '2')], '10');
    expect(names(diff.upserted)).toEqual(['a/p1', 'b/p2']);
    expect(diff).toMatchObject({ deleted: [], unchanged: 0 });
    expect(names(await c.listObjects('c', pods))).toEqual(['a/p1', 'b/p2']);
    expect(await c.getSourceState(podsIn(''))).toEqual({ key: podsIn(''), freshness: 'syncing', resourceVersion: '10', lastSyncedAt: 1234, error: undefined });
  });

  it('pushes exactly what changed: no phantom deletes, no duplicates', async () => {
    const c = await fresh();
    await c.replaceSlice(podsIn(''), [pod('a', 'same', '1'), pod('a', 'changes', '2'), pod('a', 'goes', '3')], '10');
    const diff = await c.replaceSlice(podsIn(''), [pod('a', 'same', '1'), pod('a', 'changes', '5'), pod('a', 'new', '6')], '20');
    expect(names(diff.upserted)).toEqual(['a/changes', 'a/new']);
    expect(names(diff.deleted)).toEqual(['a/goes']);
    expect(diff.deleted[0]?.metadata.resourceVersion).toBe('3');
    expect(diff.unchanged).toBe(1);
    // The same list again changes nothing.
    expect(await c.replaceSlice(podsIn(''), [pod('a', 'same', '1'), pod('a', 'changes', '5'), pod('a', 'new', '6')], '21')).toEqual({
      upserted: [],
      deleted: [],
      unchanged: 3,
    });
  });

  it('counts a key listed twice once, keeping the last', async () => {
    const c = await fresh();
    const diff = await c.replaceSlice(podsIn('a'), [pod('a', 'p', '1'), pod('a', 'q', '1'), pod('a', 'p', '2')], '5');
    expect(names(diff.upserted)).toEqual(['a/q', 'a/p']);
    expect((await c.getObject('c', pods, 'a', 'p'))?.metadata.resourceVersion).toBe('2');
    expect(await c.listObjects('c', pods, 'a')).toHaveLength(2);
  });

  it('treats a recreated object (new uid, same name) as changed', async () => {
    const c = await fresh();
    await c.replaceSlice(podsIn('a'), [pod('a', 'p', '1')], '1');
    const again = pod('a', 'p', '1');
    again.metadata.uid = 'another';
    expect(names((await c.replaceSlice(podsIn('a'), [again], '2')).upserted)).toEqual(['a/p']);
  });

  it('compares objects without a resourceVersion by content', async () => {
    const c = await fresh();
    await c.replaceSlice(podsIn('a'), [pod('a', 'x', undefined, { data: 1 }), pod('a', 'y', undefined, { data: 1 })], '');
    const diff = await c.replaceSlice(podsIn('a'), [pod('a', 'x', undefined, { data: 1 }), pod('a', 'y', undefined, { data: 2 })], '');
    expect(names(diff.upserted)).toEqual(['a/y']);
    expect(diff.unchanged).toBe(1);
    // Gaining a resourceVersion is a change.
    expect(names((await c.replaceSlice(podsIn('a'), [pod('a', 'x', '7', { data: 1 }), pod('a', 'y', undefined, { data: 2 })], '')).upserted)).toEqual(['a/x']);
  });

  it('scopes a namespace slice to its namespace and an all-namespaces slice to all', async () => {
    const c = await fresh();
    await c.replaceSlice(podsIn(''), [pod('a', 'p1', '1'), pod('b', 'p2', '1'), pod('b', 'p3', '1')], '1');
    // Relisting namespace b alone never deletes a's objects.
    const diff = await c.replaceSlice(podsIn('b'), [pod('b', 'p2', '1')], '2');
    expect(names(diff.deleted)).toEqual(['b/p3']);
    expect(diff.unchanged).toBe(1);
    expect(names(await c.listObjects('c', pods))).toEqual(['a/p1', 'b/p2']);
    expect(names(await c.listObjects('c', pods, 'a'))).toEqual(['a/p1']);
    // An all-namespaces relist covers every namespace.
    const all = await c.replaceSlice(podsIn(''), [pod('b', 'p2', '1')], '3');
    expect(names(all.deleted)).toEqual(['a/p1']);
  });

  it('keeps clusters and kinds apart', async () => {
    const c = await fresh();
    await c.replaceSlice(podsIn('', 'one'), [pod('a', 'p', '1')], '1');
    await c.replaceSlice({ ...podsIn('', 'one'), resource: 'services' }, [pod('a', 'p', '1')], '1');
    expect((await c.replaceSlice(podsIn('', 'two'), [], '1')).deleted).toEqual([]);
    expect(await c.listObjects('one', pods)).toHaveLength(1);
    expect(await c.listObjects('one', { ...pods, resource: 'services' })).toHaveLength(1);
  });

  it('fills a missing namespace from the source and refuses objects outside it', async () => {
    const c = await fresh();
    await c.replaceSlice(podsIn('a'), [pod(undefined, 'p', '1')], '1');
    expect(await c.getObject('c', pods, 'a', 'p')).toBeDefined();
    await c.replaceSlice({ ...podsIn(''), resource: 'nodes' }, [pod(undefined, 'node-1', '1')], '1');
    expect(names(await c.listObjects('c', { ...pods, resource: 'nodes' }, ''))).toEqual(['/node-1']);
    await expect(c.replaceSlice(podsIn('a'), [pod('b', 'p', '1')], '2')).rejects.toMatchObject({ code: 'validation' });
    await expect(c.replaceSlice(podsIn('a'), [{ metadata: { name: '' } }], '2')).rejects.toMatchObject({ code: 'validation' });
    // The refused relist changed nothing.
    expect(await c.getSourceState(podsIn('a'))).toMatchObject({ resourceVersion: '1' });
    expect(await c.listObjects('c', pods, 'a')).toHaveLength(1);
  });
});

describe('applyChanges', () => {
  it('applies upserts and deletes in one transaction and records the resourceVersion', async () => {
    let t = 1;
    const c = await fresh(() => t);
    await c.replaceSlice(podsIn(''), [pod('a', 'p1', '1'), pod('a', 'p2', '1')], '1');
    t = 2;
    await c.applyChanges(
      podsIn(''),
      [
        { type: 'upsert', object: pod('a', 'p1', '5') },
        { type: 'upsert', object: pod('b', 'p3', '6') },
        { type: 'delete', object: pod('a', 'p2', '7') },
        { type: 'delete', object: pod('a', 'never-cached', '8') },
      ],
      '8',
    );
    expect(names(await c.listObjects('c', pods))).toEqual(['a/p1', 'b/p3']);
    expect((await c.getObject('c', pods, 'a', 'p1'))?.metadata.resourceVersion).toBe('5');
    expect(await c.getSourceState(podsIn(''))).toMatchObject({ resourceVersion: '8', lastSyncedAt: 2 });
    // After the watch, a relist with the same contents reports nothing new.
    expect(await c.replaceSlice(podsIn(''), [pod('a', 'p1', '5'), pod('b', 'p3', '6')], '9')).toEqual({ upserted: [], deleted: [], unchanged: 2 });
  });

  it('stores the JSON text a change comes with as it is, instead of serialising the object', async () => {
    const c = await fresh();
    const p = pod('a', 'p1', '5');
    // as the API server writes it: other spacing and escapes, the same value
    const text = JSON.stringify(p, null, 1).replace('"p1"', '"\\u0070\\u0031"');
    await c.applyChanges(podsIn(''), [{ type: 'upsert', object: p, json: text }], '5');
    const raw = c.connection().prepare('SELECT json FROM objects WHERE name = ?').pluck().get('p1');
    expect(raw).toBe(text);
    expect(await c.getObject('c', pods, 'a', 'p1')).toEqual(p);
  });

  it('rolls the whole batch back when one change is refused', async () => {
    const c = await fresh();
    await expect(
      c.applyChanges(
        podsIn('a'),
        [
          { type: 'upsert', object: pod('a', 'ok', '1') },
          { type: 'upsert', object: pod('elsewhere', 'bad', '2') },
        ],
        '2',
      ),
    ).rejects.toMatchObject({ code: 'validation' });
    expect(await c.listObjects('c', pods)).toEqual([]);
    expect(await c.getSourceState(podsIn('a'))).toBeUndefined();
  });

  it('runs concurrent calls one at a time, in call order', async () => {
    const c = await fresh();
    const calls = Array.from({ length: 20 }, (_, i) => c.applyChanges(podsIn('a'), [{ type: 'upsert', object: pod('a', 'p', String(i)) }], String(i)));
    await Promise.all(calls);
    expect((await c.getObject('c', pods, 'a', 'p'))?.metadata.resourceVersion).toBe('19');
    expect((await c.getSourceState(podsIn('a')))?.resourceVersion).toBe('19');
  });
});

describe('sources', () => {
  it('stores, replaces and lists source states per cluster', async () => {
    const c = await fresh();
    await c.setSourceState({ key: podsIn('a'), freshness: 'live', resourceVersion: '5', lastSyncedAt: 10, error: undefined });
    await c.setSourceState({ key: podsIn('a'), freshness: 'offline', resourceVersion: '5', lastSyncedAt: 10, error: 'connection refused' });
    await c.setSourceState({
      key: { ...podsIn(''), resource: 'nodes' },
      freshness: 'forbidden',
      resourceVersion: '',
      lastSyncedAt: undefined,
      error: 'no access',
    });
    await c.setSourceState({ key: podsIn('a', 'other'), freshness: 'live', resourceVersion: '1', lastSyncedAt: 1, error: undefined });
    expect(await c.listSources('c')).toEqual([
      { key: { ...podsIn(''), resource: 'nodes' }, freshness: 'forbidden', resourceVersion: '', lastSyncedAt: undefined, error: 'no access' },
      { key: podsIn('a'), freshness: 'offline', resourceVersion: '5', lastSyncedAt: 10, error: 'connection refused' },
    ]);
    // Syncing keeps the freshness the engine set.
    await c.replaceSlice(podsIn('a'), [], '6');
    expect(await c.getSourceState(podsIn('a'))).toMatchObject({ freshness: 'offline', resourceVersion: '6' });
  });
});

describe('paging and lifecycle', () => {
  it('reads a slice page by page in namespace/name order', async () => {
    const c = await fresh();
    const all = ['a', 'b', 'c'].flatMap((ns) => ['x', 'y', 'z'].map((n) => pod(ns, n, '1')));
    await c.replaceSlice(podsIn(''), [...all].reverse(), '1');
    const first = await c.listObjectsPage('c', pods, undefined, 4);
    expect(names(first.items)).toEqual(['a/x', 'a/y', 'a/z', 'b/x']);
    const second = await c.listObjectsPage('c', pods, undefined, 4, first.next);
    expect(names(second.items)).toEqual(['b/y', 'b/z', 'c/x', 'c/y']);
    const third = await c.listObjectsPage('c', pods, undefined, 4, second.next);
    expect(names(third.items)).toEqual(['c/z']);
    expect(third.next).toBeUndefined();
    const ns = await c.listObjectsPage('c', pods, 'b', 2);
    expect(names([...ns.items, ...(await c.listObjectsPage('c', pods, 'b', 2, ns.next)).items])).toEqual(['b/x', 'b/y', 'b/z']);
  });

  it('persists across reopen and refuses calls after dispose', async () => {
    const file = path.join(tempDir(), 'cache.sqlite');
    const a = await openCache({ file });
    await a.replaceSlice(podsIn('a'), [pod('a', 'p', '1')], '1');
    a.dispose();
    a.dispose();
    await expect(a.listObjects('c', pods)).rejects.toMatchObject({ code: 'unavailable' });
    const b = await openCache({ file });
    open.push(b);
    expect(names(await b.listObjects('c', pods))).toEqual(['a/p']);
  });

  it('skips a row whose JSON is damaged and reports it', async () => {
    const events: CacheEvent[] = [];
    const c = await fresh(undefined, (e) => events.push(e));
    await c.replaceSlice(podsIn('a'), [pod('a', 'p', '1'), pod('a', 'q', '1')], '1');
    const side = new Database(c.file);
    side.prepare("UPDATE objects SET json = '{broken' WHERE name = 'p'").run();
    side.close();
    expect(names(await c.listObjects('c', pods))).toEqual(['a/q']);
    expect(events).toEqual([{ type: 'corrupt', reason: 'a cached object is not valid JSON' }]);
  });
});

describe('metric samples', () => {
  it('keeps samples per cluster, replaces a repeated time, reads by metric and time, and trims every cluster’s old ones', async () => {
    const c = await fresh();
    await c.putMetricSamples(
      'c1',
      [
        { metric: 'gpu-util', series: 's1', at: 1000, value: 10 },
        { metric: 'gpu-util', series: 's1', at: 2000, value: 20 },
        { metric: 'gpu-fb-used', series: 's1', at: 2000, value: 512 },
        { metric: 'gpu-util', series: 's1', at: 3000, value: NaN },
      ],
      0,
    );
    await c.putMetricSamples(
      'c2',
      [
        { metric: 'gpu-util', series: 's1', at: 1000, value: 98 },
        { metric: 'gpu-util', series: 's1', at: 2000, value: 99 },
      ],
      0,
    );
    await c.putMetricSamples('c1', [{ metric: 'gpu-util', series: 's1', at: 2000, value: 25 }], 0);
    expect(await c.readMetricSamples('c1', ['gpu-util'], 1500)).toEqual([{ metric: 'gpu-util', series: 's1', at: 2000, value: 25 }]);
    expect((await c.readMetricSamples('c1', ['gpu-util', 'gpu-fb-used'], 0)).map((s) => s.value)).toEqual([10, 25, 512]);
    await c.putMetricSamples('c1', [], 1500);
    expect((await c.readMetricSamples('c1', ['gpu-util'], 0)).map((s) => s.at)).toEqual([2000]);
    // a write of one cluster trims every cluster's old samples (c2 may never be fetched again)
    expect((await c.readMetricSamples('c2', ['gpu-util'], 0)).map((s) => s.value)).toEqual([99]);
  });
});
