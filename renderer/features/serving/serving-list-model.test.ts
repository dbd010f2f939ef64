// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { listNotes } from '../../lib/list-notes';
import { isvcSlices, noKserveNotes, servingNoteWords } from './serving-list-model';

describe('serving list model', () => {
  it('follows one InferenceService slice per cluster, narrowed where asked', () => {
    expect(isvcSlices(['a', 'b'], (id) => (id === 'b' ? 'team-b' : undefined))).toEqual([
      { req: { clusterId: 'a', group: 'serving.kserve.io', version: 'v1beta1', resource: 'inferenceservices' }, tag: 'a' },
      { req: { clusterId: 'b', group: 'serving.kserve.io', version: 'v1beta1', resource: 'inferenceservices', namespace: 'team-b' }, tag: 'b' },
    ]);
  });

  it('says a cluster shown alone does not serve KServe, and words its notes as the serving page does', () => {
    expect(noKserveNotes(false, [{ displayName: 'lab-b' }])).toEqual([]);
    expect(noKserveNotes(true, [])).toEqual([]);
    const notes = listNotes(
      {
        problems: [{ clusterId: 'a', clusterName: 'lab-a', freshness: 'offline', what: ['InferenceServices'], reason: 'refused', lastSyncedAt: undefined }],
        narrowed: [{ id: 'c', displayName: 'lab-c', namespace: 'team-c' }],
        notes: noKserveNotes(true, [{ displayName: 'lab-b' }]),
        discoveryErrors: [{ id: 'd', name: 'lab-d', message: 'timeout' }],
      },
      servingNoteWords,
    );
    expect(notes.map((n) => [n.testId, n.tone, n.cluster, n.text, n.detail])).toEqual([
      [undefined, 'stale', 'lab-a', '— offline: MLDeck has never read InferenceServices from this cluster, so they are not known.', 'refused'],
      [undefined, 'info', 'lab-c', '— listing InferenceServices across namespaces is not allowed; showing namespace team-c.', undefined],
      ['no-kserve', 'stale', undefined, 'lab-b does not serve KServe InferenceServices (serving.kserve.io/v1beta1).', undefined],
      [undefined, 'error', 'lab-d', '— could not learn whether it serves KServe: timeout', undefined],
    ]);
  });
});
