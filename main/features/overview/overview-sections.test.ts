// SPDX-License-Identifier: Apache-2.0
/** Unit tests of what the overview may say about a slice: rows, not allowed, or unknown with why. */
import { describe, expect, it } from 'vitest';
import type { ClusterHealth } from '../../../shared/features/clusters/clusters.contract';
import type { SliceStatus } from '../../../shared/features/sync/sync.contract';
import { isKnown, overviewSection } from './overview-sections';

const status = (s: Partial<SliceStatus>): SliceStatus => ({ freshness: 'live', lastSyncedAt: undefined, reason: undefined, snapshot: undefined, ...s });
const up: ClusterHealth = { id: 'c', reachable: true, version: 'v1.35.4', latencyMs: 3, auth: 'ok', checkedAt: '', error: undefined };
const down: ClusterHealth = { ...up, reachable: false, version: undefined, error: { code: 'unavailable', message: 'connect ECONNREFUSED 127.0.0.1:9' } };

describe('overview sections', () => {
  it('gives live rows, even none, as they are', () => {
    expect(overviewSection(status({}), [], up, 'cannot')).toEqual({ items: [], status: status({}) });
  });

  it('gives cached rows of an unreachable cluster with the time of their last sync', () => {
    const s = status({ freshness: 'offline', lastSyncedAt: 5000, reason: 'connection refused' });
    expect(overviewSection(s, ['a'], down, 'cannot')).toEqual({ items: ['a'], status: s });
  });

  it('says "unknown" with why, not "none", for a cluster never reached', () => {
    const s = status({ freshness: 'reconnecting', reason: 'connection refused' });
    expect(overviewSection(s, [], down, 'cannot')).toEqual({ unknown: 'MLDeck has never reached this cluster: connect ECONNREFUSED 127.0.0.1:9' });
    expect(overviewSection(status({ freshness: 'syncing' }), [], up, 'cannot')).toEqual({ unknown: 'MLDeck is still reading this from the cluster.' });
    expect(overviewSection(status({ freshness: 'offline', reason: 'watch failed' }), [], up, 'cannot')).toEqual({
      unknown: 'MLDeck has not read this from the cluster yet: watch failed',
    });
  });

  it('says "not allowed" with the server’s reason', () => {
    expect(overviewSection(status({ freshness: 'forbidden', reason: 'alice cannot list nodes.' }), [], up, 'Your account cannot list nodes.')).toEqual({
      forbidden: 'alice cannot list nodes. Your account cannot list nodes.',
    });
  });

  it('knows a snapshot’s rows', () => {
    expect(isKnown(status({ freshness: 'offline', snapshot: { file: 'f', takenAt: 1 } }))).toBe(true);
    expect(isKnown(status({ freshness: 'offline' }))).toBe(false);
  });
});
