// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { emptyNotebook, normaliseNotebook, NotebookDocSchema, type NotebookDoc } from './nbformat';

let n = 0;
const newId = () => `gen-${++n}`;

describe('nbformat 4.5 normalisation', () => {
  it('gives every cell a valid unique id, keeping good ones', () => {
    n = 0;
    const doc = {
      nbformat: 4,
      nbformat_minor: 4,
      metadata: { kernelspec: { name: 'python3' } },
      cells: [
        { cell_type: 'markdown', id: 'keep-me', metadata: {}, source: 'a' },
        { cell_type: 'code', id: 'keep-me', metadata: {}, source: 'b', outputs: [], execution_count: null },
        { cell_type: 'raw', metadata: {}, source: 'c' },
        { cell_type: 'markdown', id: 'bad id!', metadata: {}, source: 'd' },
      ],
    } as NotebookDoc;
    const out = normaliseNotebook(doc, newId);
    expect(out.nbformat_minor).toBe(5);
    expect(out.cells.map((c) => c.id)).toEqual(['keep-me', 'gen-1', 'gen-2', 'gen-3']);
    expect(out.metadata).toEqual({ kernelspec: { name: 'python3' } });
  });

  it('keeps only the keys the schema allows, drops transient, and fills code cells', () => {
    const doc = {
      nbformat: 4,
      nbformat_minor: 5,
      metadata: {},
      cells: [
        {
          cell_type: 'code',
          id: 'c',
          metadata: { tags: ['x'] },
          source: ['a\n', 'b'],
          execution_count: 2,
          extra: 1,
          outputs: [
            { output_type: 'display_data', data: { 'text/plain': 'x' }, metadata: {}, transient: { display_id: 'd' } },
            { output_type: 'stream', name: 'stdout', text: 'hi', junk: true },
          ],
        },
        { cell_type: 'markdown', id: 'm', metadata: {}, source: 'x', outputs: [], execution_count: 1, attachments: { 'a.png': { 'image/png': 'AA' } } },
      ],
    } as unknown as NotebookDoc;
    expect(normaliseNotebook(doc, newId).cells).toEqual([
      {
        id: 'c',
        cell_type: 'code',
        metadata: { tags: ['x'] },
        source: ['a\n', 'b'],
        execution_count: 2,
        outputs: [
          { output_type: 'display_data', data: { 'text/plain': 'x' }, metadata: {} },
          { output_type: 'stream', name: 'stdout', text: 'hi' },
        ],
      },
      { id: 'm', cell_type: 'markdown', metadata: {}, source: 'x', attachments: { 'a.png': { 'image/png': 'AA' } } },
    ]);
  });

  it('makes a new notebook the wire schema accepts', () => {
    expect(NotebookDocSchema.safeParse(emptyNotebook()).success).toBe(true);
    expect(emptyNotebook()).toEqual({ nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [] });
  });
});
