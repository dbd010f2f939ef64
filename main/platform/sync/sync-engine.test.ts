// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import type { KubeObject } from '../../../shared/kube/object';
import type { SourceKey } from '../cache/cache-db';
import { SyncEngine } from './sync-engine';
import type { SyncDelta } from './sync-types';
import { FakeClock } from './testing/fake-clock';
import { FakeKube } from './testing/fake-kube';
import { MemoryCache } from './testing/memory-cache';

const pods: SourceKey = { cluster: 'c1', group: '', version: 'v1', resource: 'pods', namespace: 'ns' };
const names = (objects: KubeObject[]) => objects.map((o) => o.metadata.name).sort();

function setup() {
  const clock = new FakeClock();
  const kube = new FakeKube(clock);
  const cache = new MemoryCache();
  const asked: string[] = [];
  const engine = new SyncEngine(
    {
      http: async (id) => {
        asked.push(id);
        if (id !== 'c1') throw new AppError('not-found', 'That cluster is no longer in any kubeconfig.');
        return kube;
      },
    },
    cache,
    { clock, random: () => 0.5, log: () => undefined },
  );
  return { clock, kube, cache, engine, asked };
}

describe('SyncEngine', () => {
  it('shares one informer per source between subscribers, each getting the rows and every delta', async () => {
    const t = setup();
    t.kube.create('ns', 'a');
    const one: SyncDelta[] = [];
    const two: SyncDelta[] = [];
    const s1 = await t.engine.subscribe(pods, (d) => one.push(d));
    await t.clock.advance(0);
    const s2 = await t.engine.subscribe({ ...pods }, (d) => two.push(d));
    expect(t.kube.seen('list')).toHaveLength(1);
    expect(t.kube.seen('watch')).toHaveLength(1);
    expect(s1.initial.items).toEqual([]); // the cache was empty when the first subscribed
    expect(names(one.flatMap((d) => d.upserts))).toEqual(['a']);
    expect(names(s2.initial.items)).toEqual(['a']); // the second gets it from the cache
    t.kube.create('ns', 'b');
    await t.clock.advance(50);
    expect(names(one.at(-1)?.upserts ?? [])).toEqual(['b']);
    expect(names(two.flatMap((d) => d.upserts))).toEqual(['b']);
    expect(t.engine.stateOf(pods)?.freshness).toBe('live');
    s1.dispose();
    s2.dispose();
    t.engine.dispose();
  });

  it('runs separate informers for separate sources', async () => {
    const t = setup();
    const a = await t.engine.subscribe(pods, () => undefined);
    const b = await t.engine.subscribe({ ...pods, namespace: 'other' }, () => undefined);
    const c = await t.engine.subscribe({ ...pods, namespace: '' }, () => undefined);
    await t.clock.advance(0);
    expect(t.kube.seen('list')).toHaveLength(3);
    expect(t.kube.openWatches).toBe(3);
    for (const s of [a, b, c]) s.dispose();
    t.engine.dispose();
  });

  it('returns cached rows at once even when the cluster cannot be reached', async () => {
    const t = setup();
    const offline: SourceKey = { ...pods, cluster: 'gone' };
    await t.cache.replaceSlice(offline, [{ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'kept', namespace: 'ns', resourceVersion: '7' } }], '7');
    await t.cache.setSourceState({ key: offline, freshness: 'live', resourceVersion: '7', lastSyncedAt: 1234, error: undefined });
    const deltas: SyncDelta[] = [];
    const s = await t.engine.subscribe(offline, (d) => deltas.push(d));
    expect(names(s.initial.items)).toEqual(['kept']);
    expect(s.initial.state).toMatchObject({ lastSyncedAt: 1234, resourceVersion: '7' });
    await t.clock.advance(0);
    // whether the failure came before or after the subscription, the view ends up knowing it
    const shown = deltas.at(-1)?.state ?? s.initial.state;
    expect(shown).toMatchObject({ freshness: 'offline', lastSyncedAt: 1234 });
    expect(shown.error).toMatch(/no longer in any kubeconfig/);
    expect(t.engine.stateOf(offline)?.freshness).toBe('offline');
    expect(t.asked).toEqual(['gone']);
    expect(names(await t.cache.listObjects('gone', offline))).toEqual(['kept']);
    s.dispose();
    t.engine.dispose();
  });

  it('keeps an informer for a grace period after its last subscriber, then stops it', async () => {
    const t = setup();
    t.kube.create('ns', 'a');
    const s1 = await t.engine.subscribe(pods, () => undefined);
    await t.clock.advance(0);
    s1.dispose();
    s1.dispose(); // twice is harmless
    await t.clock.advance(29_000);
    expect(t.kube.openWatches).toBe(1);
    // back within the grace period: the same informer, no new list
    const s2 = await t.engine.subscribe(pods, () => undefined);
    expect(t.kube.seen('list')).toHaveLength(1);
    s2.dispose();
    await t.clock.advance(29_999);
    expect(t.kube.openWatches).toBe(1);
    expect(t.engine.stateOf(pods)).toBeDefined();
    await t.clock.advance(1);
    expect(t.kube.openWatches).toBe(0);
    expect(t.kube.inFlight).toBe(0);
    expect(t.engine.stateOf(pods)).toBeUndefined();
    expect((await t.cache.getSourceState(pods))?.freshness).toBe('offline');
    // later: a new informer lists again
    const s3 = await t.engine.subscribe(pods, () => undefined);
    expect(names(s3.initial.items)).toEqual(['a']);
    await t.clock.advance(0);
    expect(t.kube.seen('list')).toHaveLength(2);
    s3.dispose();
    t.engine.dispose();
  });

  it('pauses and resumes every informer from its resourceVersion', async () => {
    const t = setup();
    const s = await t.engine.subscribe(pods, () => undefined);
    await t.clock.advance(0);
    await t.engine.pause();
    expect(t.kube.openWatches).toBe(0);
    expect(t.engine.stateOf(pods)?.freshness).toBe('offline');
    const rv = String(t.kube.rv);
    t.engine.resume();
    await t.clock.advance(0);
    expect(t.kube.seen('watch').at(-1)?.query['resourceVersion']).toBe(rv);
    expect(t.kube.seen('list')).toHaveLength(1);
    s.dispose();
    t.engine.dispose();
  });

  it('leaves no timer, request or socket behind when disposed, and refuses new subscriptions', async () => {
    const t = setup();
    const s = await t.engine.subscribe(pods, () => undefined);
    await t.engine.subscribe({ ...pods, namespace: 'x' }, () => undefined);
    t.kube.planList.push(new AppError('unavailable', 'down'));
    const failing = await t.engine.subscribe({ ...pods, namespace: 'y' }, () => undefined);
    await t.clock.advance(0);
    s.dispose(); // one in its grace period
    expect(t.clock.pending).toBeGreaterThan(0);
    t.engine.dispose();
    await t.clock.advance(0);
    expect(t.clock.pending).toBe(0);
    expect(t.kube.inFlight).toBe(0);
    expect(t.kube.openWatches).toBe(0);
    failing.dispose();
    await expect(t.engine.subscribe(pods, () => undefined)).rejects.toMatchObject({ code: 'cancelled' });
  });

  it('keeps other subscribers going when one listener throws', async () => {
    const t = setup();
    const got: SyncDelta[] = [];
    await t.engine.subscribe(pods, () => {
      throw new Error('broken view');
    });
    await t.engine.subscribe(pods, (d) => got.push(d));
    await t.clock.advance(0);
    t.kube.create('ns', 'a');
    await t.clock.advance(50);
    expect(names(got.flatMap((d) => d.upserts))).toEqual(['a']);
    t.engine.dispose();
  });
  it('lists a source in one call, and its informer starts from that list instead of paging through it again', async () => {
    const t = setup();
    for (const n of ['a', 'b', 'c']) t.kube.create('ns', n);
    const deltas: SyncDelta[] = [];
    // as the experiment page does: the one call first, the live slice right after
    const once = t.engine.listOnce(pods);
    const s = await t.engine.subscribe(pods, (d) => deltas.push(d));
    const list = await once;
    await t.clock.advance(0);
    expect(names(list.items)).toEqual(['a', 'b', 'c']);
    expect(list.resourceVersion).toBe(String(t.kube.rv));
    const lists = t.kube.seen('list');
    expect(lists).toHaveLength(1);
    expect(lists[0]?.query['limit']).toBeUndefined();
    expect(names(deltas.flatMap((d) => d.upserts))).toEqual(['a', 'b', 'c']);
    expect(t.kube.seen('watch')[0]?.query['resourceVersion']).toBe(list.resourceVersion);
    // once live, the cache answers: no request
    t.kube.create('ns', 'd');
    await t.clock.advance(50);
    expect(t.engine.stateOf(pods)?.freshness).toBe('live');
    expect(names((await t.engine.listOnce(pods)).items)).toEqual(['a', 'b', 'c', 'd']);
    expect(t.kube.seen('list')).toHaveLength(1);
    s.dispose();
    t.engine.dispose();
  });

  it('shares a one-call list under way, and leaves the informer to list by itself when it fails', async () => {
    const t = setup();
    t.kube.create('ns', 'a');
    t.kube.planList.push(new AppError('timeout', 'The list took too long.'));
    const one = t.engine.listOnce(pods);
    const two = t.engine.listOnce({ ...pods });
    const s = await t.engine.subscribe(pods, () => undefined);
    await expect(one).rejects.toMatchObject({ code: 'timeout' });
    await expect(two).rejects.toMatchObject({ code: 'timeout' });
    await t.clock.advance(0);
    expect(t.kube.seen('list')).toHaveLength(2);
    expect(t.kube.seen('list')[1]?.query['limit']).toBe(500);
    expect(names(await t.cache.listObjects('c1', pods, 'ns'))).toEqual(['a']);
    await t.clock.advance(6000); // the watch counts as started
    expect(t.engine.stateOf(pods)?.freshness).toBe('live');
    s.dispose();
    t.engine.dispose();
    await expect(t.engine.listOnce(pods)).rejects.toMatchObject({ code: 'cancelled' });
  });
  it('keeps a list read for its informer 10 s, then lets it go', async () => {
    const t = setup();
    t.kube.create('ns', 'a');
    await t.engine.listOnce(pods);
    await t.clock.advance(9_999);
    // taken within 10 s: no list of the informer's own
    const s1 = await t.engine.subscribe(pods, () => undefined);
    await t.clock.advance(0);
    expect(t.kube.seen('list')).toHaveLength(1);
    s1.dispose();
    const other = { ...pods, namespace: 'other' };
    await t.engine.listOnce(other);
    await t.clock.advance(10_000);
    // not taken in time: the informer lists by itself
    const s2 = await t.engine.subscribe(other, () => undefined);
    await t.clock.advance(0);
    expect(t.kube.seen('list')).toHaveLength(3);
    expect(t.kube.seen('list')[2]?.query['limit']).toBe(500);
    s2.dispose();
    t.engine.dispose();
  });
});
