// SPDX-License-Identifier: Apache-2.0
import { expect, it } from 'vitest';
import { dateTime } from './date-time';

it('writes a time in the locale, a dash when absent, and an unreadable one as it is', () => {
  expect(dateTime('2026-11-28T14:00:00Z')).toBe(new Date('2026-11-28T14:00:00Z').toLocaleString());
  expect(dateTime(undefined)).toBe('—');
  expect(dateTime('')).toBe('—');
  expect(dateTime('yesterday')).toBe('yesterday');
});
