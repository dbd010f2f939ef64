// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { type CachedVersion, planSlice, rowKey, toRow } from './object-rows';
import { pod, podsIn } from './testing/fixtures';

const cached = (entries: [string, string, string, string][]) =>
  new Map<string, CachedVersion>(entries.map(([ns, name, uid, rv]) => [rowKey(ns, name), { uid, resourceVersion: rv }]));

describe('planSlice', () => {
  it('sorts rows into upserts, deletes and unchanged', () => {
    const rows = [pod('a', 'same', '1'), pod('a', 'moved', '3'), pod('a', 'new', '1')].map((o) => toRow(podsIn('a'), o));
    const plan = planSlice(
      rows,
      cached([
        ['a', 'same', 'uid-a-same', '1'],
        ['a', 'moved', 'uid-a-moved', '2'],
        ['a', 'gone', 'uid-a-gone', '1'],
      ]),
      () => undefined,
    );
    expect(plan.upsert.map((r) => r.name)).toEqual(['moved', 'new']);
    expect(plan.delete).toEqual([['a', 'gone']]);
    expect(plan.unchanged).toBe(1);
  });

  it('only reads cached JSON for rows without a resourceVersion', () => {
    const asked: string[] = [];
    const rows = [pod('a', 'x'), pod('a', 'y', '2')].map((o) => toRow(podsIn('a'), o));
    const plan = planSlice(
      rows,
      cached([
        ['a', 'x', 'uid-a-x', ''],
        ['a', 'y', 'uid-a-y', '2'],
      ]),
      (ns, name) => {
        asked.push(`${ns}/${name}`);
        return JSON.stringify(pod('a', 'x'));
      },
    );
    expect(asked).toEqual(['a/x']);
    expect(plan.unchanged).toBe(2);
  });

  it('keeps names with odd characters apart', () => {
    expect(rowKey('a', 'b/c')).not.toBe(rowKey('a/b', 'c'));
  });
});
