// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { SourceKey, SourceState } from '../cache/cache-db';
import { AppError } from '../../../shared/errors';
import { FailureStreak } from './backoff';
import { listDelta } from './change-batch';
import { SourceStateKeeper, STATE_PERSIST_MS } from './source-state';
import { TaskLane } from './task-lane';
import { FakeClock } from './testing/fake-clock';

const key: SourceKey = { cluster: 'c', group: '', version: 'v1', resource: 'pods', namespace: '' };

function store(initial?: SourceState) {
  const saved: SourceState[] = [];
  return { saved, getSourceState: async () => initial, setSourceState: async (s: SourceState) => void saved.push(s) };
}

describe('SourceStateKeeper', () => {
  it('tells of a freshness or error change once, and not of a resourceVersion or lastSyncedAt change', () => {
    const k = new SourceStateKeeper(key, store(), new FakeClock());
    expect(k.set({ resourceVersion: '5' })).toBe(false);
    expect(k.take()).toBeUndefined();
    expect(k.set({ freshness: 'live' })).toBe(true);
    expect(k.take()).toMatchObject({ freshness: 'live', resourceVersion: '5' });
    expect(k.take()).toBeUndefined();
  });

  it('stores when forced, and otherwise at most every STATE_PERSIST_MS', async () => {
    const s = store();
    const clock = new FakeClock();
    const k = new SourceStateKeeper(key, s, clock);
    await k.persist(true);
    await k.persist(false);
    expect(s.saved).toHaveLength(1);
    await clock.advance(STATE_PERSIST_MS);
    await k.persist(false);
    expect(s.saved).toHaveLength(2);
  });

  it('loads the stored resourceVersion and says whether the cache held the source', async () => {
    const stored: SourceState = { key, freshness: 'offline', resourceVersion: '42', lastSyncedAt: 7, error: 'x' };
    const k = new SourceStateKeeper(key, store(stored), new FakeClock());
    expect(await k.load()).toBe(true);
    expect(k.state).toMatchObject({ freshness: 'syncing', resourceVersion: '42', lastSyncedAt: 7, error: undefined });
    expect(await new SourceStateKeeper(key, store(), new FakeClock()).load()).toBe(false);
  });
});

describe('TaskLane', () => {
  it('runs tasks one at a time in order, past a failed one, after what it waits for', async () => {
    const lane = new TaskLane();
    const order: string[] = [];
    let open!: () => void;
    lane.waitFor(new Promise<void>((r) => (open = r)));
    const a = lane.enqueue(async () => void order.push('a'));
    const b = lane.enqueue(async () => {
      order.push('b');
      throw new Error('b failed');
    });
    const c = lane.enqueue(async () => void order.push('c'));
    await Promise.resolve();
    expect(order).toEqual([]);
    open();
    await a;
    await expect(b).rejects.toThrow('b failed');
    await c;
    await lane.drained();
    expect(order).toEqual(['a', 'b', 'c']);
  });
});

describe('FailureStreak', () => {
  const policy = { backoff: { baseMs: 100, capMs: 1000 }, slowRetryMs: 60_000, offlineAfterFailures: 3, offlineAfterMs: 30_000 };

  it('goes offline after enough failures in a row, and a started watch ends the streak', () => {
    const s = new FailureStreak(policy, () => 0.5);
    const down = new AppError('unavailable', 'down', undefined, true);
    expect(s.fail(down, 0).freshness).toBe('reconnecting');
    expect(s.fail(down, 1).freshness).toBe('reconnecting');
    expect(s.fail(down, 2).freshness).toBe('offline');
    s.reset();
    expect(s.fail(down, 3).freshness).toBe('reconnecting');
  });

  it('relists at once after one 410 and backs off when the fresh list is refused again', () => {
    const s = new FailureStreak(policy, () => 0.5);
    expect(s.goneDelay()).toBe(0);
    expect(s.goneDelay()).toBeGreaterThan(0);
    s.reset();
    expect(s.goneDelay()).toBe(0);
  });

  it('is forbidden on 403 and re-checks slowly', () => {
    const plan = new FailureStreak(policy).fail(new AppError('forbidden', 'no'), 0);
    expect(plan).toMatchObject({ freshness: 'forbidden', delayMs: 60_000, relist: false });
    expect(plan.error.message).toBe('no');
  });
});

describe('listDelta', () => {
  const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name } });
  it('pushes exactly the changes, the whole list when more changed than it holds, and nothing when nothing changed', () => {
    const items = [pod('a'), pod('b')];
    expect(listDelta(items, { upserted: [pod('a')], deleted: [] }, undefined)).toEqual({
      upserts: [pod('a')],
      deletes: [],
      reset: undefined,
      state: undefined,
    });
    expect(listDelta(items, { upserted: items, deleted: [pod('c')] }, undefined)?.reset).toEqual(items);
    expect(listDelta(items, { upserted: [], deleted: [] }, undefined)).toBeUndefined();
  });
});
