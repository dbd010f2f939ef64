// SPDX-License-Identifier: Apache-2.0
/** Handlers of the notebooks contract (connections, files, drafts, kernels, settings). */
import type { notebooksContract } from '../../../shared/features/notebooks/notebooks.contract';
import type { HandlerMap } from '../../ipc/dispatcher';
import type { ConnectionSettingsStore } from './connection-settings';
import type { Connections } from './connections';
import type { KernelBridge } from './kernel-bridge';
import type { NotebooksService } from './notebooks.service';

export function notebooksHandlers(
  connections: Connections,
  files: NotebooksService,
  kernels: KernelBridge,
  settings: ConnectionSettingsStore,
): HandlerMap<typeof notebooksContract> {
  return {
    getSettings: ({ clusterId }) => settings.get(clusterId),
    setSettings: (req) => settings.set(req),
    connect: ({ server, token }, ctx) => connections.connect(server, ctx.clientId, token),
    disconnect: ({ server }, ctx) => connections.disconnect(server, ctx.clientId),
    forgetToken: ({ server }) => connections.forgetToken(server),
    listFiles: (req, ctx) => files.listFiles(req, ctx.clientId),
    open: (req, ctx) => files.open(req, ctx.clientId),
    readFile: (req, ctx) => files.readFile(req, ctx.clientId),
    save: (req, ctx) => files.save(req, ctx.clientId),
    create: (req, ctx) => files.create(req, ctx.clientId),
    rename: (req, ctx) => files.rename(req, ctx.clientId),
    remove: (req, ctx) => files.remove(req, ctx.clientId),
    upload: (req, ctx) => files.upload(req, ctx.clientId),
    putDraft: (req) => files.putDraft(req),
    dropDraft: (req) => files.dropDraft(req),
    listDrafts: ({ clusterId }) => files.listDrafts(clusterId),
    startKernel: (req, ctx) => kernels.start(req, ctx.clientId),
    execute: (req, ctx) => kernels.execute(req, ctx.clientId),
    interrupt: ({ handle }, ctx) => kernels.interrupt(handle, ctx.clientId),
    restart: ({ handle }, ctx) => kernels.restart(handle, ctx.clientId),
    shutdownKernel: ({ handle }, ctx) => kernels.shutdown(handle, ctx.clientId),
  };
}
