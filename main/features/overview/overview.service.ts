// SPDX-License-Identifier: Apache-2.0
/**
 * The cluster overview: health, nodes with allocation, GPU models, namespaces, Kubeflow parts.
 * Nodes, pods and namespaces are read through the cache, so the overview works offline (with
 * the time of the last sync) and from snapshots; forbidden sections say so.
 */
import type { ClusterDiscovery, ClusterHealth } from '../../../shared/features/clusters/clusters.contract';
import type { ClusterOverview } from '../../../shared/features/overview/overview.contract';
import type { SliceStatus } from '../../../shared/features/sync/sync.contract';
import { isSnapshotId } from '../../platform/snapshots/snapshot-registry';
import type { SliceReader } from '../../platform/sync/slice-reader';
import { gpuModels, nodeAllocation } from '../../../shared/kube/node-allocation';

const core = (resource: string) => ({ group: '', version: 'v1', resource });

/** The overview service. */
/** What the overview asks of the clusters feature (given by create-services.ts). */
export interface ClusterFacts {
  health(clusterId: string): Promise<ClusterHealth>;
  discover(clusterId: string): Promise<ClusterDiscovery>;
}

export class OverviewService {
  constructor(
    private readonly clusters: ClusterFacts,
    private readonly reader: SliceReader,
  ) {}

  async get(clusterId: string): Promise<ClusterOverview> {
    const snapshot = isSnapshotId(clusterId);
    const health: ClusterHealth = snapshot
      ? {
          id: clusterId,
          reachable: false,
          version: undefined,
          latencyMs: undefined,
          auth: 'unknown',
          checkedAt: new Date().toISOString(),
          error: { code: 'unavailable', message: 'This is a snapshot: the cluster is not contacted.' },
        }
      : await this.clusters.health(clusterId);
    const wait = health.reachable ? 15_000 : 0;
    const slice = (resource: string) => this.reader.read({ cluster: clusterId, ...core(resource), namespace: '' }, wait);
    const [nodes, pods, namespaces, discovery] = await Promise.all([
      slice('nodes'),
      slice('pods'),
      slice('namespaces'),
      snapshot || !health.reachable ? Promise.resolve(undefined) : this.clusters.discover(clusterId).catch(() => undefined),
    ]);
    const forbidden = (s: SliceStatus) => s.freshness === 'forbidden';
    const nodeItems = forbidden(nodes.status) ? undefined : nodeAllocation(nodes.items, forbidden(pods.status) ? [] : pods.items);
    return {
      clusterId,
      health,
      nodes: nodeItems ? { items: nodeItems } : { forbidden: `${nodes.status.reason ?? 'Forbidden.'} Your account cannot list nodes.` },
      gpuModels: nodeItems ? gpuModels(nodeItems) : [],
      namespaces: forbidden(namespaces.status)
        ? { forbidden: `${namespaces.status.reason ?? 'Forbidden.'} Your account cannot list namespaces.` }
        : { items: namespaces.items.map((n) => n.metadata.name).sort() },
      discovery,
      freshness: forbidden(nodes.status) ? pods.status : nodes.status,
      fetchedAt: new Date().toISOString(),
    };
  }
}
