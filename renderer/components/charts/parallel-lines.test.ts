// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the parallel-coordinates line placement: linear and log axes, missing values. */
import { describe, expect, it } from 'vitest';
import { axisMap, axisY } from './parallel-lines';

describe('axisMap', () => {
  it('places values linearly through the two points it was given', () => {
    const m = axisMap(100, 0, 290, 1, 40, false);
    expect(m.x).toBe(100);
    expect(axisY(m, 0)).toBe(290);
    expect(axisY(m, 1)).toBe(40);
    expect(axisY(m, 0.5)).toBe(165);
  });
  it('places values on a log axis by their log10, and has no place for values ≤ 0 or missing ones', () => {
    const m = axisMap(0, 0.0001, 290, 0.1, 40, true);
    expect(axisY(m, 0.001)).toBeCloseTo(290 - 250 / 3, 9);
    expect(axisY(m, 0.01)).toBeCloseTo(290 - 500 / 3, 9);
    expect(Number.isNaN(axisY(m, 0))).toBe(true);
    expect(Number.isNaN(axisY(m, NaN))).toBe(true);
  });
  it('puts every value of a flat axis at its one point', () => {
    expect(axisY(axisMap(0, 2, 100, 2, 100, false), 5)).toBe(100);
  });
});
