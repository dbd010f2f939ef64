// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { appendBounded, mergeByTime, timeKey } from './log-lines';
import { findMatches, markSegments } from './log-search';

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
