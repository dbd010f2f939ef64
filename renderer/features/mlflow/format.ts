// SPDX-License-Identifier: Apache-2.0
/** Times as the MLflow pages show them (today: the time only). */

/** A time (ms since the epoch) in the user's locale; today's without the date. */
export function formatDateTime(ms: number): string {
  const d = new Date(ms);
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
}

/** A size in bytes in words (B, KiB, MiB, GiB). */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(v < 10 ? 1 : 0)} ${units[i]}`;
}
