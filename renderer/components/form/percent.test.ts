// SPDX-License-Identifier: Apache-2.0
import { expect, it } from 'vitest';
import { clampPercent } from './percent';

it('holds a typed percentage to a whole number from 0 to 100', () => {
  expect(['20', '20.6', '-5', '140', '', 'abc', '100'].map(clampPercent)).toEqual([20, 21, 0, 100, 0, 0, 100]);
});
