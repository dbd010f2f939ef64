// SPDX-License-Identifier: Apache-2.0
/** Handlers of the volumes contract. */
import type { volumesContract } from '../../../shared/features/volumes/volumes.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { VolumeSessions } from './volume-sessions';

/** The volumes contract served by the sessions. */
export function volumesHandlers(svc: VolumeSessions): HandlerMap<typeof volumesContract> {
  return {
    open: (req) => svc.open(req),
    sessions: () => svc.list(),
    list: (req) => svc.listFolder(req),
    read: (req) => svc.read(req),
    download: (req) => svc.download(req),
    upload: (req) => svc.upload(req),
    delete: (req) => svc.delete(req),
    close: ({ sessionId }) => svc.close(sessionId),
  };
}
