// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { backoffCeiling } from './backoff';
import { key, setup, unavailable } from './testing/informer-setup';

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
