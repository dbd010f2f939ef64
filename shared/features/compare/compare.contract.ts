// SPDX-License-Identifier: Apache-2.0
/**
 * Comparing runs from anywhere (`compare:*`): main reads each referenced run from its source
 * (Katib, KFP, MLflow, training jobs) into the comparison model and keeps what it read, so a run
 * whose source cannot be reached is served as it was last read (with that date); comparisons are
 * saved (selection and view settings) in SQLite, listed, renamed, deleted and reopened.
 */
import { z } from 'zod';
import type { AppErrorData } from '../../errors';
import { rpc } from '../../ipc/define';
import { RunRef, type ComparedRun } from './compare-model';

/** The most runs one comparison holds. */
export const maxComparedRuns = 50;

const Refs = z.array(RunRef).min(1).max(maxComparedRuns);
const ComparisonId = z.string().regex(/^[a-z0-9-]{1,64}$/, 'a comparison id');
const ComparisonName = z.string().trim().min(1, 'Give the comparison a name.').max(200);
const MetricName = z.string().min(1).max(250);

/** How a comparison is looked at (kept with it). */
export const ViewSettings = z.object({
  differencesOnly: z.boolean(),
  /** The user's direction per metric column (else the source's, else by name). */
  directions: z.record(MetricName, z.enum(['max', 'min'])),
  /** The curves' x axis. */
  x: z.enum(['step', 'time']),
  /** EMA smoothing weight, 0 (none) to 0.99. */
  smoothing: z.number().min(0).max(0.99),
  logScale: z.boolean(),
  /** The metric the curves show ('' for the first). */
  curveMetric: z.string().max(250),
  /** The scatter's axes: `param:<name>` or `metric:<name>` ('' for a default). */
  scatterX: z.string().max(260),
  scatterY: z.string().max(260),
});
/** {@link ViewSettings} */
export type ViewSettings = z.infer<typeof ViewSettings>;

/** The settings of a new comparison. */
export const defaultViewSettings: ViewSettings = {
  differencesOnly: false,
  directions: {},
  x: 'step',
  smoothing: 0,
  logScale: false,
  curveMetric: '',
  scatterX: '',
  scatterY: '',
};

/** One run read, or why it could not be. */
export type ResolvedRun =
  | {
      key: string;
      ok: true;
      run: ComparedRun;
      /** Served from what was kept because the source could not be reached (ms since epoch it was read). */ cachedAt?: number;
      problem?: string;
    }
  | { key: string; ok: false; ref: RunRef; error: AppErrorData };

export const ResolveRequest = z.object({ refs: Refs });
/** {@link ResolveRequest} */
export type ResolveRequest = z.infer<typeof ResolveRequest>;

/** A saved comparison as the list shows it. */
export interface ComparisonSummary {
  id: string;
  name: string;
  runs: number;
  /** ms since epoch. */
  createdAt: number;
  updatedAt: number;
}

/** A saved comparison. */
export interface SavedComparison extends ComparisonSummary {
  refs: RunRef[];
  view: ViewSettings;
}

export const SaveRequest = z.object({ id: ComparisonId.optional(), name: ComparisonName, refs: Refs, view: ViewSettings });
/** {@link SaveRequest} */
export type SaveRequest = z.infer<typeof SaveRequest>;

export const ComparisonRef = z.object({ id: ComparisonId });
export const RenameRequest = z.object({ id: ComparisonId, name: ComparisonName });
/** {@link RenameRequest} */
export type RenameRequest = z.infer<typeof RenameRequest>;

export const compareContract = {
  /** Reads each run from its source (in the order given); unreachable sources are served from what was kept. */
  resolve: rpc<ResolveRequest, ResolvedRun[]>('compare:resolve', ResolveRequest),
  /** Saves a comparison (a new one without an id). */
  save: rpc<SaveRequest, ComparisonSummary>('compare:save', SaveRequest),
  /** Saved comparisons, most recently changed first. */
  list: rpc<Record<string, never>, ComparisonSummary[]>('compare:list', z.object({})),
  /** A saved comparison with its selection and settings. */
  get: rpc<{ id: string }, SavedComparison>('compare:get', ComparisonRef),
  rename: rpc<RenameRequest, ComparisonSummary>('compare:rename', RenameRequest),
  delete: rpc<{ id: string }, void>('compare:delete', ComparisonRef),
} as const;
