// SPDX-License-Identifier: Apache-2.0
/** Previews: CSV/TSV rows and column types, JSON Lines, Parquet schema and rows (hyparquet). */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parquetPreview } from './parquet-preview';
import { columnType, delimitedPreview, jsonlPreview, parseDelimited } from './table-preview';

describe('CSV and TSV previews', () => {
  it('types each column by its values and keeps quoted fields whole', () => {
    const csv =
      'id,name,score,ok,day,note\n1,"Smith, Ann",0.5,true,2026-01-02,\n2,"say ""hi""",1e3,FALSE,2026-01-03T10:00:00Z,x\n3,"two\nlines",-2,true,2026-01-04,NA\n';
    const p = delimitedPreview(csv, ',', false);
    expect(p.columns).toEqual([
      { name: 'id', type: 'integer' },
      { name: 'name', type: 'text' },
      { name: 'score', type: 'number' },
      { name: 'ok', type: 'boolean' },
      { name: 'day', type: 'date' },
      { name: 'note', type: 'text' },
    ]);
    expect(p.rows[0]).toEqual(['1', 'Smith, Ann', '0.5', 'true', '2026-01-02', '']);
    expect(p.rows[1]?.[1]).toBe('say "hi"');
    expect(p.rows[2]?.[1]).toBe('two\nlines');
  });

  it('drops the line the byte limit cut, reads TSV, and stops at the row limit', () => {
    const p = delimitedPreview('a\tb\n1\t2\n3\t4\n5\t', '\t', true);
    expect(p.rows).toEqual([
      ['1', '2'],
      ['3', '4'],
    ]);
    expect(delimitedPreview('x\n1\n2\n3\n', ',', false, 2).rows).toEqual([['1'], ['2']]);
    expect(parseDelimited('a,b\r\n1,2\r\n', ',', 10)).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(columnType(['', 'nan', 'None'])).toBe('empty');
  });

  it('shows JSON Lines as a table of their fields', () => {
    const p = jsonlPreview('{"a":1,"b":"x"}\n{"a":2,"c":[1,2]}\nnot json\n', false);
    expect(p.columns).toEqual([
      { name: 'a', type: 'integer' },
      { name: 'b', type: 'text' },
      { name: 'c', type: 'text' },
      { name: '(not JSON)', type: 'text' },
    ]);
    expect(p.rows[1]).toEqual(['2', '', '[1,2]', '']);
  });
});

describe('Parquet previews', () => {
  it('reads the schema and first rows of a file pyarrow wrote', async () => {
    const buf = readFileSync(join(__dirname, 'testing', 'iris-sample.parquet'));
    const p = await parquetPreview(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength), 2);
    expect(p.columns.map((c) => c.name)).toEqual(['id', 'species', 'petal_length', 'seen']);
    expect(p.types).toEqual(['INT64', 'BYTE_ARRAY (STRING)', 'DOUBLE', 'INT32 (DATE)']);
    expect(p.totalRows).toBe(3);
    expect(p.rows).toEqual([
      ['1', 'setosa', '1.4', '2026-01-02T00:00:00.000Z'],
      ['2', 'versicolor', '4.7', '2026-01-03T00:00:00.000Z'],
    ]);
  });
});
