// SPDX-License-Identifier: Apache-2.0
/**
 * What of an artifact's bytes the drawer previews, by its type (pure, unit-tested):
 * - `system.Metrics`: a JSON object of scalar metrics (`{"accuracy": 0.91}`, as the lab's launcher
 *   and `Metrics.log_metric` metadata give them) or KFP v1's `{"metrics": [{name, numberValue}]}`;
 * - `system.ClassificationMetrics`: KFP's `confusionMatrix` (`annotationSpecs`, `rows[].row`) and
 *   `confidenceMetrics` (threshold, recall = TPR, false positive rate) as the ROC;
 * - `system.Markdown`, `system.HTML`: text (HTML is only ever shown in a sandboxed frame);
 * - `system.Dataset`: CSV, TSV or JSON Lines as their first bytes, Parquet as the file, told apart
 *   by the name, the content type or the first bytes;
 * and how many bytes of each are read ({@link readLimit}).
 */
import type { ArtifactPreview, DatasetFormat } from '../../../shared/features/pipelines/run-artifacts.contract';

/** The most bytes read for a type; for JSON types a cut file is not previewed. */
export function readLimit(schemaTitle: string): number {
  switch (schemaTitle) {
    case 'system.Metrics':
    case 'system.ClassificationMetrics':
      return 1024 * 1024;
    case 'system.Markdown':
      return 512 * 1024;
    case 'system.HTML':
      return 2 * 1024 * 1024;
    case 'system.Dataset':
      return 64 * 1024;
    default:
      return 0;
  }
}

/** The largest Parquet dataset read whole for its first rows (its footer is at the end). */
export const parquetLimit = 8 * 1024 * 1024;

/** The types with a preview. */
export const previewed = new Set(['system.Metrics', 'system.ClassificationMetrics', 'system.Markdown', 'system.HTML', 'system.Dataset']);

const none = (why: string): ArtifactPreview => ({ kind: 'none', why });

function parseJson(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
}

/** Scalar metrics from a Metrics artifact's JSON. */
export function metricsPreview(text: string): ArtifactPreview {
  const parsed = parseJson(text);
  if ('error' in parsed) return none(`The metrics file is not JSON (${parsed.error}).`);
  const v = parsed.value;
  if (!v || typeof v !== 'object' || Array.isArray(v)) return none('The metrics file is not a JSON object of metrics.');
  const list = (v as { metrics?: unknown }).metrics;
  if (Array.isArray(list)) {
    const rows = list
      .map((m) => m as { name?: unknown; numberValue?: unknown; value?: unknown })
      .filter((m) => typeof m.name === 'string')
      .map((m) => ({ name: m.name as string, value: scalar(m.numberValue ?? m.value) }));
    return { kind: 'metrics', rows };
  }
  const rows = Object.entries(v as Record<string, unknown>)
    .filter(([, x]) => x === null || typeof x !== 'object')
    .map(([name, x]) => ({ name, value: scalar(x) }));
  if (rows.length === 0) return none('The metrics file holds no scalar metrics.');
  return { kind: 'metrics', rows };
}

const scalar = (x: unknown): number | string => (typeof x === 'number' ? x : typeof x === 'string' ? x : JSON.stringify(x ?? null));
const num = (x: unknown): number | undefined =>
  typeof x === 'number' && Number.isFinite(x) ? x : typeof x === 'string' && x.trim() !== '' && Number.isFinite(Number(x)) ? Number(x) : undefined;

/** A confusion matrix and ROC points from a ClassificationMetrics artifact's JSON. */
export function classificationPreview(text: string): ArtifactPreview {
  const parsed = parseJson(text);
  if ('error' in parsed) return none(`The classification metrics file is not JSON (${parsed.error}).`);
  const v = (parsed.value ?? {}) as {
    confusionMatrix?: { annotationSpecs?: { displayName?: unknown }[]; rows?: { row?: unknown[] }[] };
    confidenceMetrics?: { confidenceThreshold?: unknown; recall?: unknown; falsePositiveRate?: unknown }[];
  };
  const labels = (v.confusionMatrix?.annotationSpecs ?? []).map((a, i) => (typeof a.displayName === 'string' ? a.displayName : `class ${i}`));
  const matrix = (v.confusionMatrix?.rows ?? []).map((r) => (r.row ?? []).map((x) => num(x) ?? 0));
  if (matrix.some((r) => r.length !== labels.length) || matrix.length !== labels.length)
    return none(`The confusion matrix is not square over its ${labels.length} labels.`);
  const roc = (Array.isArray(v.confidenceMetrics) ? v.confidenceMetrics : [])
    .map((c) => ({ threshold: num(c.confidenceThreshold), tpr: num(c.recall), fpr: num(c.falsePositiveRate) }))
    .filter((c): c is { threshold: number; tpr: number; fpr: number } => c.threshold !== undefined && c.tpr !== undefined && c.fpr !== undefined)
    .sort((a, b) => a.fpr - b.fpr || a.tpr - b.tpr);
  if (labels.length === 0 && roc.length === 0) return none('The file has no confusion matrix and no ROC points.');
  return { kind: 'classification', labels, matrix, roc };
}

/** A dataset's format from its name, content type or first bytes; undefined when none the drawer reads. */
export function datasetFormat(key: string, contentType: string | undefined, head: Uint8Array): DatasetFormat | undefined {
  const name = key.toLowerCase();
  if (/\.parquet$/.test(name)) return 'parquet';
  if (/\.(jsonl|ndjson)$/.test(name)) return 'jsonl';
  if (/\.tsv$/.test(name)) return 'tsv';
  if (/\.csv$/.test(name)) return 'csv';
  if (head.length >= 4 && String.fromCharCode(...head.subarray(0, 4)) === 'PAR1') return 'parquet';
  const ct = (contentType ?? '').toLowerCase();
  if (ct.includes('tab-separated')) return 'tsv';
  if (ct.includes('csv')) return 'csv';
  if (ct.includes('ndjson') || ct.includes('jsonl')) return 'jsonl';
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  if (text.includes('\u0000')) return undefined;
  const first = text.split('\n').find((l) => l.trim() !== '') ?? '';
  if (/^\s*\{/.test(first)) return 'jsonl';
  if (first.includes('\t')) return 'tsv';
  if (first.includes(',')) return 'csv';
  return undefined;
}

/**
 * The preview of an artifact's first bytes.
 * @param truncated - whether `bytes` is only the start of the object
 */
export function previewOf(schemaTitle: string, key: string, contentType: string | undefined, bytes: Uint8Array, truncated: boolean): ArtifactPreview {
  const text = () => new TextDecoder('utf-8', { fatal: false }).decode(bytes);
  switch (schemaTitle) {
    case 'system.Metrics':
      return truncated ? none(`The metrics file is over ${readLimit(schemaTitle)} bytes.`) : metricsPreview(text());
    case 'system.ClassificationMetrics':
      return truncated ? none(`The classification metrics file is over ${readLimit(schemaTitle)} bytes.`) : classificationPreview(text());
    case 'system.Markdown':
      return { kind: 'markdown', text: text() };
    case 'system.HTML':
      return { kind: 'html', html: text() };
    case 'system.Dataset': {
      const format = datasetFormat(key, contentType, bytes);
      if (!format) return none('The dataset is not CSV, TSV, JSON Lines or Parquet.');
      if (format === 'parquet') {
        if (truncated) return none(`The Parquet file is over ${parquetLimit} bytes: open it in Storage.`);
        return { kind: 'dataset', format, text: '', base64: Buffer.from(bytes).toString('base64') };
      }
      return { kind: 'dataset', format, text: text(), base64: '' };
    }
    default:
      return none(`MLDeck previews metrics, classification metrics, markdown, HTML and datasets; a ${schemaTitle || 'typed'} artifact is shown by its size.`);
  }
}
