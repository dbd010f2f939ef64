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
import { isKnown, overviewSection, unknownReason } from './overview-sections';

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
      this.discovery(clusterId, snapshot, health),
    ]);
    const forbidden = (s: SliceStatus) => s.freshness === 'forbidden';
    const podsKnown = !forbidden(pods.status) && isKnown(pods.status);
    const nodeSection = overviewSection(nodes.status, nodeAllocation(nodes.items, podsKnown ? pods.items : []), health, 'Your account cannot list nodes.');
    return {
      clusterId,
      health,
      nodes: nodeSection,
      gpuModels: 'items' in nodeSection ? gpuModels(nodeSection.items) : [],
      requestsUnknown: podsKnown
        ? undefined
        : forbidden(pods.status)
          ? `${pods.status.reason ?? 'Forbidden.'} Your account cannot list pods, so what they request is not known.`
          : unknownReason(pods.status, health),
      namespaces: overviewSection(namespaces.status, namespaces.items.map((n) => n.metadata.name).sort(), health, 'Your account cannot list namespaces.'),
      discovery,
      freshness: forbidden(nodes.status) ? pods.status : nodes.status,
      fetchedAt: new Date().toISOString(),
    };
  }

  /** The Kubeflow parts served, or why they are not known. */
  private async discovery(clusterId: string, snapshot: boolean, health: ClusterHealth): Promise<ClusterOverview['discovery']> {
    if (snapshot) return { unknown: 'A snapshot does not record which Kubeflow parts the cluster served.' };
    if (!health.reachable) return { unknown: `The cluster could not be reached${health.error ? `: ${health.error.message}` : '.'}` };
    try {
      return await this.clusters.discover(clusterId);
    } catch (e) {
      return { unknown: `Discovery failed: ${e instanceof Error ? e.message : String(e)}` };
    }
  }
}
