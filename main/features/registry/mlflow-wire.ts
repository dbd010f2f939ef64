// SPDX-License-Identifier: Apache-2.0
/**
 * MLflow's REST answers (the fields MLDeck uses) and their mapping to what MLDeck shows: models,
 * versions with their aliases, runs, MLmodel flavours, and what kind of file an artifact is.
 * Pure, for tests.
 */
import { parse as parseYaml } from 'yaml';
import type { ArtifactContent, ModelVersionSummary, RegisteredModelSummary, RunDetail, Tag } from '../../../shared/features/registry/registry.contract';

export interface WireTag {
  key: string;
  value?: string;
}
export interface WireVersion {
  name: string;
  version: string;
  creation_timestamp?: number | string;
  last_updated_timestamp?: number | string;
  current_stage?: string;
  description?: string;
  source?: string;
  run_id?: string;
  status?: string;
  tags?: WireTag[];
  aliases?: string[];
  model_id?: string;
}
export interface WireModel {
  name: string;
  creation_timestamp?: number | string;
  last_updated_timestamp?: number | string;
  description?: string;
  latest_versions?: WireVersion[];
  tags?: WireTag[];
  aliases?: { alias: string; version: string }[];
}
export interface WireRun {
  info: {
    run_id?: string;
    run_uuid?: string;
    run_name?: string;
    experiment_id?: string;
    status?: string;
    start_time?: number | string;
    end_time?: number | string;
    artifact_uri?: string;
  };
  data?: { metrics?: { key: string; value: number | string; timestamp?: number | string; step?: number | string }[]; params?: WireTag[]; tags?: WireTag[] };
}

export const num = (v: number | string | undefined): number => (v === undefined || v === '' ? 0 : Number(v));
const tagsOf = (t: WireTag[] | undefined): Tag[] => (t ?? []).map((x) => ({ key: x.key, value: x.value ?? '' }));
/** MLflow writes NaN/Infinity as strings in JSON. */
export const metricValue = (v: number | string): number =>
  typeof v === 'number' ? v : v === 'NaN' ? NaN : v === 'Infinity' ? Infinity : v === '-Infinity' ? -Infinity : Number(v);

/** A wire version as MLDeck lists it; aliases from the version, else from the model's alias map. */
export function versionSummary(v: WireVersion, modelAliases: { alias: string; version: string }[] = []): ModelVersionSummary {
  const fromModel = modelAliases.filter((a) => a.version === v.version).map((a) => a.alias);
  return {
    name: v.name,
    version: v.version,
    aliases: [...new Set([...(v.aliases ?? []), ...fromModel])].sort(),
    stage: v.current_stage ?? 'None',
    status: v.status ?? 'READY',
    source: v.source ?? '',
    runId: v.run_id || undefined,
    modelId: v.model_id || /^models:\/(m-[0-9a-f]+)$/.exec(v.source ?? '')?.[1],
    description: v.description ?? '',
    tags: tagsOf(v.tags),
    createdAt: num(v.creation_timestamp),
    updatedAt: num(v.last_updated_timestamp),
  };
}

/** A wire model as MLDeck lists it. */
export function modelSummary(m: WireModel): RegisteredModelSummary {
  const aliases = [...(m.aliases ?? [])].sort((a, b) => a.alias.localeCompare(b.alias));
  const latest = (m.latest_versions ?? []).map((v) => versionSummary(v, aliases));
  const highest = latest.reduce<string | undefined>((best, v) => (best === undefined || Number(v.version) > Number(best) ? v.version : best), undefined);
  return {
    name: m.name,
    description: m.description ?? '',
    tags: tagsOf(m.tags),
    aliases,
    latestVersions: latest,
    latestVersion: highest,
    createdAt: num(m.creation_timestamp),
    updatedAt: num(m.last_updated_timestamp),
  };
}

/** A wire run as MLDeck shows it (`mlflow.*` tags kept apart). */
export function runDetail(r: WireRun): RunDetail {
  const tags = tagsOf(r.data?.tags);
  return {
    runId: r.info.run_id ?? r.info.run_uuid ?? '',
    runName: r.info.run_name ?? '',
    experimentId: r.info.experiment_id ?? '',
    status: r.info.status ?? '',
    startTime: r.info.start_time === undefined ? undefined : num(r.info.start_time),
    endTime: r.info.end_time === undefined ? undefined : num(r.info.end_time),
    artifactUri: r.info.artifact_uri ?? '',
    params: tagsOf(r.data?.params).sort((a, b) => a.key.localeCompare(b.key)),
    metrics: (r.data?.metrics ?? [])
      .map((m) => ({ key: m.key, value: metricValue(m.value), step: num(m.step), timestamp: num(m.timestamp) }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    tags: tags.filter((t) => !t.key.startsWith('mlflow.')),
    systemTags: tags.filter((t) => t.key.startsWith('mlflow.')),
  };
}

/** The flavour names of an MLmodel file (YAML), or [] when it has none. */
export function flavorsOf(mlmodel: string): string[] {
  const doc = parseYaml(mlmodel, { maxAliasCount: 50 }) as { flavors?: unknown } | null;
  const f = doc && typeof doc === 'object' ? doc.flavors : undefined;
  return f && typeof f === 'object' ? Object.keys(f).sort() : [];
}

const imageTypes: Record<string, string> = { png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', bmp: 'image/bmp' };
const textNames =
  /(^|\/)(MLmodel|LICENSE|README|Dockerfile|requirements\.txt)$|\.(txt|json|jsonl|ya?ml|md|csv|tsv|py|log|cfg|ini|toml|xml|html|sh|r|sql|properties|conf|pbtxt)$/i;

/** What a file is for the preview, from its name and bytes. */
export function contentKind(path: string, bytes: Buffer, contentType: string | undefined): { kind: ArtifactContent['kind']; mediaType: string } {
  const ext = /\.([a-z0-9]+)$/i.exec(path)?.[1]?.toLowerCase() ?? '';
  if (imageTypes[ext]) return { kind: 'image', mediaType: imageTypes[ext] };
  const looksText = !bytes.subarray(0, 8192).includes(0);
  if ((textNames.test(path) || contentType?.startsWith('text/') || contentType?.includes('json')) && looksText)
    return { kind: 'text', mediaType: 'text/plain' };
  if (looksText && bytes.length > 0 && !/\.(pkl|pickle|pt|pth|bin|onnx|pb|h5|joblib|safetensors|parquet|npy|npz|zip|gz|tar)$/i.test(path)) {
    // valid UTF-8 without control characters besides whitespace
    const text = bytes.toString('utf8');
    const control = [...bytes.subarray(0, 65536)].some((b) => (b >= 1 && b <= 8) || (b >= 14 && b <= 31));
    if (!text.includes('\uFFFD') && !control) return { kind: 'text', mediaType: 'text/plain' };
  }
  return { kind: 'binary', mediaType: contentType && contentType !== 'application/octet-stream' ? contentType : 'application/octet-stream' };
}
