// SPDX-License-Identifier: Apache-2.0
/**
 * The comparison model: a reference to a run anywhere MLDeck can read one (a Katib trial, a KFP
 * run, an MLflow run of a tracking server, a training job), a compared run (its label, source,
 * where it lives, parameters, final metrics and metric series), and the pure views of a set of
 * compared runs: the parameters that differ, the best value of each metric column, CSV.
 *
 * A metric's direction (whether more is better) is known when the source says it (a Katib
 * trial's objective: maximize → max, minimize → min). Otherwise the user chooses per column, and
 * until then {@link guessDirection} decides from the name: loss-like names (`loss`, `error`,
 * `rmse`, `mae`, `mse`, `perplexity`, `ppl`, `wer`, `cer`, `latency`, `time`, `duration`) are
 * minimised; everything else (accuracy-like names: `accuracy`, `acc`, `auc`, `f1`, `precision`,
 * `recall`, `score`, `bleu`, `rouge`, `iou`, `reward`, …) is maximised.
 */
import { z } from 'zod';

/** Where a run comes from. */
export type RunSource = 'katib' | 'kfp' | 'mlflow' | 'job';

const ClusterId = z.string().min(1).max(512);
const Name = z.string().min(1).max(253);

/** A reference to one run: enough for main to read it again. */
export const RunRef = z.discriminatedUnion('source', [
  /** A Katib trial (kubeflow.org/v1beta1 Trial). */
  z.object({ source: z.literal('katib'), clusterId: ClusterId, namespace: Name, trial: Name }),
  /** A KFP run (v2beta1 run id). */
  z.object({ source: z.literal('kfp'), clusterId: ClusterId, runId: z.string().min(1).max(128) }),
  /** An MLflow run of a tracking server MLDeck knows (`serverId` as main/platform/mlflow names servers). */
  z.object({ source: z.literal('mlflow'), serverId: z.string().min(1).max(1024), runId: z.string().min(1).max(128) }),
  /** A training job: `kind` is the key of a kind of shared/kube/training-kinds.ts (`kubeflow.org/v1/pytorchjobs`). */
  z.object({ source: z.literal('job'), clusterId: ClusterId, namespace: Name, kind: z.string().min(1).max(253), name: Name }),
]);
/** {@link RunRef} */
export type RunRef = z.infer<typeof RunRef>;

/** A metric over steps (and the times of its points, ms since epoch; null when unknown: JSON has no NaN). */
export interface MetricSeries {
  metric: string;
  steps: number[];
  times: (number | null)[];
  values: number[];
}

/** Whether more or less of a metric is better. */
export type Direction = 'max' | 'min';

/** One run as the comparison shows it. */
export interface ComparedRun {
  /** {@link runKey} of its reference. */
  key: string;
  ref: RunRef;
  label: string;
  source: RunSource;
  /** The cluster (or tracking server) in words: the context name, or the server's name. */
  cluster: string;
  /** Where in it: namespace, experiment, pipeline… in words. */
  where: string;
  /** Its state as the source words it ('' when none). */
  state: string;
  params: Record<string, string>;
  /** The final value of each metric. */
  metrics: Record<string, number>;
  series: MetricSeries[];
  /** Directions the source knows (a Katib objective). */
  directions: Record<string, Direction>;
  /** When it was read (ms since epoch). */
  fetchedAt: number;
}

/** A stable key of a reference (the same run always has the same key). */
export function runKey(ref: RunRef): string {
  switch (ref.source) {
    case 'katib':
      return `katib:${ref.clusterId}:${ref.namespace}/${ref.trial}`;
    case 'kfp':
      return `kfp:${ref.clusterId}:${ref.runId}`;
    case 'mlflow':
      return `mlflow:${ref.serverId}:${ref.runId}`;
    case 'job':
      return `job:${ref.clusterId}:${ref.namespace}/${ref.kind}/${ref.name}`;
  }
}

const minimised = /(loss|error|err$|rmse|mae|mse|perplexity|ppl|wer|cer|latency|time|duration|seconds)/i;

/** The direction of a metric by its name alone (see the file comment). */
export function guessDirection(metric: string): Direction {
  return minimised.test(metric) ? 'min' : 'max';
}

/**
 * The direction of each metric column: the user's choice, else what a run's source knows, else
 * the guess by name.
 */
export function metricDirections(runs: readonly ComparedRun[], chosen: Readonly<Record<string, Direction>> = {}): Record<string, Direction> {
  const out: Record<string, Direction> = {};
  for (const m of metricColumns(runs)) {
    const known = runs.map((r) => r.directions[m]).find((d) => d !== undefined);
    out[m] = chosen[m] ?? known ?? guessDirection(m);
  }
  return out;
}

/** Every parameter name, sorted. */
export function paramColumns(runs: readonly ComparedRun[]): string[] {
  return [...new Set(runs.flatMap((r) => Object.keys(r.params)))].sort();
}

/** Every metric name (final values or series), sorted. */
export function metricColumns(runs: readonly ComparedRun[]): string[] {
  return [...new Set(runs.flatMap((r) => [...Object.keys(r.metrics), ...r.series.map((s) => s.metric)]))].sort();
}

/**
 * The parameters whose values are not the same in every run (a run without the parameter
 * differs from one with it). With fewer than two runs nothing differs.
 */
export function differingParams(runs: readonly ComparedRun[]): string[] {
  if (runs.length < 2) return [];
  return paramColumns(runs).filter((p) => new Set(runs.map((r) => (p in r.params ? `=${r.params[p]}` : 'absent'))).size > 1);
}

/** The parameter columns to show: all, or only those that differ. */
export function shownParams(runs: readonly ComparedRun[], differencesOnly: boolean): string[] {
  return differencesOnly ? differingParams(runs) : paramColumns(runs);
}

/**
 * The best run(s) of each metric column by its direction: the keys of every run with the best
 * final value (ties all win); a column no run has a value for has none.
 */
export function bestPerColumn(runs: readonly ComparedRun[], directions: Readonly<Record<string, Direction>>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const m of metricColumns(runs)) {
    const dir = directions[m] ?? guessDirection(m);
    let best: number | undefined;
    let keys: string[] = [];
    for (const r of runs) {
      const v = r.metrics[m];
      if (v === undefined || !Number.isFinite(v)) continue;
      if (best === undefined || (dir === 'max' ? v > best : v < best)) {
        best = v;
        keys = [r.key];
      } else if (v === best) keys.push(r.key);
    }
    out[m] = keys;
  }
  return out;
}

/**
 * One CSV cell (RFC 4180): quoted when it holds a comma, quote or line break; a text a
 * spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab or CR first, not a number) gets a
 * leading `'`.
 */
export function csvCell(value: string | number | undefined): string {
  if (value === undefined) return '';
  let s = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s) && !Number.isFinite(Number(s))) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/**
 * The comparison as CSV: one row per run (label, source, cluster, where, state, then
 * `param:<name>` and `metric:<name>` columns), CRLF line ends as RFC 4180 says.
 */
export function toCsv(runs: readonly ComparedRun[], opts: { differencesOnly: boolean }): string {
  const params = shownParams(runs, opts.differencesOnly);
  const metrics = metricColumns(runs);
  const header = ['run', 'source', 'cluster', 'where', 'state', ...params.map((p) => `param:${p}`), ...metrics.map((m) => `metric:${m}`)];
  const rows = runs.map((r) => [r.label, r.source, r.cluster, r.where, r.state, ...params.map((p) => r.params[p]), ...metrics.map((m) => r.metrics[m])]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** The value of a parameter or metric column of a run as a number (a parameter that is not a number: undefined). */
export function numericValue(run: ComparedRun, column: { kind: 'param' | 'metric'; name: string }): number | undefined {
  const v = column.kind === 'metric' ? run.metrics[column.name] : run.params[column.name];
  if (v === undefined || v === '') return undefined;
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? n : undefined;
}
