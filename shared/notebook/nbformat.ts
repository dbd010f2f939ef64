// SPDX-License-Identifier: Apache-2.0
/**
 * The Jupyter notebook format (nbformat v4), as plain types and a zod schema for the wire.
 * Only the shape is checked here; the editor's model (renderer) and main's save path keep
 * documents valid against nbformat 4.5 (cell ids, multiline strings).
 */
import { z } from 'zod';

/** A string or the list of lines Jupyter writes (joined, they are the text). */
export type MultilineString = string | string[];

/** One output of a code cell. */
export type NbOutput =
  | { output_type: 'stream'; name: 'stdout' | 'stderr'; text: MultilineString }
  | { output_type: 'display_data'; data: Record<string, unknown>; metadata: Record<string, unknown>; transient?: Record<string, unknown> }
  | { output_type: 'execute_result'; data: Record<string, unknown>; metadata: Record<string, unknown>; execution_count: number | null }
  | { output_type: 'error'; ename: string; evalue: string; traceback: string[] };

/** A code cell. */
export interface NbCodeCell {
  cell_type: 'code';
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown>;
  outputs: NbOutput[];
  execution_count: number | null;
}

/** A markdown or raw cell. */
export interface NbTextCell {
  cell_type: 'markdown' | 'raw';
  id?: string;
  source: MultilineString;
  metadata: Record<string, unknown>;
  attachments?: Record<string, Record<string, unknown>>;
}

/** Any cell. */
export type NbCell = NbCodeCell | NbTextCell;

/** A whole notebook document. */
export interface NotebookDoc {
  nbformat: 4;
  nbformat_minor: number;
  metadata: Record<string, unknown>;
  cells: NbCell[];
}

const Multiline = z.union([z.string(), z.array(z.string())]);
const Meta = z.record(z.string(), z.unknown());

/** The wire schema of an output (unknown extra keys are kept). */
export const NbOutputSchema = z.union([
  z.looseObject({ output_type: z.literal('stream'), name: z.enum(['stdout', 'stderr']), text: Multiline }),
  z.looseObject({ output_type: z.literal('display_data'), data: Meta, metadata: Meta }),
  z.looseObject({ output_type: z.literal('execute_result'), data: Meta, metadata: Meta, execution_count: z.number().int().nullable() }),
  z.looseObject({ output_type: z.literal('error'), ename: z.string(), evalue: z.string(), traceback: z.array(z.string()) }),
]);

/** The wire schema of a cell. */
export const NbCellSchema = z.union([
  z.looseObject({
    cell_type: z.literal('code'),
    id: z.string().max(64).optional(),
    source: Multiline,
    metadata: Meta,
    outputs: z.array(NbOutputSchema),
    execution_count: z.number().int().nullable(),
  }),
  z.looseObject({ cell_type: z.enum(['markdown', 'raw']), id: z.string().max(64).optional(), source: Multiline, metadata: Meta }),
]);

/**
 * The wire schema of a notebook (its size is bounded by the transport and main). Unknown keys are
 * kept; typed as {@link NotebookDoc} so requests carry the document type.
 */
export const NotebookDocSchema = z.looseObject({
  nbformat: z.literal(4),
  nbformat_minor: z.number().int().min(0),
  metadata: Meta,
  cells: z.array(NbCellSchema).max(100_000),
}) as unknown as z.ZodType<NotebookDoc>;

/** The text of a multiline string. */
export function joinMultiline(s: MultilineString): string {
  return Array.isArray(s) ? s.join('') : s;
}

/** nbformat 4.5's rule for cell ids. */
export const cellIdPattern = /^[a-zA-Z0-9-_]{1,64}$/;

/** A new, empty notebook (nbformat 4.5). */
export function emptyNotebook(): NotebookDoc {
  return { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const record = (v: unknown): Record<string, unknown> => (isRecord(v) ? v : {});
const multiline = (v: unknown): MultilineString =>
  typeof v === 'string' || (Array.isArray(v) && v.every((s) => typeof s === 'string')) ? (v as MultilineString) : '';
const count = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/** One output with only the keys nbformat 4.5 allows (`transient` and unknown keys dropped). */
export function normaliseOutput(o: NbOutput): NbOutput {
  switch (o.output_type) {
    case 'stream':
      return { output_type: 'stream', name: o.name === 'stderr' ? 'stderr' : 'stdout', text: multiline(o.text) };
    case 'display_data':
      return { output_type: 'display_data', data: record(o.data), metadata: record(o.metadata) };
    case 'execute_result':
      return { output_type: 'execute_result', data: record(o.data), metadata: record(o.metadata), execution_count: count(o.execution_count) };
    case 'error':
      return {
        output_type: 'error',
        ename: String(o.ename),
        evalue: String(o.evalue),
        traceback: Array.isArray(o.traceback) ? o.traceback.map(String) : [],
      };
  }
}

/**
 * The document as nbformat 4.5 wants it on disk: `nbformat_minor` at least 5, every cell with a
 * valid unique id (missing, invalid or repeated ids are replaced by `newId()`), only the keys the
 * schema allows per cell and output (unknown keys and outputs' `transient` dropped), code cells
 * with `outputs` and `execution_count`. Metadata is kept as it is.
 * @param newId - makes a fresh id (8+ characters of [a-z0-9-] are plenty)
 */
export function normaliseNotebook(doc: NotebookDoc, newId: () => string): NotebookDoc {
  const seen = new Set<string>();
  const idOf = (id: unknown): string => {
    let v = typeof id === 'string' && cellIdPattern.test(id) && !seen.has(id) ? id : newId();
    while (seen.has(v) || !cellIdPattern.test(v)) v = newId();
    seen.add(v);
    return v;
  };
  const cells: NbCell[] = doc.cells.map((c) => {
    if (c.cell_type === 'code') {
      return {
        id: idOf(c.id),
        cell_type: 'code',
        metadata: record(c.metadata),
        source: multiline(c.source),
        outputs: (Array.isArray(c.outputs) ? c.outputs : []).map(normaliseOutput),
        execution_count: count(c.execution_count),
      };
    }
    const t: NbTextCell = { id: idOf(c.id), cell_type: c.cell_type, metadata: record(c.metadata), source: multiline(c.source) };
    if (isRecord(c.attachments)) t.attachments = c.attachments;
    return t;
  });
  return { nbformat: 4, nbformat_minor: Math.max(5, Number.isInteger(doc.nbformat_minor) ? doc.nbformat_minor : 5), metadata: record(doc.metadata), cells };
}
