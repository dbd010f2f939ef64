// SPDX-License-Identifier: Apache-2.0
/** Handlers of the sync contract. */
import type { syncContract } from '../../../shared/features/sync/sync.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { SyncService } from './sync.service';

export function syncHandlers(svc: SyncService): HandlerMap<typeof syncContract> {
  return {
    subscribe: (req, ctx) => svc.subscribe(req, ctx.clientId),
    unsubscribe: ({ subscriptionId }, ctx) => svc.unsubscribe(subscriptionId, ctx.clientId),
  };
}
