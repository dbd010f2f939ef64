// SPDX-License-Identifier: Apache-2.0
/**
 * When to read a run again: soon after a change, backing off while nothing changes (2 s doubling
 * to 30 s), faster again after a failure is over; never once the run is done. Pure.
 */

/** The first and the longest wait. */
export const refreshBounds = { firstMs: 2_000, maxMs: 30_000 };

/**
 * The wait before the next read.
 * @param previousMs - the last wait (0 for the first)
 * @param changed - whether the last read changed anything
 * @param active - whether the run can still change
 * @returns the wait in ms, or undefined to stop
 */
export function nextRefresh(previousMs: number, changed: boolean, active: boolean): number | undefined {
  if (!active) return undefined;
  if (changed || previousMs === 0) return refreshBounds.firstMs;
  return Math.min(refreshBounds.maxMs, Math.round(previousMs * 2));
}
