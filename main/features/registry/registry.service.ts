// SPDX-License-Identifier: Apache-2.0
/**
 * The model registry's service. Each cluster has one MLflow connection (`mlflow-access.ts`): the
 * URL from the settings, or the pinned in-cluster MLflow service through the in-cluster
 * connector's port-forward. Reads go to MLflow and what they return is kept in the registry cache;
 * when MLflow or the cluster cannot be reached, what was kept is served with the time it was seen.
 * Changes (aliases, tags, descriptions) go to MLflow only and return the model as it is after.
 * A version's detail resolves where its files are (a `models:/m-…` source through the logged
 * model), the storage URI KServe could load and the model format from its MLmodel flavours.
 */
import { AppError, isAppError } from '../../../shared/errors';
import type {
  ArtifactContent,
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
  RegisteredModelSummary,
  RegistrySettings,
  RegistrySettingsInput,
  RegistrySource,
  SetAliasRequest,
  SetTagRequest,
  VersionRequest,
} from '../../../shared/features/registry/registry.contract';
import type { Disposable } from '../../../shared/lifecycle';
import { matchesSearch } from '../../../shared/registry/version-diff';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import type { InClusterConnector } from '../../platform/kube/in-cluster-connector';
import { MlflowAccessMaker, type Access } from '../../platform/mlflow/mlflow-access';
import { MlflowClient, MlflowUnreachable } from '../../platform/mlflow/mlflow-client';
import { modelSummary, num, contentKind, metricValue, type WireModel } from './mlflow-wire';
import { fetchModel, fetchVersion, reachability } from './mlflow-reads';
import { listArtifacts, readArtifact, type MlflowCall } from './registry-artifacts';
import type { RegistryCache, RegistryCacheKind } from './registry-cache';
import { AccessPool } from '../../platform/kube/access-pool';
import { readThrough, type ReadThroughRows } from '../../platform/cache/read-through';
import type { RegistrySettingsStore } from './registry-settings';

/** Options (tests). */
export interface RegistryServiceOptions {
  now?: () => number;
  /** MLflow request timeout (default 20 s). */
  timeoutMs?: number;
}

/** The most models read (5 pages of 1,000). */
const MAX_MODEL_PAGES = 5;
const PREVIEW_BYTES = 512 * 1024;
const DOWNLOAD_BYTES = 64 * 1024 * 1024;

/** The service. */
export class RegistryService implements Disposable {
  private readonly pool: AccessPool<Access>;
  private readonly kept: ReadThroughRows<RegistryCacheKind>;
  /** Versions located for browsing artifacts (see {@link locate}). */
  private readonly located = new Map<string, { detail: ModelVersionDetail; at: number; access: Access }>();
  private readonly maker: MlflowAccessMaker;
  private readonly now: () => number;
  private readonly timeoutMs: number;

  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly settings: RegistrySettingsStore,
    private readonly cache: RegistryCache,
    connector: InClusterConnector,
    opts: RegistryServiceOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.timeoutMs = opts.timeoutMs ?? 20_000;
    this.maker = new MlflowAccessMaker(clusters, settings, connector, this.timeoutMs);
    this.pool = new AccessPool(this.maker);
    this.kept = { rows: cache, now: this.now, service: 'MLflow', unreachable: reachability, lists: ['models'] };
  }

  // ---------- settings and connection ----------

  /** A cluster's MLflow settings (no secrets). */
  getSettings(clusterId: string): Promise<RegistrySettings> {
    return this.settings.get(clusterId);
  }

  /** Stores a cluster's MLflow settings; the next call connects with them. */
  async setSettings(input: RegistrySettingsInput): Promise<RegistrySettings> {
    const saved = await this.settings.set(input);
    this.pool.forget(input.clusterId);
    return saved;
  }

  /** Connects afresh and lists the first page of models; says what worked or what did not. */
  async testConnection(clusterId: string): Promise<ConnectionTest> {
    this.pool.forget(clusterId);
    let candidates: MlflowServiceCandidate[] = [];
    let candidatesProblem: string | undefined;
    try {
      candidates = await this.maker.candidates(clusterId);
    } catch (e) {
      candidatesProblem = `MLflow services could not be looked for: ${isAppError(e) ? e.message : String(e)}`;
    }
    const started = this.now();
    try {
      const a = await this.pool.get(clusterId);
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
        candidatesProblem,
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
        candidatesProblem,
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
    return this.readThrough(req.clusterId, 'model', req.name, (a) => fetchModel(this.bound(req.clusterId, a), req.clusterId, a, req.name));
  }

  /** A version with its run, artifact location, storage URI and model format. */
  version(req: VersionRequest): Promise<ModelVersionDetail> {
    return this.readThrough(req.clusterId, 'version', `${req.name}@${req.version}`, (a) =>
      fetchVersion(this.bound(req.clusterId, a), req.clusterId, a, req.name, req.version, true, this.timeoutMs),
    );
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
      return listArtifacts((op) => this.call(req.clusterId, a, op), a, v, req.path, this.timeoutMs);
    });
  }

  /** A file of a version's artifacts: a preview (text or image, 512 KiB) or a download (64 MiB). Not cached. */
  async artifact(req: ArtifactRequest): Promise<ArtifactContent> {
    const a = await this.pool.get(req.clusterId);
    const v = await this.locate(req.clusterId, a, req.name, req.version);
    const limit = req.purpose === 'preview' ? PREVIEW_BYTES : DOWNLOAD_BYTES;
    const d = await readArtifact((op) => this.call(req.clusterId, a, op), a, v, req.path, limit, this.timeoutMs);
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

  /** The MLflow services found in a cluster, to pin one. Nothing is sent to them. */
  candidates(clusterId: string): Promise<MlflowServiceCandidate[]> {
    return this.maker.candidates(clusterId);
  }

  /** Forgets every connection (the connector closes the forwards). */
  dispose(): void {
    this.pool.clear();
  }

  // ---------- internals ----------

  private async change(clusterId: string, name: string, op: (c: MlflowClient) => Promise<unknown>): Promise<ModelDetail> {
    const a = await this.pool.get(clusterId);
    await this.call(clusterId, a, op);
    const detail = await fetchModel(this.bound(clusterId, a), clusterId, a, name);
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
    kind: RegistryCacheKind,
    key: string,
    fetch: (a: Access) => Promise<T>,
  ): Promise<T & { origin: RegistrySource }> {
    return readThrough(
      this.kept,
      clusterId,
      kind,
      key,
      async () => {
        const a = await this.pool.get(clusterId);
        return { value: await fetch(a), origin: a.origin };
      },
      stripOrigin,
    );
  }

  /**
   * Runs an MLflow call. When MLflow was not reached, the connection is forgotten (the next call
   * connects afresh, through a new port-forward); an answer from MLflow, even a 500, keeps it.
   */
  /** {@link call} for one cluster and access, as the read and artifact modules take it. */
  private bound(clusterId: string, a: Access): MlflowCall {
    return (op) => this.call(clusterId, a, op);
  }

  private async call<T>(clusterId: string, a: Access, op: (c: MlflowClient) => Promise<T>): Promise<T> {
    try {
      return await op(a.client);
    } catch (e) {
      if (e instanceof MlflowUnreachable && this.pool.has(clusterId)) this.pool.forget(clusterId);
      throw e;
    }
  }

  /**
   * Where a version's files are, for browsing: its detail without MLmodel, remembered for 30 s so
   * opening folder after folder does not ask MLflow for the version, run and logged model each time.
   */
  private async locate(clusterId: string, a: Access, name: string, version: string): Promise<ModelVersionDetail> {
    const key = `${clusterId}\n${name}\n${version}`;
    const hit = this.located.get(key);
    if (hit && hit.access === a && this.now() - hit.at < 30_000) return hit.detail;
    const detail = await fetchVersion(this.bound(clusterId, a), clusterId, a, name, version, false, this.timeoutMs);
    if (this.located.size > 200) this.located.clear();
    this.located.set(key, { detail, at: this.now(), access: a });
    return detail;
  }
}

function stripOrigin<T extends object>(v: T): Omit<T, 'origin'> {
  const { origin: _origin, ...rest } = v as T & { origin?: unknown };
  return rest;
}
