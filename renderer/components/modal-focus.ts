// SPDX-License-Identifier: Apache-2.0
/**
 * Focus for every modal dialog of the app, installed once by the shell: when a modal dialog
 * appears (role="dialog" with aria-modal, or inside a dialog backdrop) focus moves into it unless
 * it is there already, Tab and Shift+Tab cycle inside the topmost one, focus that lands outside it
 * is brought back, and when it goes focus returns to the element that had it before. Dialogs
 * need nothing of their own for this, whichever feature draws them.
 */
import { useEffect } from 'react';

/** What counts as a modal dialog. */
export const modalSelector = '[role="dialog"][aria-modal="true"], .dialog-backdrop [role="dialog"], .palette-backdrop [role="dialog"]';

const focusableSelector = [
  'a[href]',
  'button:not([disabled])',
  'input:not([disabled]):not([type="hidden"])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]:not([tabindex="-1"])',
  '[contenteditable="true"]',
].join(',');

/** The index Tab (or Shift+Tab, `back`) moves to among `count` focusable elements from `index` (-1: none of them), wrapping. */
export function nextFocusIndex(count: number, index: number, back: boolean): number {
  if (count === 0) return -1;
  if (index < 0) return back ? count - 1 : 0;
  return back ? (index - 1 + count) % count : (index + 1) % count;
}

function focusables(root: Element): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(focusableSelector)].filter((e) => e.getClientRects().length > 0 && !e.closest('[inert]'));
}

function focusInto(dialog: HTMLElement): void {
  if (dialog.contains(document.activeElement)) return;
  const first = dialog.querySelector<HTMLElement>('[autofocus]') ?? focusables(dialog)[0];
  if (first) first.focus();
  else {
    if (!dialog.hasAttribute('tabindex')) dialog.tabIndex = -1;
    dialog.focus();
  }
}

/** Installs the focus rules on the document while the shell is mounted. */
export function useModalFocus(): void {
  useEffect(() => {
    const stack: { dialog: HTMLElement; opener: HTMLElement | undefined }[] = [];
    let lastOutside: HTMLElement | undefined;
    const inDialog = (el: Element | null) => !!el?.closest(modalSelector);
    const top = () => stack[stack.length - 1]?.dialog;

    const sync = () => {
      const open = [...document.querySelectorAll<HTMLElement>(modalSelector)];
      for (let i = stack.length - 1; i >= 0; i--) {
        const entry = stack[i];
        if (!entry || open.includes(entry.dialog)) continue;
        stack.splice(i, 1);
        const active = document.activeElement;
        const focusLost = !active || active === document.body || !active.isConnected || entry.dialog.contains(active);
        if (focusLost && entry.opener?.isConnected) entry.opener.focus();
      }
      for (const dialog of open)
        if (!stack.some((s) => s.dialog === dialog)) {
          stack.push({ dialog, opener: lastOutside });
          focusInto(dialog);
        }
    };
    const onFocusIn = (e: FocusEvent) => {
      const target = e.target as HTMLElement;
      if (!inDialog(target)) lastOutside = target;
      const dialog = top();
      if (dialog && !dialog.contains(target)) focusInto(dialog);
    };
    const onKeyDown = (e: KeyboardEvent) => {
      const dialog = top();
      if (e.key !== 'Tab' || !dialog) return;
      const items = focusables(dialog);
      const index = items.indexOf(document.activeElement as HTMLElement);
      const next = nextFocusIndex(items.length, index, e.shiftKey);
      // let the browser move inside the dialog; step in only at its edges (and when focus is outside it)
      if (index >= 0 && next === index + (e.shiftKey ? -1 : 1)) return;
      e.preventDefault();
      items[next]?.focus();
    };
    const observer = new MutationObserver(sync);
    observer.observe(document.body, { childList: true, subtree: true });
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('keydown', onKeyDown, true);
    lastOutside = document.activeElement instanceof HTMLElement ? document.activeElement : undefined;
    sync();
    return () => {
      observer.disconnect();
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('keydown', onKeyDown, true);
    };
  }, []);
}
