// SPDX-License-Identifier: Apache-2.0
/**
 * Every keyboard shortcut of the app, as data, for the command palette to list ("shortcuts",
 * "keys"): the shell's, the tables', the dialogs', the log viewer's, the notebook editor's
 * (Jupyter's keys, as `features/notebooks/editor/keymap.ts` implements them) and the pipeline
 * builder's canvas (React Flow's keys and `features/builder/use-builder-keys.ts`).
 */

/** One shortcut: its keys as written on a keyboard, what it does, and where it works. */
export interface Shortcut {
  keys: string;
  what: string;
  where: 'Anywhere' | 'Tables' | 'Dialogs' | 'Notebook (command mode)' | 'Notebook (edit mode)' | 'Notebook' | 'Pipeline builder';
}

/** The shortcuts, `mod` being Ctrl (Cmd on a Mac). */
export function shortcuts(mod = 'Ctrl'): Shortcut[] {
  return [
    { keys: `${mod}+K`, what: 'Open or close the command palette', where: 'Anywhere' },
    { keys: 'Tab / Shift+Tab', what: 'Move between controls (inside an open dialog, cycle through it)', where: 'Anywhere' },
    { keys: 'Esc', what: 'Close the palette or cancel the dialog', where: 'Dialogs' },
    { keys: '↑ ↓ or J K', what: 'Move the row cursor', where: 'Tables' },
    { keys: 'Page Up / Page Down, Home / End', what: 'Move the row cursor by a page, to the first or last row', where: 'Tables' },
    { keys: 'Enter', what: 'Open the row under the cursor', where: 'Tables' },
    { keys: 'Enter (on a column title)', what: 'Sort by that column: ascending, descending, unsorted', where: 'Tables' },
    { keys: 'Shift+Enter', what: 'Run the cell and select the next', where: 'Notebook' },
    { keys: `${mod}+Enter`, what: 'Run the cell', where: 'Notebook' },
    { keys: 'Alt+Enter', what: 'Run the cell and insert one below', where: 'Notebook' },
    { keys: `${mod}+S`, what: 'Save the notebook', where: 'Notebook' },
    { keys: 'Enter', what: 'Edit the selected cell', where: 'Notebook (command mode)' },
    { keys: 'Esc', what: 'Leave the cell editor (command mode)', where: 'Notebook (edit mode)' },
    { keys: `${mod}+Shift+-`, what: 'Split the cell at the cursor', where: 'Notebook (edit mode)' },
    { keys: '↑ ↓ or J K', what: 'Select the cell above or below (Shift: extend)', where: 'Notebook (command mode)' },
    { keys: 'A / B', what: 'Insert a cell above / below', where: 'Notebook (command mode)' },
    { keys: 'D D', what: 'Delete the selected cells', where: 'Notebook (command mode)' },
    { keys: 'I I / 0 0', what: 'Interrupt / restart the kernel', where: 'Notebook (command mode)' },
    { keys: 'M / Y / R', what: 'Make the cell markdown / code / raw', where: 'Notebook (command mode)' },
    { keys: 'Z / Shift+Z', what: 'Undo / redo a cell change', where: 'Notebook (command mode)' },
    { keys: 'C / X / V / Shift+V', what: 'Copy / cut / paste below / paste above', where: 'Notebook (command mode)' },
    { keys: `${mod}+A`, what: 'Select every cell', where: 'Notebook (command mode)' },
    { keys: 'Tab / Shift+Tab', what: 'Move between the boxes and edges of the canvas', where: 'Pipeline builder' },
    { keys: 'Enter / Space', what: 'Select the focused box or edge (Enter again: edit it in the side panel)', where: 'Pipeline builder' },
    { keys: 'Esc', what: 'Unselect the box; in the side panel, go back to the box', where: 'Pipeline builder' },
    { keys: '← ↑ → ↓ (Shift: further)', what: 'Move the selected boxes', where: 'Pipeline builder' },
    { keys: 'Delete / Backspace', what: 'Delete the selected boxes and edges', where: 'Pipeline builder' },
    { keys: `${mod}+C / ${mod}+V`, what: 'Copy / paste the selected tasks', where: 'Pipeline builder' },
    { keys: `${mod}+Z / ${mod}+Shift+Z or ${mod}+Y`, what: 'Undo / redo', where: 'Pipeline builder' },
  ];
}
