// SPDX-License-Identifier: Apache-2.0
/** The traffic-weighted pick of a revision for a test request. */
import { describe, expect, it } from 'vitest';
import { pickByTraffic } from './predictor-client';

describe('pickByTraffic', () => {
  it('picks a revision in proportion to its traffic', () => {
    const shares = [
      { revision: 'a', percent: 80 },
      { revision: 'b', percent: 20 },
    ];
    expect(pickByTraffic(shares, 0)).toBe('a');
    expect(pickByTraffic(shares, 0.79)).toBe('a');
    expect(pickByTraffic(shares, 0.81)).toBe('b');
    expect(pickByTraffic([{ revision: 'a', percent: 0 }], 0.5)).toBeUndefined();
  });
});
