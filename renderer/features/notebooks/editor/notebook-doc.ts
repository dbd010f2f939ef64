// SPDX-License-Identifier: Apache-2.0
/**
 * Reading an nbformat document into the editor's cells and writing them back (nbformat 4.5+:
 * cell ids, text as lists of lines, metadata and unknown keys kept). MLDeck never trusts a
 * notebook: `metadata.trusted` (cells and notebook) and the notebook's signature are dropped on
 * read and never written.
 */
import type { MultilineString, NbOutput, NotebookDoc } from '../../../../shared/notebook/nbformat';
import { cellIdPattern, newCellId, type CellView } from './cell-view';
import { splitLines } from './nb-text';
import { joinText, loadOutput, saveOutput, untrusted } from './nb-outputs';

/** A document as the model holds it. */
export interface ReadDoc {
  cells: CellView[];
  /** Keys of cells that the model does not know (kept as they came), by cell id. */
  extras: Map<string, Record<string, unknown>>;
  metadata: Record<string, unknown>;
  /** Top-level keys other than nbformat, nbformat_minor, metadata and cells. */
  extra: Record<string, unknown>;
  minor: number;
}

/**
 * The cells of a document. Cells without a valid id, or with an id seen before, get a fresh one
 * (nbformat 4.5); `trusted` flags and the signature are dropped.
 */
export function readDoc(doc: NotebookDoc): ReadDoc {
  const { nbformat: _f, nbformat_minor, metadata, cells, ...rest } = doc;
  const docMetadata = untrusted(metadata);
  delete docMetadata.signature;
  delete docMetadata.orig_nbformat;
  delete docMetadata.orig_nbformat_minor;
  const out: ReadDoc = {
    cells: [],
    extras: new Map(),
    metadata: docMetadata,
    extra: rest,
    minor: Math.max(5, Number.isInteger(nbformat_minor) ? nbformat_minor : 5),
  };
  const seen = new Set<string>();
  for (const c of cells ?? []) {
    const { id: givenId, cell_type, source, metadata: cellMeta, ...cellRest } = c as unknown as Record<string, unknown> & { cell_type: string };
    let id = typeof givenId === 'string' && cellIdPattern.test(givenId) && !seen.has(givenId) ? givenId : newCellId();
    while (seen.has(id)) id = newCellId();
    const type: CellView['type'] = cell_type === 'markdown' || cell_type === 'raw' ? cell_type : 'code';
    const view: CellView = { id, type, source: joinText(source as MultilineString), outputs: [], executionCount: null, metadata: untrusted(cellMeta) };
    if (type === 'code') {
      const outputs = Array.isArray(cellRest.outputs) ? (cellRest.outputs as NbOutput[]) : [];
      view.outputs = outputs.map(loadOutput);
      view.executionCount = typeof cellRest.execution_count === 'number' ? cellRest.execution_count : null;
    } else if (cellRest.attachments && typeof cellRest.attachments === 'object') {
      view.attachments = cellRest.attachments as Record<string, Record<string, unknown>>;
    }
    delete cellRest.outputs;
    delete cellRest.execution_count;
    delete cellRest.attachments;
    if (Object.keys(cellRest).length) out.extras.set(id, cellRest);
    out.cells.push(view);
    seen.add(id);
  }
  return out;
}

/** The document to save: nbformat 4.5+, text as lists of lines, metadata and unknown keys kept, never `trusted`. */
export function writeDoc(d: ReadDoc): NotebookDoc {
  const cells = d.cells.map((c) => {
    const extra = d.extras.get(c.id) ?? {};
    const metadata = untrusted(c.metadata);
    if (c.type === 'code') {
      return {
        ...extra,
        cell_type: 'code' as const,
        execution_count: c.executionCount,
        id: c.id,
        metadata,
        outputs: c.outputs.map(saveOutput),
        source: splitLines(c.source),
      };
    }
    const cell: NotebookDoc['cells'][number] = { ...extra, cell_type: c.type, id: c.id, metadata, source: splitLines(c.source) };
    if (c.attachments) (cell as { attachments?: unknown }).attachments = c.attachments;
    return cell;
  });
  return { ...d.extra, nbformat: 4, nbformat_minor: d.minor, metadata: { ...d.metadata }, cells };
}
