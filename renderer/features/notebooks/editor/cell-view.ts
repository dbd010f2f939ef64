// SPDX-License-Identifier: Apache-2.0
/**
 * What the notebook editor shows of one cell (an immutable view: every change makes a new
 * object) and the cell ids it makes (UUID v4, as JupyterLab makes them).
 */
import type { NbOutput } from '../../../../shared/notebook/nbformat';

/** A code cell waiting for the kernel, or running. */
export type CellRunState = 'queued' | 'running';

/** One cell as the editor shows it (immutable: every change makes a new object). */
export interface CellView {
  id: string;
  type: 'code' | 'markdown' | 'raw';
  source: string;
  /** Code cells only (empty for the others); stream text is one string. */
  outputs: NbOutput[];
  executionCount: number | null;
  runState?: CellRunState;
  metadata: Record<string, unknown>;
  /** Markdown and raw cells: attached files by name (`attachment:<name>` in the text). */
  attachments?: Record<string, Record<string, unknown>>;
}

/** What a cell id given by a notebook must look like to be kept (nbformat 4.5). */
export const cellIdPattern = /^[a-zA-Z0-9-_]{1,64}$/;

/** A fresh cell id (a UUID v4, as JupyterLab makes them; works outside secure contexts too). */
export function newCellId(): string {
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = ((b[6] as number) & 0x0f) | 0x40;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** An empty cell of a type. */
export function blankCell(type: CellView['type'], source = ''): CellView {
  return { id: newCellId(), type, source, outputs: [], executionCount: null, metadata: {} };
}

/** The cell as another type (outputs and the execution count are dropped, as Jupyter does; attachments stay off code). */
export function withType(c: CellView, type: CellView['type']): CellView {
  const next: CellView = { id: c.id, type, source: c.source, outputs: [], executionCount: null, metadata: c.metadata };
  if (type !== 'code' && c.attachments) next.attachments = c.attachments;
  return next;
}
