// SPDX-License-Identifier: Apache-2.0
/** The application menu (standard roles, plus Help links that go through openExternal). */
import { Menu, app, type MenuItemConstructorOptions } from 'electron';
import { openExternal } from './security';

/** Installs the app menu. */
export function installMenu(): void {
  const mac = process.platform === 'darwin';
  const template: MenuItemConstructorOptions[] = [
    ...(mac ? [{ role: 'appMenu' as const }] : []),
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { role: 'viewMenu' },
    { role: 'windowMenu' },
    {
      role: 'help',
      submenu: [
        { label: 'Kubeflow documentation', click: () => void openExternal('https://www.kubeflow.org/docs/') },
        { label: `MLDeck ${app.getVersion()}`, enabled: false },
      ],
    },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
