// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { OneTimeCodes } from './one-time-codes';

describe('one-time codes', () => {
  it('gives each code once', () => {
    const codes = new OneTimeCodes();
    const a = codes.issue();
    const b = codes.issue();
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(b).not.toBe(a);
    expect(codes.redeem(a)).toBe(true);
    expect(codes.redeem(a)).toBe(false);
    expect(codes.redeem(b)).toBe(true);
    expect(codes.redeem('')).toBe(false);
    expect(codes.redeem(`${b}0`)).toBe(false);
  });

  it('forgets expired codes and keeps only the newest few', () => {
    let now = 0;
    const codes = new OneTimeCodes(2, 1000, () => now);
    const old = codes.issue();
    now = 1001;
    expect(codes.redeem(old)).toBe(false);
    const [x, y, z] = [codes.issue(), codes.issue(), codes.issue()];
    expect(codes.redeem(x)).toBe(false);
    expect(codes.redeem(y)).toBe(true);
    expect(codes.redeem(z)).toBe(true);
  });
});
