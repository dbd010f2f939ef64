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

/** One stream of an incremental merge: its bounded buffer and how many lines it ever received. */
export interface MergeStream {
  /** The newest lines, oldest first (the same array while the stream lives). */
  lines: readonly ViewLine[];
  /** Lines appended to `lines` since it began (dropped ones included). */
  total: number;
}

/** What {@link mergeMore} carries from one call to the next. */
export interface MergeState {
  /** The merged lines (the same array from call to call while merging incrementally). */
  lines: ViewLine[];
  /** The stream arrays merged, to notice a stream that started over. */
  arrays: (readonly ViewLine[])[];
  /** Per stream, its `total` when last merged. */
  seen: number[];
  /** Per stream, how many of its lines `lines` holds. */
  held: number[];
  /** Whether the last call merged everything again (for tests and diagnostics). */
  full: boolean;
  /** Some stream was out of time order when merged: only a full merge gives the same result then. */
  unsorted: boolean;
}

const keyOf = (l: ViewLine) => l.key ?? timeKey(l.time);

const inOrder = (lines: readonly ViewLine[]) => {
  for (let i = 1; i < lines.length; i++) if (keyOf(lines[i] as ViewLine) < keyOf(lines[i - 1] as ViewLine)) return false;
  return true;
};

function fullMerge(streams: readonly MergeStream[]): MergeState {
  return {
    unsorted: !streams.every((s) => inOrder(s.lines)),
    lines: mergeByTime(streams.map((s) => s.lines)),
    arrays: streams.map((s) => s.lines),
    seen: streams.map((s) => s.total),
    held: streams.map((s) => s.lines.length),
    full: true,
  };
}

/**
 * {@link mergeByTime} of the streams, reusing the previous result: only the lines that arrived
 * since are merged and appended, and the lines the streams dropped are removed, when every new
 * line sorts after the last merged one (so the result equals a full merge of streams in time
 * order). Otherwise (a late line, a stream out of time order, a stream that started over or
 * dropped lines never merged) it merges all.
 */
export function mergeMore(prev: MergeState | undefined, streams: readonly MergeStream[]): MergeState {
  if (!prev || prev.unsorted || prev.arrays.length !== streams.length) return fullMerge(streams);
  const last = prev.lines[prev.lines.length - 1];
  const lastKey = last ? keyOf(last) : '';
  const lastSource = last?.source ?? -1;
  const fresh: ViewLine[][] = [];
  for (let s = 0; s < streams.length; s++) {
    const st = streams[s] as MergeStream;
    const n = st.total - (prev.seen[s] as number);
    if (st.lines !== prev.arrays[s] || n < 0 || n > st.lines.length) return fullMerge(streams);
    const slice = st.lines.slice(st.lines.length - n) as ViewLine[];
    let before = lastKey;
    let beforeSource = lastSource;
    for (const l of slice) {
      const k = keyOf(l);
      // older than what precedes it, or equal but from an earlier stream: a full merge orders it elsewhere
      if (k < before || (k === before && s < beforeSource)) return fullMerge(streams);
      before = k;
      beforeSource = s;
    }
    fresh.push(slice);
  }
  const out = prev.lines;
  const added = mergeByTime(fresh);
  for (const l of added) out.push(l);
  const held = prev.held.map((h, s) => h + (fresh[s] as ViewLine[]).length);
  // lines the streams dropped are their oldest: the first ones of that source in the merged lines
  const excess = held.map((h, s) => h - (streams[s] as MergeStream).lines.length);
  let toDrop = excess.reduce((a, b) => a + Math.max(0, b), 0);
  if (toDrop > 0) {
    const left = excess.slice();
    const kept: ViewLine[] = [];
    let i = 0;
    for (; i < out.length && toDrop > 0; i++) {
      const l = out[i] as ViewLine;
      const src = l.source as number;
      if ((left[src] as number) > 0) {
        left[src] = (left[src] as number) - 1;
        toDrop--;
      } else kept.push(l);
    }
    out.splice(0, i, ...kept);
    for (let s = 0; s < held.length; s++) held[s] = (streams[s] as MergeStream).lines.length;
  }
  return { lines: out, arrays: prev.arrays, seen: streams.map((s) => s.total), held, full: false, unsorted: false };
}
