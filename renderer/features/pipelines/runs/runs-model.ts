// SPDX-License-Identifier: Apache-2.0
/**
 * The runs list's pure parts: streams (a cluster, and a profile namespace on a multi-user KFP)
 * read page by page, merged into one list in the sort KFP applied to each (shown only up to the
 * point every stream with more pages has reached, so a row never jumps when the next page
 * arrives); the filter the page's controls make; state words and badges; a run's duration; the
 * notes per cluster (errors, cached with their date, namespaces not listed).
 */
import type { AppErrorData } from '../../../../shared/errors';
import type { KfpOrigin } from '../../../../shared/features/pipelines/pipelines.contract';
import type { RunCursor, RunFilter, RunSort, RunsPage, RunState, RunSummary } from '../../../../shared/features/pipelines/runs.contract';

/** One stream as the page keeps it. */
export interface StreamState {
  clusterId: string;
  namespace: string;
  runs: RunSummary[];
  nextPageToken: string;
  totalSize: number;
  scanned: number;
  origin: KfpOrigin | undefined;
  error: AppErrorData | undefined;
}

/** The streams by key. */
export type Streams = Map<string, StreamState>;

export const streamKey = (clusterId: string, namespace: string) => `${clusterId}\n${namespace}`;

/** The streams after a page arrived (a first page replaces, a next page appends). */
export function applyPage(before: Streams, page: RunsPage, first: boolean): Streams {
  const out: Streams = first ? new Map() : new Map(before);
  for (const s of page.streams) {
    const key = streamKey(s.clusterId, s.namespace);
    const had = out.get(key);
    if (!s.ok) {
      out.set(key, {
        clusterId: s.clusterId,
        namespace: s.namespace,
        runs: had?.runs ?? [],
        nextPageToken: had?.nextPageToken ?? '',
        totalSize: had?.totalSize ?? 0,
        scanned: had?.scanned ?? 0,
        origin: had?.origin,
        error: s.error,
      });
      continue;
    }
    const seen = new Set((had?.runs ?? []).map((r) => r.runId));
    out.set(key, {
      clusterId: s.clusterId,
      namespace: s.namespace,
      runs: [...(had?.runs ?? []), ...s.runs.filter((r) => !seen.has(r.runId))],
      nextPageToken: s.nextPageToken,
      totalSize: s.totalSize,
      scanned: (had?.scanned ?? 0) + s.scanned,
      origin: s.origin,
      error: undefined,
    });
  }
  return out;
}

/** The cursors of the streams that have more pages. */
export function nextCursors(streams: Streams): RunCursor[] {
  return [...streams.values()]
    .filter((s) => s.nextPageToken && !s.error)
    .map((s) => ({ clusterId: s.clusterId, namespace: s.namespace, pageToken: s.nextPageToken }));
}

const stateRank: Record<RunState, number> = {
  CANCELED: 0,
  CANCELING: 1,
  FAILED: 2,
  PAUSED: 3,
  PENDING: 4,
  RUNNING: 5,
  RUNTIME_STATE_UNSPECIFIED: 6,
  SKIPPED: 7,
  SUCCEEDED: 8,
};

/** The value KFP sorts by (its SQL order: names by bytes, states by their text, times by seconds; no finish time sorts first). */
function sortValue(r: RunSummary, key: RunSort['key']): string | number {
  switch (key) {
    case 'display_name':
      return r.displayName;
    case 'state':
      return stateRank[r.state];
    case 'finished_at':
      return r.finishedAt ? Math.floor(Date.parse(r.finishedAt) / 1000) : 0;
    default:
      return Math.floor(Date.parse(r.createdAt) / 1000) || 0;
  }
}

function compare(a: RunSummary, b: RunSummary, sort: RunSort): number {
  const x = sortValue(a, sort.key);
  const y = sortValue(b, sort.key);
  const c = x < y ? -1 : x > y ? 1 : a.runId < b.runId ? -1 : a.runId > b.runId ? 1 : 0;
  return sort.desc ? -c : c;
}

/**
 * The rows to show: every stream's runs merged in the sort, cut where a stream with more pages
 * stops (its next page may hold rows that sort before what the other streams already gave).
 * @returns the rows, and whether more can be read
 */
export function mergedRows(streams: Streams, sort: RunSort): { rows: RunSummary[]; more: boolean } {
  const all = [...streams.values()];
  const rows = all.flatMap((s) => s.runs).sort((a, b) => compare(a, b, sort));
  const open = all.filter((s) => s.nextPageToken && !s.error);
  if (open.length === 0 || all.length === 1) return { rows, more: open.length > 0 };
  // the earliest last row among the streams that go on: rows after it wait for their next pages
  let frontier: RunSummary | undefined;
  for (const s of open) {
    const last = s.runs[s.runs.length - 1];
    if (!last) return { rows: [], more: true };
    if (!frontier || compare(last, frontier, sort) < 0) frontier = last;
  }
  const f = frontier as RunSummary;
  return { rows: rows.filter((r) => compare(r, f, sort) <= 0), more: true };
}

/** The state choices of the filter. */
export const stateChoices: { value: string; label: string; states: RunState[] }[] = [
  { value: '', label: 'Any state', states: [] },
  { value: 'active', label: 'Pending or running', states: ['PENDING', 'RUNNING'] },
  { value: 'succeeded', label: 'Succeeded', states: ['SUCCEEDED'] },
  { value: 'failed', label: 'Failed', states: ['FAILED'] },
  { value: 'canceled', label: 'Canceled', states: ['CANCELING', 'CANCELED'] },
  { value: 'skipped', label: 'Skipped', states: ['SKIPPED'] },
  { value: 'paused', label: 'Paused', states: ['PAUSED'] },
];

/** What the page's controls hold. */
export interface FilterControls {
  experimentId: string;
  pipelineId: string;
  pipelineVersionId: string;
  recurringRunId: string;
  state: string;
  /** `datetime-local` values (local time), '' for none. */
  from: string;
  to: string;
  search: string;
  archived: boolean;
}

export const emptyControls: FilterControls = {
  experimentId: '',
  pipelineId: '',
  pipelineVersionId: '',
  recurringRunId: '',
  state: '',
  from: '',
  to: '',
  search: '',
  archived: false,
};

/** A `datetime-local` value as an ISO time, or undefined. */
function isoOf(local: string): string | undefined {
  if (!local) return undefined;
  const t = new Date(local).getTime();
  return Number.isFinite(t) ? new Date(t).toISOString() : undefined;
}

/** The request's filter from the controls. */
export function filterOf(c: FilterControls): RunFilter {
  const f: RunFilter = {};
  if (c.experimentId) f.experimentId = c.experimentId;
  if (c.pipelineId) f.pipelineId = c.pipelineId;
  if (c.pipelineId && c.pipelineVersionId) f.pipelineVersionId = c.pipelineVersionId;
  if (c.recurringRunId) f.recurringRunId = c.recurringRunId;
  const states = stateChoices.find((s) => s.value === c.state)?.states ?? [];
  if (states.length) f.states = states;
  const from = isoOf(c.from);
  const to = isoOf(c.to);
  if (from) f.createdAfter = from;
  if (to) f.createdBefore = to;
  if (c.search.trim()) f.search = c.search.trim();
  if (c.archived) f.archived = true;
  return f;
}

/** A state in words and the badge's tone. */
export function stateBadge(s: RunState): { label: string; tone: 'ok' | 'bad' | 'busy' | 'idle' } {
  switch (s) {
    case 'SUCCEEDED':
      return { label: 'Succeeded', tone: 'ok' };
    case 'FAILED':
      return { label: 'Failed', tone: 'bad' };
    case 'RUNNING':
      return { label: 'Running', tone: 'busy' };
    case 'PENDING':
      return { label: 'Pending', tone: 'busy' };
    case 'CANCELING':
      return { label: 'Canceling', tone: 'busy' };
    case 'CANCELED':
      return { label: 'Canceled', tone: 'idle' };
    case 'SKIPPED':
      return { label: 'Skipped', tone: 'idle' };
    case 'PAUSED':
      return { label: 'Paused', tone: 'idle' };
    default:
      return { label: 'Unknown', tone: 'idle' };
  }
}

/** How long a run ran (until now while it runs), e.g. `2m 05s`; '' when it has not started. */
export function duration(r: Pick<RunSummary, 'createdAt' | 'scheduledAt' | 'finishedAt' | 'state'>, now: number): string {
  const start = Date.parse(r.scheduledAt || r.createdAt);
  if (!Number.isFinite(start)) return '';
  const end = r.finishedAt ? Date.parse(r.finishedAt) : r.state === 'RUNNING' || r.state === 'PENDING' || r.state === 'CANCELING' ? now : NaN;
  if (!Number.isFinite(end)) return '';
  const s = Math.max(0, Math.round((end - start) / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** Which actions a run offers in its state. */
export function runActions(r: Pick<RunSummary, 'state' | 'storageState'>): { terminate: boolean; retry: boolean; archive: boolean; unarchive: boolean } {
  const active = r.state === 'RUNNING' || r.state === 'PENDING' || r.state === 'PAUSED';
  return {
    terminate: active,
    retry: r.state === 'FAILED' || r.state === 'CANCELED',
    archive: r.storageState === 'AVAILABLE',
    unarchive: r.storageState === 'ARCHIVED',
  };
}

/** A note about one cluster's or stream's read. */
export type RunsNote =
  | { kind: 'error'; clusterId: string; namespace: string; error: AppErrorData }
  | { kind: 'cached'; clusterId: string; seenAt: number; why: string }
  | { kind: 'refused'; clusterId: string; namespace: string; reason: string }
  | { kind: 'scanned'; clusterId: string; namespace: string; scanned: number; shown: number };

/** The notes of the streams: errors, cached reads (once per cluster), refused namespaces, pipeline scans. */
export function runsNotes(streams: Streams, refused: RunsPage['refused'], localFilter: boolean): RunsNote[] {
  const out: RunsNote[] = [];
  const cached = new Set<string>();
  for (const s of streams.values()) {
    if (s.error) out.push({ kind: 'error', clusterId: s.clusterId, namespace: s.namespace, error: s.error });
    if (s.origin?.kind === 'cache' && !cached.has(s.clusterId)) {
      cached.add(s.clusterId);
      out.push({ kind: 'cached', clusterId: s.clusterId, seenAt: s.origin.seenAt, why: s.origin.why });
    }
    if (localFilter && !s.error) out.push({ kind: 'scanned', clusterId: s.clusterId, namespace: s.namespace, scanned: s.scanned, shown: s.runs.length });
  }
  for (const r of refused) out.push({ kind: 'refused', clusterId: r.clusterId, namespace: r.namespace, reason: r.reason });
  return out;
}
