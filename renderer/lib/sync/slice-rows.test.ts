// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { SliceDelta } from '../../../shared/features/sync/sync.contract';
import type { KubeObject } from '../../../shared/kube/object';
import { applyDeltas } from './slice-rows';

const pod = (name: string, rv: string, namespace = 'a'): KubeObject => ({ metadata: { name, namespace, resourceVersion: rv } });
const delta = (d: Partial<SliceDelta>): SliceDelta => ({ subscriptionId: 's', upserts: [], deletes: [], reset: undefined, status: undefined, ...d });

describe('applyDeltas', () => {
  it('upserts by namespace/name and deletes by key, in order', () => {
    const rows = new Map<string, KubeObject>();
    applyDeltas(rows, [
      delta({ upserts: [pod('x', '1'), pod('x', '1', 'b')] }),
      delta({ upserts: [pod('x', '2')] }),
      delta({ deletes: [{ namespace: 'b', name: 'x' }] }),
    ]);
    expect([...rows.keys()]).toEqual(['a/x']);
    expect(rows.get('a/x')?.metadata.resourceVersion).toBe('2');
  });
  it('resets the whole set, then applies later changes', () => {
    const rows = new Map([['a/old', pod('old', '1')]]);
    const status = applyDeltas(rows, [
      delta({ reset: [pod('n1', '5'), pod('n2', '5')], status: { freshness: 'live', lastSyncedAt: 1, reason: undefined, snapshot: undefined } }),
      delta({ deletes: [{ namespace: 'a', name: 'n1' }] }),
    ]);
    expect([...rows.keys()]).toEqual(['a/n2']);
    expect(status?.freshness).toBe('live');
  });
});
