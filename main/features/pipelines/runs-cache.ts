// SPDX-License-Identifier: Apache-2.0
/**
 * What MLDeck saw of each cluster's KFP runs, kept for offline use: the first page of a runs
 * query (every stream of the cluster), later pages by stream and page token, single runs,
 * experiments and recurring runs, as JSON rows with the time they were seen, in
 * `cache/pipeline-run-lists-cache.sqlite` (platform/cache/kept-rows.ts).
 *
 * Kept bounded: when the file is opened, single runs and later pages are pruned per cluster to
 * the newest {@link RunsCachePolicy.keepNewest} or those seen in the last
 * {@link RunsCachePolicy.keepDays} days, whichever keeps more ({@link defaultRunsCachePolicy}: 2,000
 * rows or 30 days); first pages, experiments and recurring runs are one row per query and stay.
 */
import { KeptRows } from '../../platform/cache/kept-rows';

/** What a row holds. */
export type RunsCacheKind = 'runs' | 'runs-page' | 'run' | 'experiments' | 'recurring';

/** How many runs the cache keeps per cluster. */
export interface RunsCachePolicy {
  /** The newest rows of each kind kept per cluster, whatever their age. */
  keepNewest: number;
  /** Rows seen in this many days are kept, however many. */
  keepDays: number;
}

/** 2,000 runs (and 2,000 later pages) per cluster, or all seen in the last 30 days. */
export const defaultRunsCachePolicy: RunsCachePolicy = { keepNewest: 2000, keepDays: 30 };

/** The kinds that grow with every run seen (one row per run or per page). */
const pruned: readonly RunsCacheKind[] = ['run', 'runs-page'];

/** The runs' offline rows. */
export class RunsCache extends KeptRows<RunsCacheKind> {
  /** How many rows the last prune forgot. */
  readonly pruned: number;

  /** @throws AppError('unavailable') when no file can be opened */
  constructor(file: string, policy: RunsCachePolicy = defaultRunsCachePolicy, now: number = Date.now()) {
    super(file, 'run_list_rows', 'pipeline run lists cache');
    this.pruned = this.pruneTo(policy, now);
  }

  /** Prunes the rows that grow with every run seen to the policy. */
  pruneTo(policy: RunsCachePolicy, now: number = Date.now()): number {
    const since = now - policy.keepDays * 86_400_000;
    return pruned.reduce((n, kind) => n + this.prune(kind, policy.keepNewest, since), 0);
  }
}
