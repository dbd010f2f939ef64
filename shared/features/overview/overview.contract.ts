// SPDX-License-Identifier: Apache-2.0
/** The cluster overview: nodes with CPU and GPU capacity and allocation, namespaces, Kubeflow parts. */
import { z } from 'zod';
import { rpc } from '../../ipc/define';
import type { ClusterDiscovery, ClusterHealth } from '../clusters/clusters.contract';
import type { SliceStatus } from '../sync/sync.contract';

/** One node, with what its pods request. */
export interface NodeOverview {
  name: string;
  ready: boolean;
  cpu: { capacity: number; allocatable: number; requested: number };
  memoryBytes: { capacity: number; allocatable: number; requested: number };
  gpu: { model: string | undefined; capacity: number; allocatable: number; requested: number } | undefined;
  pods: number;
}

/** GPUs of one model across the cluster. */
export interface GpuModelOverview {
  model: string;
  nodes: number;
  capacity: number;
  allocatable: number;
  requested: number;
}

/**
 * What MLDeck knows of one section: its rows with how fresh they are (live, or from the cache
 * with the time of the last sync), that the user may not read it, or that it is unknown because
 * MLDeck never read it from the cluster (with why). "None" is only ever an empty `items`.
 */
export type OverviewSection<T> = { items: T[]; status: SliceStatus } | { forbidden: string } | { unknown: string };

/** Everything the overview page shows. A section the user may not read says so. */
export interface ClusterOverview {
  clusterId: string;
  health: ClusterHealth;
  nodes: OverviewSection<NodeOverview>;
  /** GPU models of the nodes (empty unless `nodes` has items). */
  gpuModels: GpuModelOverview[];
  /** Why what pods request is not known (pods forbidden or never read); requests are then 0. */
  requestsUnknown: string | undefined;
  namespaces: OverviewSection<string>;
  /** The Kubeflow parts served, or why they are not known (the cluster not reached, discovery failed). */
  discovery: ClusterDiscovery | { unknown: string };
  /** How fresh the node and pod data is (stale when the cluster cannot be reached, or a snapshot). */
  freshness: SliceStatus;
  fetchedAt: string;
}

export const overviewContract = {
  get: rpc<{ clusterId: string }, ClusterOverview>('overview:get', z.object({ clusterId: z.string().min(1).max(512) })),
} as const;
