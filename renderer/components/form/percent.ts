// SPDX-License-Identifier: Apache-2.0
/** A percentage typed by the user, as a whole number from 0 to 100. */

/** `text` rounded and held to 0–100; anything that is not a number is 0. */
export function clampPercent(text: string): number {
  return Math.max(0, Math.min(100, Math.round(Number(text) || 0)));
}
