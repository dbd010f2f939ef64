// SPDX-License-Identifier: Apache-2.0
/** The drawer's artifact view models: dataset tables (CSV, JSON Lines, Parquet), metric bars, matrix shades, fetched words. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { datasetTable, fetchedText, matrixAccuracy, matrixCells, metricBars } from './artifact-model';

describe('artifact view models', () => {
  it('reads a dataset’s first rows from CSV (a cut last line dropped), JSON Lines and Parquet', async () => {
    const csv = await datasetTable({ kind: 'dataset', format: 'csv', text: 'a,b\n1,x\n2,y\n3,', base64: '' }, true);
    expect(csv.table.columns).toEqual([
      { name: 'a', type: 'integer' },
      { name: 'b', type: 'text' },
    ]);
    expect(csv.table.rows).toEqual([
      ['1', 'x'],
      ['2', 'y'],
    ]);
    const jsonl = await datasetTable({ kind: 'dataset', format: 'jsonl', text: '{"a":1}\n{"a":2,"b":true}\n', base64: '' }, false);
    expect(jsonl.table.rows).toEqual([
      ['1', ''],
      ['2', 'true'],
    ]);
    const file = readFileSync(join(__dirname, '..', '..', '..', 'storage', 'testing', 'iris-sample.parquet'));
    const parquet = await datasetTable({ kind: 'dataset', format: 'parquet', text: '', base64: file.toString('base64') }, false);
    expect(parquet.totalRows).toBeGreaterThan(0);
    expect(parquet.types?.length).toBe(parquet.table.columns.length);
    expect(parquet.table.rows.length).toBe(Math.min(50, parquet.totalRows ?? 0));
  });

  it('scales metric bars to the largest magnitude and leaves text values to the table', () => {
    expect(
      metricBars([
        { name: 'accuracy', value: 0.9 },
        { name: 'loss', value: -0.45 },
        { name: 'note', value: 'ok' },
      ]),
    ).toEqual([
      { name: 'accuracy', value: 0.9, fraction: 1 },
      { name: 'loss', value: -0.45, fraction: 0.5 },
    ]);
    expect(metricBars([{ name: 'zero', value: 0 }])).toEqual([{ name: 'zero', value: 0, fraction: 0 }]);
  });

  it('shades confusion matrix cells by their share of the actual class, and gives its accuracy', () => {
    expect(
      matrixCells([
        [3, 1],
        [0, 0],
      ]),
    ).toEqual([
      [
        { count: 3, share: 0.75 },
        { count: 1, share: 0.25 },
      ],
      [
        { count: 0, share: 0 },
        { count: 0, share: 0 },
      ],
    ]);
    expect(
      matrixAccuracy([
        [3, 1],
        [1, 5],
      ]),
    ).toBe(0.8);
    expect(matrixAccuracy([[0]])).toBeUndefined();
  });

  it('says when a preview was fetched, or since when it comes from the cache and why', () => {
    const f = (ms: number) => `t${ms}`;
    expect(fetchedText(5, { kind: 'gateway', url: 'https://kf' }, f)).toBe('fetched t5');
    expect(fetchedText(5, { kind: 'cache', seenAt: 7, why: 'lab-a cannot be reached.' }, f)).toBe('cached at t7: lab-a cannot be reached.');
  });
});
