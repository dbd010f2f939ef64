// SPDX-License-Identifier: Apache-2.0
/** The objective over trial number (trials in creation order) and the best value so far, for the experiment's chart. */
import type { TrialSummary } from '../../../shared/features/katib/experiment-summary';

/** Points of the two lines: each trial's objective, and the best so far after each trial. */
export function objectiveSeries(
  trials: readonly TrialSummary[],
  type: 'maximize' | 'minimize',
): { objective: { x: number; y: number }[]; best: { x: number; y: number }[] } {
  const ordered = [...trials].sort((a, b) => (a.created ?? '').localeCompare(b.created ?? '') || a.name.localeCompare(b.name));
  const objective: { x: number; y: number }[] = [];
  const best: { x: number; y: number }[] = [];
  let b: number | undefined;
  ordered.forEach((t, i) => {
    if (t.objective === undefined) return;
    objective.push({ x: i + 1, y: t.objective });
    b = b === undefined ? t.objective : type === 'maximize' ? Math.max(b, t.objective) : Math.min(b, t.objective);
    best.push({ x: i + 1, y: b });
  });
  return { objective, best };
}
