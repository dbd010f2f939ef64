// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { downsample, extent, linePath, nearest, niceTicks, scale } from './chart-geometry';

describe('chart geometry', () => {
  it('finds the extent, ignoring non-finite values', () => {
    expect(extent([3, NaN, -1, 7])).toEqual([-1, 7]);
    expect(extent([])).toBeUndefined();
  });

  it('makes round ticks', () => {
    expect(niceTicks(0, 100, 5)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(0.1, 0.93, 4)).toEqual([0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(5, 5)).toEqual([5]);
  });

  it('downsamples long series but keeps spikes and the last point', () => {
    const pts = Array.from({ length: 10_000 }, (_, i) => ({ t: i, v: i === 5_000 ? 1000 : 1 }));
    const out = downsample(pts, 300);
    expect(out.length).toBeLessThanOrEqual(301);
    expect(out.some((p) => p.v === 1000)).toBe(true);
    expect(out[out.length - 1]).toEqual({ t: 9_999, v: 1 });
    expect(out.every((p, i) => i === 0 || (out[i - 1]?.t ?? 0) < p.t)).toBe(true);
  });

  it('draws a path that breaks on long gaps', () => {
    const x = scale([0, 10], [0, 100]);
    const y = scale([0, 1], [50, 0]);
    expect(
      linePath(
        [
          { t: 0, v: 0 },
          { t: 1, v: 1 },
          { t: 9, v: 0 },
        ],
        x,
        y,
        5,
      ),
    ).toBe('M0.0,50.0L10.0,0.0M90.0,50.0');
  });

  it('finds the nearest point', () => {
    const pts = [
      { t: 0, v: 1 },
      { t: 10, v: 2 },
      { t: 20, v: 3 },
    ];
    expect(nearest(pts, 14)?.v).toBe(2);
    expect(nearest(pts, 16)?.v).toBe(3);
    expect(nearest([], 1)).toBeUndefined();
  });
});
