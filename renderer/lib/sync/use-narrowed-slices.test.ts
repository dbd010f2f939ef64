// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { slicesToNarrow } from './use-narrowed-slices';

const slice = (clusterId: string, tag: string, freshness: 'live' | 'forbidden' | undefined, namespace?: string) => ({
  req: { clusterId, group: 'kubeflow.org', version: 'v1', resource: tag, ...(namespace ? { namespace } : {}) },
  tag,
  status: freshness ? { freshness, reason: undefined, lastSyncedAt: undefined, snapshot: undefined } : undefined,
});
const clusters = [{ id: 'a', namespace: 'team-a' }, { id: 'b' }, { id: 'c', namespace: 'team-c' }];
const byCluster = (s: { req: { clusterId: string } }) => s.req.clusterId;
const byKind = (s: { req: { clusterId: string }; tag: string }) => `${s.req.clusterId}|${s.tag}`;

describe('slicesToNarrow', () => {
  it('narrows slices refused across namespaces on clusters whose context names a namespace, once each', () => {
    const slices = [
      slice('a', 'notebooks', 'forbidden'),
      slice('a', 'pods', 'forbidden'),
      slice('b', 'notebooks', 'forbidden'), // no namespace in the context: said, not narrowed
      slice('c', 'notebooks', 'live'),
      slice('c', 'pods', 'forbidden', 'team-c'), // already in a namespace
      slice('c', 'tfjobs', undefined),
    ];
    expect(slicesToNarrow(slices, new Map(), clusters, byCluster)).toEqual([{ key: 'a', clusterId: 'a' }]);
    expect(slicesToNarrow(slices, new Map(), clusters, byKind)).toEqual([
      { key: 'a|notebooks', clusterId: 'a' },
      { key: 'a|pods', clusterId: 'a' },
    ]);
    expect(slicesToNarrow(slices, new Map([['a|notebooks', 'a']]), clusters, byKind)).toEqual([{ key: 'a|pods', clusterId: 'a' }]);
  });
});
