// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the time-series chart's pure parts: smoothing, aligning series, the view of a window, axis numbers, theme colours. */
import { describe, expect, it } from 'vitest';
import { alignSeries } from './align';
import { withAlpha } from './chart-theme';
import { seriesView, xExtent } from './series-view';
import { emaSmooth } from './smoothing';
import { axisNumber, axisNumbers } from './uplot-options';

const f = (xs: number[]) => Float64Array.from(xs);

describe('emaSmooth', () => {
  it('is the series itself at weight 0', () => {
    const y = f([1, 2, 3]);
    expect(emaSmooth(y, 0)).toBe(y);
  });
  it('is debiased: a constant series stays constant, and the first point is itself', () => {
    expect(Array.from(emaSmooth(f([4, 4, 4, 4]), 0.9)).map((v) => +v.toFixed(12))).toEqual([4, 4, 4, 4]);
    expect(emaSmooth(f([7, 0]), 0.6)[0]).toBeCloseTo(7, 12);
  });
  it('follows the EMA recurrence and keeps NaN without moving the average', () => {
    const out = emaSmooth(f([0, 10, NaN, 10]), 0.5);
    // last: 0 → 5 → (NaN skipped) → 7.5; debias 1-0.5^n: 0.5, 0.75, 0.875
    expect(out[0]).toBeCloseTo(0, 12);
    expect(out[1]).toBeCloseTo(5 / 0.75, 12);
    expect(Number.isNaN(out[2] as number)).toBe(true);
    expect(out[3]).toBeCloseTo(7.5 / 0.875, 12);
  });
  it('refuses a weight outside [0, 1)', () => {
    expect(() => emaSmooth(f([1]), 1)).toThrow(/\[0, 1\)/);
    expect(() => emaSmooth(f([1]), -0.1)).toThrow(/\[0, 1\)/);
  });
});

describe('alignSeries', () => {
  it('puts series with different x on their union, null where a series has no point', () => {
    const a = alignSeries([
      { x: f([0, 2, 4]), y: f([1, 2, 3]) },
      { x: f([1, 2, 3]), y: f([10, 20, NaN]) },
    ]);
    expect(Array.from(a.x)).toEqual([0, 1, 2, 3, 4]);
    expect(a.ys[0]).toEqual([1, null, 2, null, 3]);
    expect(a.ys[1]).toEqual([null, 10, 20, null, null]);
  });
  it('leaves out the values `keep` refuses (values ≤ 0 on a log axis)', () => {
    const a = alignSeries([{ x: f([0, 1, 2]), y: f([-1, 0, 5]) }], (v) => v > 0);
    expect(a.ys[0]).toEqual([null, null, 5]);
  });
});

describe('seriesView', () => {
  const long = (n: number, phase: number) => ({
    x: Float64Array.from({ length: n }, (_, i) => i),
    y: Float64Array.from({ length: n }, (_, i) => Math.sin(i / 97 + phase)),
  });
  it('draws 10 × 100,000 points as a few thousand per series, sampled, with every series in the data', () => {
    const lines = Array.from({ length: 10 }, (_, k) => long(100_000, k));
    const v = seriesView(lines, [0, 99_999], 1000, false);
    expect(v.sampled).toBe(true);
    expect(v.inWindow).toBe(1_000_000);
    expect(v.drawn).toBeLessThanOrEqual(10 * 2002);
    expect(v.data.length).toBe(11);
    expect(v.data[0].length).toBeLessThanOrEqual(v.drawn);
  });
  it('is not sampled when the window has no more points than pixels can show', () => {
    const v = seriesView([long(100_000, 0)], [1000, 1400], 1000, false);
    expect(v.sampled).toBe(false);
    expect(v.drawn).toBe(403);
  });
  it('counts values ≤ 0 left out on a log axis', () => {
    const v = seriesView([{ x: f([0, 1, 2]), y: f([-1, 0, 5]) }], [0, 2], 100, true);
    expect(v.nonPositive).toBe(2);
    expect(v.data[1]).toEqual([null, null, 5]);
  });
  it('knows the x extent of the lines', () => {
    expect(
      xExtent([
        { x: f([3, 9]), y: f([0, 0]) },
        { x: f([-2, 4]), y: f([0, 0]) },
        { x: f([]), y: f([]) },
      ]),
    ).toEqual([-2, 9]);
    expect(xExtent([{ x: f([]), y: f([]) }])).toBeUndefined();
  });
});

describe('axis numbers and colours', () => {
  it('writes axis numbers short', () => {
    expect(axisNumber(0)).toBe('0');
    expect(axisNumber(250)).toBe('250');
    expect(axisNumber(12_500)).toBe('12.5k');
    expect(axisNumber(3_000_000)).toBe('3M');
    expect(axisNumber(0.123456)).toBe('0.123');
    expect(axisNumber(0.00005)).toBe('5.0e-5');
  });
  it('gives zoomed-in ticks enough digits to tell them apart', () => {
    expect(axisNumbers([40_000, 40_050, 40_100, 40_150])).toEqual(['40k', '40.05k', '40.1k', '40.15k']);
    expect(axisNumbers([0, 5000, 10_000])).toEqual(['0', '5000', '10k']);
    expect(axisNumbers([0.1, 0.10005, null])).toEqual(['0.1', '0.1001', '']);
  });
  it('makes a faint copy of a hex colour', () => {
    expect(withAlpha('#2f6fed', 0.25)).toBe('rgba(47, 111, 237, 0.25)');
    expect(withAlpha('#fff', 1)).toBe('rgba(255, 255, 255, 1)');
    expect(withAlpha('rebeccapurple', 0.5)).toBe('rebeccapurple');
  });
});
