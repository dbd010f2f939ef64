// SPDX-License-Identifier: Apache-2.0
/** Handlers of the resources contract. */
import type { resourcesContract } from '../../../shared/features/resources/resources.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { ClustersService } from '../clusters/clusters.service';
import type { ResourcesService } from './resources.service';

export function resourcesHandlers(svc: ResourcesService, clusters: ClustersService): HandlerMap<typeof resourcesContract> {
  return {
    kinds: ({ clusterId }) => clusters.apiResources(clusterId),
    list: (req) => svc.list(req),
    get: (req) => svc.get(req),
    events: (req) => svc.events(req),
  };
}
