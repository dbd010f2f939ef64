// SPDX-License-Identifier: Apache-2.0
/**
 * What the MLflow pages read through main: the tracking servers, a server's experiments, a run's
 * page, a metric's history, a folder of a run's files and the model versions a run produced
 * (each a {@link useCall}); adding and removing a saved server ({@link useServerChange}); and the
 * runs table ({@link useRunsTable}), which pages through the search into main's runs index and
 * asks the index for the chosen sort.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { type AppError, asAppError } from '../../../shared/errors';
import { mlflowContract, type AddServerRequest, type RunColumn, type RunsWindow, type TrackingOrigin } from '../../../shared/features/mlflow/mlflow.contract';
import type { TrackingRunRow, TrackingServer, TrackingServerRef } from '../../../shared/features/mlflow/tracking-types';
import { api } from '../../lib/api/api-context';
import { useAction } from '../../lib/use-action';
import { useCall } from '../../lib/use-call';

const refKey = (r: TrackingServerRef | undefined) => (r ? JSON.stringify(r) : '');

/** Every tracking server MLDeck knows. */
export function useServers() {
  return useCall('servers', () => api().call(mlflowContract.servers, {}));
}

/**
 * Adding and removing saved tracking servers: busy while main checks the server, and the error it
 * gave (why the server was not added) until the next try.
 */
export function useServerChange() {
  const { busy, error, run } = useAction();
  return {
    busy,
    error,
    add: (req: AddServerRequest) => run((): Promise<TrackingServer> => api().call(mlflowContract.addServer, req)),
    remove: (url: string) => run(() => api().call(mlflowContract.removeServer, { url })),
  };
}

/** A server's experiments. */
export function useExperiments(server: TrackingServerRef | undefined) {
  return useCall(refKey(server), () => (server ? api().call(mlflowContract.experiments, { server }) : Promise.resolve(undefined)));
}

/** A run's page. */
export function useRun(server: TrackingServerRef, runId: string) {
  return useCall(`${refKey(server)}|${runId}`, () => api().call(mlflowContract.run, { server, runId }));
}

/** A metric's history. */
export function useHistory(server: TrackingServerRef, runId: string, key: string) {
  return useCall(`${refKey(server)}|${runId}|${key}`, () => api().call(mlflowContract.history, { server, runId, key }));
}

/** A folder of a run's files. */
export function useRunArtifacts(server: TrackingServerRef, runId: string, path: string) {
  return useCall(`${refKey(server)}|${runId}|${path}`, () => api().call(mlflowContract.artifacts, { server, runId, path }));
}

/** The model versions a run produced. */
export function useRunModels(server: TrackingServerRef, runId: string) {
  return useCall(`${refKey(server)}|${runId}`, () => api().call(mlflowContract.modelVersions, { server, runId }));
}

/** The runs table's state. */
export interface RunsTableState {
  rows: TrackingRunRow[];
  total: number;
  complete: boolean;
  keys: RunsWindow['keys'];
  fetchedAt: number;
  origin: TrackingOrigin;
  loading: boolean;
  /** The last failure (a filter MLflow refused is `validation` with MLflow's words). */
  error: AppError | undefined;
  refresh(): void;
}

/** The most runs the table loads. */
export const MAX_TABLE_RUNS = 50_000;
const PAGE = 1000;

/**
 * An experiment's runs for a filter: the first page at once, then every further page (one search
 * call each) appended until the search is complete; a sort is asked of the index (over every run
 * fetched so far, and again once all are).
 */
export function useRunsTable(
  server: TrackingServerRef | undefined,
  experimentId: string | undefined,
  filter: string,
  sort: { column: RunColumn; desc: boolean } | undefined,
): RunsTableState {
  const [state, setState] = useState<Omit<RunsTableState, 'refresh'>>({
    rows: [],
    total: 0,
    complete: false,
    keys: { params: [], metrics: [], tags: [] },
    fetchedAt: 0,
    origin: { kind: 'live' },
    loading: true,
    error: undefined,
  });
  const [tick, setTick] = useState<{ n: number; refresh: boolean }>({ n: 0, refresh: false });
  const sortRef = useRef(sort);
  sortRef.current = sort;
  const key = `${refKey(server)}|${experimentId ?? ''}|${filter}`;

  useEffect(() => {
    if (!server || !experimentId) return;
    let live = true;
    const base = { server, experimentId, filter };
    const call = (fetch: 'none' | 'next' | 'refresh', offset: number, limit: number, s = sortRef.current) =>
      api().call(mlflowContract.runs, { ...base, fetch, offset, limit, ...(s ? { sort: s } : {}) });
    const show = (w: RunsWindow, rows: TrackingRunRow[], loading: boolean) =>
      live && setState({ rows, total: w.total, complete: w.complete, keys: w.keys, fetchedAt: w.fetchedAt, origin: w.origin, loading, error: undefined });
    void (async () => {
      setState((s) => ({ ...s, loading: true, error: undefined, ...(tick.refresh ? {} : { rows: [], total: 0, complete: false }) }));
      try {
        // the first page (fetched if nothing is indexed), or everything indexed when the index is whole
        let w = await call(tick.refresh ? 'refresh' : 'none', 0, MAX_TABLE_RUNS);
        let rows = w.rows;
        show(w, rows, !w.complete);
        while (live && !w.complete && w.origin.kind === 'live' && rows.length < MAX_TABLE_RUNS) {
          w = await call('next', rows.length, PAGE, undefined);
          rows = rows.concat(w.rows);
          show(w, rows, !w.complete);
        }
        // sorted by the index over every run, once all are fetched
        if (live && sortRef.current && w.complete) {
          const sorted = await call('none', 0, MAX_TABLE_RUNS);
          show(sorted, sorted.rows, false);
        }
      } catch (e) {
        if (live) setState((s) => ({ ...s, loading: false, error: asAppError(e) }));
      }
    })();
    return () => {
      live = false;
    };
  }, [key, tick]); // eslint-disable-line react-hooks/exhaustive-deps

  // a new sort: the index sorts what it holds
  const sortKey = sort ? `${sort.column.kind}:${sort.column.key}:${sort.desc}` : '';
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    if (!server || !experimentId) return;
    let live = true;
    api()
      .call(mlflowContract.runs, { server, experimentId, filter, fetch: 'none', offset: 0, limit: MAX_TABLE_RUNS, ...(sort ? { sort } : {}) })
      .then(
        (w) => live && setState((s) => ({ ...s, rows: w.rows, total: w.total, keys: w.keys })),
        (e: unknown) => live && setState((s) => ({ ...s, error: asAppError(e) })),
      );
    return () => {
      live = false;
    };
  }, [sortKey]); // eslint-disable-line react-hooks/exhaustive-deps

  const refresh = useCallback(() => setTick((t) => ({ n: t.n + 1, refresh: true })), []);
  return { ...state, refresh };
}
