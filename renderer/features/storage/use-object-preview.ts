// SPDX-License-Identifier: Apache-2.0
/**
 * The preview of one object: its first bytes (1 MiB for text and tables, the whole file up to
 * 16 MiB for Parquet, images and notebooks), decoded for its kind.
 */
import { storageContract } from '../../../shared/features/storage/storage.contract';
import { api } from '../../lib/api/api-context';
import { useCall, type CallState } from '../../lib/use-call';
import { parquetPreview } from './parquet-preview';
import { previewKind, type PreviewKind } from './storage-model';
import { delimitedPreview, jsonlPreview, type TablePreview } from './table-preview';

const WHOLE = 16 << 20;
const HEAD = 1 << 20;

/** A preview, by kind. */
export type Preview =
  | { kind: 'table'; table: TablePreview; types?: string[]; totalRows?: number; truncated: boolean; size: number }
  | { kind: 'text'; text: string; truncated: boolean; size: number }
  | { kind: 'json'; text: string; truncated: boolean; size: number }
  | { kind: 'image'; base64: string; size: number }
  | { kind: 'notebook'; json: unknown; size: number }
  | { kind: 'too-large'; size: number; what: PreviewKind }
  | { kind: 'none'; size: number };

function bytesOf(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Reads and decodes a preview. */
export async function loadPreview(clusterId: string, connectionId: string, bucket: string, key: string, size: number): Promise<Preview> {
  const kind = previewKind(key);
  if (kind === 'none') return { kind: 'none', size };
  const whole = kind === 'parquet' || kind === 'image' || kind === 'notebook';
  if (whole && size > WHOLE) return { kind: 'too-large', size, what: kind };
  const got = await api().call(storageContract.preview, { clusterId, connectionId, bucket, key, limit: whole ? WHOLE : HEAD });
  if (kind === 'image') return { kind: 'image', base64: got.base64, size: got.size };
  const bytes = bytesOf(got.base64);
  if (kind === 'parquet') {
    const p = await parquetPreview(bytes.buffer);
    return { kind: 'table', table: p, types: p.types, totalRows: p.totalRows, truncated: p.totalRows > p.rows.length, size: got.size };
  }
  const text = new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  if (kind === 'csv' || kind === 'tsv')
    return { kind: 'table', table: delimitedPreview(text, kind === 'csv' ? ',' : '\t', got.truncated), truncated: got.truncated, size: got.size };
  if (kind === 'jsonl') return { kind: 'table', table: jsonlPreview(text, got.truncated), truncated: got.truncated, size: got.size };
  if (kind === 'json') {
    let pretty = text;
    try {
      if (!got.truncated) pretty = JSON.stringify(JSON.parse(text), null, 2);
    } catch {
      pretty = text; // shown as it is when it does not parse
    }
    return { kind: 'json', text: pretty, truncated: got.truncated, size: got.size };
  }
  if (kind === 'notebook') return { kind: 'notebook', json: JSON.parse(text) as unknown, size: got.size };
  return { kind: 'text', text, truncated: got.truncated, size: got.size };
}

export function useObjectPreview(clusterId: string, connectionId: string, bucket: string, key: string, size: number): CallState<Preview> {
  return useCall(`${clusterId}\n${connectionId}\n${bucket}\n${key}`, () => loadPreview(clusterId, connectionId, bucket, key, size));
}
