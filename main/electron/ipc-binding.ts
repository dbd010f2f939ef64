// SPDX-License-Identifier: Apache-2.0
/**
 * Binds the dispatcher to Electron IPC: each call id registered once, app-wide, behind the
 * single sender check. Topics are sent to every live app window.
 */
import { BrowserWindow, ipcMain } from 'electron';
import type { Topic } from '../../shared/ipc/define';
import type { Dispatcher, Publisher } from '../ipc/dispatcher';
import { isTrustedSender } from './security';

/** Registers every call; returns a function that removes them. */
export function bindIpc(dispatcher: Dispatcher): () => void {
  const ids = dispatcher.ids();
  for (const id of ids) {
    ipcMain.handle(id, async (event, payload: unknown) => {
      if (!isTrustedSender(event)) return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from MLDeck itself.' } };
      return dispatcher.dispatch(id, payload, { clientId: `wc-${event.sender.id}` });
    });
  }
  return () => {
    for (const id of ids) ipcMain.removeHandler(id);
  };
}

/** Sends topic events to every window. */
export const electronPublisher: Publisher = {
  publish<Ev>(topic: Topic<Ev>, event: Ev) {
    for (const win of BrowserWindow.getAllWindows()) if (!win.isDestroyed()) win.webContents.send(topic.id, event);
  },
};
