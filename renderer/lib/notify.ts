// SPDX-License-Identifier: Apache-2.0
/** Notifications: short messages in the corner, kept in a small history. */
import { create } from 'zustand';
import { errorHint } from '../../shared/error-hints';
import { AppError } from '../../shared/errors';

/** One notification. */
export interface Notice {
  id: number;
  level: 'info' | 'success' | 'warning' | 'error';
  title: string;
  message?: string;
  at: number;
}

interface NoticeState {
  visible: Notice[];
  history: Notice[];
  push(n: Omit<Notice, 'id' | 'at'>): void;
  dismiss(id: number): void;
}

let seq = 0;

/** The notifications store. */
export const useNotices = create<NoticeState>((set, get) => ({
  visible: [],
  history: [],
  push(n) {
    const notice: Notice = { ...n, id: ++seq, at: Date.now() };
    set({ visible: [...get().visible.slice(-4), notice], history: [notice, ...get().history].slice(0, 100) });
    if (n.level !== 'error') setTimeout(() => get().dismiss(notice.id), 6000);
  },
  dismiss(id) {
    set({ visible: get().visible.filter((v) => v.id !== id) });
  },
}));

/** Shows a notification. */
export function notify(level: Notice['level'], title: string, message?: string): void {
  useNotices.getState().push(message === undefined ? { level, title } : { level, title, message });
}

/** A sentence for any error, with the hint its code (and the service that refused it) calls for. */
export function describeError(e: unknown): { title: string; message: string } {
  if (e instanceof AppError) return { title: e.message, message: [errorHint(e), e.detail].filter(Boolean).join(' ') };
  return { title: 'Unexpected error', message: e instanceof Error ? e.message : String(e) };
}

/** Shows an error as a notification. */
export function notifyError(e: unknown): void {
  const d = describeError(e);
  notify('error', d.title, d.message);
}
