// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { NotebookDoc } from '../../../../shared/notebook/nbformat';
import { maxStreamCharsPerCell, NotebookModel } from './notebook-model';

function doc(cells: NotebookDoc['cells'], extra: Partial<NotebookDoc> = {}): NotebookDoc {
  return { nbformat: 4, nbformat_minor: 4, metadata: { kernelspec: { name: 'python3' } }, cells, ...extra };
}
const code = (source: string | string[], id?: string): NotebookDoc['cells'][number] => ({
  cell_type: 'code',
  ...(id ? { id } : {}),
  source,
  metadata: {},
  outputs: [],
  execution_count: null,
});
const md = (source: string, id?: string): NotebookDoc['cells'][number] => ({ cell_type: 'markdown', ...(id ? { id } : {}), source, metadata: {} });

describe('NotebookModel: loading and saving', () => {
  it('gives cells without a valid or unique id a fresh nbformat-4.5 id and writes 4.5', () => {
    const m = NotebookModel.fromDoc(doc([code('a'), md('b', 'keep-me'), code('c', 'keep-me'), code('d', 'bad id!')]));
    const ids = m.cells.map((c) => c.id);
    expect(ids[1]).toBe('keep-me');
    expect(new Set(ids).size).toBe(4);
    for (const id of [ids[0], ids[2], ids[3]]) expect(id).toMatch(/^[a-zA-Z0-9-_]{8,64}$/);
    const out = m.toDoc();
    expect(out.nbformat).toBe(4);
    expect(out.nbformat_minor).toBeGreaterThanOrEqual(5);
    expect(out.cells.map((c) => c.id)).toEqual(ids);
  });

  it('writes sources and texts as lists of lines, as Jupyter does, and keeps metadata and unknown keys', () => {
    const m = NotebookModel.fromDoc(
      doc(
        [
          {
            cell_type: 'code',
            id: 'c1',
            source: ['import os\n', 'print(1)'],
            metadata: { tags: ['x'] },
            execution_count: 3,
            outputs: [
              { output_type: 'stream', name: 'stdout', text: '1\n2\n' },
              {
                output_type: 'execute_result',
                execution_count: 3,
                data: { 'text/plain': '3', 'image/png': 'iVBOR', 'application/json': { a: 1 } },
                metadata: {},
              },
              { output_type: 'display_data', data: { 'text/html': '<b>a</b>\n<i>b</i>' }, metadata: {}, transient: { display_id: 'x' } },
            ],
          },
        ],
        { metadata: { kernelspec: { name: 'python3' }, custom: { k: 1 } } },
      ),
    );
    const out = m.toDoc();
    const c = out.cells[0] as Extract<NotebookDoc['cells'][number], { cell_type: 'code' }>;
    expect(c.source).toEqual(['import os\n', 'print(1)']);
    expect(c.metadata).toEqual({ tags: ['x'] });
    expect(c.execution_count).toBe(3);
    expect(c.outputs[0]).toEqual({ output_type: 'stream', name: 'stdout', text: ['1\n', '2\n'] });
    expect(c.outputs[1]).toEqual({
      output_type: 'execute_result',
      execution_count: 3,
      data: { 'text/plain': ['3'], 'image/png': 'iVBOR', 'application/json': { a: 1 } },
      metadata: {},
    });
    expect(c.outputs[2]).toEqual({ output_type: 'display_data', data: { 'text/html': ['<b>a</b>\n', '<i>b</i>'] }, metadata: {} });
    expect(out.metadata).toEqual({ kernelspec: { name: 'python3' }, custom: { k: 1 } });
  });

  it('never keeps a trusted flag or a signature', () => {
    const m = NotebookModel.fromDoc(
      doc([{ cell_type: 'code', id: 'c1', source: '', metadata: { trusted: true, keep: 1 }, outputs: [], execution_count: null }], {
        metadata: { trusted: true, signature: 'sha256:abc' },
      }),
    );
    expect(m.cell('c1')?.metadata).toEqual({ keep: 1 });
    const out = m.toDoc();
    expect(out.metadata).toEqual({});
    expect(out.cells[0]?.metadata).toEqual({ keep: 1 });
    expect(JSON.stringify(out)).not.toContain('trusted');
  });

  it('round-trips markdown attachments', () => {
    const m = NotebookModel.fromDoc(
      doc([{ cell_type: 'markdown', id: 'm1', source: '![x](attachment:a.png)', metadata: {}, attachments: { 'a.png': { 'image/png': 'AAAA' } } }]),
    );
    expect(m.toDoc().cells[0]).toEqual({
      cell_type: 'markdown',
      id: 'm1',
      metadata: {},
      source: ['![x](attachment:a.png)'],
      attachments: { 'a.png': { 'image/png': 'AAAA' } },
    });
  });
});

describe('NotebookModel: edits, undo and dirty state', () => {
  it('gives a new cells array and version on change and only replaces the changed cell', () => {
    const m = NotebookModel.fromDoc(doc([code('a', 'c1'), code('b', 'c2')]));
    const before = m.cells;
    const ids = m.ids;
    const v = m.version;
    let calls = 0;
    m.subscribe(() => calls++);
    m.setSource('c1', 'a2');
    expect(m.cells).not.toBe(before);
    expect(m.cells[1]).toBe(before[1]);
    expect(m.cells[0]?.source).toBe('a2');
    expect(m.ids).toBe(ids); // not a structural change
    expect(m.version).toBeGreaterThan(v);
    expect(calls).toBe(1);
  });

  it('is dirty after an edit until saved, and stays dirty for edits made while saving', () => {
    const m = NotebookModel.fromDoc(doc([code('a', 'c1')]));
    expect(m.dirty).toBe(false);
    m.setRunState('c1', 'running');
    expect(m.dirty).toBe(false);
    m.setSource('c1', 'b');
    expect(m.dirty).toBe(true);
    const at = m.version;
    m.setSource('c1', 'bc');
    m.markSaved(at);
    expect(m.dirty).toBe(true);
    m.markSaved();
    expect(m.dirty).toBe(false);
  });

  it('inserts, moves, deletes and undoes and redoes each', () => {
    const m = NotebookModel.fromDoc(doc([code('a', 'c1'), code('b', 'c2'), code('c', 'c3')]));
    const src = () => m.cells.map((c) => c.source).join(',');
    const id = m.insertCell(1, 'markdown', '# hi');
    expect(src()).toBe('a,# hi,b,c');
    expect(m.cell(id)?.type).toBe('markdown');
    m.moveCell('c1', 10);
    expect(src()).toBe('# hi,b,c,a');
    m.deleteCells(['c2', id]);
    expect(src()).toBe('c,a');
    expect(m.undo()).toBe(true);
    expect(src()).toBe('# hi,b,c,a');
    expect(m.undo()).toBe(true);
    expect(src()).toBe('a,# hi,b,c');
    expect(m.undo()).toBe(true);
    expect(src()).toBe('a,b,c');
    expect(m.undo()).toBe(false);
    expect(m.canRedo()).toBe(true);
    m.redo();
    m.redo();
    m.redo();
    expect(src()).toBe('c,a');
    expect(m.canRedo()).toBe(false);
  });

  it('keeps outputs that arrived after a delete when the delete is undone', () => {
    const m = NotebookModel.fromDoc(doc([code('a', 'c1'), code('b', 'c2')]));
    m.appendOutput('c1', { output_type: 'stream', name: 'stdout', text: 'x\n' });
    m.deleteCells(['c2']);
    m.appendOutput('c1', { output_type: 'stream', name: 'stdout', text: 'y\n' });
    m.undo();
    expect(m.cells.map((c) => c.id)).toEqual(['c1', 'c2']);
    expect(m.cell('c1')?.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'x\ny\n' }]);
  });

  it('makes one undo step of consecutive typing in a cell', () => {
    const m = NotebookModel.fromDoc(doc([code('', 'c1')]));
    for (const t of ['p', 'pr', 'pri', 'print']) m.setSource('c1', t);
    m.breakUndoGroup();
    m.setSource('c1', 'print()');
    m.undo();
    expect(m.cell('c1')?.source).toBe('print');
    m.undo();
    expect(m.cell('c1')?.source).toBe('');
    m.redo();
    expect(m.cell('c1')?.source).toBe('print');
  });

  it('splits a cell at an offset and undoes the split', () => {
    const m = NotebookModel.fromDoc(doc([code('a = 1\nb = 2\n', 'c1')]));
    m.splitCell('c1', 6);
    expect(m.cells.map((c) => c.source)).toEqual(['a = 1', 'b = 2\n']);
    expect(m.cells[1]?.type).toBe('code');
    m.undo();
    expect(m.cells.map((c) => c.source)).toEqual(['a = 1\nb = 2\n']);
  });

  it('changes the cell type, dropping outputs when it stops being code, and undoes it', () => {
    const m = NotebookModel.fromDoc(doc([code('x', 'c1')]));
    m.appendOutput('c1', { output_type: 'stream', name: 'stdout', text: 'out' });
    m.setExecutionCount('c1', 4);
    m.setCellType('c1', 'markdown');
    expect(m.cell('c1')).toMatchObject({ type: 'markdown', outputs: [], executionCount: null, source: 'x' });
    expect(m.toDoc().cells[0]).not.toHaveProperty('outputs');
    m.undo();
    expect(m.cell('c1')).toMatchObject({ type: 'code', executionCount: 4 });
    expect(m.cell('c1')?.outputs).toHaveLength(1);
  });
});

describe('NotebookModel: outputs', () => {
  it('merges consecutive streams of one name and handles carriage returns', () => {
    const m = NotebookModel.fromDoc(doc([code('', 'c1')]));
    m.appendOutput('c1', { output_type: 'stream', name: 'stdout', text: 'start\n' });
    m.appendOutput('c1', { output_type: 'stream', name: 'stderr', text: '10%\r' });
    m.appendOutput('c1', { output_type: 'stream', name: 'stderr', text: '50%\r' });
    m.appendOutput('c1', { output_type: 'stream', name: 'stderr', text: '100%\n' });
    m.appendOutput('c1', { output_type: 'stream', name: 'stdout', text: ['end', '\n'] });
    expect(m.cell('c1')?.outputs).toEqual([
      { output_type: 'stream', name: 'stdout', text: 'start\n' },
      { output_type: 'stream', name: 'stderr', text: '100%\n' },
      { output_type: 'stream', name: 'stdout', text: 'end\n' },
    ]);
    expect(m.dirty).toBe(true);
  });

  it('clears outputs now, or on the next output with wait', () => {
    const m = NotebookModel.fromDoc(doc([code('', 'c1')]));
    m.appendOutput('c1', { output_type: 'stream', name: 'stdout', text: 'a' });
    m.clearOutputs('c1', true);
    expect(m.cell('c1')?.outputs).toHaveLength(1);
    m.appendOutput('c1', { output_type: 'stream', name: 'stdout', text: 'b' });
    expect(m.cell('c1')?.outputs).toEqual([{ output_type: 'stream', name: 'stdout', text: 'b' }]);
    m.clearOutputs('c1');
    expect(m.cell('c1')?.outputs).toEqual([]);
  });

  it('keeps at most ~5 MB of stream text per cell, dropping the oldest with a note', () => {
    const m = NotebookModel.fromDoc(doc([code('', 'c1')]));
    const line = `${'x'.repeat(1023)}\n`;
    const chunk = line.repeat(1024); // 1 MiB
    for (let i = 0; i < 8; i++) m.appendOutput('c1', { output_type: 'stream', name: 'stdout', text: chunk });
    m.appendOutput('c1', { output_type: 'stream', name: 'stdout', text: 'last line\n' });
    const outs = m.cell('c1')?.outputs ?? [];
    expect(outs).toHaveLength(1);
    const text = (outs[0] as { text: string }).text;
    expect(text.length).toBeLessThanOrEqual(maxStreamCharsPerCell);
    expect(text).toMatch(/^\[MLDeck: [\d,]+ earlier characters of this output were dropped\]\n/);
    expect(text.endsWith('last line\n')).toBe(true);
  });

  it('ignores outputs for markdown cells and unknown ids, and keeps run state out of the document', () => {
    const m = NotebookModel.fromDoc(doc([md('# t', 'm1'), code('', 'c1')]));
    m.appendOutput('m1', { output_type: 'stream', name: 'stdout', text: 'a' });
    m.appendOutput('nope', { output_type: 'stream', name: 'stdout', text: 'a' });
    expect(m.cell('m1')?.outputs).toEqual([]);
    m.setRunState('c1', 'queued');
    expect(m.cell('c1')?.runState).toBe('queued');
    expect(JSON.stringify(m.toDoc())).not.toContain('queued');
    m.setRunState('c1', undefined);
    expect(m.cell('c1')).not.toHaveProperty('runState');
  });
});
