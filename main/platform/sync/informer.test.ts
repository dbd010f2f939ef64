// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import type { SourceKey } from '../cache/cache-db';
import { backoffCeiling } from './backoff';
import { Informer, type InformerOptions } from './informer';
import type { SyncDelta } from './sync-types';
import { FakeClock } from './testing/fake-clock';
import { FakeKube, goneError } from './testing/fake-kube';
import { MemoryCache } from './testing/memory-cache';

const key: SourceKey = { cluster: 'c1', group: '', version: 'v1', resource: 'pods', namespace: 'ns' };
const names = (objects: KubeObject[]) => objects.map((o) => o.metadata.name).sort();
const unavailable = () => new AppError('unavailable', 'Could not connect: connection refused.', 'ECONNREFUSED', true);

function setup(options: InformerOptions = {}, random: () => number = () => 0.5) {
  const clock = new FakeClock();
  const kube = new FakeKube(clock);
  const cache = new MemoryCache();
  const deltas: SyncDelta[] = [];
  const informer = new Informer(key, { http: async () => kube, cache, clock, random, log: () => undefined }, options);
  const upserts = () => deltas.flatMap((d) => d.upserts);
  const deletes = () => deltas.flatMap((d) => d.deletes);
  const states = () => deltas.flatMap((d) => (d.state ? [d.state.freshness] : []));
  return {
    clock,
    kube,
    cache,
    deltas,
    informer,
    upserts,
    deletes,
    states,
    async start() {
      informer.start();
      const attached = await informer.attach((d) => deltas.push(d));
      await clock.advance(0);
      return attached;
    },
    /** A bookmark proves the watch started. */
    async live() {
      kube.bookmark();
      await clock.advance(0);
      expect(informer.state.freshness).toBe('live');
    },
    cached: () => cache.listObjects('c1', key, 'ns'),
  };
}

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

describe('Informer: bookmarks', () => {
  it('moves the resourceVersion only: no delta, no object written, the next watch starts there', async () => {
    const t = setup();
    t.kube.create('ns', 'a');
    await t.start();
    await t.live();
    const pushed = t.deltas.length;
    const writes = t.cache.calls.applyChanges;
    const rv = t.kube.bookmark();
    await t.clock.advance(100);
    expect(t.deltas.length).toBe(pushed);
    expect(t.cache.calls.applyChanges).toBe(writes);
    expect((await t.cache.getSourceState(key))?.resourceVersion).toBe(rv);
    expect(t.informer.stats.bookmarks).toBe(2);
    t.kube.closeWatches();
    await t.clock.advance(0);
    expect(t.kube.seen('watch').at(-1)?.query['resourceVersion']).toBe(rv);
    t.informer.dispose();
  });
});

describe('Informer: watchdog', () => {
  it('aborts a watch that is silent for silenceMs, re-watches from the same resourceVersion, and does not relist', async () => {
    const t = setup({ silenceMs: 90_000 });
    t.kube.create('ns', 'a');
    await t.start();
    await t.live();
    const rv = String(t.kube.rv);
    await t.clock.advance(60_000);
    t.kube.bookmark(); // bytes: the silence starts again
    const bookmarkRv = String(t.kube.rv);
    await t.clock.advance(89_999);
    expect(t.kube.openWatches).toBe(1);
    expect(t.informer.stats.watchdogFires).toBe(0);
    await t.clock.advance(1);
    expect(t.informer.stats.watchdogFires).toBe(1);
    expect(t.informer.state.freshness).toBe('reconnecting');
    expect(t.informer.state.error).toMatch(/Nothing came from the cluster for 90 s/);
    await t.clock.advance(backoffCeiling(1));
    expect(t.kube.seen('watch')).toHaveLength(2);
    expect(t.kube.seen('watch')[1]?.query['resourceVersion']).toBe(bookmarkRv);
    expect(bookmarkRv).not.toBe(rv);
    expect(t.kube.seen('list')).toHaveLength(1);
    await t.live();
    t.informer.dispose();
  });

  it('leaves a watch whose response never comes to the header timeout, then retries', async () => {
    const t = setup({ silenceMs: 5000 });
    await t.start();
    await t.live();
    t.kube.planWatch.push('hang');
    t.kube.closeWatches();
    await t.clock.advance(0);
    expect(t.kube.inFlight).toBe(1);
    await t.clock.advance(2500); // the open timeout is held to half the silence window
    expect(t.kube.inFlight).toBe(0);
    expect(t.informer.state.freshness).toBe('reconnecting');
    expect(t.informer.stats.watchdogFires).toBe(0);
    await t.clock.advance(250); // backoff: jitter 0.5 of 500 ms
    expect(t.kube.openWatches).toBe(1);
    await t.live();
    expect(t.kube.maxInFlight).toBe(1);
    t.informer.dispose();
  });
});

describe('Informer: failures', () => {
  it('backs off with full jitter within min(30 s, 500 ms · 2^n), one request at a time, and goes offline after 5 failures', async () => {
    const t = setup({}, () => 0.999);
    for (let i = 0; i < 9; i++) t.kube.planList.push(unavailable());
    await t.start();
    expect(t.informer.state.freshness).toBe('reconnecting');
    expect(t.informer.state.error).toBe('Could not connect: connection refused.');
    const freshness: string[] = [];
    while (t.kube.seen('list').length < 10) {
      await t.clock.advance(t.clock.nextAt !== undefined ? t.clock.nextAt - t.clock.now() : 1);
      freshness.push(t.informer.state.freshness);
    }
    const at = t.kube.seen('list').map((r) => r.at);
    const gaps = at.slice(1).map((x, i) => x - (at[i] ?? 0));
    expect(gaps).toEqual([499, 999, 1998, 3996, 7992, 15984, 29970, 29970, 29970]);
    gaps.forEach((g, i) => expect(g).toBeLessThan(backoffCeiling(i + 1)));
    expect(freshness.slice(0, 3)).toEqual(['reconnecting', 'reconnecting', 'reconnecting']);
    expect(freshness).toContain('offline');
    expect(t.kube.maxInFlight).toBe(1);
    expect(t.informer.stats.maxInFlight).toBe(1);
    await t.live();
    t.informer.dispose();
  });

  it('keeps exactly one request in flight through a long outage of failing and hanging requests', async () => {
    const t = setup({ silenceMs: 10_000 }, Math.random);
    await t.start();
    await t.live();
    for (let i = 0; i < 30; i++) t.kube.planWatch.push(i % 3 === 0 ? 'hang' : unavailable());
    t.kube.closeWatches();
    const start = t.clock.now();
    let maxOpen = 0;
    while (t.kube.planWatch.length > 0) {
      await t.clock.advance(250);
      maxOpen = Math.max(maxOpen, t.kube.inFlight);
    }
    const minutes = (t.clock.now() - start) / 60_000;
    expect(maxOpen).toBe(1);
    expect(t.kube.maxInFlight).toBe(1);
    // 30 attempts took minutes, not seconds: no hot loop
    expect(minutes).toBeGreaterThan(3);
    expect(t.informer.state.freshness).toBe('offline');
    while (t.kube.openWatches === 0) await t.clock.advance(100);
    await t.live();
    t.informer.dispose();
  });

  it('marks a 403 forbidden, does not retry hot, and checks again every 60 s', async () => {
    const t = setup();
    const denied = new AppError('forbidden', 'pods is forbidden: User "alice" cannot list resource "pods" in the namespace "ns"', 'Forbidden (HTTP 403)');
    t.kube.planList.push(denied, denied);
    await t.start();
    expect(t.informer.state).toMatchObject({ freshness: 'forbidden', error: denied.message });
    expect(t.states()).toEqual(['forbidden']);
    await t.clock.advance(59_999);
    expect(t.kube.seen('list')).toHaveLength(1);
    await t.clock.advance(1);
    expect(t.kube.seen('list')).toHaveLength(2);
    expect(t.states()).toEqual(['forbidden']);
    await t.clock.advance(60_000);
    expect(t.kube.seen('list')).toHaveLength(3);
    await t.live();
    expect(t.states()).toEqual(['forbidden', 'syncing', 'live']);
    t.informer.dispose();
  });

  it('retries a 401 slowly, showing the message', async () => {
    const t = setup();
    t.kube.planList.push(new AppError('unauthenticated', 'The cluster did not accept the credentials.', 'Unauthorized (HTTP 401)'));
    await t.start();
    expect(t.informer.state).toMatchObject({ freshness: 'offline', error: 'The cluster did not accept the credentials.' });
    await t.clock.advance(30_000);
    expect(t.kube.seen('list')).toHaveLength(1);
    await t.clock.advance(30_000);
    expect(t.kube.seen('list')).toHaveLength(2);
    t.informer.dispose();
  });

  it('keeps lastSyncedAt at the last contact while reconnecting', async () => {
    const t = setup({ silenceMs: 10_000 });
    await t.start();
    await t.live();
    const contact = t.clock.now();
    t.kube.planWatch.push(unavailable(), unavailable());
    await t.clock.advance(10_000);
    expect(t.informer.state.freshness).toBe('reconnecting');
    expect(t.informer.state.lastSyncedAt).toBe(contact);
    expect((await t.cache.getSourceState(key))?.lastSyncedAt).toBe(contact);
    t.informer.dispose();
  });
});

describe('Informer: stopping', () => {
  it('stops with no timer, request or listener left, and records that the source is no longer watched', async () => {
    const t = setup();
    t.kube.create('ns', 'a');
    await t.start();
    await t.live();
    t.kube.update('ns', 'a', { v: 2 }); // pending in the batch window
    await t.clock.advance(0);
    await t.informer.stop();
    expect(t.kube.openWatches).toBe(0);
    expect(t.kube.inFlight).toBe(0);
    expect(t.clock.pending).toBe(0);
    expect((await t.cache.getSourceState(key))?.freshness).toBe('offline');
    const pushed = t.deltas.length;
    t.kube.update('ns', 'a', { v: 3 });
    await t.clock.advance(60_000);
    expect(t.deltas.length).toBe(pushed);
    expect(t.kube.requests.length).toBe(2);
  });
});
