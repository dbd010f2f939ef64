// SPDX-License-Identifier: Apache-2.0
/** The cluster overview: health, nodes with allocation, GPU models, namespaces, Kubeflow parts. Forbidden sections say so. */
import { AppError } from '../../../shared/errors';
import type { ClusterOverview } from '../../../shared/features/overview/overview.contract';
import type { ClustersService } from '../clusters/clusters.service';
import type { ResourcesService } from '../resources/resources.service';
import { gpuModels, nodeAllocation } from './node-allocation';

function forbiddenOr<T>(p: Promise<T>): Promise<T | { forbidden: string }> {
  return p.catch((e: unknown) => {
    if (e instanceof AppError && e.code === 'forbidden') return { forbidden: e.message };
    throw e;
  });
}

/** The overview service. */
export class OverviewService {
  constructor(
    private readonly clusters: ClustersService,
    private readonly resources: ResourcesService,
  ) {}

  async get(clusterId: string): Promise<ClusterOverview> {
    const health = await this.clusters.health(clusterId);
    if (!health.reachable || health.auth === 'unauthenticated') {
      throw new AppError(
        health.auth === 'unauthenticated' ? 'unauthenticated' : 'unavailable',
        health.error?.message ?? 'The cluster cannot be reached.',
        undefined,
        true,
      );
    }
    const list = (resource: string) => this.resources.list({ clusterId, group: '', version: 'v1', resource });
    const [nodes, pods, namespaces, discovery] = await Promise.all([
      forbiddenOr(list('nodes')),
      forbiddenOr(this.resources.list({ clusterId, group: '', version: 'v1', resource: 'pods' })),
      forbiddenOr(list('namespaces')),
      this.clusters.discover(clusterId).catch(() => undefined),
    ]);
    const nodeItems = 'items' in nodes ? nodeAllocation(nodes.items, 'items' in pods ? pods.items : []) : undefined;
    return {
      clusterId,
      health,
      nodes: nodeItems ? { items: nodeItems } : { forbidden: 'forbidden' in nodes ? `${nodes.forbidden} Your account cannot list nodes.` : '' },
      gpuModels: nodeItems ? gpuModels(nodeItems) : [],
      namespaces:
        'items' in namespaces
          ? { items: namespaces.items.map((n) => n.metadata.name).sort() }
          : { forbidden: `${namespaces.forbidden} Your account cannot list namespaces.` },
      discovery,
      fetchedAt: new Date().toISOString(),
    };
  }
}
