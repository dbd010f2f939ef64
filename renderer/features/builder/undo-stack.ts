// SPDX-License-Identifier: Apache-2.0
/**
 * The builder's undo history: the present graph with the states before it and the undone ones
 * after it, immutable (the graphs share their unchanged parts, so keeping many is cheap) and
 * bounded so a long session does not grow without end.
 */

/** A value with its history. */
export interface History<T> {
  past: T[];
  present: T;
  future: T[];
}

/** How many earlier states are kept. */
export const historyLimit = 200;

/** A history holding only `present`. */
export function startHistory<T>(present: T): History<T> {
  return { past: [], present, future: [] };
}

/** `next` becomes the present; what was undone is forgotten. The same value changes nothing. */
export function pushState<T>(h: History<T>, next: T, limit = historyLimit): History<T> {
  if (Object.is(next, h.present)) return h;
  const past = [...h.past, h.present];
  return { past: past.length > limit ? past.slice(past.length - limit) : past, present: next, future: [] };
}

/** Back one step (unchanged when there is nothing to undo). */
export function undo<T>(h: History<T>): History<T> {
  const prev = h.past[h.past.length - 1];
  if (h.past.length === 0) return h;
  return { past: h.past.slice(0, -1), present: prev as T, future: [h.present, ...h.future] };
}

/** Forward one step (unchanged when there is nothing to redo). */
export function redo<T>(h: History<T>): History<T> {
  if (h.future.length === 0) return h;
  const [next, ...rest] = h.future;
  return { past: [...h.past, h.present], present: next as T, future: rest };
}
