// SPDX-License-Identifier: Apache-2.0
/**
 * Log lines in the renderer: a bounded buffer (the oldest lines go first, counted so the view can
 * say so), ordering by the kubelet's time stamps, and the merge of several containers' lines in
 * time order for the "all replicas" view.
 */

/** A line as the view holds it; `source` indexes the stream it came from (merged views). */
export interface ViewLine {
  time: string;
  text: string;
  source?: number;
  /** {@link timeKey} of `time`, computed once. */
  key?: string;
}

/** The most lines the renderer keeps for one view. */
export const maxViewLines = 100_000;

/**
 * A sortable key of an RFC 3339 stamp: `2026-01-01T00:00:01.5Z` and `…:01Z` compare correctly as
 * strings once the fraction is padded to nanoseconds. Offsets other than Z go through Date.
 */
export function timeKey(time: string): string {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(time);
  if (m) return `${m[1]}.${(m[2] ?? '').padEnd(9, '0')}`;
  const ms = Date.parse(time);
  if (!Number.isFinite(ms)) return '';
  const iso = new Date(ms).toISOString(); // loses digits past milliseconds
  return `${iso.slice(0, 19)}.${iso.slice(20, 23)}000000`;
}

/** Appends lines to a buffer, dropping the oldest beyond `max`; returns how many were dropped. */
export function appendBounded<T>(buffer: T[], lines: readonly T[], max = maxViewLines): number {
  if (lines.length >= max) {
    const dropped = buffer.length + lines.length - max;
    buffer.length = 0;
    for (let i = lines.length - max; i < lines.length; i++) buffer.push(lines[i] as T);
    return dropped;
  }
  for (const l of lines) buffer.push(l);
  const over = buffer.length - max;
  if (over > 0) buffer.splice(0, over);
  return Math.max(0, over);
}

/**
 * Merges streams, each already in time order, into one in time order (stable: equal stamps
 * keep the order of the streams, then of the lines). Each line gets its stream's index.
 */
export function mergeByTime(streams: readonly (readonly ViewLine[])[]): ViewLine[] {
  const keys = streams.map((s) => s.map((l) => l.key ?? timeKey(l.time)));
  const at = streams.map(() => 0);
  const total = streams.reduce((n, s) => n + s.length, 0);
  const out: ViewLine[] = new Array<ViewLine>(total);
  for (let n = 0; n < total; n++) {
    let best = -1;
    let bestKey = '';
    for (let s = 0; s < streams.length; s++) {
      const i = at[s] as number;
      if (i >= (streams[s] as unknown[]).length) continue;
      const k = (keys[s] as string[])[i] as string;
      if (best < 0 || k < bestKey) {
        best = s;
        bestKey = k;
      }
    }
    const line = (streams[best] as ViewLine[])[at[best] as number] as ViewLine;
    out[n] = { time: line.time, text: line.text, source: best, key: bestKey };
    at[best] = (at[best] as number) + 1;
  }
  return out;
}
