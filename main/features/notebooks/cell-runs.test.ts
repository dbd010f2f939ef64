// SPDX-License-Identifier: Apache-2.0
import type { KernelMessage } from '@jupyterlab/services';
import { describe, expect, it, vi } from 'vitest';
import { CellRuns, idleGraceMs, type CellEvent } from './cell-runs';

const msg = (parent: string, channel: string, type: string, content: object): KernelMessage.IMessage =>
  ({
    channel,
    header: { msg_type: type, msg_id: `m-${Math.random()}` },
    parent_header: { msg_id: parent },
    content,
    metadata: {},
  }) as unknown as KernelMessage.IMessage;

describe('CellRuns', () => {
  it('ends a cell once both its reply and the idle status came, in either order, with its outputs before', () => {
    const seen: CellEvent[] = [];
    const runs = new CellRuns((e) => seen.push(e));
    runs.started('r1', 'cell-a');
    runs.accept(msg('r1', 'iopub', 'execute_input', { execution_count: 3 }));
    runs.accept(msg('r1', 'shell', 'execute_reply', { status: 'ok', execution_count: 3 }));
    runs.accept(msg('r1', 'iopub', 'stream', { name: 'stdout', text: 'late\n' }));
    expect(seen.map((e) => e.type)).toEqual(['execute-input', 'output']);
    runs.accept(msg('r1', 'iopub', 'status', { execution_state: 'idle' }));
    expect(seen.at(-1)).toEqual({ type: 'done', cellId: 'cell-a', status: 'ok', executionCount: 3 });
    // nothing more for a finished cell, nor for messages of other requests
    runs.accept(msg('r1', 'iopub', 'stream', { name: 'stdout', text: 'x' }));
    runs.accept(msg('other', 'iopub', 'stream', { name: 'stdout', text: 'x' }));
    expect(seen).toHaveLength(3);
  });

  it('ends an aborted cell at its reply, a cell whose idle never comes after the grace time, and the rest on abortAll', () => {
    vi.useFakeTimers();
    try {
      const seen: CellEvent[] = [];
      const runs = new CellRuns((e) => seen.push(e));
      runs.started('r1', 'a');
      runs.started('r2', 'b');
      runs.started('r3', 'c');
      runs.accept(msg('r1', 'shell', 'execute_reply', { status: 'aborted', execution_count: null }));
      expect(seen).toEqual([{ type: 'done', cellId: 'a', status: 'aborted', executionCount: null }]);
      runs.accept(msg('r2', 'shell', 'execute_reply', { status: 'error', execution_count: 4 }));
      vi.advanceTimersByTime(idleGraceMs);
      expect(seen.at(-1)).toEqual({ type: 'done', cellId: 'b', status: 'error', executionCount: 4 });
      runs.abortAll();
      expect(seen.at(-1)).toEqual({ type: 'done', cellId: 'c', status: 'aborted', executionCount: null });
      expect(seen).toHaveLength(3);
    } finally {
      vi.useRealTimers();
    }
  });
});
