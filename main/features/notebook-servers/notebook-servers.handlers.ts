// SPDX-License-Identifier: Apache-2.0
/** Handlers of the notebook-servers contract. */
import type { notebookServersContract } from '../../../shared/features/notebook-servers/notebook-servers.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { NotebookServersService } from './notebook-servers.service';

/** The notebook-servers contract served by the service. */
export function notebookServersHandlers(svc: NotebookServersService): HandlerMap<typeof notebookServersContract> {
  return {
    settings: ({ clusterId }) => svc.settings(clusterId),
    setSettings: (req) => svc.setSettings(req),
    options: (req) => svc.options(req),
    create: (req) => svc.create(req),
    setStopped: (req) => svc.setStopped(req),
    delete: (req) => svc.delete(req),
    permissions: (req) => svc.permissions(req),
  };
}
