// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { duration, metric, size } from './registry-format';

describe('registry formatting', () => {
  it('writes metric values with up to 6 significant digits and words for NaN and infinities', () => {
    expect(metric(0.938212345678)).toBe('0.938212');
    expect(metric(1660)).toBe('1660');
    expect(metric(NaN)).toBe('NaN');
    expect(metric(Infinity)).toBe('∞');
    expect(metric(-Infinity)).toBe('−∞');
    expect(metric(undefined)).toBe('—');
    expect(metric(1.5e-7)).toBe('1.5e-7');
  });

  it('writes sizes and durations', () => {
    expect(size(389)).toBe('389 B');
    expect(size(65367)).toBe('63.8 KiB');
    expect(size(3 * 2 ** 20)).toBe('3.0 MiB');
    expect(size(undefined)).toBe('');
    expect(duration(0, 5000)).toBe('—');
    expect(duration(1000, 31_000)).toBe('30 s');
    expect(duration(1000, 1000 + 27 * 60_000 + 40_000)).toBe('27 min 40 s');
    expect(duration(1000, 1000 + 3 * 3_600_000)).toBe('3 h 0 min');
  });
});
