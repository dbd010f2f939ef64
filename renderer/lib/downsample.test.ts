// SPDX-License-Identifier: Apache-2.0
/** Unit tests of min/max-per-pixel downsampling: extremes survive, order, windows, NaN, unsorted input. */
import { describe, expect, it } from 'vitest';
import { downsampleWindow, lowerBound, minMaxPerPixel, sortedByX, upperBound, windowRange, type XY } from './downsample';

/** A noisy series of n points at steps 0..n-1 (deterministic). */
function series(n: number): XY {
  const x = Float64Array.from({ length: n }, (_, i) => i);
  const y = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 500) + 0.1 * Math.sin(i * 12.9898));
  return { x, y };
}

describe('minMaxPerPixel', () => {
  it('keeps every spike and dip of a 100,000-point series drawn at 1,000 pixels', () => {
    const s = series(100_000);
    s.y[12_345] = 50; // a spike
    s.y[67_890] = -40; // a dip
    s.y[99_998] = 30; // near the end
    const out = minMaxPerPixel(s, 0, s.x.length, 0, 99_999, 1000);
    expect(out.x.length).toBeLessThanOrEqual(2 * 1000 + 2);
    expect(out.x.length).toBeGreaterThan(1000);
    const at = (x: number) => out.y[Array.from(out.x).indexOf(x)];
    expect(at(12_345)).toBe(50);
    expect(at(67_890)).toBe(-40);
    expect(at(99_998)).toBe(30);
    expect(Math.max(...out.y)).toBe(Math.max(...s.y));
    expect(Math.min(...out.y)).toBe(Math.min(...s.y));
  });

  it('keeps, in every pixel column, the lowest and highest value of the full series', () => {
    const s = series(20_000);
    const pixels = 300;
    const out = minMaxPerPixel(s, 0, s.x.length, 0, 19_999, pixels);
    const col = (x: number) => Math.min(pixels - 1, Math.floor((x * pixels) / 19_999));
    const lowHigh = (xs: Float64Array, ys: Float64Array) => {
      const lo = new Array<number>(pixels).fill(Infinity);
      const hi = new Array<number>(pixels).fill(-Infinity);
      xs.forEach((x, i) => {
        const c = col(x);
        lo[c] = Math.min(lo[c] as number, ys[i] as number);
        hi[c] = Math.max(hi[c] as number, ys[i] as number);
      });
      return { lo, hi };
    };
    const full = lowHigh(s.x, s.y);
    const kept = lowHigh(out.x, out.y);
    expect(kept.lo).toEqual(full.lo);
    expect(kept.hi).toEqual(full.hi);
  });

  it('keeps the points in x order with the first and last point of the range', () => {
    const s = series(5000);
    const out = minMaxPerPixel(s, 100, 4000, 100, 3999, 50);
    expect(out.x[0]).toBe(100);
    expect(out.x[out.x.length - 1]).toBe(3999);
    for (let i = 1; i < out.x.length; i++) expect(out.x[i] as number).toBeGreaterThan(out.x[i - 1] as number);
  });

  it('skips NaN values: never a minimum, never drawn', () => {
    const s = series(1000);
    s.y[0] = NaN;
    s.y[500] = NaN;
    const out = minMaxPerPixel(s, 0, 1000, 0, 999, 10);
    expect(Array.from(out.y).some(Number.isNaN)).toBe(false);
    expect(out.x[0]).toBe(1);
  });

  it('refuses a pixel count below 1 and columns of different lengths', () => {
    const s = series(10);
    expect(() => minMaxPerPixel(s, 0, 10, 0, 9, 0)).toThrow(/pixels/);
    expect(() => minMaxPerPixel({ x: new Float64Array(3), y: new Float64Array(2) }, 0, 2, 0, 1, 5)).toThrow(/x has 3 values and y 2/);
  });
});

describe('downsampleWindow', () => {
  it('returns a short window at full resolution, not sampled', () => {
    const s = series(100_000);
    const w = downsampleWindow(s, 5000, 5500, 1000);
    expect(w.sampled).toBe(false);
    // the window plus one neighbour on each side, so the line reaches the edges
    expect(w.x[0]).toBe(4999);
    expect(w.x[w.x.length - 1]).toBe(5501);
    expect(w.x.length).toBe(503);
    expect(Array.from(w.y)).toEqual(Array.from(s.y.subarray(4999, 5502)));
  });

  it('samples a long window down to about two points per pixel and says so', () => {
    const s = series(100_000);
    const w = downsampleWindow(s, 0, 99_999, 800);
    expect(w.sampled).toBe(true);
    expect(w.inWindow).toBe(100_000);
    expect(w.x.length).toBeLessThanOrEqual(1602);
  });

  it('zooming in recomputes from the full series: values missing at the whole range are there in the window', () => {
    const s = series(100_000);
    const whole = new Set(downsampleWindow(s, 0, 99_999, 800).x);
    const zoomed = downsampleWindow(s, 40_000, 40_600, 800);
    expect(zoomed.sampled).toBe(false);
    expect(Array.from(zoomed.x).filter((x) => !whole.has(x)).length).toBeGreaterThan(500);
  });
});

describe('search and order helpers', () => {
  it('finds bounds and windows in ascending x', () => {
    const x = Float64Array.from([1, 2, 2, 3, 5]);
    expect(lowerBound(x, 2)).toBe(1);
    expect(upperBound(x, 2)).toBe(3);
    expect(lowerBound(x, 9)).toBe(5);
    expect(windowRange(x, 2, 3)).toEqual([0, 5]);
    expect(windowRange(x, 10, 20)).toEqual([4, 5]);
  });

  it('sorts an unsorted series by x, keeping x and y together, and keeps a sorted one as it is', () => {
    const s = { x: Float64Array.from([3, 1, 2]), y: Float64Array.from([30, 10, 20]) };
    const out = sortedByX(s);
    expect(Array.from(out.x)).toEqual([1, 2, 3]);
    expect(Array.from(out.y)).toEqual([10, 20, 30]);
    const already = { x: Float64Array.from([1, 2]), y: Float64Array.from([5, 6]) };
    expect(sortedByX(already)).toBe(already);
  });
});
