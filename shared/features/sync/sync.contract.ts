// SPDX-License-Identifier: Apache-2.0
/**
 * Live, cached lists. A view subscribes to a slice (a kind in a cluster, one namespace or
 * all); it gets the cached rows at once with their freshness, then coalesced deltas as the
 * sync engine applies watch events. Offline, the same rows come from the cache, marked stale.
 */
import { z } from 'zod';
import { rpc, topic } from '../../ipc/define';
import { ApiGroup, ApiVersionName, DnsLabel, ResourcePlural } from '../../kube/names';
import type { KubeObject } from '../../kube/object';

/** How fresh a slice is. */
export type Freshness = 'live' | 'syncing' | 'reconnecting' | 'offline' | 'forbidden';

/** A slice's freshness, with when it last matched the cluster and why it does not now. */
export interface SliceStatus {
  freshness: Freshness;
  /** ms since epoch; undefined if never synced. */
  lastSyncedAt: number | undefined;
  /** Why it is not live, in words. */
  reason: string | undefined;
  /** Rows come from a snapshot file, read-only. */
  snapshot: { file: string; takenAt: number } | undefined;
}

export const SliceRequest = z.object({
  clusterId: z.string().min(1).max(512),
  group: ApiGroup,
  version: ApiVersionName,
  resource: ResourcePlural,
  /** Omit for all namespaces (and for cluster-scoped kinds). */
  namespace: DnsLabel.optional(),
});
/** {@link SliceRequest} */
export type SliceRequest = z.infer<typeof SliceRequest>;

/** What subscribing returns: the cached rows now. */
export interface SliceSnapshot {
  subscriptionId: string;
  items: KubeObject[];
  status: SliceStatus;
}

/** A batch of changes to one subscription's rows. */
export interface SliceDelta {
  subscriptionId: string;
  /** Objects added or changed (keyed by namespace/name). */
  upserts: KubeObject[];
  /** Objects gone, as namespace/name keys. */
  deletes: { namespace: string | undefined; name: string }[];
  /** When the whole slice was replaced (relist), the full set instead of upserts. */
  reset: KubeObject[] | undefined;
  status: SliceStatus | undefined;
}

export const syncContract = {
  subscribe: rpc<SliceRequest, SliceSnapshot>('sync:subscribe', SliceRequest),
  unsubscribe: rpc<{ subscriptionId: string }, void>('sync:unsubscribe', z.object({ subscriptionId: z.string().min(1).max(100) })),
  delta: topic<SliceDelta>('sync:delta'),
} as const;
