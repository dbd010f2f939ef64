// SPDX-License-Identifier: Apache-2.0
/** The states a box of the run graph shows, and the one several instances show together. Pure. */
import type { RunState } from '../../../../shared/features/pipelines/run-details.contract';

/** A state as a box shows it: KFP's, or not started yet. */
export type ItemState = RunState | 'NOT_STARTED';

/** Which state speaks for several: the worst first. */
const PRECEDENCE: ItemState[] = [
  'FAILED',
  'CANCELING',
  'CANCELED',
  'RUNNING',
  'PENDING',
  'PAUSED',
  'NOT_STARTED',
  'RUNTIME_STATE_UNSPECIFIED',
  'SUCCEEDED',
  'SKIPPED',
];

/** The state several instances show together (all skipped: skipped; some succeeded, rest skipped: succeeded). */
export function combinedState(states: readonly ItemState[]): ItemState {
  if (states.length === 0) return 'NOT_STARTED';
  const set = new Set(states);
  if (set.has('SUCCEEDED') && [...set].every((s) => s === 'SUCCEEDED' || s === 'SKIPPED')) return 'SUCCEEDED';
  for (const s of PRECEDENCE) if (set.has(s)) return s;
  return 'NOT_STARTED';
}
