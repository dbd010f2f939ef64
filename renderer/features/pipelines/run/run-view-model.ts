// SPDX-License-Identifier: Apache-2.0
/** The run page's words and tones for states. Pure. */
import type { RunState } from '../../../../shared/features/pipelines/run-details.contract';
import type { ItemState } from './run-graph-model';

/** The pill tone of a state. */
export function stateTone(s: RunState): 'ok' | 'error' | 'progress' | 'warn' | '' {
  switch (s) {
    case 'SUCCEEDED':
      return 'ok';
    case 'FAILED':
      return 'error';
    case 'RUNNING':
    case 'PENDING':
    case 'CANCELING':
      return 'progress';
    case 'CANCELED':
    case 'PAUSED':
      return 'warn';
    default:
      return '';
  }
}

/** A state in words. */
export function stateText(s: RunState): string {
  return s === 'RUNTIME_STATE_UNSPECIFIED' ? 'Unknown' : s.charAt(0) + s.slice(1).toLowerCase();
}

/** A box's state in words. */
export function itemStateText(s: ItemState): string {
  return s === 'NOT_STARTED' ? 'Not started' : stateText(s);
}

/** Instances counted by state: "3 succeeded, 1 running". */
export function stateCountsText(counts: Partial<Record<ItemState, number>>): string {
  return Object.entries(counts)
    .filter(([, n]) => (n ?? 0) > 0)
    .sort((a, b) => (b[1] ?? 0) - (a[1] ?? 0))
    .map(([s, n]) => `${n} ${itemStateText(s as ItemState).toLowerCase()}`)
    .join(', ');
}
