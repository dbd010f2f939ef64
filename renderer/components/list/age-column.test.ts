// SPDX-License-Identifier: Apache-2.0
import { expect, it } from 'vitest';
import { ageColumn } from './age-column';

it('shows an age and sorts the newest first, rows without a time last', () => {
  const col = ageColumn((r: { at?: string }) => r.at);
  const rows = [{ at: '2026-11-28T14:00:00Z' }, {}, { at: '2026-11-29T14:00:00Z' }];
  const sorted = [...rows].sort((a, b) => Number(col.sortValue?.(a)) - Number(col.sortValue?.(b)));
  expect(sorted).toEqual([{ at: '2026-11-29T14:00:00Z' }, { at: '2026-11-28T14:00:00Z' }, {}]);
  expect(col.text({})).toBe('');
  expect(col.text({ at: new Date(Date.now() - 90_000).toISOString() })).toBe('90s');
  expect([col.id, col.title, col.width, col.align]).toEqual(['age', 'Age', 50, 'right']);
});
