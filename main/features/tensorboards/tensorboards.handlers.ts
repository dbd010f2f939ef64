// SPDX-License-Identifier: Apache-2.0
/** Handlers of the tensorboards contract. */
import type { tensorboardsContract } from '../../../shared/features/tensorboards/tensorboards.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { TensorboardsService } from './tensorboards.service';

/** The tensorboards contract served by the service. */
export function tensorboardsHandlers(svc: TensorboardsService): HandlerMap<typeof tensorboardsContract> {
  return {
    create: (req) => svc.create(req),
    delete: (req) => svc.delete(req),
    open: (req) => svc.open(req),
  };
}
