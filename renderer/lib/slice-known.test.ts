// SPDX-License-Identifier: Apache-2.0
/** Unit tests of "never read": only a slice not live, never synced and not from a snapshot. */
import { describe, expect, it } from 'vitest';
import type { SliceStatus } from '../../shared/features/sync/sync.contract';
import { neverRead } from './slice-known';

const s = (x: Partial<SliceStatus>): SliceStatus => ({ freshness: 'offline', lastSyncedAt: undefined, reason: undefined, snapshot: undefined, ...x });

describe('neverRead', () => {
  it('is true only of a stale slice that was never synced', () => {
    expect(neverRead(s({}))).toBe(true);
    expect(neverRead(s({ freshness: 'reconnecting' }))).toBe(true);
    expect(neverRead(s({ lastSyncedAt: 5 }))).toBe(false);
    expect(neverRead(s({ freshness: 'live' }))).toBe(false);
    expect(neverRead(s({ freshness: 'syncing' }))).toBe(false);
    expect(neverRead(s({ freshness: 'forbidden' }))).toBe(false);
    expect(neverRead(s({ snapshot: { file: 'f', takenAt: 1 } }))).toBe(false);
    expect(neverRead(undefined)).toBe(false);
  });
});
