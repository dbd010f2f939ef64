// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { appendBounded, mergeByTime, mergeMore, timeKey, type MergeState, type ViewLine } from './log-lines';
import { findMatches, markSegments, searchMore, type SearchState } from './log-search';

describe('log lines in the renderer', () => {
  it('orders stamps with and without fractions', () => {
    expect(timeKey('2026-01-01T00:00:01.5Z') > timeKey('2026-01-01T00:00:01Z')).toBe(true);
    expect(timeKey('2026-01-01T00:00:01.000000002Z') > timeKey('2026-01-01T00:00:01.000000001Z')).toBe(true);
    expect(timeKey('2026-01-01T02:00:01+02:00')).toBe(timeKey('2026-01-01T00:00:01Z'));
  });
  it('merges replicas in time order, stable on equal stamps, naming the source', () => {
    const a = [
      { time: '2026-01-01T00:00:01Z', text: 'a1' },
      { time: '2026-01-01T00:00:03Z', text: 'a3' },
    ];
    const b = [
      { time: '2026-01-01T00:00:01Z', text: 'b1' },
      { time: '2026-01-01T00:00:02.5Z', text: 'b2' },
      { time: '2026-01-01T00:00:04Z', text: 'b4' },
    ];
    expect(mergeByTime([a, b]).map((l) => `${l.source}:${l.text}`)).toEqual(['0:a1', '1:b1', '1:b2', '0:a3', '1:b4']);
    expect(mergeByTime([])).toEqual([]);
  });
  it('keeps at most the newest lines and counts the dropped', () => {
    const buf = [1, 2, 3];
    expect(appendBounded(buf, [4, 5], 4)).toBe(1);
    expect(buf).toEqual([2, 3, 4, 5]);
    expect(appendBounded(buf, [6, 7, 8, 9, 10], 4)).toBe(5);
    expect(buf).toEqual([7, 8, 9, 10]);
    expect(appendBounded(buf, [], 4)).toBe(0);
  });
});

describe('search in logs', () => {
  it('finds every hit, case-insensitive unless the query has capitals', () => {
    expect(findMatches(['Loss loss', 'none', 'LOSS'], 'loss')).toEqual([
      { line: 0, start: 0, end: 4 },
      { line: 0, start: 5, end: 9 },
      { line: 2, start: 0, end: 4 },
    ]);
    expect(findMatches(['Loss loss'], 'Loss')).toEqual([{ line: 0, start: 0, end: 4 }]);
    expect(findMatches(['x'], '')).toEqual([]);
  });
  it('marks hits across styled segments', () => {
    const segs = [
      { text: 'ERROR ', style: 'red' },
      { text: 'disk full', style: 'plain' },
    ];
    expect(markSegments(segs, [{ start: 4, end: 10, current: true }])).toEqual([
      { text: 'ERRO', style: 'red', mark: 'none' },
      { text: 'R ', style: 'red', mark: 'current' },
      { text: 'disk', style: 'plain', mark: 'current' },
      { text: ' full', style: 'plain', mark: 'none' },
    ]);
    expect(markSegments(segs, [])).toHaveLength(2);
  });
});

/** A small deterministic random source (tests must be repeatable). */
function rand(seed: number) {
  let x = seed >>> 0 || 1;
  return (n: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % n;
  };
}
const stamp = (s: number) => `2026-01-01T00:${String(Math.floor(s / 60) % 60).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}Z`;
const plain = (l: ViewLine) => l.text;

describe('incremental merge of replicas', () => {
  it('equals a full merge after every batch, on random streams with drops and late lines', () => {
    let fulls = 0;
    let steps = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const r = rand(seed);
      const n = 1 + r(4);
      const max = 5 + r(30);
      const streams = Array.from({ length: n }, () => ({ lines: [] as ViewLine[], total: 0 }));
      let clock = 0;
      let state: MergeState | undefined;
      for (let step = 0; step < 60; step++) {
        // one wall clock for every replica; sometimes equal stamps; rarely a late line
        clock += r(3);
        for (const st of streams) {
          const k = r(4);
          const batch: ViewLine[] = [];
          for (let i = 0; i < k; i++) {
            const time = stamp(r(150) === 0 ? Math.max(0, clock - 5) : clock);
            batch.push({ time, text: `${time} #${st.total + i}`, key: timeKey(time) });
          }
          appendBounded(st.lines, batch, max);
          st.total += k;
        }
        // a stream that starts over (a re-tail) now and then
        if (r(40) === 0) {
          const st = streams[r(n)] as (typeof streams)[number];
          st.lines = [];
          st.total = 0;
        }
        state = mergeMore(state, streams);
        steps++;
        if (state.full) fulls++;
        expect(state.lines).toEqual(mergeByTime(streams.map((s) => s.lines)));
      }
    }
    // the point of it: most batches do not merge everything again
    expect(fulls).toBeLessThan(steps / 2);
  });
  it('merges only the new lines when they come in order', () => {
    const a: ViewLine[] = [{ time: stamp(1), text: 'a1' }];
    const b: ViewLine[] = [{ time: stamp(2), text: 'b2' }];
    const s1 = mergeMore(undefined, [
      { lines: a, total: 1 },
      { lines: b, total: 1 },
    ]);
    const before = s1.lines[0];
    a.push({ time: stamp(3), text: 'a3' });
    const s2 = mergeMore(s1, [
      { lines: a, total: 2 },
      { lines: b, total: 1 },
    ]);
    expect(s2.full).toBe(false);
    expect(s2.lines[0]).toBe(before); // not copied again
    expect(s2.lines.map((l) => l.text)).toEqual(['a1', 'b2', 'a3']);
    b.push({ time: stamp(1), text: 'b1-late' });
    const s3 = mergeMore(s2, [
      { lines: a, total: 2 },
      { lines: b, total: 2 },
    ]);
    expect(s3.full).toBe(true);
    expect(s3.lines.map((l) => l.text)).toEqual(mergeByTime([a, b]).map((l) => l.text));
  });
});

describe('incremental search', () => {
  it('equals a full search after every batch, on random lines with front drops', () => {
    let fulls = 0;
    let steps = 0;
    const words = ['loss', 'Loss', 'acc', 'step', 'lo', 'x'];
    for (let seed = 1; seed <= 40; seed++) {
      const r = rand(seed * 7);
      const max = 10 + r(50);
      let lines: ViewLine[] = [];
      let dropped = 0;
      let query = words[r(words.length)] as string;
      let state: SearchState<ViewLine> | undefined;
      let n = 0;
      for (let step = 0; step < 60; step++) {
        const batch: ViewLine[] = [];
        for (let i = r(6); i > 0; i--) batch.push({ time: stamp(n), text: `${n++} ${words[r(words.length)]} ${words[r(words.length)]}` });
        dropped += appendBounded(lines, batch, max);
        if (r(15) === 0) query = words[r(words.length)] as string;
        if (r(40) === 0) {
          lines = [];
          dropped = 0;
        }
        // some callers cannot tell the front drops: then it must notice by itself
        const tells = seed % 2 === 0;
        state = searchMore(state, lines, plain, query, tells ? dropped : 0);
        steps++;
        if (state.full) fulls++;
        expect(state.matches).toEqual(findMatches(lines.map(plain), query));
      }
    }
    expect(fulls).toBeLessThan(steps / 2);
  });
  it('searches only the lines that arrived', () => {
    const lines: ViewLine[] = [{ time: stamp(0), text: 'loss 1' }];
    const seen: string[] = [];
    const spy = (l: ViewLine) => (seen.push(l.text), l.text);
    const s1 = searchMore(undefined, lines, spy, 'loss');
    lines.push({ time: stamp(1), text: 'loss 2' });
    const s2 = searchMore(s1, lines, spy, 'loss');
    expect(seen).toEqual(['loss 1', 'loss 2']);
    expect(s2.matches).toEqual([
      { line: 0, start: 0, end: 4 },
      { line: 1, start: 0, end: 4 },
    ]);
    // a new term searches everything again
    searchMore(s2, lines, spy, '2');
    expect(seen).toEqual(['loss 1', 'loss 2', 'loss 1', 'loss 2']);
  });
  it('bounds the hits and then searches everything again', () => {
    const lines: ViewLine[] = [{ time: stamp(0), text: 'a a a' }];
    const s1 = searchMore(undefined, lines, plain, 'a', 0, 2);
    expect(s1.matches).toHaveLength(2);
    lines.push({ time: stamp(1), text: 'a' });
    expect(searchMore(s1, lines, plain, 'a', 0, 2).matches).toEqual(findMatches(lines.map(plain), 'a', 2));
  });
});
