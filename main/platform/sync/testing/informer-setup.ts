// SPDX-License-Identifier: Apache-2.0
/** An informer on a fake cluster, a memory cache and a fake clock, with what it pushed: for the informer's unit tests. */
import { expect } from 'vitest';
import { AppError } from '../../../../shared/errors';
import type { KubeObject } from '../../../../shared/kube/object';
import type { SourceKey } from '../../cache/cache-db';
import { Informer, type InformerOptions } from '../informer';
import type { SyncDelta } from '../sync-types';
import { FakeClock } from './fake-clock';
import { FakeKube } from './fake-kube';
import { MemoryCache } from './memory-cache';

export const key: SourceKey = { cluster: 'c1', group: '', version: 'v1', resource: 'pods', namespace: 'ns' };
export const names = (objects: KubeObject[]) => objects.map((o) => o.metadata.name).sort();
export const unavailable = () => new AppError('unavailable', 'Could not connect: connection refused.', 'ECONNREFUSED', true);

/** The informer and its fakes; `start()` starts it and attaches a recording listener. */
export function setup(options: InformerOptions = {}, random: () => number = () => 0.5) {
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
