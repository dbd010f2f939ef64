// SPDX-License-Identifier: Apache-2.0
/**
 * What the overview may say about a slice it read through the cache: its rows (live, or cached
 * with the time of the last sync), "not allowed" with the server's reason, or "unknown" when
 * MLDeck never read the slice from the cluster, with why. An unreachable cluster's empty cache
 * is never reported as "none".
 */
import type { ClusterHealth } from '../../../shared/features/clusters/clusters.contract';
import type { OverviewSection } from '../../../shared/features/overview/overview.contract';
import type { SliceStatus } from '../../../shared/features/sync/sync.contract';

/** Whether a slice's rows say something about the cluster (read live, once synced, or from a snapshot). */
export function isKnown(status: SliceStatus): boolean {
  return status.freshness === 'live' || status.lastSyncedAt !== undefined || status.snapshot !== undefined;
}

/** Why a slice that was never read is unknown, in words. */
export function unknownReason(status: SliceStatus, health: ClusterHealth): string {
  const why = health.error?.message ?? status.reason;
  if (!health.reachable) return `MLDeck has never reached this cluster${why ? `: ${why}` : '.'}`;
  if (status.freshness === 'syncing') return 'MLDeck is still reading this from the cluster.';
  return `MLDeck has not read this from the cluster yet${status.reason ? `: ${status.reason}` : '.'}`;
}

/**
 * A section of the overview from a slice read.
 * @param cannot - the end of the "not allowed" sentence ("Your account cannot list nodes.")
 */
export function overviewSection<T>(status: SliceStatus, items: T[], health: ClusterHealth, cannot: string): OverviewSection<T> {
  if (status.freshness === 'forbidden') return { forbidden: `${status.reason ?? 'Forbidden.'} ${cannot}` };
  if (!isKnown(status)) return { unknown: unknownReason(status, health) };
  return { items, status };
}
