// SPDX-License-Identifier: Apache-2.0
/** Formatting for the registry pages: times, metric values, sizes. */

/** A time (ms since epoch) as a local date and time; only the time when it is today. */
export function when(ms: number | undefined): string {
  if (!ms) return '—';
  const d = new Date(ms);
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
}

/** A metric value: up to 6 significant digits, NaN and infinities as words. */
export function metric(v: number | undefined): string {
  if (v === undefined) return '—';
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? '∞' : '−∞';
  if (Number.isInteger(v)) return String(v);
  return Number(v.toPrecision(6)).toString();
}

/** A file size. */
export function size(n: number | undefined): string {
  if (n === undefined) return '';
  if (n >= 2 ** 30) return `${(n / 2 ** 30).toFixed(1)} GiB`;
  if (n >= 2 ** 20) return `${(n / 2 ** 20).toFixed(1)} MiB`;
  if (n >= 2 ** 10) return `${(n / 2 ** 10).toFixed(1)} KiB`;
  return `${n} B`;
}

/** A duration between two times, e.g. "4 min 10 s". */
export function duration(from: number | undefined, to: number | undefined): string {
  if (!from || !to || to < from) return '—';
  const s = Math.round((to - from) / 1000);
  if (s < 120) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}
