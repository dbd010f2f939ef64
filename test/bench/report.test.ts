// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { chart, failed, line, median, meets, p95, pagedListResults, slope } from './report';

describe('benchmark report', () => {
  const ok = { id: 'B1', what: 'first rows', ratio: 0.21, goal: { op: '<=' as const, target: 0.3 }, details: {} };
  const miss = { id: 'B4', what: 'write rate', ratio: 0.31, goal: { op: '>=' as const, target: 0.5 }, details: {} };
  it('prints the agreed line', () => {
    expect(line(ok)).toBe('B1 first-rows 0.210x goal <=0.3x ok');
    expect(line(miss)).toBe('B4 write-rate 0.310x goal >=0.5x miss');
    expect(meets(ok)).toBe(true);
    expect(meets(miss)).toBe(false);
  });
  it('prints a failed workload as a miss with its error, and charts it', () => {
    const r = failed({ id: 'B2', what: 'watch rate', goal: { op: '>=', target: 0.8 } }, new Error('raw watch refused\n  at x'));
    expect(line(r)).toBe('B2 watch-rate failed goal >=0.8x miss: raw watch refused');
    expect(meets(r)).toBe(false);
    expect(chart([r])).toContain('failed: raw watch refused');
  });
  it('takes medians and draws one bar per result', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(p95(Array.from({ length: 20 }, (_, i) => 20 - i))).toBe(19);
    expect(p95([7])).toBe(7);
    expect(p95([])).toBeNaN();
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(
      slope([
        { x: 0, y: 10 },
        { x: 1, y: 12 },
        { x: 2, y: 14 },
        { x: 3, y: 16 },
      ]),
    ).toBeCloseTo(2);
    expect(
      slope([
        { x: 0, y: 5 },
        { x: 10, y: 5 },
      ]),
    ).toBe(0);
    expect(() => slope([{ x: 1, y: 1 }])).toThrow(/two samples/);
    const svg = chart([ok, miss]);
    expect(svg.match(/<rect x=/g)).toHaveLength(2);
    // every goal operator is escaped, so the SVG is well-formed XML
    expect(svg).toContain('goal &lt;=0.3×');
    expect(svg).not.toMatch(/<=|>=/);
  });

  it('makes B9’s three lines of a paged list: first page, whole list, calls per page', () => {
    const r = pagedListResults(
      { first: 'first', whole: 'whole', calls: 'calls' },
      { firstMl: [30, 10, 20], firstRest: [20, 20, 20], allMl: [100], allRest: [200] },
      [3, 1, 2],
      { runs: 50 },
    );
    expect(r.map((x) => [x.id, x.what, x.ratio, x.goal])).toEqual([
      ['B9', 'first', 1, { op: '<=', target: 1.3 }],
      ['B9', 'whole', 0.5, { op: '<=', target: 1.3 }],
      ['B9', 'calls', 1, { op: '<=', target: 1 }],
    ]);
    expect(r[0]?.details).toEqual({ runs: 50, mldeckMs: 20, restMs: 20 });
    expect(r[2]?.details).toEqual({ runs: 50, maxCallsPerPage: 3, pagesRead: 3, callsOnColdFirstPage: 3 });
  });
});
