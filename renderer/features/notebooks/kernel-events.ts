// SPDX-License-Identifier: Apache-2.0
/**
 * Applies what a kernel reports (`notebooks:kernel` events) to the open notebook: execution
 * counts, outputs, clear_output, and each cell's run state. Pure over the model's operations,
 * so it is tested without a kernel.
 */
import type { KernelEvent } from '../../../shared/features/notebooks/notebooks.contract';
import type { NbOutput } from '../../../shared/notebook/nbformat';

/** The model operations a kernel's events need (a subset of NotebookModel). */
export interface KernelTarget {
  cell(id: string): unknown;
  setRunState(id: string, state: 'queued' | 'running' | undefined): void;
  setExecutionCount(id: string, n: number | null): void;
  appendOutput(id: string, output: NbOutput): void;
  clearOutputs(id: string, wait?: boolean): void;
}

/**
 * Applies one event. Events for cells that are gone (deleted while running) are dropped.
 * @returns true when the event belonged to a cell of this notebook
 */
export function applyKernelEvent(model: KernelTarget, ev: KernelEvent): boolean {
  if (ev.type === 'status') return false;
  if (model.cell(ev.cellId) === undefined) return false;
  switch (ev.type) {
    case 'execute-input':
      model.setRunState(ev.cellId, 'running');
      model.setExecutionCount(ev.cellId, ev.executionCount);
      break;
    case 'output':
      model.appendOutput(ev.cellId, ev.output);
      break;
    case 'clear-output':
      model.clearOutputs(ev.cellId, ev.wait);
      break;
    case 'done':
      model.setRunState(ev.cellId, undefined);
      if (ev.executionCount !== null) model.setExecutionCount(ev.cellId, ev.executionCount);
      break;
  }
  return true;
}
