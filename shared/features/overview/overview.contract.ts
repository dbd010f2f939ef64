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

/** Everything the overview page shows. A section the user may not read says so. */
export interface ClusterOverview {
  clusterId: string;
  health: ClusterHealth;
  nodes: { items: NodeOverview[] } | { forbidden: string };
  gpuModels: GpuModelOverview[];
  namespaces: { items: string[] } | { forbidden: string };
  discovery: ClusterDiscovery | undefined;
  /** How fresh the node and pod data is (stale when the cluster cannot be reached, or a snapshot). */
  freshness: SliceStatus;
  fetchedAt: string;
}

export const overviewContract = {
  get: rpc<{ clusterId: string }, ClusterOverview>('overview:get', z.object({ clusterId: z.string().min(1).max(512) })),
} as const;
