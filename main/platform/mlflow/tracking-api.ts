// SPDX-License-Identifier: Apache-2.0
/**
 * MLflow's tracking API as typed calls on an {@link MlflowClient}: experiments
 * (`experiments/search`, paged), runs (`runs/search` with MLflow's filter syntax, order_by and
 * page token; `runs/get`), a metric's history (`metrics/get-history`, paged), a run's files
 * (`artifacts/list`) and the model versions a run produced (`model-versions/search` by run id).
 * A filter MLflow cannot parse comes back as AppError `validation` with MLflow's message.
 */
import { AppError } from '../../../shared/errors';
import type { MetricPoint, RunArtifact, RunModelVersion, RunsPage, TrackingExperiment, TrackingRun } from '../../../shared/features/mlflow/tracking-types';
import type { MlflowClient } from './mlflow-client';
import {
  experimentOf,
  fileOf,
  filterString,
  modelVersionOf,
  pointOf,
  runOf,
  runRowOf,
  type WireExperiment,
  type WireFile,
  type WireMetric,
  type WireModelVersion,
  type WireTrackingRun,
} from './tracking-wire';

/** The most runs MLflow returns in one `runs/search` page. */
export const MAX_RUNS_PER_PAGE = 50_000;

/** Which runs or experiments by lifecycle. */
export type ViewType = 'ACTIVE_ONLY' | 'DELETED_ONLY' | 'ALL';

/** One page of experiments. */
export async function searchExperiments(
  c: MlflowClient,
  opts: { filter?: string; orderBy?: string[]; maxResults?: number; pageToken?: string; viewType?: ViewType } = {},
): Promise<{ experiments: TrackingExperiment[]; nextPageToken: string | undefined }> {
  const res = await c.post<{ experiments?: WireExperiment[]; next_page_token?: string }>('experiments/search', {
    max_results: opts.maxResults ?? 1000,
    view_type: opts.viewType ?? 'ACTIVE_ONLY',
    ...(opts.filter ? { filter: opts.filter } : {}),
    ...(opts.orderBy?.length ? { order_by: opts.orderBy } : {}),
    ...(opts.pageToken ? { page_token: opts.pageToken } : {}),
  });
  return { experiments: (res.experiments ?? []).map(experimentOf), nextPageToken: res.next_page_token || undefined };
}

/**
 * Every experiment (pages of 1,000), up to `limit`.
 * @returns the experiments and whether there were more than `limit`
 */
export async function allExperiments(c: MlflowClient, limit = 10_000): Promise<{ experiments: TrackingExperiment[]; truncated: boolean }> {
  const out: TrackingExperiment[] = [];
  let token: string | undefined;
  do {
    const page = await searchExperiments(c, { pageToken: token, maxResults: 1000, orderBy: ['name ASC'] });
    out.push(...page.experiments);
    token = page.nextPageToken;
  } while (token && out.length < limit);
  return { experiments: out.slice(0, limit), truncated: token !== undefined || out.length > limit };
}

/** An experiment by id. */
export async function getExperiment(c: MlflowClient, experimentId: string): Promise<TrackingExperiment> {
  const res = await c.get<{ experiment?: WireExperiment }>('experiments/get', { experiment_id: experimentId });
  if (!res.experiment) throw new AppError('not-found', `${c.label} has no experiment ${experimentId}.`);
  return experimentOf(res.experiment);
}

/** What `runs/search` takes. */
export interface RunsQuery {
  experimentIds: string[];
  /** MLflow's filter syntax, e.g. `metrics.accuracy > 0.9 and params.lr = '0.01'`; '' for all. */
  filter?: string;
  /** e.g. `['metrics.accuracy DESC', 'attributes.start_time DESC']`. */
  orderBy?: string[];
  /** 1 … 50,000 (MLflow's default is 1,000). */
  maxResults?: number;
  pageToken?: string;
  runViewType?: ViewType;
}

/** One page of `runs/search`. */
export async function searchRuns(c: MlflowClient, q: RunsQuery): Promise<RunsPage> {
  if (q.experimentIds.length === 0) throw new AppError('validation', 'Choose at least one experiment to search runs in.');
  const max = q.maxResults ?? 1000;
  if (!Number.isInteger(max) || max < 1 || max > MAX_RUNS_PER_PAGE) throw new AppError('validation', `A page holds 1 to ${MAX_RUNS_PER_PAGE} runs.`);
  const res = await c.post<{ runs?: WireTrackingRun[]; next_page_token?: string }>('runs/search', {
    experiment_ids: q.experimentIds,
    max_results: max,
    run_view_type: q.runViewType ?? 'ACTIVE_ONLY',
    ...(q.filter?.trim() ? { filter: q.filter.trim() } : {}),
    ...(q.orderBy?.length ? { order_by: q.orderBy } : {}),
    ...(q.pageToken ? { page_token: q.pageToken } : {}),
  });
  return { runs: (res.runs ?? []).map(runRowOf), nextPageToken: res.next_page_token || undefined };
}

/** A run: params, latest metrics, tags, artifact root. */
export async function getRun(c: MlflowClient, runId: string): Promise<TrackingRun> {
  const res = await c.get<{ run?: WireTrackingRun }>('runs/get', { run_id: runId });
  if (!res.run) throw new AppError('not-found', `${c.label} has no run ${runId}.`);
  return runOf(res.run);
}

/** One page of a metric's history. */
export async function metricHistoryPage(
  c: MlflowClient,
  runId: string,
  key: string,
  opts: { maxResults?: number; pageToken?: string } = {},
): Promise<{ points: MetricPoint[]; nextPageToken: string | undefined }> {
  const res = await c.get<{ metrics?: WireMetric[]; next_page_token?: string }>('metrics/get-history', {
    run_id: runId,
    metric_key: key,
    max_results: opts.maxResults ?? 25_000,
    page_token: opts.pageToken,
  });
  return { points: (res.metrics ?? []).map(pointOf), nextPageToken: res.next_page_token || undefined };
}

/**
 * A metric's whole history (pages of 25,000), sorted by step then time, up to `limit` points.
 * @returns the points and whether there were more than `limit`
 */
export async function metricHistory(c: MlflowClient, runId: string, key: string, limit = 200_000): Promise<{ points: MetricPoint[]; truncated: boolean }> {
  const points: MetricPoint[] = [];
  let token: string | undefined;
  do {
    const page = await metricHistoryPage(c, runId, key, { pageToken: token, maxResults: 25_000 });
    points.push(...page.points);
    token = page.nextPageToken;
  } while (token && points.length < limit);
  points.sort((x, y) => x.step - y.step || x.timestamp - y.timestamp);
  return { points: points.slice(0, limit), truncated: token !== undefined || points.length > limit };
}

/** One folder of a run's files (`path` relative to the run's artifact root; '' for the root). */
export async function listRunArtifacts(c: MlflowClient, runId: string, path: string): Promise<{ rootUri: string; files: RunArtifact[] }> {
  const files: RunArtifact[] = [];
  let rootUri = '';
  let token: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await c.get<{ root_uri?: string; files?: WireFile[]; next_page_token?: string }>('artifacts/list', {
      run_id: runId,
      path: path || undefined,
      page_token: token,
    });
    rootUri = res.root_uri ?? rootUri;
    files.push(...(res.files ?? []).map(fileOf));
    token = res.next_page_token || undefined;
    if (!token) break;
  }
  files.sort((x, y) => Number(y.isDir) - Number(x.isDir) || (x.path < y.path ? -1 : x.path > y.path ? 1 : 0));
  return { rootUri, files };
}

/** The registered model versions whose source run is `runId`, with their aliases. */
export async function modelVersionsOfRun(c: MlflowClient, runId: string): Promise<RunModelVersion[]> {
  const out: RunModelVersion[] = [];
  let token: string | undefined;
  for (let page = 0; page < 10; page++) {
    const res = await c.get<{ model_versions?: WireModelVersion[]; next_page_token?: string }>('model-versions/search', {
      filter: `run_id=${filterString(runId)}`,
      max_results: 1000,
      page_token: token,
    });
    out.push(...(res.model_versions ?? []).filter((v) => !v.run_id || v.run_id === runId).map(modelVersionOf));
    token = res.next_page_token || undefined;
    if (!token) break;
  }
  // the search leaves aliases out: the models' alias maps give them
  for (const name of [...new Set(out.map((v) => v.name))]) {
    const res = await c.get<{ registered_model?: { aliases?: { alias: string; version: string }[] } }>('registered-models/get', { name });
    for (const v of out.filter((x) => x.name === name))
      v.aliases = [...new Set([...v.aliases, ...(res.registered_model?.aliases ?? []).filter((a) => a.version === v.version).map((a) => a.alias)])].sort();
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : Number(a.version) - Number(b.version)));
}
