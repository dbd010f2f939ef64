// SPDX-License-Identifier: Apache-2.0
/**
 * Parquet previews with hyparquet: the schema (column names and types from the file's metadata)
 * and the first rows, read from the file's bytes.
 */
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import type { TablePreview } from './table-preview';

/** A schema element's type in words (`INT64`, `BYTE_ARRAY (STRING)`, `INT32 (DATE)`). */
function typeOf(el: { type?: string; converted_type?: string; logical_type?: { type?: string } }): string {
  const logical = el.logical_type?.type ?? el.converted_type;
  return [el.type ?? 'group', logical && logical !== el.type ? `(${logical})` : ''].filter(Boolean).join(' ');
}

/** Schema, row count and first rows of a Parquet file. */
export async function parquetPreview(bytes: ArrayBuffer, maxRows = 100): Promise<TablePreview & { types: string[]; totalRows: number }> {
  const metadata = parquetMetadata(bytes);
  const schema = parquetSchema(metadata);
  const fields = schema.children.map((c) => ({ name: c.element.name, type: typeOf(c.element as never) }));
  const rows = await parquetReadObjects({ file: bytes, metadata, rowStart: 0, rowEnd: Math.min(maxRows, Number(metadata.num_rows)) });
  const cell = (v: unknown) =>
    v === null || v === undefined
      ? ''
      : typeof v === 'bigint'
        ? v.toString()
        : v instanceof Date
          ? v.toISOString()
          : typeof v === 'object'
            ? JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x))
            : String(v);
  return {
    columns: fields.map((f) => ({ name: f.name, type: 'text' })),
    types: fields.map((f) => f.type),
    rows: rows.map((r) => fields.map((f) => cell((r as Record<string, unknown>)[f.name]))),
    totalRows: Number(metadata.num_rows),
  };
}
