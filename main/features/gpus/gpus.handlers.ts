// SPDX-License-Identifier: Apache-2.0
/** Handlers of the GPU contract. */
import type { gpusContract } from '../../../shared/features/gpus/gpus.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { GpusService } from './gpus.service';

export function gpusHandlers(svc: GpusService): HandlerMap<typeof gpusContract> {
  return {
    allocation: ({ clusterId }) => svc.allocation(clusterId),
    metrics: (req) => svc.metrics(req),
    getSettings: ({ clusterId }) => svc.getSettings(clusterId),
    setSettings: (s) => svc.setSettings(s),
    prometheusCandidates: ({ clusterId }) => svc.prometheusCandidates(clusterId),
  };
}
