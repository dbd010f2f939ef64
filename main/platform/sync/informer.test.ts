// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { goneError } from './testing/fake-kube';
import { key, names, setup, unavailable } from './testing/informer-setup';

describe('Informer: list then watch', () => {
  it('lists the namespace, watches from the list’s resourceVersion, and is live once the watch started', async () => {
    const t = setup();
    t.kube.create('ns', 'a');
    t.kube.create('ns', 'b');
    t.kube.create('other', 'x');
    const listRv = String(t.kube.rv);
    const attached = await t.start();
    expect(attached.items).toEqual([]);
    expect(names(await t.cached())).toEqual(['a', 'b']);
    expect(names(t.upserts())).toEqual(['a', 'b']);
    expect((await t.cached())[0]).toMatchObject({ kind: 'Pod', apiVersion: 'v1' });
    const watch = t.kube.seen('watch')[0];
    expect(watch?.query).toMatchObject({ watch: 1, allowWatchBookmarks: true, resourceVersion: listRv, timeoutSeconds: 240 });
    expect(t.kube.seen('list')[0]?.query).toMatchObject({ limit: 500 });
    expect(t.informer.state.freshness).toBe('syncing');
    await t.live();
    expect(t.states()).toEqual(['live']);
    expect(t.informer.state.lastSyncedAt).toBe(t.clock.now());
    expect((await t.cache.getSourceState(key))?.freshness).toBe('live');
    t.informer.dispose();
  });

  it('counts a watch as started when its open timeout passes without a failure (a quiet namespace)', async () => {
    const t = setup();
    await t.start();
    await t.clock.advance(5_999);
    expect(t.informer.state.freshness).toBe('syncing');
    await t.clock.advance(1);
    expect(t.informer.state.freshness).toBe('live');
    t.informer.dispose();
  });

  it('turns create, update and delete into deltas, after the cache has them', async () => {
    const t = setup();
    await t.start();
    await t.live();
    const seenInCache: string[][] = [];
    await t.informer.attach(() => void t.cached().then((rows) => seenInCache.push(names(rows))));
    t.kube.create('ns', 'a');
    await t.clock.advance(50);
    t.kube.update('ns', 'a', { v: 2 });
    await t.clock.advance(50);
    t.kube.remove('ns', 'a');
    await t.clock.advance(50);
    expect(t.deltas.map((d) => [names(d.upserts), names(d.deletes)])).toEqual([
      [[], []], // live
      [['a'], []],
      [['a'], []],
      [[], ['a']],
    ]);
    expect(t.deltas[2]?.upserts[0]?.spec).toEqual({ v: 2 });
    expect(seenInCache).toEqual([['a'], ['a'], []]);
    t.informer.dispose();
  });
});

describe('Informer: batching', () => {
  it('coalesces the events of one window into one transaction and one delta, each object once as its last state', async () => {
    const t = setup();
    t.kube.create('ns', 'a');
    t.kube.create('ns', 'b');
    await t.start();
    await t.live();
    const before = t.cache.calls.applyChanges;
    const pushed = t.deltas.length;
    t.kube.update('ns', 'a', { v: 1 });
    t.kube.update('ns', 'a', { v: 2 });
    t.kube.update('ns', 'a', { v: 3 });
    t.kube.create('ns', 'c');
    t.kube.remove('ns', 'c');
    t.kube.update('ns', 'b', { v: 1 });
    await t.clock.advance(49);
    expect(t.cache.calls.applyChanges).toBe(before);
    await t.clock.advance(1);
    expect(t.cache.calls.applyChanges).toBe(before + 1);
    expect(t.deltas.length).toBe(pushed + 1);
    const d = t.deltas.at(-1);
    expect(d?.upserts.map((o) => [o.metadata.name, o.spec])).toEqual([
      ['a', { v: 3 }],
      ['b', { v: 1 }],
    ]);
    expect(names(d?.deletes ?? [])).toEqual(['c']);
    expect(t.informer.stats.events).toBe(6);
    expect((await t.cache.getSourceState(key))?.resourceVersion).toBe(String(t.kube.rv));
    t.informer.dispose();
  });

  it('writes at once when 500 events wait, without waiting for the window', async () => {
    const t = setup();
    t.kube.create('ns', 'a');
    await t.start();
    await t.live();
    const before = t.cache.calls.applyChanges;
    for (let i = 0; i < 600; i++) t.kube.update('ns', 'a', { v: i });
    await t.clock.advance(0);
    expect(t.cache.calls.applyChanges).toBe(before + 1);
    await t.clock.advance(50);
    expect(t.cache.calls.applyChanges).toBe(before + 2);
    expect((await t.cached())[0]?.spec).toEqual({ v: 599 });
    t.informer.dispose();
  });
});

describe('Informer: relists', () => {
  it('relists after a 410 ERROR event and pushes exactly what was missed: no phantom deletes, no duplicates', async () => {
    const t = setup();
    for (const n of ['a', 'b', 'c']) t.kube.create('ns', n);
    await t.start();
    await t.live();
    const pushed = t.deltas.length;
    t.kube.deliver = false; // changes the watch misses
    t.kube.update('ns', 'a', { v: 2 });
    t.kube.remove('ns', 'b');
    t.kube.create('ns', 'd');
    t.kube.sendError(410, 'Expired');
    await t.clock.advance(0);
    expect(t.kube.seen('list')).toHaveLength(2);
    const after = t.deltas.slice(pushed);
    expect(names(after.flatMap((d) => d.upserts))).toEqual(['a', 'd']);
    expect(names(after.flatMap((d) => d.deletes))).toEqual(['b']);
    expect(after.every((d) => d.reset === undefined)).toBe(true);
    expect(names(await t.cached())).toEqual(['a', 'c', 'd']);
    expect(after.flatMap((d) => (d.state ? [d.state.freshness] : []))).toEqual(['syncing']);
    expect(t.kube.seen('watch').at(-1)?.query['resourceVersion']).toBe(String(t.kube.rv));
    await t.live();
    expect(t.informer.stats).toMatchObject({ lists: 2, gone: 1 });
    t.informer.dispose();
  });

  it('relists when the watch request itself answers 410', async () => {
    const t = setup();
    t.kube.create('ns', 'a');
    t.kube.planWatch.push(goneError());
    await t.start();
    expect(t.kube.seen('list')).toHaveLength(2);
    expect(t.kube.seen('watch')).toHaveLength(2);
    expect(t.kube.openWatches).toBe(1);
    expect(names(t.upserts())).toEqual(['a']); // pushed once, by the first list
    t.informer.dispose();
  });

  it('relists when resuming from a resourceVersion the server no longer has', async () => {
    const t = setup();
    t.kube.create('ns', 'a');
    t.kube.create('ns', 'b');
    await t.start();
    await t.live();
    await t.informer.pause();
    expect(t.kube.openWatches).toBe(0);
    expect(t.informer.state.freshness).toBe('offline');
    t.kube.remove('ns', 'a');
    t.kube.create('ns', 'c');
    t.kube.oldestRv = t.kube.rv; // compacted
    const pushed = t.deltas.length;
    t.informer.resume();
    await t.clock.advance(0);
    const after = t.deltas.slice(pushed);
    expect(names(after.flatMap((d) => d.upserts))).toEqual(['c']);
    expect(names(after.flatMap((d) => d.deletes))).toEqual(['a']);
    expect(t.informer.stats.gone).toBe(1);
    t.informer.dispose();
  });

  it('restarts the list from the first page when a continue token expires', async () => {
    const t = setup({ pageSize: 2 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) t.kube.create('ns', n);
    t.kube.expireContinue = 1;
    await t.start();
    const lists = t.kube.seen('list').map((r) => (r.query['continue'] === undefined ? 'first' : 'next'));
    expect(lists).toEqual(['first', 'next', 'first', 'next', 'next']);
    expect(names(await t.cached())).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(names(t.upserts())).toEqual(['a', 'b', 'c', 'd', 'e']); // no duplicates
    expect(t.deletes()).toEqual([]);
    expect(t.informer.stats).toMatchObject({ lists: 1, listRestarts: 1, listRequests: 5 });
    t.informer.dispose();
  });

  it('does not push the first pages again when a cold list fails half-way and is retried', async () => {
    const t = setup({ pageSize: 2 });
    for (const n of ['a', 'b', 'c', 'd', 'e']) t.kube.create('ns', n);
    t.kube.planList.push('ok', unavailable());
    await t.start();
    expect(names(t.upserts())).toEqual(['a', 'b']); // the first page, shown at once
    await t.clock.advance(250);
    expect(names(await t.cached())).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(names(t.upserts())).toEqual(['a', 'b', 'c', 'd', 'e']);
    t.informer.dispose();
  });

  it('pushes a warm relist as a diff, and a relist that changed more than the slice as a reset', async () => {
    const t = setup();
    for (const n of ['a', 'b']) t.kube.create('ns', n);
    await t.start();
    await t.live();
    t.kube.deliver = false;
    t.kube.remove('ns', 'a');
    t.kube.remove('ns', 'b');
    t.kube.create('ns', 'c');
    const pushed = t.deltas.length;
    t.kube.sendError(410, 'Expired');
    await t.clock.advance(0);
    const reset = t.deltas.slice(pushed).find((d) => d.reset);
    expect(names(reset?.reset ?? [])).toEqual(['c']);
    expect(reset?.upserts).toEqual([]);
    t.informer.dispose();
  });

  it('re-watches from the last resourceVersion after a normal close, without relisting', async () => {
    const t = setup();
    t.kube.create('ns', 'a');
    await t.start();
    await t.live();
    t.kube.update('ns', 'a', { v: 2 });
    await t.clock.advance(1000);
    t.kube.closeWatches();
    await t.clock.advance(0);
    expect(t.kube.seen('watch')).toHaveLength(2);
    expect(t.kube.seen('watch')[1]?.query['resourceVersion']).toBe(String(t.kube.rv));
    expect(t.kube.seen('list')).toHaveLength(1);
    expect(t.informer.state.freshness).toBe('live');
    t.informer.dispose();
  });

  it('does not re-watch hot when the server closes watches at once', async () => {
    const t = setup({}, () => 0.999);
    await t.start();
    await t.live();
    // the first close came after a bookmark (a healthy watch): re-watch at once
    t.kube.closeWatches();
    await t.clock.advance(0);
    expect(t.kube.seen('watch')).toHaveLength(2);
    // the next one closes with nothing received: that is a failure, with backoff
    t.kube.closeWatches();
    await t.clock.advance(0);
    expect(t.informer.state.freshness).toBe('reconnecting');
    await t.clock.advance(498);
    expect(t.kube.seen('watch')).toHaveLength(2);
    await t.clock.advance(1);
    expect(t.kube.seen('watch')).toHaveLength(3);
    t.informer.dispose();
  });

  it('relists, and pushes the changes, when the cache fails to write a batch', async () => {
    const t = setup();
    t.kube.create('ns', 'a');
    await t.start();
    await t.live();
    t.cache.failNext = 'applyChanges';
    t.kube.update('ns', 'a', { v: 2 });
    await t.clock.advance(50);
    await t.clock.advance(1000);
    expect(t.kube.seen('list')).toHaveLength(2);
    expect((await t.cached())[0]?.spec).toEqual({ v: 2 });
    expect(t.upserts().filter((o) => (o.spec as { v?: number }).v === 2)).toHaveLength(1);
    t.informer.dispose();
  });
});
