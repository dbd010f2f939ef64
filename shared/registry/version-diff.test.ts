// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { diffRows, matchesSearch } from './version-diff';

describe('diffRows', () => {
  const params: Record<string, string>[] = [
    { algorithm: 'xgboost', lr: '0.05', depth: '8' },
    { algorithm: 'lightgbm', lr: '0.05', leaves: '31' },
  ];

  it('has one row per key any version has, sorted, with missing values as undefined', () => {
    expect(diffRows(params)).toEqual([
      { key: 'algorithm', values: ['xgboost', 'lightgbm'], differs: true },
      { key: 'depth', values: ['8', undefined], differs: true },
      { key: 'leaves', values: [undefined, '31'], differs: true },
      { key: 'lr', values: ['0.05', '0.05'], differs: false },
    ]);
  });

  it('keeps only differing rows when asked', () => {
    expect(diffRows(params, true).map((r) => r.key)).toEqual(['algorithm', 'depth', 'leaves']);
  });

  it('compares numbers as numbers, NaN equal to NaN', () => {
    const rows = diffRows([
      { a: 1, b: NaN, c: 0.1 + 0.2 },
      { a: 1, b: NaN, c: 0.3 },
    ]);
    expect(rows.map((r) => [r.key, r.differs])).toEqual([
      ['a', false],
      ['b', false],
      ['c', true],
    ]);
  });

  it('handles one column and none', () => {
    expect(diffRows([{ a: 'x' }])).toEqual([{ key: 'a', values: ['x'], differs: false }]);
    expect(diffRows([])).toEqual([]);
  });

  it('does not take inherited keys for values', () => {
    expect(diffRows([{ toString: 'x' }, {}])[0]).toEqual({ key: 'toString', values: ['x', undefined], differs: true });
  });
});

describe('matchesSearch', () => {
  const m = {
    name: 'fraud-clf',
    description: 'Card-transaction fraud classifier',
    tags: [{ key: 'team', value: 'risk' }],
    aliases: [{ alias: 'champion' }, { alias: 'challenger' }],
  };

  it('matches everything for an empty search', () => {
    expect(matchesSearch(m, undefined)).toBe(true);
    expect(matchesSearch(m, '  ')).toBe(true);
  });

  it('matches name, description, tags and aliases, case-insensitively', () => {
    expect(matchesSearch(m, 'FRAUD')).toBe(true);
    expect(matchesSearch(m, 'classifier')).toBe(true);
    expect(matchesSearch(m, 'team=risk')).toBe(true);
    expect(matchesSearch(m, 'risk')).toBe(true);
    expect(matchesSearch(m, 'champ')).toBe(true);
    expect(matchesSearch(m, 'team=growth')).toBe(false);
  });

  it('needs every word and treats @ as aliases only', () => {
    expect(matchesSearch(m, 'fraud team=risk')).toBe(true);
    expect(matchesSearch(m, 'fraud churn')).toBe(false);
    expect(matchesSearch(m, '@challenger')).toBe(true);
    expect(matchesSearch(m, '@fraud')).toBe(false);
  });
});
