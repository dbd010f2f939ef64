// SPDX-License-Identifier: Apache-2.0
/**
 * The runs page's data: the runs list for the filter and sort (first page of every stream, then
 * the next pages as the table nears its end, `runs-model.ts` merging them), refreshed every 10 s
 * while runs are active; the experiments and recurring runs of the clusters in scope; the
 * actions on runs, experiments and recurring runs, which say failures as errors to show.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type AppError, asAppError } from '../../../../shared/errors';
import {
  pipelineRunsContract,
  type ExperimentActionRequest,
  type RecurringActionRequest,
  type RunActionRequest,
  type RunFilter,
  type RunSort,
  type RunsPage,
} from '../../../../shared/features/pipelines/runs.contract';
import { api } from '../../../lib/api/api-context';
import { useCall } from '../../../lib/use-call';
import { applyPage, mergedRows, nextCursors, runsNotes, type Streams } from './runs-model';

/** Rows read per stream and page. */
export const runsPageSize = 100;

/** The runs list of one cluster or all. */
export function useRuns(clusterId: string | undefined, filter: RunFilter, sort: RunSort) {
  const [streams, setStreams] = useState<Streams>(new Map());
  const [refused, setRefused] = useState<RunsPage['refused']>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<AppError | undefined>();
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const streamsRef = useRef(streams);
  streamsRef.current = streams;
  const key = JSON.stringify({ clusterId, filter, sort });
  const busy = useRef(false);
  /** Pages read since the first: a refresh would drop them, so it waits while the user reads further. */
  const pagesRead = useRef(0);
  /** Next pages in a row that added no row (a pipeline filter reading past other runs): after 3 the user asks for more. */
  const [emptyReads, setEmptyReads] = useState(0);

  useEffect(() => {
    const gen = ++generation.current;
    setLoading(true);
    busy.current = true;
    api()
      .call(pipelineRunsContract.list, { ...(clusterId ? { clusterId } : {}), filter, sort, pageSize: runsPageSize })
      .then(
        (page) => {
          if (gen !== generation.current) return;
          pagesRead.current = 0;
          setEmptyReads(0);
          setStreams(applyPage(new Map(), page, true));
          setRefused(page.refused);
          setError(undefined);
        },
        (e: unknown) => gen === generation.current && setError(asAppError(e)),
      )
      .finally(() => {
        if (gen !== generation.current) return;
        setLoading(false);
        busy.current = false;
      });
    // the key says what changed
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, tick]);

  /** Reads the next page of every stream that has one. */
  const loadMore = useCallback(() => {
    const cursors = nextCursors(streamsRef.current);
    if (busy.current || cursors.length === 0) return;
    const gen = generation.current;
    busy.current = true;
    setLoading(true);
    api()
      .call(pipelineRunsContract.list, { ...(clusterId ? { clusterId } : {}), filter, sort, pageSize: runsPageSize, cursors })
      .then(
        (page) => {
          if (gen !== generation.current) return;
          pagesRead.current++;
          const added = page.streams.reduce((n, x) => n + (x.ok ? x.runs.length : 0), 0);
          setEmptyReads((e) => (added === 0 ? e + 1 : 0));
          setStreams((s) => applyPage(s, page, false));
        },
        (e: unknown) => gen === generation.current && setError(asAppError(e)),
      )
      .finally(() => {
        if (gen !== generation.current) return;
        busy.current = false;
        setLoading(false);
      });
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const merged = useMemo(() => mergedRows(streams, sort), [streams, sort]);
  const notes = useMemo(() => runsNotes(streams, refused, !!(filter.pipelineId || filter.pipelineVersionId)), [streams, refused, filter]);
  const total = useMemo(() => [...streams.values()].reduce((n, s) => n + s.totalSize, 0), [streams]);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  // active runs change state: the first pages are read again every 10 s while any is shown (and no later page was read)
  const active = merged.rows.some((r) => r.state === 'RUNNING' || r.state === 'PENDING' || r.state === 'CANCELING');
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => !busy.current && pagesRead.current === 0 && setTick((x) => x + 1), 10_000);
    return () => clearInterval(t);
  }, [active]);

  return { rows: merged.rows, more: merged.more, autoMore: emptyReads < 3, loading, error, notes, total, loadMore, reload };
}

/** The experiments of one cluster or all. */
export function useExperiments(clusterId: string | undefined) {
  return useCall(`exp|${clusterId ?? '*'}`, () => api().call(pipelineRunsContract.experiments, clusterId ? { clusterId } : {}));
}

/** The recurring runs of one cluster or all. */
export function useRecurringRuns(clusterId: string | undefined) {
  return useCall(`rec|${clusterId ?? '*'}`, () => api().call(pipelineRunsContract.recurringRuns, clusterId ? { clusterId } : {}));
}

/** The changes (each throws an AppError the caller shows). */
export const runChanges = {
  run: (req: RunActionRequest) => api().call(pipelineRunsContract.action, req),
  experiment: (req: ExperimentActionRequest) => api().call(pipelineRunsContract.experimentAction, req),
  createExperiment: (clusterId: string, displayName: string, description: string, namespace: string | undefined) =>
    api().call(pipelineRunsContract.createExperiment, { clusterId, displayName, description, ...(namespace ? { namespace } : {}) }),
  recurring: (req: RecurringActionRequest) => api().call(pipelineRunsContract.recurringAction, req),
};
