// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the parallel coordinates' brushes: the axis under the pointer and the interval a drag keeps. */
import { describe, expect, it } from 'vitest';
import { axisMap, axisY } from '../../components/charts/parallel-lines';
import { axisAt, dragInterval, intervalSpan, valueAt } from './parallel-brush-model';

// three axes at x 100, 200, 300 from y 290 (low end) to 40 (high end)
const linear = axisMap(100, 0, 290, 1, 40, false);
const log = axisMap(200, 0.0001, 290, 0.1, 40, true);
const category = axisMap(300, 0, 290, 2, 40, false); // three categories: 0 at 290, 1 at 165, 2 at 40

describe('axisAt', () => {
  it('takes the nearest axis within reach of the pointer, and none farther', () => {
    expect(axisAt([linear, log, category], 104)).toBe(0);
    expect(axisAt([linear, log, category], 190)).toBe(1);
    expect(axisAt([linear, log, category], 150)).toBeUndefined();
    expect(axisAt([linear, log, category], 313)).toBeUndefined();
  });
});

describe('valueAt', () => {
  it('is the inverse of where a value is drawn, on linear and log axes', () => {
    for (const v of [0, 0.25, 1]) expect(valueAt(linear, axisY(linear, v))).toBeCloseTo(v, 12);
    for (const v of [0.0001, 0.003, 0.1]) expect(valueAt(log, axisY(log, v))).toBeCloseTo(v, 12);
  });
  it('has no value on a flat axis', () => {
    expect(Number.isNaN(valueAt(axisMap(0, 2, 100, 2, 100, false), 50))).toBe(true);
  });
});

describe('dragInterval', () => {
  it('keeps the values between the two ends of a drag, low end first, whichever way it went', () => {
    expect(dragInterval(linear, false, 40, 165)).toEqual([0.5, 1]);
    expect(dragInterval(linear, false, 165, 40)).toEqual([0.5, 1]);
    const [lo, hi] = dragInterval(log, false, 290, 40) ?? [];
    expect(lo).toBeCloseTo(0.0001, 12);
    expect(hi).toBeCloseTo(0.1, 12);
  });
  it('keeps the categories whose tick the drag passes over (or nearly), and none when it passes over no tick', () => {
    expect(dragInterval(category, true, 160, 30)).toEqual([1, 2]); // 5 px short of the tick at 165
    expect(dragInterval(category, true, 170, 180)).toEqual([1, 1]); // 5 px past it
    expect(dragInterval(category, true, 200, 250)).toBeUndefined();
  });
});

describe('intervalSpan', () => {
  it('draws an interval between its values, top first; a category interval reaches past its ticks', () => {
    expect(intervalSpan(linear, false, [0.5, 1])).toEqual([40, 165]);
    expect(intervalSpan(category, true, [1, 1])).toEqual([159, 171]);
  });
});
