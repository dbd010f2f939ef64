// SPDX-License-Identifier: Apache-2.0
/** Handlers of the tunnels contract. */
import type { tunnelsContract } from '../../../shared/features/tunnels/tunnels.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { TunnelsService } from './tunnels.service';

/** The tunnels contract served by the service. */
export function tunnelsHandlers(svc: TunnelsService): HandlerMap<typeof tunnelsContract> {
  return {
    open: (req) => svc.open(req),
    list: () => svc.list(),
    close: ({ id }) => svc.close(id),
  };
}
