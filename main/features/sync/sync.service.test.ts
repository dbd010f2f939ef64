// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { SliceDelta } from '../../../shared/features/sync/sync.contract';
import type { KubeObject } from '../../../shared/kube/object';
import type { Publisher } from '../../ipc/dispatcher';
import type { SourceState } from '../../platform/cache/cache-db';
import type { EngineDelta } from './engine-like';
import { FIRST_ROWS, ROWS_PER_PART, SyncService } from './sync.service';

const pod = (i: number): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'ns', name: `p${i}` } });
const live = (): SourceState => ({
  key: { cluster: 'c', group: '', version: 'v1', resource: 'pods', namespace: '' },
  freshness: 'live',
  resourceVersion: '1',
  lastSyncedAt: 1,
  error: undefined,
});

/** An engine holding `n` rows whose listener the test drives, and a publisher that records. */
function setUp(n: number) {
  let listener: ((d: EngineDelta) => void) | undefined;
  const engine = {
    subscribe: async (_s: unknown, l: (d: EngineDelta) => void) => {
      listener = l;
      return { initial: { items: Array.from({ length: n }, (_, i) => pod(i)), state: live() }, dispose: () => (listener = undefined) };
    },
  };
  const sent: SliceDelta[] = [];
  const publisher = { publishTo: (_c: string, _t: unknown, ev: SliceDelta) => void sent.push(ev) } as unknown as Publisher;
  const svc = new SyncService(engine as never, publisher, {
    isSnapshot: () => false,
    read: async () => ({ items: [], status: { freshness: 'live' } as never }),
  });
  return { svc, sent, push: (d: EngineDelta) => listener?.(d) };
}

const req = { clusterId: 'c', group: '', version: 'v1', resource: 'pods' };
const drain = () => new Promise((r) => setTimeout(r, 20));

describe('SyncService subscribe', () => {
  it('answers a small slice whole, with its status', async () => {
    const { svc, sent } = setUp(10);
    const snap = await svc.subscribe(req, 'client');
    expect(snap.items).toHaveLength(10);
    expect(snap.status.freshness).toBe('live');
    await drain();
    expect(sent).toEqual([]);
  });

  it('answers a big slice with its first rows as syncing, sends the rest in parts, then what the engine pushed meanwhile', async () => {
    const n = FIRST_ROWS + ROWS_PER_PART + 5;
    const { svc, sent, push } = setUp(n);
    const snap = await svc.subscribe(req, 'client');
    expect(snap.items.map((o) => o.metadata.name)).toEqual(Array.from({ length: FIRST_ROWS }, (_, i) => `p${i}`));
    expect(snap.status.freshness).toBe('syncing');
    push({ upserts: [pod(0)], deletes: [], reset: undefined, state: undefined });
    expect(sent).toEqual([]); // held until the rows are out
    await drain();
    expect(sent.map((d) => d.upserts.length)).toEqual([ROWS_PER_PART, 5, 1]);
    expect(sent[0]?.status).toBeUndefined();
    expect(sent[1]?.status?.freshness).toBe('live');
    const names = new Set([...snap.items, ...sent[0]!.upserts, ...sent[1]!.upserts].map((o) => o.metadata.name));
    expect(names.size).toBe(n);
    push({ upserts: [], deletes: [pod(1)], reset: undefined, state: undefined });
    expect(sent[3]?.deletes).toEqual([{ namespace: 'ns', name: 'p1' }]);
  });

  it('stops sending parts once unsubscribed', async () => {
    const { svc, sent } = setUp(FIRST_ROWS + 3 * ROWS_PER_PART);
    const snap = await svc.subscribe(req, 'client');
    svc.unsubscribe(snap.subscriptionId, 'client');
    await drain();
    expect(sent).toEqual([]);
  });
});
