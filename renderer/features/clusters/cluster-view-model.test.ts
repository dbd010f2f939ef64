// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the clusters pages' words: origins, the add message, which contexts are checked. */
import { describe, expect, it } from 'vitest';
import type { ClusterList, ClusterSummary } from '../../../shared/features/clusters/clusters.contract';
import { addedText, healthCheckIds, originText } from './cluster-view-model';

const base = { id: 'a', problems: [] } as unknown as ClusterSummary;

describe('cluster view model', () => {
  it('says where a context came from', () => {
    expect(originText({ ...base, origin: { kind: 'file', path: '/k/config', source: 'env' } } as unknown as ClusterSummary)).toBe('/k/config (KUBECONFIG)');
    expect(originText({ ...base, origin: { kind: 'file', path: '/k/lab', source: 'lab' } } as unknown as ClusterSummary)).toBe('/k/lab (the lab)');
    expect(originText({ ...base, origin: { kind: 'pasted', label: 'team' } } as unknown as ClusterSummary)).toBe('pasted: team');
    expect(originText({ ...base, snapshot: { file: '/s.mldeck-snapshot' } } as unknown as ClusterSummary)).toBe('snapshot file /s.mldeck-snapshot');
  });

  it('counts new contexts in words', () => {
    expect(addedText(1)).toBe('1 new context.');
    expect(addedText(0)).toBe('0 new contexts.');
    expect(addedText(3)).toBe('3 new contexts.');
  });

  it('checks the health of contexts without problems only', () => {
    const list = { clusters: [base, { ...base, id: 'b', problems: ['bad cert'] }, { ...base, id: 'c' }] } as unknown as ClusterList;
    expect(healthCheckIds(list)).toEqual(['a', 'c']);
    expect(healthCheckIds(undefined)).toEqual([]);
  });
});
