// SPDX-License-Identifier: Apache-2.0
/** The one app window: remembered size and position, hardened webPreferences. */
import { BrowserWindow, screen } from 'electron';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { appOrigin, hardenWebContents } from './security';

interface Bounds {
  x?: number;
  y?: number;
  width: number;
  height: number;
  maximized?: boolean;
}

function loadBounds(file: string): Bounds {
  try {
    if (existsSync(file)) {
      const b = JSON.parse(readFileSync(file, 'utf8')) as Bounds;
      const visible = screen
        .getAllDisplays()
        .some(
          (d) =>
            b.x === undefined ||
            b.y === undefined ||
            (b.x >= d.bounds.x - 50 && b.y >= d.bounds.y - 50 && b.x < d.bounds.x + d.bounds.width && b.y < d.bounds.y + d.bounds.height),
        );
      if (visible && b.width >= 640 && b.height >= 400) return b;
    }
  } catch {
    // a damaged bounds file is replaced on the next close
  }
  return { width: 1400, height: 900 };
}

/** Creates the main window; size and position persist in `dataDir/window.json`. */
export function createMainWindow(dataDir: string, preloadPath: string): BrowserWindow {
  const boundsFile = join(dataDir, 'window.json');
  const b = loadBounds(boundsFile);
  const win = new BrowserWindow({
    ...b,
    minWidth: 800,
    minHeight: 500,
    show: false,
    title: 'MLDeck',
    backgroundColor: '#111418',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      spellcheck: false,
      // middle-click would open links in new windows
      disableBlinkFeatures: 'Auxclick',
    },
  });
  hardenWebContents(win.webContents);
  if (b.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());
  win.on('close', () => {
    const nb = win.getNormalBounds();
    writeFileSync(boundsFile, JSON.stringify({ ...nb, maximized: win.isMaximized() }));
  });
  void win.loadURL(`${appOrigin}/index.html`);
  return win;
}
