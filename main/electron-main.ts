// SPDX-License-Identifier: Apache-2.0
/**
 * The Electron entry. Wiring only: single-instance lock, the app scheme, services, IPC,
 * the window. The same services run in browser mode (browser-host.ts).
 */
import { app, BrowserWindow, safeStorage } from 'electron';
import { join } from 'node:path';
import { createServices } from './app/create-services';
import { dataDirectory } from './app/data-dir';
import { confirmExecApproval } from './electron/exec-approval-dialog';
import { bindIpc, electronPublisher } from './electron/ipc-binding';
import { installMenu } from './electron/menu';
import { registerAppScheme, serveRenderer } from './electron/protocol';
import { openExternal } from './electron/security';
import { createMainWindow } from './electron/window';
import { safeStorageBox } from './platform/secret-box';

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  registerAppScheme();
  const dataDir = dataDirectory(app.getPath('userData'));
  let win: BrowserWindow | undefined;

  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  app.on('web-contents-created', (_e, contents) => {
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });

  void app.whenReady().then(async () => {
    const services = await createServices({
      dataDir,
      host: 'electron',
      version: app.getVersion(),
      appRoot: app.getAppPath(),
      // a packaged app ships the sample beside the asar (SQLite cannot open files inside it)
      sampleSnapshot: app.isPackaged
        ? join(process.resourcesPath, 'sample-workspace.mldeck-snapshot')
        : join(app.getAppPath(), 'resources', 'sample-workspace.mldeck-snapshot'),
      publisher: electronPublisher,
      openExternal,
      confirmExec: confirmExecApproval,
      secretBox: safeStorageBox(safeStorage, process.platform),
    });
    const unbind = bindIpc(services.dispatcher);
    serveRenderer(join(__dirname, '..', 'renderer'));
    installMenu();
    win = createMainWindow(dataDir, join(__dirname, '..', 'preload', 'index.cjs'));
    app.on('before-quit', () => {
      unbind();
      services.dispose();
    });
  });

  app.on('window-all-closed', () => app.quit());
}
