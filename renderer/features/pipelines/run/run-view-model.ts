// SPDX-License-Identifier: Apache-2.0
/** The run page's words and tones for states. Pure. */
import type { RunState } from '../../../../shared/features/pipelines/run-details.contract';
import type { ItemState, RunItem } from './run-graph-model';
import type { LoopView } from './run-loops';

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

/** Whether every instance a box shows was served from KFP's cache. */
export const allCached = (it: Pick<RunItem, 'state' | 'instances' | 'cached'>) => it.state === 'SUCCEEDED' && it.instances > 0 && it.cached === it.instances;

/** A box's state line: "Cached" for a task KFP served from its cache, its iterations counted inside a loop ("3 succeeded (2 cached), 1 failed"). */
export function boxStateText(it: Pick<RunItem, 'state' | 'instances' | 'cached' | 'counts'>): string {
  const cached = it.cached ?? 0;
  if (allCached(it)) return it.instances > 1 ? `Cached · all ${it.instances}` : 'Cached';
  const head = itemStateText(it.state);
  if (it.instances <= 1) return head;
  return `${head} · ${stateCountsText(it.counts)}${cached > 0 ? ` (${cached} cached)` : ''}`;
}

/** An iteration in words, counted from 1 as a user counts: "iteration 3 of 10". */
export const iterationText = (index: number, total: number) => `iteration ${index + 1} of ${total}`;

/** A loop's iterations in words: "10 iterations: 9 succeeded, 1 failed" (those not listed yet as not started). */
export function loopSummaryText(loop: LoopView): string {
  const counts: Partial<Record<ItemState, number>> = {};
  for (const i of loop.iterations) counts[i.state] = (counts[i.state] ?? 0) + 1;
  const waiting = loop.total - loop.iterations.length;
  if (waiting > 0) counts.NOT_STARTED = (counts.NOT_STARTED ?? 0) + waiting;
  const n = loop.total;
  return n === 0 ? 'no iterations yet' : `${n} iteration${n === 1 ? '' : 's'}: ${stateCountsText(counts)}`;
}

/** The second line of a box: its state, or a loop's iterations (all of them, or the one picked). */
export function boxSubText(it: Pick<RunItem, 'state' | 'instances' | 'cached' | 'counts' | 'loop'>): string {
  const loop = it.loop;
  if (!loop) return boxStateText(it);
  return loop.picked === null ? loopSummaryText(loop) : `${iterationText(loop.picked, loop.total)}: ${boxStateText(it).toLowerCase()}`;
}

/** An open group's frame beside its name: its kind, and its instances counted by state when it shows several outside a loop ("condition · 3 succeeded, 1 skipped"). */
export const frameSubText = (it: Pick<RunItem, 'groupKind' | 'loop' | 'instances' | 'counts'>) =>
  `${it.groupKind}${!it.loop && it.instances > 1 ? ` · ${stateCountsText(it.counts)}` : ''}`;

/** What a box says when hovered far out, where its text is not drawn: "train: Failed", "for-loop-1 (loop, collapsed): 4 iterations: …". */
export const boxTitleText = (it: Pick<RunItem, 'label' | 'kind' | 'groupKind' | 'state' | 'instances' | 'cached' | 'counts' | 'loop'>) =>
  `${it.label}${it.kind === 'group' ? ` (${it.groupKind}, collapsed)` : ''}: ${boxSubText(it)}`;
