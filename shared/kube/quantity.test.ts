// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { parseQuantity } from './quantity';

describe('parseQuantity', () => {
  it.each([
    ['500m', 0.5],
    ['2', 2],
    ['1Gi', 2 ** 30],
    ['1.5Gi', 1.5 * 2 ** 30],
    ['129e6', 129e6],
    ['128974848', 128974848],
    ['123Mi', 123 * 2 ** 20],
    ['1k', 1000],
    ['1Ti', 2 ** 40],
  ])('%s = %d', (q, n) => {
    expect(parseQuantity(q)).toBeCloseTo(n);
  });
  it('rejects junk', () => {
    expect(parseQuantity('12 GB')).toBeNaN();
    expect(parseQuantity('Gi')).toBeNaN();
    expect(parseQuantity(undefined)).toBeNaN();
  });
});
