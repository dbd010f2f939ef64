// SPDX-License-Identifier: Apache-2.0
/**
 * The trials' summaries as the page's clock moves on: a trial's duration runs on only while it
 * has started and not ended, so every other trial keeps its summary object, and the list stays
 * the same array when no summary changed. The clock's tick every 5 s then re-renders the trials
 * table (and what depends on the list) only while trials run, not for 5,000 finished ones.
 */
import { summarizeTrial, type TrialSummary } from '../../../shared/features/katib/experiment-summary';
import type { KatibObjective, TrialObject } from '../../../shared/features/katib/katib-objects';

/** Summaries of `objects` at a time, with what they were made from. */
export interface TimedSummaries {
  objects: readonly TrialObject[];
  objective: KatibObjective | undefined;
  list: TrialSummary[];
}

/** Whether a summary's duration runs on with the clock (started, no end). */
export function runsOn(s: TrialSummary): boolean {
  return s.startTime !== undefined && (s.phase === 'Running' || s.phase === 'Pending' || s.completionTime === undefined);
}

/** A summary made at another time, at `nowMs`: its duration runs on to `nowMs` if it runs on, else it is the same summary. */
export function retimed(s: TrialSummary, nowMs: number): TrialSummary {
  if (!runsOn(s)) return s;
  const start = Date.parse(s.startTime as string);
  return { ...s, durationMs: Number.isFinite(start) ? Math.max(0, nowMs - start) : undefined };
}

/**
 * The summaries of `objects` at `nowMs`, reusing `prev`'s when it was made from the same
 * objects and objective: a summary whose duration does not run on is kept as it is, one that
 * runs on is made anew, and `prev` itself is returned when nothing changed. `atZero`, the
 * same objects' summaries made at time 0 (as the charts use them), spares summarising 5,000
 * trials a second time: they are only re-timed.
 */
export function retimedSummaries(
  prev: TimedSummaries | undefined,
  objects: readonly TrialObject[],
  objective: KatibObjective | undefined,
  nowMs: number,
  atZero?: readonly TrialSummary[],
): TimedSummaries {
  if (!prev || prev.objects !== objects || prev.objective !== objective) {
    const list = atZero?.length === objects.length ? atZero.map((s) => retimed(s, nowMs)) : objects.map((t) => summarizeTrial(t, objective, nowMs));
    return { objects, objective, list };
  }
  let changed = false;
  const list = prev.list.map((old, i) => {
    if (!runsOn(old)) return old;
    const s = summarizeTrial(objects[i] as TrialObject, objective, nowMs);
    if (s.durationMs === old.durationMs) return old;
    changed = true;
    return s;
  });
  return changed ? { objects, objective, list } : prev;
}
