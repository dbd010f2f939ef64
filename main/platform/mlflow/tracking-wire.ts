// SPDX-License-Identifier: Apache-2.0
/**
 * MLflow's tracking REST answers (the fields MLDeck uses: experiments, runs, metric points,
 * run artifacts, model versions) and their mapping to MLDeck's tracking model. Pure, for tests.
 */
import type {
  KeyValue,
  LatestMetric,
  MetricPoint,
  RunArtifact,
  RunModelVersion,
  TrackingExperiment,
  TrackingRun,
  TrackingRunRow,
} from '../../../shared/features/mlflow/tracking-types';

export interface WireKeyValue {
  key: string;
  value?: string;
}
export interface WireExperiment {
  experiment_id: string;
  name?: string;
  artifact_location?: string;
  lifecycle_stage?: string;
  creation_time?: number | string;
  last_update_time?: number | string;
  tags?: WireKeyValue[];
}
export interface WireMetric {
  key: string;
  value: number | string;
  timestamp?: number | string;
  step?: number | string;
}
export interface WireTrackingRun {
  info: {
    run_id?: string;
    run_uuid?: string;
    run_name?: string;
    experiment_id?: string;
    user_id?: string;
    status?: string;
    start_time?: number | string;
    end_time?: number | string;
    artifact_uri?: string;
    lifecycle_stage?: string;
  };
  data?: { metrics?: WireMetric[]; params?: WireKeyValue[]; tags?: WireKeyValue[] };
}
export interface WireFile {
  path: string;
  is_dir?: boolean;
  file_size?: number | string;
}
export interface WireModelVersion {
  name: string;
  version: string;
  status?: string;
  source?: string;
  run_id?: string;
  aliases?: string[];
  creation_timestamp?: number | string;
}

/** A number MLflow may send as a string (int64 timestamps), 0 when absent. */
export const num = (v: number | string | undefined): number => (v === undefined || v === '' ? 0 : Number(v));
const optNum = (v: number | string | undefined): number | undefined => (v === undefined || v === '' ? undefined : Number(v));
/** MLflow writes NaN/Infinity as strings in JSON. */
export const metricValue = (v: number | string): number =>
  typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : Number(v);

const pairs = (t: WireKeyValue[] | undefined): KeyValue[] => (t ?? []).map((x) => ({ key: x.key, value: x.value ?? '' }));
const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/** An experiment as MLDeck lists it. */
export function experimentOf(e: WireExperiment): TrackingExperiment {
  return {
    experimentId: e.experiment_id,
    name: e.name ?? '',
    artifactLocation: e.artifact_location ?? '',
    lifecycleStage: e.lifecycle_stage ?? 'active',
    createdAt: num(e.creation_time),
    updatedAt: num(e.last_update_time),
    tags: pairs(e.tags).sort(byKey),
  };
}

/** A run as a table row. */
export function runRowOf(r: WireTrackingRun): TrackingRunRow {
  const params: Record<string, string> = {};
  for (const p of r.data?.params ?? []) params[p.key] = p.value ?? '';
  const metrics: Record<string, number> = {};
  for (const m of r.data?.metrics ?? []) metrics[m.key] = metricValue(m.value);
  const tags: Record<string, string> = {};
  for (const t of r.data?.tags ?? []) tags[t.key] = t.value ?? '';
  return {
    runId: r.info.run_id ?? r.info.run_uuid ?? '',
    runName: r.info.run_name ?? tags['mlflow.runName'] ?? '',
    experimentId: r.info.experiment_id ?? '',
    status: r.info.status ?? '',
    startTime: optNum(r.info.start_time),
    endTime: optNum(r.info.end_time),
    user: tags['mlflow.user'] ?? r.info.user_id ?? '',
    lifecycleStage: r.info.lifecycle_stage ?? 'active',
    params,
    metrics,
    tags,
  };
}

/** A run as its page shows it (`mlflow.*` tags kept apart, lists sorted by key). */
export function runOf(r: WireTrackingRun): TrackingRun {
  const row = runRowOf(r);
  const tags = pairs(r.data?.tags).sort(byKey);
  const metrics: LatestMetric[] = (r.data?.metrics ?? [])
    .map((m) => ({ key: m.key, value: metricValue(m.value), step: num(m.step), timestamp: num(m.timestamp) }))
    .sort(byKey);
  return {
    runId: row.runId,
    runName: row.runName,
    experimentId: row.experimentId,
    status: row.status,
    startTime: row.startTime,
    endTime: row.endTime,
    user: row.user,
    lifecycleStage: row.lifecycleStage,
    artifactUri: r.info.artifact_uri ?? '',
    params: pairs(r.data?.params).sort(byKey),
    metrics,
    tags: tags.filter((t) => !t.key.startsWith('mlflow.')),
    systemTags: tags.filter((t) => t.key.startsWith('mlflow.')),
  };
}

/** A metric-history point. */
export function pointOf(m: WireMetric): MetricPoint {
  return { step: num(m.step), value: metricValue(m.value), timestamp: num(m.timestamp) };
}

/** A run's file or folder. */
export function fileOf(f: WireFile): RunArtifact {
  return { path: f.path, isDir: !!f.is_dir, size: f.is_dir ? undefined : optNum(f.file_size) };
}

/** A model version a run produced. */
export function modelVersionOf(v: WireModelVersion): RunModelVersion {
  return {
    name: v.name,
    version: v.version,
    status: v.status ?? 'READY',
    source: v.source ?? '',
    aliases: [...(v.aliases ?? [])].sort(),
    createdAt: num(v.creation_timestamp),
  };
}

/** A string literal in MLflow's filter syntax (single quotes, backslash escapes). */
export function filterString(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
