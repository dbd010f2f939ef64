// SPDX-License-Identifier: Apache-2.0
/**
 * The drawer's artifact previews as pure view models (unit-tested): a dataset's first rows as a
 * table (CSV/TSV/JSON Lines from its first bytes, Parquet from the file), metric bars scaled to
 * the largest value, a confusion matrix's cell shades by row (recall per class), and the words
 * saying when a preview was fetched and whether it came from the cache.
 */
import type { ArtifactContent, ArtifactPreview } from '../../../../../shared/features/pipelines/run-artifacts.contract';
import type { KfpOrigin } from '../../../../../shared/features/pipelines/pipelines.contract';
import { parquetPreview } from '../../../../lib/parquet-preview';
import { delimitedPreview, jsonlPreview, type TablePreview } from '../../../../lib/table-preview';

/** The most rows a dataset preview shows. */
export const MAX_ROWS = 50;

/** A dataset preview's table, with its Parquet column types and row count when known. */
export interface DatasetTable {
  table: TablePreview;
  types: string[] | undefined;
  totalRows: number | undefined;
}

function bytesOf(b64: string): Uint8Array<ArrayBuffer> {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** The first rows of a dataset artifact. */
export async function datasetTable(p: Extract<ArtifactPreview, { kind: 'dataset' }>, truncated: boolean): Promise<DatasetTable> {
  if (p.format === 'parquet') {
    const t = await parquetPreview(bytesOf(p.base64).buffer, MAX_ROWS);
    return { table: t, types: t.types, totalRows: t.totalRows };
  }
  const table =
    p.format === 'jsonl' ? jsonlPreview(p.text, truncated, MAX_ROWS) : delimitedPreview(p.text, p.format === 'csv' ? ',' : '\t', truncated, MAX_ROWS);
  return { table, types: undefined, totalRows: undefined };
}

/** One bar of the metrics chart. */
export interface MetricBar {
  name: string;
  value: number;
  /** Width as a fraction of the widest bar (0..1). */
  fraction: number;
}

/** The numeric metrics as bars scaled to the largest magnitude (non-numbers are left to the table). */
export function metricBars(rows: { name: string; value: number | string }[]): MetricBar[] {
  const nums = rows.filter((r): r is { name: string; value: number } => typeof r.value === 'number' && Number.isFinite(r.value));
  const max = Math.max(0, ...nums.map((r) => Math.abs(r.value)));
  return nums.map((r) => ({ name: r.name, value: r.value, fraction: max > 0 ? Math.abs(r.value) / max : 0 }));
}

/** A confusion matrix cell: its count and its share of its row (actual class). */
export interface MatrixCell {
  count: number;
  share: number;
}

/** Each cell with its share of its row, for shading. */
export function matrixCells(matrix: number[][]): MatrixCell[][] {
  return matrix.map((row) => {
    const total = row.reduce((s, x) => s + x, 0);
    return row.map((count) => ({ count, share: total > 0 ? count / total : 0 }));
  });
}

/** The accuracy of a confusion matrix (its diagonal over all), undefined when empty. */
export function matrixAccuracy(matrix: number[][]): number | undefined {
  const total = matrix.flat().reduce((s, x) => s + x, 0);
  if (total === 0) return undefined;
  return matrix.reduce((s, row, i) => s + (row[i] ?? 0), 0) / total;
}

/** When a preview or listing was fetched, in words: "fetched …" live, "cached at … (why)" from the cache. */
export function fetchedText(fetchedAt: number, origin: KfpOrigin, format: (ms: number) => string): string {
  if (origin.kind === 'cache') return `cached at ${format(origin.seenAt)}: ${origin.why}`;
  return `fetched ${format(fetchedAt)}`;
}

/** Whether a content is the one of an artifact (name and side). */
export const contentOf = (c: ArtifactContent | undefined, io: string, name: string) => (c && c.io === io && c.name === name ? c : undefined);
