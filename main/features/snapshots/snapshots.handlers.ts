// SPDX-License-Identifier: Apache-2.0
/** Handlers of the snapshots contract. */
import type { snapshotsContract } from '../../../shared/features/snapshots/snapshots.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { SnapshotsService } from './snapshots.service';

export function snapshotsHandlers(svc: SnapshotsService): HandlerMap<typeof snapshotsContract> {
  return {
    export: (req) => svc.export(req),
    open: ({ path }) => svc.open(path),
    openSample: () => svc.openSample(),
    close: ({ clusterId }) => svc.close(clusterId),
  };
}
