// SPDX-License-Identifier: Apache-2.0
/** A slice's freshness as the renderer shows it, from the cache's source state. */
import type { SliceStatus } from '../../../shared/features/sync/sync.contract';
import type { SourceState } from '../cache/cache-db';

/** Maps a source state to what the renderer shows. */
export function sliceStatus(state: SourceState | undefined): SliceStatus {
  if (!state) return { freshness: 'syncing', lastSyncedAt: undefined, reason: undefined, snapshot: undefined };
  return { freshness: state.freshness, lastSyncedAt: state.lastSyncedAt, reason: state.error, snapshot: undefined };
}
