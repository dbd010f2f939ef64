// SPDX-License-Identifier: Apache-2.0
/** Handlers of the clusters contract: a thin adapter to the service. */
import type { clustersContract } from '../../../shared/features/clusters/clusters.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { ClustersService } from './clusters.service';

export function clustersHandlers(svc: ClustersService): HandlerMap<typeof clustersContract> {
  return {
    list: () => svc.list(),
    setCurrent: ({ clusterId }) => svc.setCurrent(clusterId),
    addFile: ({ path }) => svc.addFile(path),
    useLab: () => svc.useLab(),
    addText: ({ text, label }) => svc.addText(text, label),
    remove: ({ clusterId }) => svc.remove(clusterId),
    rename: ({ clusterId, displayName }) => svc.rename(clusterId, displayName),
    describeExec: ({ clusterId }) => svc.describeExec(clusterId),
    approveExec: ({ clusterId, fingerprint }) => svc.approveExec(clusterId, fingerprint),
    health: ({ clusterId }) => svc.health(clusterId),
    discover: ({ clusterId }) => svc.discover(clusterId),
    access: ({ clusterId, checks }) => svc.access(clusterId, checks),
  };
}
