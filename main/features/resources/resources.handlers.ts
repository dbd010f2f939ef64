// SPDX-License-Identifier: Apache-2.0
/** Handlers of the resources contract. */
import type { resourcesContract } from '../../../shared/features/resources/resources.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { ApiResourceInfo } from '../../../shared/features/resources/resources.contract';
import type { ResourcesService } from './resources.service';

/** @param clusters - the kinds a cluster serves (the clusters feature, given by create-services.ts) */
export function resourcesHandlers(
  svc: ResourcesService,
  clusters: { apiResources(clusterId: string): Promise<ApiResourceInfo[]> },
): HandlerMap<typeof resourcesContract> {
  return {
    kinds: ({ clusterId }) => clusters.apiResources(clusterId),
    list: (req) => svc.list(req),
    get: (req) => svc.get(req),
    events: (req) => svc.events(req),
  };
}
