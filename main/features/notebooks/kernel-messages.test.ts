// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { executionCountOf, kernelStatusOf, outputOf, replyStatus } from './kernel-messages';

describe('kernel messages to nbformat', () => {
  it('maps IOPub outputs, dropping transient and keeping metadata', () => {
    expect(outputOf('stream', { name: 'stderr', text: 'oops\n' })).toEqual({ output_type: 'stream', name: 'stderr', text: 'oops\n' });
    expect(outputOf('display_data', { data: { 'image/png': 'iVBOR' }, metadata: { 'image/png': { width: 3 } }, transient: { display_id: 'x' } })).toEqual({
      output_type: 'display_data',
      data: { 'image/png': 'iVBOR' },
      metadata: { 'image/png': { width: 3 } },
    });
    expect(outputOf('execute_result', { data: { 'text/html': '<table/>' }, metadata: {}, execution_count: 4 })).toEqual({
      output_type: 'execute_result',
      data: { 'text/html': '<table/>' },
      metadata: {},
      execution_count: 4,
    });
    expect(outputOf('error', { ename: 'ZeroDivisionError', evalue: 'division by zero', traceback: ['a', 'b'] })).toEqual({
      output_type: 'error',
      ename: 'ZeroDivisionError',
      evalue: 'division by zero',
      traceback: ['a', 'b'],
    });
  });

  it('fills what a kernel left out, and maps nothing else', () => {
    expect(outputOf('display_data', {})).toEqual({ output_type: 'display_data', data: {}, metadata: {} });
    expect(outputOf('execute_result', { data: {} })).toMatchObject({ execution_count: null });
    expect(outputOf('error', {})).toEqual({ output_type: 'error', ename: '', evalue: '', traceback: [] });
    for (const t of ['update_display_data', 'status', 'execute_input', 'clear_output', 'comm_open']) expect(outputOf(t, {})).toBeUndefined();
  });

  it('reads replies and statuses', () => {
    expect(replyStatus({ status: 'ok' })).toBe('ok');
    expect(replyStatus({ status: 'aborted' })).toBe('aborted');
    expect(replyStatus({ status: 'error', ename: 'X' })).toBe('error');
    expect(executionCountOf({ execution_count: 7 })).toBe(7);
    expect(executionCountOf({ execution_count: null })).toBeNull();
    expect(kernelStatusOf('busy')).toBe('busy');
    expect(kernelStatusOf('terminating')).toBe('dead');
    expect(kernelStatusOf('initializing')).toBe('unknown');
  });
});
