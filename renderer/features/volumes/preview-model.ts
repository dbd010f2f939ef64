// SPDX-License-Identifier: Apache-2.0
/**
 * What a volume file's first bytes are shown as: an image (by extension, as a data URL), a
 * table (CSV/TSV: the first rows), pretty JSON, text, or "binary" when the bytes are not UTF-8.
 * SVG is shown as text: it can carry scripts and links.
 */

/** A preview. */
export type FilePreview =
  | { kind: 'image'; src: string }
  | { kind: 'table'; header: string[]; rows: string[][]; more: boolean }
  | { kind: 'json'; text: string }
  | { kind: 'text'; text: string }
  | { kind: 'binary' };

const images: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp' };

/** The first rows shown of a table. */
export const tableRows = 100;

/** Splits CSV/TSV text into rows (quoted fields with doubled quotes and line breaks). */
export function parseDelimited(text: string, sep: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === sep) {
      row.push(field);
      field = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += c;
  }
  if (field !== '' || row.length) rows.push([...row, field]);
  return rows;
}

/**
 * The preview of a file's first bytes.
 * @param truncated - whether the file goes on after these bytes (a cut last line is dropped)
 */
export function previewOf(name: string, bytes: Uint8Array, truncated: boolean, base64: string): FilePreview {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const mime = images[ext];
  if (mime) return truncated ? { kind: 'binary' } : { kind: 'image', src: `data:${mime};base64,${base64}` };
  let text: string;
  try {
    // streaming: a character cut at the end of a truncated read is left out, not an error
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes, { stream: truncated });
  } catch {
    return { kind: 'binary' };
  }
  if (text.includes('\0')) return { kind: 'binary' };
  if (ext === 'csv' || ext === 'tsv') {
    const body = truncated ? text.slice(0, text.lastIndexOf('\n') + 1) : text;
    const all = parseDelimited(body, ext === 'tsv' ? '\t' : ',');
    const [header = [], ...rest] = all;
    return { kind: 'table', header, rows: rest.slice(0, tableRows), more: truncated || rest.length > tableRows };
  }
  if (ext === 'json' && !truncated) {
    try {
      return { kind: 'json', text: JSON.stringify(JSON.parse(text), null, 2) };
    } catch {
      return { kind: 'text', text };
    }
  }
  return { kind: 'text', text };
}

/** Bytes from base64. */
export function fromBase64(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Base64 of bytes. */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
