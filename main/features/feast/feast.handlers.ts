// SPDX-License-Identifier: Apache-2.0
/** Handlers of the Feast contract. */
import type { feastContract } from '../../../shared/features/feast/feast.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { FeastService } from './feast.service';

/** The Feast contract served by the service. */
export function feastHandlers(svc: FeastService): HandlerMap<typeof feastContract> {
  return {
    getSettings: ({ clusterId }) => svc.getSettings(clusterId),
    setSettings: (req) => svc.setSettings(req),
    registries: (req) => svc.registries(req),
    project: (req) => svc.project(req),
    search: (req) => svc.search(req),
  };
}
