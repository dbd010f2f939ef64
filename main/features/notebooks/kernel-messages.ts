// SPDX-License-Identifier: Apache-2.0
/**
 * Kernel messages (Jupyter messaging 5.x) to the notebook's terms: IOPub outputs to nbformat
 * outputs (`transient` dropped, metadata kept), and an execute_reply to the cell's end.
 * `update_display_data` is not mapped: it updates an earlier output by display id, which the
 * editor does not track; the next full output of the cell shows the current state.
 */
import type { KernelStatus } from '../../../shared/features/notebooks/notebooks.contract';
import type { NbOutput } from '../../../shared/notebook/nbformat';

const record = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const count = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/**
 * The nbformat output an IOPub message stands for, if it is one.
 * @param msgType - the header's msg_type
 * @param content - the message content
 */
export function outputOf(msgType: string, content: unknown): NbOutput | undefined {
  const c = record(content);
  switch (msgType) {
    case 'stream':
      return { output_type: 'stream', name: c.name === 'stderr' ? 'stderr' : 'stdout', text: typeof c.text === 'string' ? c.text : '' };
    case 'display_data':
      return { output_type: 'display_data', data: record(c.data), metadata: record(c.metadata) };
    case 'execute_result':
      return { output_type: 'execute_result', data: record(c.data), metadata: record(c.metadata), execution_count: count(c.execution_count) };
    case 'error':
      return {
        output_type: 'error',
        ename: String(c.ename ?? ''),
        evalue: String(c.evalue ?? ''),
        traceback: Array.isArray(c.traceback) ? c.traceback.map(String) : [],
      };
    default:
      return undefined;
  }
}

/** How an execute_reply ended the cell. */
export function replyStatus(content: unknown): 'ok' | 'error' | 'aborted' {
  const s = record(content).status;
  return s === 'ok' ? 'ok' : s === 'aborted' ? 'aborted' : 'error';
}

/** The execution count of an execute_input or execute_reply. */
export function executionCountOf(content: unknown): number | null {
  return count(record(content).execution_count);
}

/** A `@jupyterlab/services` kernel status in the contract's words. */
export function kernelStatusOf(s: string): KernelStatus {
  switch (s) {
    case 'starting':
    case 'idle':
    case 'busy':
    case 'restarting':
    case 'autorestarting':
    case 'dead':
      return s;
    case 'terminating':
      return 'dead';
    default:
      return 'unknown';
  }
}
