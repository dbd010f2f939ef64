// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { NbOutput } from '../../../shared/notebook/nbformat';
import { applyKernelEvent, type KernelTarget } from './kernel-events';

function target() {
  const calls: string[] = [];
  const cells = new Set(['c1']);
  const t: KernelTarget = {
    cell: (id) => (cells.has(id) ? {} : undefined),
    setRunState: (id, s) => calls.push(`run ${id} ${s ?? '-'}`),
    setExecutionCount: (id, n) => calls.push(`count ${id} ${n}`),
    appendOutput: (id, o: NbOutput) => calls.push(`out ${id} ${o.output_type}`),
    clearOutputs: (id, wait) => calls.push(`clear ${id} ${wait ? 'wait' : 'now'}`),
  };
  return { t, calls };
}

describe('applying kernel events to a notebook', () => {
  it('runs a cell through input, outputs and its reply', () => {
    const { t, calls } = target();
    applyKernelEvent(t, { handle: 'h', type: 'execute-input', cellId: 'c1', executionCount: 3 });
    applyKernelEvent(t, { handle: 'h', type: 'output', cellId: 'c1', output: { output_type: 'stream', name: 'stdout', text: 'hi\n' } });
    applyKernelEvent(t, { handle: 'h', type: 'clear-output', cellId: 'c1', wait: true });
    applyKernelEvent(t, { handle: 'h', type: 'done', cellId: 'c1', status: 'error', executionCount: 3 });
    expect(calls).toEqual(['run c1 running', 'count c1 3', 'out c1 stream', 'clear c1 wait', 'run c1 -', 'count c1 3']);
  });

  it('drops events of cells deleted meanwhile, and status events', () => {
    const { t, calls } = target();
    expect(applyKernelEvent(t, { handle: 'h', type: 'output', cellId: 'gone', output: { output_type: 'stream', name: 'stdout', text: 'x' } })).toBe(false);
    expect(applyKernelEvent(t, { handle: 'h', type: 'status', status: 'busy' })).toBe(false);
    expect(calls).toEqual([]);
  });

  it('keeps the count of an aborted cell as it was', () => {
    const { t, calls } = target();
    applyKernelEvent(t, { handle: 'h', type: 'done', cellId: 'c1', status: 'aborted', executionCount: null });
    expect(calls).toEqual(['run c1 -']);
  });
});
