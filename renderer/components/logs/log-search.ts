// SPDX-License-Identifier: Apache-2.0
/** Finding text in log lines (plain text, escape sequences removed) and marking the hits. */

/** One hit: a line and a range of its plain text. */
export interface LogMatch {
  line: number;
  start: number;
  end: number;
}

/** Every hit of `query` in the lines, case-insensitive unless the query has capitals. Bounded by `max`. */
export function findMatches(plain: readonly string[], query: string, max = 100_000): LogMatch[] {
  if (!query) return [];
  const sensitive = query !== query.toLowerCase();
  const q = sensitive ? query : query.toLowerCase();
  const out: LogMatch[] = [];
  for (let line = 0; line < plain.length && out.length < max; line++) {
    const text = sensitive ? (plain[line] as string) : (plain[line] as string).toLowerCase();
    let i = text.indexOf(q);
    while (i >= 0 && out.length < max) {
      out.push({ line, start: i, end: i + q.length });
      i = text.indexOf(q, i + q.length);
    }
  }
  return out;
}

/** A piece of a styled segment, marked when inside a hit (`current` for the selected one). */
export interface MarkedPiece<S> {
  text: string;
  style: S;
  mark: 'none' | 'hit' | 'current';
}

/**
 * Cuts styled segments at the hit ranges of one line.
 * @param ranges - the line's hits in order, with whether each is the selected one
 */
export function markSegments<S>(
  segments: readonly { text: string; style: S }[],
  ranges: readonly { start: number; end: number; current: boolean }[],
): MarkedPiece<S>[] {
  if (!ranges.length) return segments.map((s) => ({ text: s.text, style: s.style, mark: 'none' }));
  const out: MarkedPiece<S>[] = [];
  let pos = 0;
  for (const seg of segments) {
    const segEnd = pos + seg.text.length;
    let cut = pos;
    while (cut < segEnd) {
      const r = ranges.find((x) => x.end > cut && x.start < segEnd);
      if (!r || r.start >= segEnd) {
        out.push({ text: seg.text.slice(cut - pos), style: seg.style, mark: 'none' });
        cut = segEnd;
        break;
      }
      if (r.start > cut) {
        out.push({ text: seg.text.slice(cut - pos, r.start - pos), style: seg.style, mark: 'none' });
        cut = r.start;
      }
      const end = Math.min(r.end, segEnd);
      out.push({ text: seg.text.slice(cut - pos, end - pos), style: seg.style, mark: r.current ? 'current' : 'hit' });
      cut = end;
    }
    pos = segEnd;
  }
  return out;
}

/** What {@link searchMore} carries from one call to the next. */
export interface SearchState<T> {
  query: string;
  /** The array searched (lines are appended to it in place; the same array while it lives). */
  lines: readonly T[];
  /** How many of its lines were searched, and the last of them. */
  count: number;
  last: T | undefined;
  /** The caller's count of lines dropped from the front of `lines`, when searched. */
  frontDropped: number;
  matches: LogMatch[];
  /** The hits reached the bound: later lines were not searched. */
  capped: boolean;
  /** Whether the last call searched every line again (for tests and diagnostics). */
  full: boolean;
}

/**
 * {@link findMatches} over the lines, reusing the previous result: when the query and the array are
 * the same and the lines searched before are still there (possibly shifted by `frontDropped` lines
 * dropped from the front since), only the lines after them are searched and their hits appended.
 * Otherwise (a new query, a new array, lines gone that `frontDropped` does not account for, or the
 * hits at their bound) it searches all of them.
 * @param frontDropped - how many lines the caller dropped from the front of `lines` so far (monotone)
 */
export function searchMore<T>(
  prev: SearchState<T> | undefined,
  lines: readonly T[],
  plainOf: (l: T) => string,
  query: string,
  frontDropped = 0,
  max = 100_000,
): SearchState<T> {
  const full = (): SearchState<T> => {
    const matches = findMatches(lines.map(plainOf), query, max);
    return { query, lines, count: lines.length, last: lines[lines.length - 1], frontDropped, matches, capped: matches.length >= max, full: true };
  };
  if (!query) return { query, lines, count: lines.length, last: lines[lines.length - 1], frontDropped, matches: [], capped: false, full: false };
  if (!prev || prev.query !== query || prev.lines !== lines || prev.capped) return full();
  const shift = frontDropped - prev.frontDropped;
  if (shift < 0) return full();
  const keep = prev.count - shift;
  if (keep > lines.length || (keep > 0 && lines[keep - 1] !== prev.last)) return full();
  let matches = prev.matches;
  if (shift > 0) {
    let cut = 0;
    while (cut < matches.length && (matches[cut] as LogMatch).line < shift) cut++;
    matches = matches.slice(cut).map((m) => ({ line: m.line - shift, start: m.start, end: m.end }));
  }
  const from = Math.max(0, keep);
  const more = findMatches(lines.slice(from).map(plainOf), query, max - matches.length);
  // prev is the caller's previous state, replaced by this one: its hits are extended in place
  for (const m of more) matches.push({ line: m.line + from, start: m.start, end: m.end });
  return { query, lines, count: lines.length, last: lines[lines.length - 1], frontDropped, matches, capped: matches.length >= max, full: false };
}
