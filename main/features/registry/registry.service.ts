// SPDX-License-Identifier: Apache-2.0
/**
 * The model registry's service. Each cluster has one MLflow connection: the URL from the settings,
 * or a port-forward to an MLflow service found in the cluster (kept open while it is used, closed
 * after two idle minutes). Reads go to MLflow and what they return is kept in the registry cache;
 * when MLflow or the cluster cannot be reached, what was kept is served with the time it was seen.
 * Changes (aliases, tags, descriptions) go to MLflow only and return the model as it is after.
 * A version's detail resolves where its files are (a `models:/m-…` source through the logged
 * model), the storage URI KServe could load and the model format from its MLmodel flavours.
 */
import { parse as parseYaml } from 'yaml';
import { AppError, isAppError } from '../../../shared/errors';
import type {
  ArtifactContent,
  ArtifactEntry,
  ArtifactListing,
  ArtifactRequest,
  ArtifactsRequest,
  ConnectionTest,
  DeleteAliasRequest,
  DeleteTagRequest,
  DescriptionRequest,
  MetricHistory,
  MetricHistoryRequest,
  MlflowServiceCandidate,
  ModelDetail,
  ModelRequest,
  ModelsList,
  ModelsRequest,
  ModelVersionDetail,
  ModelVersionSummary,
  RegisteredModelSummary,
  RegistrySettings,
  RegistrySettingsInput,
  RegistrySource,
  RunDetail,
  SetAliasRequest,
  SetTagRequest,
  Tag,
  VersionRequest,
} from '../../../shared/features/registry/registry.contract';
import type { Disposable } from '../../../shared/lifecycle';
import { mlflowArtifactsPath, modelFormatOf, storageUriFor } from '../../../shared/registry/storage-uri';
import { matchesSearch } from '../../../shared/registry/version-diff';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import { PodPortForward } from '../../platform/kube/port-forward';
import { isSnapshotId } from '../snapshots/snapshot-registry';
import { MlflowClient, MlflowUnreachable, type Download } from './mlflow-client';
import { discoverMlflow } from './mlflow-discovery';
import type { RegistryCache } from './registry-cache';
import type { RegistrySettingsStore, ResolvedSettings } from './registry-settings';
import { parseS3Uri, S3Reader } from './s3-reader';

type LiveSource = Extract<RegistrySource, { kind: 'url' | 'port-forward' }>;

/** A way to reach a cluster's MLflow, kept between calls. */
interface Access {
  client: MlflowClient;
  origin: LiveSource;
  forward: PodPortForward | undefined;
  settings: ResolvedSettings;
}

/** Options (tests). */
export interface RegistryServiceOptions {
  now?: () => number;
  /** How long an unused port-forward stays open (default 2 minutes). */
  idleForwardMs?: number;
  /** MLflow request timeout (default 20 s). */
  timeoutMs?: number;
}

/** The most models read (5 pages of 1,000). */
const MAX_MODEL_PAGES = 5;
const PREVIEW_BYTES = 512 * 1024;
const DOWNLOAD_BYTES = 64 * 1024 * 1024;

// ---------- MLflow wire shapes (the fields used) ----------

interface WireTag {
  key: string;
  value?: string;
}
interface WireVersion {
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
interface WireModel {
  name: string;
  creation_timestamp?: number | string;
  last_updated_timestamp?: number | string;
  description?: string;
  latest_versions?: WireVersion[];
  tags?: WireTag[];
  aliases?: { alias: string; version: string }[];
}
interface WireRun {
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

const num = (v: number | string | undefined): number => (v === undefined || v === '' ? 0 : Number(v));
const tagsOf = (t: WireTag[] | undefined): Tag[] => (t ?? []).map((x) => ({ key: x.key, value: x.value ?? '' }));
/** MLflow writes NaN/Infinity as strings in JSON. */
const metricValue = (v: number | string): number =>
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

/** Whether MLDeck should serve what it kept rather than fail. */
const reachability = (e: unknown) => isAppError(e) && (e.code === 'unavailable' || e.code === 'timeout');

/** The service. */
export class RegistryService implements Disposable {
  private readonly access = new Map<string, Promise<Access>>();
  private readonly lastUsed = new Map<string, number>();
  /** Versions located for browsing artifacts (see {@link locate}). */
  private readonly located = new Map<string, { detail: ModelVersionDetail; at: number; access: Access }>();
  private readonly sweeper: ReturnType<typeof setInterval>;
  private readonly now: () => number;
  private readonly timeoutMs: number;

  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly settings: RegistrySettingsStore,
    private readonly cache: RegistryCache,
    opts: RegistryServiceOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    const idle = opts.idleForwardMs ?? 2 * 60_000;
    this.sweeper = setInterval(
      () => {
        for (const [id, at] of this.lastUsed) if (Date.now() - at > idle) this.forget(id);
      },
      Math.min(30_000, idle),
    );
    this.sweeper.unref();
  }

  // ---------- settings and connection ----------

  /** A cluster's MLflow settings (no secrets). */
  getSettings(clusterId: string): Promise<RegistrySettings> {
    return this.settings.get(clusterId);
  }

  /** Stores a cluster's MLflow settings; the next call connects with them. */
  async setSettings(input: RegistrySettingsInput): Promise<RegistrySettings> {
    const saved = await this.settings.set(input);
    this.forget(input.clusterId);
    return saved;
  }

  /** Connects afresh and lists the first page of models; says what worked or what did not. */
  async testConnection(clusterId: string): Promise<ConnectionTest> {
    this.forget(clusterId);
    const candidates = await this.candidates(clusterId).catch((): MlflowServiceCandidate[] => []);
    const started = this.now();
    try {
      const a = await this.accessFor(clusterId);
      const res = await this.call(clusterId, a, (c) => c.get<{ registered_models?: WireModel[] }>('registered-models/search', { max_results: 100 }));
      const latencyMs = this.now() - started;
      const n = res.registered_models?.length ?? 0;
      const where = a.origin.kind === 'url' ? a.origin.url : `${a.origin.namespace}/${a.origin.service} (port-forward to pod ${a.origin.pod})`;
      return {
        ok: true,
        origin: a.origin,
        models: n,
        latencyMs,
        message: `Connected to MLflow at ${where}: ${n}${n === 100 ? '+' : ''} registered models.`,
        code: undefined,
        candidates,
      };
    } catch (e) {
      const err = isAppError(e) ? e : new AppError('internal', String(e));
      return {
        ok: false,
        origin: { kind: 'none', why: err.message },
        models: undefined,
        latencyMs: undefined,
        message: err.message,
        code: err.code,
        candidates,
      };
    }
  }

  // ---------- reads (cached) ----------

  /** Registered models (all of them, filtered by the search in main). */
  async models(req: ModelsRequest): Promise<ModelsList> {
    const got = await this.readThrough(req.clusterId, 'models', '', async (a) => {
      const models: RegisteredModelSummary[] = [];
      let token: string | undefined;
      let truncated = false;
      for (let page = 0; page < MAX_MODEL_PAGES; page++) {
        const res = await this.call(req.clusterId, a, (c) =>
          c.get<{ registered_models?: WireModel[]; next_page_token?: string }>('registered-models/search', {
            max_results: 1000,
            order_by: ['name ASC'],
            page_token: token,
          }),
        );
        models.push(...(res.registered_models ?? []).map(modelSummary));
        token = res.next_page_token || undefined;
        if (!token) break;
        if (page === MAX_MODEL_PAGES - 1) truncated = true;
      }
      return { clusterId: req.clusterId, models, truncated };
    });
    return { ...got, models: got.models.filter((m) => matchesSearch(m, req.search)) };
  }

  /** A model and all its versions, newest first. */
  model(req: ModelRequest): Promise<ModelDetail> {
    return this.readThrough(req.clusterId, 'model', req.name, (a) => this.fetchModel(req.clusterId, a, req.name));
  }

  /** A version with its run, artifact location, storage URI and model format. */
  version(req: VersionRequest): Promise<ModelVersionDetail> {
    return this.readThrough(req.clusterId, 'version', `${req.name}@${req.version}`, (a) => this.fetchVersion(req.clusterId, a, req.name, req.version));
  }

  /** A run's metric over steps (up to 25,000 points). */
  metricHistory(req: MetricHistoryRequest): Promise<MetricHistory> {
    return this.readThrough(req.clusterId, 'history', `${req.runId}/${req.key}`, async (a) => {
      const points: MetricHistory['points'] = [];
      let token: string | undefined;
      for (let page = 0; page < 5 && points.length < 25_000; page++) {
        const res = await this.call(req.clusterId, a, (c) =>
          c.get<{ metrics?: { value: number | string; step?: number | string; timestamp?: number | string }[]; next_page_token?: string }>(
            'metrics/get-history',
            {
              run_id: req.runId,
              metric_key: req.key,
              max_results: 25_000,
              page_token: token,
            },
          ),
        );
        for (const m of res.metrics ?? []) points.push({ step: num(m.step), value: metricValue(m.value), timestamp: num(m.timestamp) });
        token = res.next_page_token || undefined;
        if (!token) break;
      }
      points.sort((x, y) => x.step - y.step || x.timestamp - y.timestamp);
      return { key: req.key, points };
    });
  }

  /** One folder of a version's artifacts. */
  artifacts(req: ArtifactsRequest): Promise<ArtifactListing> {
    return this.readThrough(req.clusterId, 'artifacts', `${req.name}@${req.version}/${req.path}`, async (a) => {
      const v = await this.locate(req.clusterId, a, req.name, req.version);
      return this.list(req.clusterId, a, v, req.path);
    });
  }

  /** A file of a version's artifacts: a preview (text or image, 512 KiB) or a download (64 MiB). Not cached. */
  async artifact(req: ArtifactRequest): Promise<ArtifactContent> {
    const a = await this.accessFor(req.clusterId);
    const v = await this.locate(req.clusterId, a, req.name, req.version);
    const limit = req.purpose === 'preview' ? PREVIEW_BYTES : DOWNLOAD_BYTES;
    const d = await this.read(req.clusterId, a, v, req.path, limit);
    const { kind, mediaType } = contentKind(req.path, d.bytes, d.contentType);
    if (req.purpose === 'download') {
      if (d.truncated)
        throw new AppError(
          'validation',
          `${req.path} is larger than ${DOWNLOAD_BYTES / 1048576} MiB, more than MLDeck downloads; fetch it from the store directly.`,
        );
      return { path: req.path, size: d.size, kind, mediaType, text: undefined, base64: d.bytes.toString('base64'), truncated: false };
    }
    if (kind === 'text') return { path: req.path, size: d.size, kind, mediaType, text: d.bytes.toString('utf8'), base64: undefined, truncated: d.truncated };
    if (kind === 'image' && !d.truncated)
      return { path: req.path, size: d.size, kind, mediaType, text: undefined, base64: d.bytes.toString('base64'), truncated: false };
    return { path: req.path, size: d.size, kind: 'binary', mediaType, text: undefined, base64: undefined, truncated: d.truncated };
  }

  // ---------- changes ----------

  /** Points an alias at a version (moving it if it pointed elsewhere). */
  setAlias(req: SetAliasRequest): Promise<ModelDetail> {
    return this.change(req.clusterId, req.name, (c) => c.post('registered-models/alias', { name: req.name, alias: req.alias, version: req.version }));
  }

  /** Removes an alias. */
  deleteAlias(req: DeleteAliasRequest): Promise<ModelDetail> {
    return this.change(req.clusterId, req.name, (c) => c.delete('registered-models/alias', { name: req.name, alias: req.alias }));
  }

  /** Sets a tag on a model or a version. */
  setTag(req: SetTagRequest): Promise<ModelDetail> {
    return this.change(req.clusterId, req.name, (c) =>
      req.version === undefined
        ? c.post('registered-models/set-tag', { name: req.name, key: req.key, value: req.value })
        : c.post('model-versions/set-tag', { name: req.name, version: req.version, key: req.key, value: req.value }),
    );
  }

  /** Removes a tag from a model or a version. */
  deleteTag(req: DeleteTagRequest): Promise<ModelDetail> {
    return this.change(req.clusterId, req.name, (c) =>
      req.version === undefined
        ? c.delete('registered-models/delete-tag', { name: req.name, key: req.key })
        : c.delete('model-versions/delete-tag', { name: req.name, version: req.version, key: req.key }),
    );
  }

  /** Replaces a model's or a version's description. */
  setDescription(req: DescriptionRequest): Promise<ModelDetail> {
    return this.change(req.clusterId, req.name, (c) =>
      req.version === undefined
        ? c.patch('registered-models/update', { name: req.name, description: req.description })
        : c.patch('model-versions/update', { name: req.name, version: req.version, description: req.description }),
    );
  }

  /** Closes every port-forward. */
  dispose(): void {
    clearInterval(this.sweeper);
    for (const id of [...this.access.keys()]) this.forget(id);
  }

  // ---------- internals ----------

  private async change(clusterId: string, name: string, op: (c: MlflowClient) => Promise<unknown>): Promise<ModelDetail> {
    const a = await this.accessFor(clusterId);
    await this.call(clusterId, a, op);
    const detail = await this.fetchModel(clusterId, a, name);
    const at = this.now();
    this.cache.put(clusterId, 'model', name, stripOrigin(detail), at);
    // the list shows aliases and tags too: keep it in step when it was kept
    const list = this.cache.get<ModelsList>(clusterId, 'models', '');
    if (list)
      this.cache.put(clusterId, 'models', '', { ...list.value, models: list.value.models.map((m) => (m.name === name ? detail.model : m)) }, list.seenAt);
    for (const v of detail.versions) {
      const kept = this.cache.get<ModelVersionDetail>(clusterId, 'version', `${name}@${v.version}`);
      if (kept) this.cache.put(clusterId, 'version', `${name}@${v.version}`, { ...kept.value, ...v }, kept.seenAt);
    }
    return detail;
  }

  /**
   * Reads live and keeps the answer; when MLflow or the cluster cannot be reached, serves what was
   * kept with its time. A thing MLflow says does not exist is forgotten.
   */
  private async readThrough<T extends object>(
    clusterId: string,
    kind: Parameters<RegistryCache['put']>[1],
    key: string,
    fetch: (a: Access) => Promise<T>,
  ): Promise<T & { origin: RegistrySource }> {
    try {
      const a = await this.accessFor(clusterId);
      const value = await fetch(a);
      this.cache.put(clusterId, kind, key, stripOrigin(value), this.now());
      return { ...value, origin: a.origin };
    } catch (e) {
      if (isAppError(e) && e.code === 'not-found' && kind !== 'models') this.cache.remove(clusterId, kind, key);
      if (!reachability(e)) throw e;
      const kept = this.cache.get<T>(clusterId, kind, key);
      if (!kept) {
        const err = e as AppError;
        throw new AppError(err.code, `${err.message} MLDeck has not seen this in MLflow before, so there is nothing cached to show.`, err.detail, true);
      }
      return { ...kept.value, origin: { kind: 'cache', seenAt: kept.seenAt, why: (e as AppError).message } };
    }
  }

  /**
   * Runs an MLflow call. When MLflow was not reached through a port-forward, the forward is
   * closed (the next call opens a new one) and its own error is reported if it had one; an answer
   * from MLflow, even a 500, leaves it open.
   */
  private async call<T>(clusterId: string, a: Access, op: (c: MlflowClient) => Promise<T>): Promise<T> {
    this.lastUsed.set(clusterId, Date.now());
    try {
      return await op(a.client);
    } catch (e) {
      if (a.forward && e instanceof MlflowUnreachable) {
        this.forget(clusterId);
        throw a.forward.lastError ?? e;
      }
      throw e;
    }
  }

  private async fetchModel(clusterId: string, a: Access, name: string): Promise<ModelDetail> {
    const got = await this.call(clusterId, a, (c) => c.get<{ registered_model: WireModel }>('registered-models/get', { name }));
    const model = modelSummary(got.registered_model);
    const versions: ModelVersionSummary[] = [];
    let token: string | undefined;
    for (let page = 0; page < 10; page++) {
      const res = await this.call(clusterId, a, (c) =>
        c.get<{ model_versions?: WireVersion[]; next_page_token?: string }>('model-versions/search', {
          filter: `name='${name.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`,
          max_results: 1000,
          page_token: token,
        }),
      );
      versions.push(...(res.model_versions ?? []).filter((v) => v.name === name).map((v) => versionSummary(v, model.aliases)));
      token = res.next_page_token || undefined;
      if (!token) break;
    }
    versions.sort((x, y) => Number(y.version) - Number(x.version));
    return { clusterId, model, versions, origin: a.origin };
  }

  /**
   * Where a version's files are, for browsing: its detail without MLmodel, remembered for 30 s so
   * opening folder after folder does not ask MLflow for the version, run and logged model each time.
   */
  private async locate(clusterId: string, a: Access, name: string, version: string): Promise<ModelVersionDetail> {
    const key = `${clusterId}\n${name}\n${version}`;
    const hit = this.located.get(key);
    if (hit && hit.access === a && this.now() - hit.at < 30_000) return hit.detail;
    const detail = await this.fetchVersion(clusterId, a, name, version, false);
    if (this.located.size > 200) this.located.clear();
    this.located.set(key, { detail, at: this.now(), access: a });
    return detail;
  }

  /** A version's detail; `full` also reads MLmodel for the flavours. */
  private async fetchVersion(clusterId: string, a: Access, name: string, version: string, full = true): Promise<ModelVersionDetail> {
    const got = await this.call(clusterId, a, (c) => c.get<{ model_version: WireVersion }>('model-versions/get', { name, version }));
    const summary = versionSummary(got.model_version);
    let run: RunDetail | undefined;
    let runProblem: string | undefined;
    if (summary.runId) {
      try {
        const r = await this.call(clusterId, a, (c) => c.get<{ run: WireRun }>('runs/get', { run_id: summary.runId }));
        run = runDetail(r.run);
      } catch (e) {
        if (reachability(e) || !isAppError(e)) throw e;
        runProblem = e.code === 'not-found' ? `The source run ${summary.runId} is not in MLflow any more.` : `The source run could not be read: ${e.message}`;
      }
    } else runProblem = 'This version was registered without a source run.';
    const { artifactUri, problem } = await this.resolveArtifactUri(clusterId, a, summary, run);
    const mapped = problem ? { reason: problem } : storageUriFor(artifactUri, a.settings.artifactStore);
    const detail: ModelVersionDetail = {
      ...summary,
      clusterId,
      run,
      runProblem,
      artifactUri,
      storageUri: mapped.uri,
      storageUriReason: mapped.reason,
      modelFormat: undefined,
      flavors: [],
      origin: a.origin,
    };
    if (full && artifactUri) {
      try {
        const d = await this.read(clusterId, a, detail, 'MLmodel', 256 * 1024);
        detail.flavors = flavorsOf(d.bytes.toString('utf8'));
        detail.modelFormat = modelFormatOf(detail.flavors);
      } catch (e) {
        if (e instanceof MlflowUnreachable) throw e;
        // no MLmodel (not an MLflow model) or not readable: flavours empty, the format unknown (as documented)
      }
    }
    return detail;
  }

  /** Where a version's files are: a logged model's location for `models:/m-…`, the run's for `runs:/`. */
  private async resolveArtifactUri(
    clusterId: string,
    a: Access,
    v: ModelVersionSummary,
    run: RunDetail | undefined,
  ): Promise<{ artifactUri: string; problem?: string }> {
    const logged = /^models:\/(m-[0-9a-zA-Z]+)\/?$/.exec(v.source)?.[1];
    if (logged) {
      try {
        const res = await this.call(clusterId, a, (c) =>
          c.get<{ model?: { info?: { artifact_uri?: string } } }>(`logged-models/${encodeURIComponent(logged)}`),
        );
        const uri = res.model?.info?.artifact_uri;
        if (uri) return { artifactUri: uri };
        return { artifactUri: v.source, problem: `MLflow gives no artifact location for the logged model ${logged}.` };
      } catch (e) {
        if (reachability(e) || !isAppError(e)) throw e;
        return { artifactUri: v.source, problem: `The logged model ${logged} could not be read: ${e.message}` };
      }
    }
    const runs = /^runs:\/([^/]+)\/?(.*)$/.exec(v.source);
    if (runs) {
      if (run && run.runId === runs[1] && run.artifactUri)
        return { artifactUri: runs[2] ? `${run.artifactUri.replace(/\/+$/, '')}/${runs[2]}` : run.artifactUri };
      return { artifactUri: v.source, problem: `The run ${runs[1]} behind ${v.source} could not be read.` };
    }
    return { artifactUri: v.source };
  }

  /** How the files under a version's artifact root are reached. */
  private artifactRoute(
    a: Access,
    v: ModelVersionDetail,
  ): { kind: 'proxy'; root: string } | { kind: 's3'; bucket: string; key: string } | { kind: 'run'; runId: string; rel: string } {
    const proxied = mlflowArtifactsPath(v.artifactUri);
    if (proxied !== undefined) return { kind: 'proxy', root: proxied };
    const s3 = parseS3Uri(v.artifactUri);
    if (s3 && a.settings.s3) return { kind: 's3', ...s3 };
    if (v.run && v.run.artifactUri && (v.artifactUri === v.run.artifactUri || v.artifactUri.startsWith(`${v.run.artifactUri.replace(/\/+$/, '')}/`))) {
      return { kind: 'run', runId: v.run.runId, rel: v.artifactUri.slice(v.run.artifactUri.replace(/\/+$/, '').length).replace(/^\/+/, '') };
    }
    if (s3)
      throw new AppError('validation', `The files are in ${v.artifactUri}. Set an S3 endpoint and credentials in the MLflow connection settings to read them.`);
    throw new AppError('validation', `MLDeck cannot read files at ${v.artifactUri} (neither the MLflow artifact proxy nor the source run's artifacts).`);
  }

  private async list(clusterId: string, a: Access, v: ModelVersionDetail, sub: string): Promise<Omit<ArtifactListing, 'origin'>> {
    const route = this.artifactRoute(a, v);
    const clean = sub.replace(/^\/+|\/+$/g, '');
    const join = (...p: string[]) => p.filter(Boolean).join('/');
    let entries: ArtifactEntry[];
    if (route.kind === 'proxy') {
      const res = await this.call(clusterId, a, (c) => c.listProxied(join(route.root, clean)));
      entries = (res.files ?? []).map((f) => ({ path: join(clean, f.path), isDir: !!f.is_dir, size: f.is_dir ? undefined : num(f.file_size) }));
    } else if (route.kind === 's3') {
      entries = await new S3Reader(a.settings.s3 as NonNullable<ResolvedSettings['s3']>, this.timeoutMs).list(route.bucket, route.key, clean);
    } else {
      const res = await this.call(clusterId, a, (c) =>
        c.get<{ files?: { path: string; is_dir?: boolean; file_size?: number | string }[] }>('artifacts/list', {
          run_id: route.runId,
          path: join(route.rel, clean),
        }),
      );
      const strip = route.rel ? `${route.rel}/` : '';
      entries = (res.files ?? []).map((f) => ({
        path: f.path.startsWith(strip) ? f.path.slice(strip.length) : f.path,
        isDir: !!f.is_dir,
        size: f.is_dir ? undefined : num(f.file_size),
      }));
    }
    entries.sort((x, y) => Number(y.isDir) - Number(x.isDir) || x.path.localeCompare(y.path));
    return { root: v.artifactUri, path: clean, entries, via: route.kind === 's3' ? 's3' : 'mlflow' };
  }

  private async read(clusterId: string, a: Access, v: ModelVersionDetail, path: string, limit: number): Promise<Download> {
    const route = this.artifactRoute(a, v);
    const clean = path.replace(/^\/+|\/+$/g, '');
    if (clean === '') throw new AppError('validation', 'Choose a file, not the artifact root.');
    if (route.kind === 'proxy') return this.call(clusterId, a, (c) => c.downloadProxied(`${route.root}/${clean}`, limit));
    if (route.kind === 's3')
      return new S3Reader(a.settings.s3 as NonNullable<ResolvedSettings['s3']>, this.timeoutMs).download(
        route.bucket,
        [route.key, clean].filter(Boolean).join('/'),
        limit,
      );
    return this.call(clusterId, a, (c) => c.downloadRunArtifact(route.runId, [route.rel, clean].filter(Boolean).join('/'), limit));
  }

  private async candidates(clusterId: string): Promise<MlflowServiceCandidate[]> {
    if (isSnapshotId(clusterId)) return [];
    const http = await this.clusters.http(clusterId);
    const found = (await discoverMlflow(http, this.fallbackNamespaces(clusterId))).targets;
    return found.map(({ namespace, name, port, pod, artifactsDestination }) => ({ namespace, name, port, pod, artifactsDestination }));
  }

  private fallbackNamespaces(clusterId: string): string[] {
    let ns: string | undefined;
    try {
      ns = this.clusters.get(clusterId).entry.namespace;
    } catch {
      ns = undefined; // the context went away; the defaults below still apply
    }
    return [ns ?? '', 'mlflow', 'default'];
  }

  private accessFor(clusterId: string): Promise<Access> {
    this.lastUsed.set(clusterId, Date.now());
    const existing = this.access.get(clusterId);
    if (existing) return existing;
    const made = this.makeAccess(clusterId);
    this.access.set(clusterId, made);
    made.catch(() => {
      if (this.access.get(clusterId) === made) this.access.delete(clusterId);
    });
    return made;
  }

  private async makeAccess(clusterId: string): Promise<Access> {
    const settings = await this.settings.resolve(clusterId);
    if (settings.mode === 'url') {
      const url = settings.url.replace(/\/+$/, '');
      return { client: new MlflowClient(url, `MLflow at ${url}`, settings.auth, this.timeoutMs), origin: { kind: 'url', url }, forward: undefined, settings };
    }
    if (isSnapshotId(clusterId)) throw new AppError('unavailable', 'A snapshot holds no model registry.');
    const http = await this.clusters.http(clusterId);
    let discovery;
    try {
      discovery = await discoverMlflow(http, this.fallbackNamespaces(clusterId));
    } catch (e) {
      if (isAppError(e) && e.code === 'forbidden') throw e;
      if (isAppError(e))
        throw new AppError(e.code === 'timeout' ? 'timeout' : e.code, `Looking for MLflow in the cluster failed: ${e.message}`, e.detail, e.retryable);
      throw e;
    }
    const found = discovery.targets;
    const target = found.find((t) => t.pod && t.podPort);
    if (!target) {
      const seen = found.map((t) => `${t.namespace}/${t.name}`).join(', ');
      const where =
        discovery.scope === 'all' ? '' : ` MLDeck could only look in ${discovery.scope.join(', ')}: your account may not list Services in all namespaces.`;
      throw new AppError(
        'unavailable',
        seen
          ? `MLflow services were found (${seen}) but no Running pod is behind them. Set an MLflow URL in the connection settings, or start the server.`
          : `No MLflow service was found in this cluster (a Service named "mlflow" or labelled app.kubernetes.io/name=mlflow, port 5000 or "http").${where} Set an MLflow URL in the connection settings.`,
      );
    }
    const forward = await PodPortForward.open(http, { namespace: target.namespace, pod: target.pod as string, port: target.podPort as number });
    const label = `MLflow (port-forward to ${target.namespace}/${target.name})`;
    return {
      client: new MlflowClient(forward.url, label, settings.auth, this.timeoutMs),
      origin: { kind: 'port-forward', namespace: target.namespace, service: target.name, pod: target.pod as string, port: target.podPort as number },
      forward,
      // the server's own --artifacts-destination maps mlflow-artifacts:/ when the user set none
      settings: settings.artifactStore === '' && target.artifactsDestination ? { ...settings, artifactStore: target.artifactsDestination } : settings,
    };
  }

  private forget(clusterId: string): void {
    const a = this.access.get(clusterId);
    this.access.delete(clusterId);
    this.lastUsed.delete(clusterId);
    void a?.then(
      (x) => x.forward?.dispose(),
      () => undefined,
    );
  }
}

function stripOrigin<T extends object>(v: T): Omit<T, 'origin'> {
  const { origin: _origin, ...rest } = v as T & { origin?: unknown };
  return rest;
}
