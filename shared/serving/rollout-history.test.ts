// SPDX-License-Identifier: Apache-2.0
/** The rollout-history annotation: parsing what may be damaged, revisions learnt from the status. */
import { describe, expect, it } from 'vitest';
import {
  appendHistory,
  canRestore,
  entryModelText,
  formatHistory,
  maxHistoryEntries,
  parseHistory,
  resolveRevisions,
  type RolloutEntry,
} from './rollout-history';

const deploy: RolloutEntry = {
  action: 'deploy',
  at: '2026-11-28T10:00:00.000Z',
  generation: 1,
  storageUri: 's3://models/iris/v1',
  format: 'sklearn',
  model: 'iris',
  modelVersion: '1',
};
const canary: RolloutEntry = {
  action: 'canary',
  at: '2026-11-28T11:00:00.000Z',
  generation: 2,
  storageUri: 's3://models/iris/v2',
  format: 'sklearn',
  percent: 20,
};

describe('rollout history', () => {
  it('parses its own output and skips what it does not understand', () => {
    expect(parseHistory(formatHistory([deploy, canary]))).toEqual([deploy, canary]);
    expect(parseHistory('not json')).toEqual([]);
    expect(parseHistory('{"a":1}')).toEqual([]);
    expect(parseHistory(JSON.stringify([{ action: 'explode', at: 'x' }, { action: 'promote' }, 7, { action: 'promote', at: 't', modelVersion: 3 }]))).toEqual([
      { action: 'promote', at: 't', modelVersion: '3' },
    ]);
  });

  it('learns the revision of the newest change once the controller has seen its generation', () => {
    // not yet observed
    expect(resolveRevisions([deploy], { observedGeneration: 0, latestCreatedRevision: undefined }, 1)[0]?.revision).toBeUndefined();
    const r = resolveRevisions([deploy], { observedGeneration: 1, latestCreatedRevision: 'iris-predictor-00001' }, 1);
    expect(r[0]?.revision).toBe('iris-predictor-00001');
    // a newer spec change the controller has not seen yet: the status speaks of something else
    expect(resolveRevisions([deploy, canary], { observedGeneration: 1, latestCreatedRevision: 'iris-predictor-00001' }, 2)[1]?.revision).toBeUndefined();
    const both = appendHistory(
      resolveRevisions([deploy], { observedGeneration: 1, latestCreatedRevision: 'iris-predictor-00001' }, 1),
      canary,
      { observedGeneration: 1, latestCreatedRevision: 'iris-predictor-00001' },
      1,
    );
    expect(resolveRevisions(both, { observedGeneration: 2, latestCreatedRevision: 'iris-predictor-00002' }, 2).map((e) => e.revision)).toEqual([
      'iris-predictor-00001',
      'iris-predictor-00002',
    ]);
  });

  it('stays bounded and says what each entry served', () => {
    let h: RolloutEntry[] = [];
    for (let i = 0; i < maxHistoryEntries + 5; i++) h = appendHistory(h, { ...canary, at: String(i) }, {}, undefined);
    expect(h).toHaveLength(maxHistoryEntries);
    expect(h[0]?.at).toBe('5');
    expect(entryModelText(deploy)).toBe('iris v1 (s3://models/iris/v1)');
    expect(entryModelText(canary)).toBe('s3://models/iris/v2');
    expect(canRestore(deploy)).toBe(true);
    expect(canRestore({ action: 'promote', at: 'x', storageUri: 's3://a/b' })).toBe(false);
  });
});
