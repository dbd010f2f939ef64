// SPDX-License-Identifier: Apache-2.0
/** A time from the cluster as the user's locale writes it, for detail pages. */

/** `iso` as a local date and time; '—' when absent, the text itself when it is not a date. */
export function dateTime(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}
