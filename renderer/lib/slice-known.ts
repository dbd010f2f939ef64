// SPDX-License-Identifier: Apache-2.0
/**
 * Whether a slice's rows say anything about its cluster: a slice that is not live and was never
 * synced (a cluster never reached) holds no rows because nothing was read, not because there are
 * none, so pages say "not known" rather than "none".
 */
import type { SliceStatus } from '../../shared/features/sync/sync.contract';

/** True when the slice was never read from its cluster (offline or reconnecting, no last sync, not a snapshot). */
export function neverRead(status: SliceStatus | undefined): boolean {
  return !!status && (status.freshness === 'offline' || status.freshness === 'reconnecting') && status.lastSyncedAt === undefined && !status.snapshot;
}
