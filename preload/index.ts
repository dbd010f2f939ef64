// SPDX-License-Identifier: Apache-2.0
/**
 * The Electron preload: exposes one invoke and one subscribe, each accepting only the ids
 * declared in the shared contract. Bundled into one file (a sandboxed preload cannot load
 * modules at run time). Nothing else crosses into the page.
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { allRpcIds, allTopicIds } from '../shared/ipc/contract';

const rpcIds = new Set(allRpcIds());
const topicIds = new Set(allTopicIds());

contextBridge.exposeInMainWorld('mldeck', {
  invoke: (id: string, payload: unknown) =>
    rpcIds.has(id)
      ? ipcRenderer.invoke(id, payload)
      : Promise.resolve({ ok: false, error: { code: 'not-found', message: `Unknown call: ${String(id).slice(0, 100)}` } }),
  subscribe: (id: string, cb: (ev: unknown) => void) => {
    if (!topicIds.has(id)) throw new Error(`Unknown topic: ${String(id).slice(0, 100)}`);
    const listener = (_e: IpcRendererEvent, ev: unknown) => cb(ev);
    ipcRenderer.on(id, listener);
    return () => {
      ipcRenderer.removeListener(id, listener);
    };
  },
});
