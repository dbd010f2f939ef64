// SPDX-License-Identifier: Apache-2.0
/**
 * CSV/TSV and JSON Lines previews: the first rows of a file's first bytes as a table, and each
 * column's type as the values say (integer, number, boolean, date, text; empty cells ignored).
 * A last line cut by the byte limit is dropped. Quoted CSV fields (RFC 4180) are kept whole.
 */

/** A column's type. */
export type ColumnType = 'integer' | 'number' | 'boolean' | 'date' | 'text' | 'empty';

/** A table preview. */
export interface TablePreview {
  columns: { name: string; type: ColumnType }[];
  rows: string[][];
}

/** Splits delimited text into records (quotes, doubled quotes, newlines inside quotes). */
export function parseDelimited(text: string, delimiter: string, maxRows: number): string[][] {
  const out: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length && out.length < maxRows) {
    const c = text[i] ?? '';
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 2;
        continue;
      }
      if (c === '"') quoted = false;
      else field += c;
      i++;
      continue;
    }
    if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      out.push(row);
      row = [];
      field = '';
    } else field += c;
    i++;
  }
  if (out.length < maxRows && (field !== '' || row.length > 0)) {
    row.push(field);
    out.push(row);
  }
  return out;
}

/** The type of a column's values. */
export function columnType(values: string[]): ColumnType {
  const v = values.map((x) => x.trim()).filter((x) => x !== '' && !/^(na|nan|null|none)$/i.test(x));
  if (v.length === 0) return 'empty';
  if (v.every((x) => /^[-+]?\d+$/.test(x))) return 'integer';
  if (v.every((x) => /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(x))) return 'number';
  if (v.every((x) => /^(true|false)$/i.test(x))) return 'boolean';
  if (v.every((x) => /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(x))) return 'date';
  return 'text';
}

/**
 * The first rows of a CSV or TSV file with a header row.
 * @param truncated - whether `text` is only the file's start (its last line is then dropped)
 */
export function delimitedPreview(text: string, delimiter: ',' | '\t', truncated: boolean, maxRows = 100): TablePreview {
  const body = truncated ? text.slice(0, Math.max(0, text.lastIndexOf('\n'))) : text;
  const records = parseDelimited(body.replace(/^\uFEFF/, ''), delimiter, maxRows + 1);
  const header = records[0] ?? [];
  const rows = records.slice(1).filter((r) => !(r.length === 1 && r[0] === ''));
  return { columns: header.map((name, i) => ({ name, type: columnType(rows.map((r) => r[i] ?? '')) })), rows };
}

/** The first records of a JSON Lines file as a table of their top-level fields. */
export function jsonlPreview(text: string, truncated: boolean, maxRows = 100): TablePreview {
  const lines = (truncated ? text.slice(0, Math.max(0, text.lastIndexOf('\n'))) : text)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, maxRows);
  const records = lines.map((l) => {
    try {
      const v = JSON.parse(l) as unknown;
      return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v };
    } catch {
      return { '(not JSON)': l };
    }
  });
  const names = [...new Set(records.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown) => (v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v));
  const rows = records.map((r) => names.map((n) => cell(r[n])));
  return { columns: names.map((name, i) => ({ name, type: columnType(rows.map((r) => r[i] ?? '')) })), rows };
}
