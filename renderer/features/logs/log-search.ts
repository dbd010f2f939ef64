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
