// SPDX-License-Identifier: Apache-2.0
/**
 * Binds the dispatcher to Electron IPC: each call id registered once, app-wide, behind the
 * single sender check. Topics are sent to every live app window.
 */
import { BrowserWindow, ipcMain, webContents } from 'electron';
import type { Topic } from '../../shared/ipc/define';
import type { Dispatcher, Publisher } from '../ipc/dispatcher';
import { isTrustedSender } from './security';

/** Registers every call; returns a function that removes them. */
export function bindIpc(dispatcher: Dispatcher): () => void {
  const ids = dispatcher.ids();
  const known = new Set<number>();
  for (const id of ids) {
    ipcMain.handle(id, async (event, payload: unknown) => {
      if (!isTrustedSender(event)) return { ok: false, error: { code: 'forbidden', message: 'Calls are accepted only from MLDeck itself.' } };
      const sender = event.sender;
      if (!known.has(sender.id)) {
        known.add(sender.id);
        sender.once('destroyed', () => {
          known.delete(sender.id);
          dispatcher.clientGone(`wc-${sender.id}`);
        });
      }
      return dispatcher.dispatch(id, payload, { clientId: `wc-${sender.id}` });
    });
  }
  return () => {
    for (const id of ids) ipcMain.removeHandler(id);
  };
}

/**
 * Sends topic events to every window. Electron does not tell how much a window has yet to take,
 * so there is no `backlog` here: senders never hold back for a window.
 */
export const electronPublisher: Publisher = {
  publish<Ev>(topic: Topic<Ev>, event: Ev) {
    for (const win of BrowserWindow.getAllWindows()) if (!win.isDestroyed()) win.webContents.send(topic.id, event);
  },
  publishTo<Ev>(clientId: string, topic: Topic<Ev>, event: Ev) {
    const id = Number(clientId.replace(/^wc-/, ''));
    const wc = webContents.fromId(id);
    if (wc && !wc.isDestroyed()) wc.send(topic.id, event);
  },
};
