// SPDX-License-Identifier: Apache-2.0
/**
 * The experiments list's pure logic: the Experiment slice of each cluster that serves Katib,
 * rows with their summaries, the filters (phase, algorithm, namespace) and the banner's words.
 */
import { summarizeExperiment, type ExperimentPhase, type ExperimentSummary } from '../../../shared/features/katib/experiment-summary';
import { katibGroup, katibVersion, type ExperimentObject } from '../../../shared/features/katib/katib-objects';
import type { SliceRequest } from '../../../shared/features/sync/sync.contract';
import type { KubeObject } from '../../../shared/kube/object';
import { sliceProblems, type ListNoteWords, type ProblemSlice, type SliceProblem } from '../../lib/list-notes';

/** Experiments as discovery keys them. */
export const experimentsKey = `${katibGroup}/${katibVersion}/experiments`;

/** One experiment in the list. */
export interface ExperimentRow {
  key: string;
  clusterId: string;
  clusterName: string;
  s: ExperimentSummary;
}

/** The list's filters; empty strings mean "any". */
export interface ExperimentFilters {
  phase: ExperimentPhase | '';
  algorithm: string;
  namespace: string;
}

export const noExperimentFilters: ExperimentFilters = { phase: '', algorithm: '', namespace: '' };

/** Every phase, in the order the filter offers them. */
export const experimentPhases: ExperimentPhase[] = ['Created', 'Running', 'Restarting', 'Succeeded', 'Failed'];

/** One Experiment slice per cluster (tagged with the cluster), in `namespaceOf(cluster)` when given. */
export function experimentSlices(clusterIds: string[], namespaceOf: (clusterId: string) => string | undefined): { req: SliceRequest; tag: string }[] {
  return clusterIds.map((clusterId) => {
    const ns = namespaceOf(clusterId);
    return { req: { clusterId, group: katibGroup, version: katibVersion, resource: 'experiments', ...(ns ? { namespace: ns } : {}) }, tag: clusterId };
  });
}

/** Rows from tagged slice rows. */
export function experimentRows(rows: { clusterId: string; object: KubeObject }[], clusterName: (id: string) => string, now: number): ExperimentRow[] {
  return rows.map((r) => ({
    key: `${r.clusterId}/${r.object.metadata.namespace ?? ''}/${r.object.metadata.name}`,
    clusterId: r.clusterId,
    clusterName: clusterName(r.clusterId),
    s: summarizeExperiment(r.object as ExperimentObject, now),
  }));
}

/** The rows the filters let through. */
export function filterExperiments(rows: ExperimentRow[], f: ExperimentFilters): ExperimentRow[] {
  return rows.filter(
    (r) => (!f.phase || r.s.phase === f.phase) && (!f.algorithm || r.s.algorithm === f.algorithm) && (!f.namespace || r.s.namespace === f.namespace),
  );
}

/** Choices for the algorithm and namespace filters, from the rows there are. */
export function experimentChoices(rows: ExperimentRow[]): { algorithms: string[]; namespaces: string[] } {
  return {
    algorithms: [...new Set(rows.map((r) => r.s.algorithm).filter(Boolean))].sort(),
    namespaces: [...new Set(rows.map((r) => r.s.namespace).filter(Boolean))].sort(),
  };
}

/** Trial counts as the list shows them: running/succeeded/failed/early-stopped. */
export function trialCountsText(s: ExperimentSummary): string {
  const t = s.trials;
  return `${t.running + t.pending} / ${t.succeeded} / ${t.failed} / ${t.earlyStopped}`;
}

/** The objective as words: "maximize accuracy ≥ 0.99". */
export function objectiveText(s: ExperimentSummary): string {
  const o = s.objective;
  return `${o.type} ${o.metric}${o.goal !== undefined ? ` ${o.type === 'maximize' ? '≥' : '≤'} ${o.goal}` : ''}`;
}

/** A phase's pill tone. */
export function experimentTone(phase: string): 'ok' | 'warn' | 'error' | 'neutral' | 'progress' {
  if (phase === 'Succeeded') return 'ok';
  if (phase === 'Failed') return 'error';
  if (phase === 'Running' || phase === 'Restarting') return 'progress';
  if (phase === 'EarlyStopped' || phase === 'Killed' || phase === 'MetricsUnavailable') return 'warn';
  return 'neutral';
}

/** Slices that are not live, by cluster and freshness. */
export function experimentSliceProblems(slices: ProblemSlice<string>[], clusterName: (id: string) => string): SliceProblem[] {
  return sliceProblems(slices, clusterName, () => 'Experiments');
}

/** The list's words for its banner. */
export const experimentNoteWords: ListNoteWords = {
  listed: () => 'Katib experiments',
  shown: () => 'showing Katib experiments',
  listing: 'Katib experiments',
  discovery: 'whether it serves Katib',
  reasonInline: true,
};

/** A duration as "45s", "12m 3s", "3h 20m", "2d 4h". */
export function durationText(ms: number | undefined): string {
  if (ms === undefined) return '';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${s % 60}s`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h}h ${m % 60}m` : `${Math.floor(h / 24)}d ${h % 24}h`;
}
