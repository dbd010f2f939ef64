// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { discoveryErrors, listProgress, splitByServed, type KindsByCluster } from './list-scope';

const clusters = ['a', 'b', 'c', 'd'].map((id) => ({ id, displayName: `lab-${id}` }));
const kinds: KindsByCluster = {
  a: { keys: new Set(['kubeflow.org/v1/notebooks']) },
  b: { keys: new Set(['kubeflow.org/v1/pytorchjobs']) },
  c: { error: { message: 'discovery failed' } },
};

describe('list scope', () => {
  it('splits clusters by whether they serve a kind; one still asked or failed is in neither', () => {
    const { serving, notServing } = splitByServed(clusters, kinds, 'kubeflow.org/v1/notebooks');
    expect([serving.map((c) => c.id), notServing.map((c) => c.id)]).toEqual([['a'], ['b']]);
  });

  it('names the clusters whose kinds could not be learnt', () => {
    expect(discoveryErrors(clusters, kinds)).toEqual([{ id: 'c', name: 'lab-c', message: 'discovery failed' }]);
  });

  it('is loading until every cluster’s kinds and every slice answered; the pill says live or syncing only when nothing is wrong', () => {
    const known = clusters.slice(0, 3);
    const live = { loaded: true, status: { freshness: 'live' } };
    const syncing = { loaded: true, status: { freshness: 'syncing' } };
    expect(listProgress(clusters, kinds, [live], 0)).toEqual({ loading: true, freshness: undefined });
    expect(listProgress(known, kinds, [live, { loaded: false, status: undefined }], 0)).toEqual({ loading: true, freshness: undefined });
    expect(listProgress(known, kinds, [live, live], 0)).toEqual({ loading: false, freshness: 'live' });
    expect(listProgress(known, kinds, [live, syncing], 0)).toEqual({ loading: false, freshness: 'syncing' });
    expect(listProgress(known, kinds, [live], 1)).toEqual({ loading: false, freshness: undefined });
    expect(listProgress(known, kinds, [], 0)).toEqual({ loading: false, freshness: undefined });
  });
});
