// SPDX-License-Identifier: Apache-2.0
/**
 * The Electron security baseline in one place: the app origin, the IPC sender check,
 * navigation and window-open denial, permission denial and the only way to open links.
 */
import { shell, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { parseExternalUrl } from '../platform/external-url';

/** The custom protocol the renderer is served from. */
export const appScheme = 'mldeck';
/** The renderer's origin. */
export const appOrigin = `${appScheme}://app`;

/** True when an IPC call comes from our own page's main frame. */
export function isTrustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null) return false;
  try {
    return new URL(frame.url).origin === appOrigin;
  } catch {
    return false;
  }
}

/** Opens an http(s) link in the system browser; anything else is refused. */
export async function openExternal(raw: string): Promise<boolean> {
  const url = parseExternalUrl(raw);
  if (!url) return false;
  await shell.openExternal(url.toString());
  return true;
}

/** Locks down one webContents: no navigation away, no new windows, no permissions. */
export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(`${appOrigin}/`)) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    void openExternal(url);
    return { action: 'deny' };
  });
  contents.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  contents.session.setPermissionCheckHandler(() => false);
}
