// SPDX-License-Identifier: Apache-2.0
/** Handlers of the compare contract. */
import type { compareContract } from '../../../shared/features/compare/compare.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { CompareService } from './compare.service';

/** The compare contract served by the service. */
export function compareHandlers(svc: CompareService): HandlerMap<typeof compareContract> {
  return {
    resolve: ({ refs }) => svc.resolve(refs),
    save: (req) => svc.save(req),
    list: () => svc.list(),
    get: ({ id }) => svc.get(id),
    rename: (req) => svc.rename(req),
    delete: ({ id }) => svc.delete(id),
  };
}
