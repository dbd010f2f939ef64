// SPDX-License-Identifier: Apache-2.0
/** Handlers of the builder drafts contract. */
import type { builderDraftsContract } from '../../../shared/features/builder/builder-drafts.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { BuilderDraftsService } from './builder-drafts.service';

/** The builder drafts contract served by the service. */
export function builderDraftsHandlers(svc: BuilderDraftsService): HandlerMap<typeof builderDraftsContract> {
  return {
    save: (req) => svc.save(req),
    get: (ref) => svc.get(ref),
    list: ({ clusterId }) => svc.list(clusterId),
    discard: (ref) => svc.discard(ref),
  };
}
