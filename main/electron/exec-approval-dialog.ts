// SPDX-License-Identifier: Apache-2.0
/**
 * The final confirmation of an exec credential plugin approval in Electron: a native dialog shown
 * by main, listing the exact invocation, so a compromised renderer cannot approve by itself.
 */
import { BrowserWindow, dialog } from 'electron';
import { execApprovalText, type ExecApprovalPrompt } from '../../shared/features/clusters/exec-invocation';

/**
 * Asks the user, in a native modal dialog, to confirm running this plugin invocation.
 * @param prompt - the invocation found in main
 * @returns true only when the user pressed "Approve"
 */
export async function confirmExecApproval(prompt: ExecApprovalPrompt): Promise<boolean> {
  const { message, detail } = execApprovalText(prompt);
  const options: Electron.MessageBoxOptions = {
    type: 'warning',
    title: 'Approve credential plugin',
    message,
    detail,
    buttons: ['Cancel', 'Approve'],
    defaultId: 0,
    cancelId: 0,
    noLink: true,
  };
  const win = BrowserWindow.getFocusedWindow() ?? BrowserWindow.getAllWindows()[0];
  const { response } = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
  return response === 1;
}
