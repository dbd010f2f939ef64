// SPDX-License-Identifier: Apache-2.0
/**
 * Filling the runs index from a tracking server: the next page of a query (one `runs/search`
 * call of 1,000 runs, newest first), and an incremental refresh of a whole query (runs started
 * since the newest indexed one, and the indexed runs that had not finished, re-read by id) with
 * the user's filter kept. Runs deleted on the server since stay until the query is fetched anew.
 */
import type { TrackingRunRow } from '../../../shared/features/mlflow/tracking-types';
import type { MlflowClient } from '../../platform/mlflow/mlflow-client';
import { searchRuns } from '../../platform/mlflow/tracking-api';
import { filterString } from '../../platform/mlflow/tracking-wire';
import type { RunsIndex } from './runs-index';

/** Runs per `runs/search` call. */
export const PAGE_RUNS = 1000;
const ORDER = ['attributes.start_time DESC'];

/** The user's filter and one more clause (MLflow's filter syntax joins clauses with `and`). */
export function withClause(filter: string, clause: string): string {
  return filter.trim() ? `${filter.trim()} and ${clause}` : clause;
}

type Call = <T>(op: (c: MlflowClient) => Promise<T>) => Promise<T>;

/** Fetches the query's next page into the index; returns the calls made (1). */
export async function fetchNextPage(
  call: Call,
  index: RunsIndex,
  qkey: string,
  q: { experimentId: string; filter: string },
  token: string | undefined,
  now: number,
): Promise<number> {
  const page = await call((c) => searchRuns(c, { experimentIds: [q.experimentId], filter: q.filter, orderBy: ORDER, maxResults: PAGE_RUNS, pageToken: token }));
  index.store(qkey, page.runs, now, { nextToken: page.nextPageToken, complete: page.nextPageToken === undefined });
  return 1;
}

/** Brings a whole (complete) query up to date; returns the calls made. */
export async function refreshQuery(
  call: Call,
  index: RunsIndex,
  qkey: string,
  q: { experimentId: string; filter: string },
  maxStart: number,
  now: number,
): Promise<number> {
  let calls = 0;
  const rows: TrackingRunRow[] = [];
  let token: string | undefined;
  do {
    const page = await call((c) =>
      searchRuns(c, {
        experimentIds: [q.experimentId],
        filter: withClause(q.filter, `attributes.start_time >= ${maxStart}`),
        orderBy: ORDER,
        maxResults: PAGE_RUNS,
        pageToken: token,
      }),
    );
    calls++;
    rows.push(...page.runs);
    token = page.nextPageToken;
  } while (token && calls < 50);
  const open = index.unfinished(qkey);
  for (let i = 0; i < open.length; i += 100) {
    const ids = open
      .slice(i, i + 100)
      .map(filterString)
      .join(', ');
    const page = await call((c) =>
      searchRuns(c, { experimentIds: [q.experimentId], filter: withClause(q.filter, `attributes.run_id IN (${ids})`), maxResults: PAGE_RUNS }),
    );
    calls++;
    rows.push(...page.runs);
  }
  // oldest first, so new runs take their places after the ones already there
  rows.sort((a, b) => (a.startTime ?? 0) - (b.startTime ?? 0));
  index.store(qkey, rows, now, undefined);
  return calls;
}
