// SPDX-License-Identifier: Apache-2.0
/** Light and dark themes, following the system until the user picks one. */
import { create } from 'zustand';

/** The user's choice. */
export type ThemeChoice = 'system' | 'light' | 'dark';

interface ThemeState {
  choice: ThemeChoice;
  set(choice: ThemeChoice): void;
}

function apply(choice: ThemeChoice): void {
  const dark = choice === 'dark' || (choice === 'system' && window.matchMedia('(prefers-color-scheme: dark)').matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
}

/** The theme store; the choice persists in localStorage. */
export const useTheme = create<ThemeState>((set) => {
  const saved = (localStorage.getItem('mldeck.theme') as ThemeChoice | null) ?? 'system';
  apply(saved);
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => apply(useTheme.getState().choice));
  return {
    choice: saved,
    set(choice) {
      localStorage.setItem('mldeck.theme', choice);
      apply(choice);
      set({ choice });
    },
  };
});

/** Whether the app shows its dark theme (re-rendered when the user picks a theme). */
export function useDarkTheme(): boolean {
  useTheme((s) => s.choice);
  return document.documentElement.dataset.theme === 'dark';
}
