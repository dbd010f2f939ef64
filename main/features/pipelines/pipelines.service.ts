// SPDX-License-Identifier: Apache-2.0
/**
 * The pipelines service. Each cluster has one KFP connection (`kfp-access.ts`: the Kubeflow
 * gateway, or a port-forward to the `ml-pipeline` Service; multi-user in the user's profile
 * namespaces). Reads go to KFP and what they return is kept in the pipelines cache; when KFP or
 * the cluster cannot be reached, what was kept is served with the time it was seen. Uploads and
 * deletes go to KFP only.
 */
import { AppError, isAppError } from '../../../shared/errors';
import type {
  ClusterPipelines,
  DeletePipelineRequest,
  KfpConnection,
  KfpOrigin,
  ListRequest,
  NamespaceRefusal,
  PipelineDetail,
  PipelineRequest,
  PipelinesList,
  PipelinesSettings,
  PipelinesSettingsInput,
  PipelineSummary,
  Uploaded,
  UploadPipelineRequest,
  UploadVersionRequest,
  VersionDetail,
  VersionRequest,
  VersionSummary,
} from '../../../shared/features/pipelines/pipelines.contract';
import type { Disposable } from '../../../shared/lifecycle';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import type { InClusterConnector } from '../../platform/kube/in-cluster-connector';
import type { KubeflowGatewaySource } from '../../platform/kubeflow-gateway';
import { KfpAccessMaker, type KfpAccess } from './kfp-access';
import { KfpUnreachable, type KfpClient } from './kfp-client';
import { checkPipelineYaml, pipelineSummary, specView, versionSummary, type WirePipeline, type WireVersion } from './kfp-wire';
import type { PipelinesCache, PipelinesCacheKind } from './pipelines-cache';
import { AccessPool } from '../../platform/kube/access-pool';
import { readThrough, type ReadThroughRows } from '../../platform/cache/read-through';
import type { PipelinesSettingsStore } from './pipelines-settings';

/** Options (tests). */
export interface PipelinesServiceOptions {
  now?: () => number;
  /** KFP request timeout (default 30 s). */
  timeoutMs?: number;
}

/** The most list pages read (200 each). */
const MAX_PAGES = 25;

/** Whether MLDeck should serve what it kept rather than fail. */
const unreachable = (e: unknown) => isAppError(e) && (e.code === 'unavailable' || e.code === 'timeout');

/** The service. */
export class PipelinesService implements Disposable {
  private readonly pool: AccessPool<KfpAccess>;
  private readonly kept: ReadThroughRows<PipelinesCacheKind>;
  private readonly now: () => number;

  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly settings: PipelinesSettingsStore,
    private readonly cache: PipelinesCache,
    connector: InClusterConnector,
    gateways: KubeflowGatewaySource,
    opts: PipelinesServiceOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.pool = new AccessPool(new KfpAccessMaker(clusters, connector, gateways, settings, opts.timeoutMs ?? 30_000));
    this.kept = { rows: cache, now: this.now, service: 'KFP', unreachable, lists: ['pipelines'] };
  }

  getSettings(clusterId: string): Promise<PipelinesSettings> {
    return this.settings.get(clusterId);
  }

  /** Stores a cluster's settings; the next call connects with them. */
  async setSettings(input: PipelinesSettingsInput): Promise<PipelinesSettings> {
    const saved = await this.settings.set(input);
    this.pool.forget(input.clusterId, false);
    return saved;
  }

  /** Connects afresh and says how KFP was reached, as whom and in which namespaces, or why not. */
  async connection(clusterId: string): Promise<KfpConnection> {
    this.pool.forget(clusterId, false);
    const { userId } = await this.settings.get(clusterId);
    try {
      const a = await this.pool.get(clusterId);
      const where = a.origin.kind === 'gateway' ? a.origin.url : `${a.origin.namespace}/${a.origin.service} (port-forward to pod ${a.origin.pod})`;
      const who = a.multiUser ? `multi-user, as ${a.userId} in ${a.namespaces.join(', ') || 'no namespace of yours'}` : 'single-user';
      return {
        clusterId,
        ok: true,
        origin: a.origin,
        multiUser: a.multiUser,
        userId: a.userId,
        namespaces: a.namespaces,
        refused: a.refused,
        message: `Connected to KFP at ${where}: ${who}.`,
        code: undefined,
      };
    } catch (e) {
      const err = isAppError(e) ? e : new AppError('internal', String(e));
      return { clusterId, ok: false, origin: undefined, multiUser: undefined, userId, namespaces: [], refused: [], message: err.message, code: err.code };
    }
  }

  /** Pipelines of one cluster, or of every cluster (each with its own outcome). */
  async list(req: ListRequest): Promise<PipelinesList> {
    const ids = req.clusterId ? [req.clusterId] : this.clusters.contexts().map((c) => c.entry.id);
    const clusters = await Promise.all(
      ids.map(async (clusterId): Promise<ClusterPipelines> => {
        try {
          const got = await this.readThrough(clusterId, 'pipelines', '', (a) => this.fetchPipelines(clusterId, a));
          return { clusterId, ok: true, pipelines: got.pipelines, refused: got.refused, origin: got.origin };
        } catch (e) {
          const err = isAppError(e) ? e : new AppError('internal', String(e));
          return { clusterId, ok: false, error: err.toData() };
        }
      }),
    );
    return { clusters };
  }

  /** A pipeline with its versions, newest first. */
  pipeline(req: PipelineRequest): Promise<PipelineDetail> {
    return this.readThrough(req.clusterId, 'pipeline', req.pipelineId, async (a) => {
      const p = await this.call(req.clusterId, a, (c) => c.get<WirePipeline>(`/pipelines/${encodeURIComponent(req.pipelineId)}`));
      const versions = await this.pages(
        req.clusterId,
        a,
        `/pipelines/${encodeURIComponent(req.pipelineId)}/versions`,
        {},
        (r: { pipeline_versions?: WireVersion[] }) => (r.pipeline_versions ?? []).map(versionSummary),
      );
      return { pipeline: pipelineSummary(req.clusterId, p), versions };
    });
  }

  /** A version with its spec. */
  version(req: VersionRequest): Promise<VersionDetail> {
    return this.readThrough(req.clusterId, 'version', `${req.pipelineId}/${req.versionId}`, async (a) => {
      const v = await this.call(req.clusterId, a, (c) =>
        c.get<WireVersion>(`/pipelines/${encodeURIComponent(req.pipelineId)}/versions/${encodeURIComponent(req.versionId)}`),
      );
      return { ...versionSummary(v), clusterId: req.clusterId, ...specView(v.pipeline_spec), spec: v.pipeline_spec ?? null };
    });
  }

  /** Uploads a YAML file as a new pipeline (in a profile namespace on a multi-user KFP). */
  async upload(req: UploadPipelineRequest): Promise<Uploaded> {
    checkPipelineYaml(req.yaml, req.fileName);
    const a = await this.pool.get(req.clusterId);
    let namespace: string | undefined;
    if (a.multiUser) {
      if (!req.namespace)
        throw new AppError('validation', `This KFP is multi-user: choose the profile namespace to upload to (yours: ${a.namespaces.join(', ') || 'none'}).`);
      // KFP's upload answers a refused namespace with a bare "Failed to create a pipeline": say why first
      const notMine = a.refused.find((r) => r.namespace === req.namespace);
      if (notMine) throw new AppError('forbidden', `You cannot upload to ${req.namespace}: ${notMine.reason}`);
      if (!a.namespaces.includes(req.namespace))
        throw new AppError(
          'forbidden',
          `${req.namespace} is not one of your profile namespaces (${a.namespaces.join(', ') || 'none'}), so KFP would refuse the upload.`,
        );
      namespace = req.namespace;
    }
    const q = { name: req.name, display_name: req.name, description: req.description, namespace };
    const p = await this.call(req.clusterId, a, (c) => c.upload<WirePipeline>('/pipelines/upload', q, req.fileName, req.yaml));
    const pipeline = pipelineSummary(req.clusterId, p);
    const versions = await this.pages(
      req.clusterId,
      a,
      `/pipelines/${encodeURIComponent(pipeline.pipelineId)}/versions`,
      {},
      (r: { pipeline_versions?: WireVersion[] }) => (r.pipeline_versions ?? []).map(versionSummary),
    );
    const version = versions[0];
    if (!version) throw new AppError('unavailable', `KFP made the pipeline ${req.name} but lists no version of it.`);
    return { pipeline, version };
  }

  /** Uploads a YAML file as a new version of a pipeline. */
  async uploadVersion(req: UploadVersionRequest): Promise<VersionSummary> {
    checkPipelineYaml(req.yaml, req.fileName);
    const a = await this.pool.get(req.clusterId);
    const q = { pipelineid: req.pipelineId, name: req.name, display_name: req.name, description: req.description };
    const v = await this.call(req.clusterId, a, (c) => c.upload<WireVersion>('/pipelines/upload_version', q, req.fileName, req.yaml));
    this.cache.remove(req.clusterId, 'pipeline', req.pipelineId);
    return versionSummary(v);
  }

  /** Deletes a version. */
  async deleteVersion(req: VersionRequest): Promise<void> {
    const a = await this.pool.get(req.clusterId);
    await this.call(req.clusterId, a, (c) => c.delete(`/pipelines/${encodeURIComponent(req.pipelineId)}/versions/${encodeURIComponent(req.versionId)}`));
    this.cache.remove(req.clusterId, 'version', `${req.pipelineId}/${req.versionId}`);
    this.cache.remove(req.clusterId, 'pipeline', req.pipelineId);
  }

  /** Deletes a pipeline; KFP refuses one with versions unless they go too (`withVersions`). */
  async deletePipeline(req: DeletePipelineRequest): Promise<void> {
    const a = await this.pool.get(req.clusterId);
    await this.call(req.clusterId, a, (c) => c.delete(`/pipelines/${encodeURIComponent(req.pipelineId)}`, req.withVersions ? { cascade: 'true' } : {}));
    this.cache.remove(req.clusterId, 'pipeline', req.pipelineId);
    this.cache.removePrefix(req.clusterId, 'version', `${req.pipelineId}/`);
  }

  dispose(): void {
    this.pool.clear();
  }

  // ---------- internals ----------

  /** Single-user: every pipeline. Multi-user: the shared ones and those of each of the user's namespaces. */
  private async fetchPipelines(clusterId: string, a: KfpAccess): Promise<{ pipelines: PipelineSummary[]; refused: NamespaceRefusal[] }> {
    const map = (r: { pipelines?: WirePipeline[] }) => (r.pipelines ?? []).map((p) => pipelineSummary(clusterId, p));
    if (!a.multiUser) return { pipelines: await this.pages(clusterId, a, '/pipelines', {}, map), refused: [] };
    const refused = [...a.refused];
    const lists = await Promise.all(
      [undefined, ...a.namespaces].map(async (namespace) => {
        try {
          return await this.pages(clusterId, a, '/pipelines', { namespace }, map);
        } catch (e) {
          if (!isAppError(e) || e.code !== 'forbidden' || namespace === undefined) throw e;
          refused.push({ namespace, reason: e.message });
          return [];
        }
      }),
    );
    return { pipelines: lists.flat(), refused: refused.sort((x, y) => x.namespace.localeCompare(y.namespace)) };
  }

  /** Every page of a list (200 a page, newest first). */
  private async pages<R, T>(clusterId: string, a: KfpAccess, path: string, query: Record<string, string | undefined>, map: (r: R) => T[]): Promise<T[]> {
    const out: T[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.call(clusterId, a, (c) =>
        c.get<R & { next_page_token?: string }>(path, { ...query, page_size: 200, sort_by: 'created_at desc', page_token: token }),
      );
      out.push(...map(res));
      token = res.next_page_token || undefined;
      if (!token) break;
    }
    return out;
  }

  private readThrough<T extends object>(
    clusterId: string,
    kind: PipelinesCacheKind,
    key: string,
    fetch: (a: KfpAccess) => Promise<T>,
  ): Promise<T & { origin: KfpOrigin }> {
    return readThrough(this.kept, clusterId, kind, key, async () => {
      const a = await this.pool.get(clusterId);
      return { value: await fetch(a), origin: a.origin };
    });
  }

  /** Runs a KFP call; when KFP was not reached, the connection is forgotten (the next call connects afresh). */
  private async call<T>(clusterId: string, a: KfpAccess, op: (c: KfpClient) => Promise<T>): Promise<T> {
    try {
      return await op(a.client);
    } catch (e) {
      if (e instanceof KfpUnreachable) this.pool.forget(clusterId);
      throw e;
    }
  }
}
