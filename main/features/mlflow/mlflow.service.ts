// SPDX-License-Identifier: Apache-2.0
/**
 * MLflow experiments and runs across every tracking server MLDeck knows (platform/mlflow's
 * TrackingServers). An experiment's runs are searched on the server with the user's filter and
 * kept in the runs index, which pages and sorts them; experiment lists, run pages, histories,
 * artifact folders and model versions are kept in the feature's cache. When a server cannot be
 * reached, what was kept is served with the time it was seen.
 */
import { AppError, isAppError } from '../../../shared/errors';
import type {
  AddServerRequest,
  ArtifactsRequest,
  ExperimentsList,
  HistoryAnswer,
  HistoryRequest,
  RunArtifactsAnswer,
  RunModelsAnswer,
  RunPage,
  RunRequest,
  RunsRequest,
  RunsWindow,
  TrackingOrigin,
} from '../../../shared/features/mlflow/mlflow.contract';
import { trackingServerId, type TrackingServer, type TrackingServerRef } from '../../../shared/features/mlflow/tracking-types';
import type { Disposable } from '../../../shared/lifecycle';
import { storageUriFor } from '../../../shared/registry/storage-uri';
import { readThrough, type ReadThroughRows } from '../../platform/cache/read-through';
import type { MlflowClient } from '../../platform/mlflow/mlflow-client';
import { allExperiments, getExperiment, getRun, listRunArtifacts, metricHistory, modelVersionsOfRun } from '../../platform/mlflow/tracking-api';
import type { TrackingServers } from '../../platform/mlflow/tracking-servers';
import type { MlflowCache, MlflowCacheKind } from './mlflow-cache';
import { fetchNextPage, refreshQuery } from './runs-fetch';
import { queryKey, type RunsIndex } from './runs-index';

/** Whether an error means the server was not reached (what was kept is served). */
export const unreachable = (e: unknown) => isAppError(e) && (e.code === 'unavailable' || e.code === 'timeout');

/** The service. */
export class MlflowService implements Disposable {
  private readonly kept: ReadThroughRows<MlflowCacheKind>;
  /** One fetch at a time per query (a page asked twice is fetched once). */
  private readonly inFlight = new Map<string, Promise<number>>();

  constructor(
    private readonly servers: TrackingServers,
    private readonly index: RunsIndex,
    cache: MlflowCache,
    private readonly now: () => number = Date.now,
  ) {
    this.kept = { rows: cache, now, service: 'MLflow', unreachable, lists: ['experiments', 'artifacts', 'models'] };
  }

  /** Every tracking server MLDeck knows; none is contacted. */
  list(): Promise<TrackingServer[]> {
    return this.servers.list();
  }

  /**
   * Saves a tracking server by URL once it answers MLflow's API with the credentials given.
   * @throws AppError saying why not (see TrackingServers.add)
   */
  addServer(req: AddServerRequest): Promise<TrackingServer> {
    return this.servers.add(req);
  }

  /** Forgets a saved tracking server and its secret; what was kept of it stays in the caches until replaced. */
  removeServer(url: string): Promise<void> {
    return this.servers.remove(url);
  }

  /** A server's experiments (all of them, up to 10,000). */
  async experiments(server: TrackingServerRef): Promise<ExperimentsList> {
    const got = await this.read(server, 'experiments', '', async (s, call) => {
      const { experiments, truncated } = await call((c) => allExperiments(c));
      return { server: s, experiments, truncated };
    });
    return { ...got, server: got.origin.kind === 'live' ? got.server : await this.known(server) };
  }

  /** A window of an experiment's runs from the index, fetching from the server as `fetch` says. */
  async runs(req: RunsRequest): Promise<RunsWindow> {
    const qkey = queryKey(trackingServerId(req.server), req.experimentId, req.filter);
    let origin: TrackingOrigin = { kind: 'live' };
    let calls = 0;
    try {
      calls = await this.once(qkey, async () => {
        const state = this.index.state(qkey);
        const q = { experimentId: req.experimentId, filter: req.filter.trim() };
        const s = await this.servers.open(req.server);
        if (!state) return fetchNextPage(s.call, this.index, qkey, q, undefined, this.now());
        if (req.fetch === 'next' && !state.complete) return fetchNextPage(s.call, this.index, qkey, q, state.nextToken, this.now());
        if (req.fetch === 'refresh') {
          if (state.complete) return refreshQuery(s.call, this.index, qkey, q, state.maxStart, this.now());
          this.index.reset(qkey);
          return fetchNextPage(s.call, this.index, qkey, q, undefined, this.now());
        }
        return 0;
      });
    } catch (e) {
      const state = this.index.state(qkey);
      if (!unreachable(e) || !state) throw e;
      origin = { kind: 'cache', seenAt: state.fetchedAt, why: (e as AppError).message };
    }
    const state = this.index.state(qkey);
    return {
      rows: this.index.window(qkey, req.offset, req.limit, req.sort),
      total: this.index.count(qkey),
      complete: state?.complete ?? false,
      keys: this.index.keys(qkey),
      fetchedAt: state?.fetchedAt ?? 0,
      calls,
      origin,
    };
  }

  /** A run's page: params, latest metrics, tags, where its files are. */
  async run(req: RunRequest): Promise<RunPage> {
    const got = await this.read(req.server, 'run', req.runId, async (s, call, artifactStore) => {
      const run = await call((c) => getRun(c, req.runId));
      const experimentName = await call((c) => getExperiment(c, run.experimentId)).then(
        (e) => e.name,
        (e: unknown) => {
          if (isAppError(e) && e.code === 'not-found') return '';
          throw e;
        },
      );
      return { server: s, run, experimentName, artifactStorageUri: storageUriFor(run.artifactUri, artifactStore).uri };
    });
    return { ...got, server: got.origin.kind === 'live' ? got.server : await this.known(req.server) };
  }

  /** A metric's whole history. */
  history(req: HistoryRequest): Promise<HistoryAnswer> {
    return this.read(req.server, 'history', `${req.runId}/${req.key}`, async (_s, call) => {
      const { points, truncated } = await call((c) => metricHistory(c, req.runId, req.key));
      return { key: req.key, points, truncated };
    });
  }

  /** One folder of a run's files, each with its object-store URI when it can be mapped. */
  artifacts(req: ArtifactsRequest): Promise<RunArtifactsAnswer> {
    return this.read(req.server, 'artifacts', `${req.runId}/${req.path}`, async (_s, call, artifactStore) => {
      const { rootUri, files } = await call((c) => listRunArtifacts(c, req.runId, req.path));
      const root = rootUri.replace(/\/+$/, '');
      return { path: req.path, files: files.map((f) => ({ ...f, storageUri: root ? storageUriFor(`${root}/${f.path}`, artifactStore).uri : undefined })) };
    });
  }

  /** The registered model versions a run produced. */
  modelVersions(req: RunRequest): Promise<RunModelsAnswer> {
    return this.read(req.server, 'models', req.runId, async (_s, call) => ({ versions: await call((c) => modelVersionsOfRun(c, req.runId)) }));
  }

  dispose(): void {
    this.inFlight.clear();
  }

  /** The server as listed (for answers served from the cache). */
  private async known(ref: TrackingServerRef): Promise<TrackingServer> {
    const id = trackingServerId(ref);
    const s = (await this.servers.list()).find((x) => x.id === id);
    if (s) return s;
    throw new AppError(
      'not-found',
      ref.kind === 'url'
        ? `No tracking server is saved at ${ref.url} any more.`
        : 'MLDeck does not know that tracking server any more (its cluster was removed).',
    );
  }

  private read<T extends object>(
    ref: TrackingServerRef,
    kind: MlflowCacheKind,
    key: string,
    fetch: (server: TrackingServer, call: <R>(op: (c: MlflowClient) => Promise<R>) => Promise<R>, artifactStore: string) => Promise<T>,
  ): Promise<T & { origin: TrackingOrigin }> {
    return readThrough(this.kept, trackingServerId(ref), kind, key, async () => {
      const s = await this.servers.open(ref);
      return { value: await fetch(s.server, s.call, s.artifactStore), origin: { kind: 'live' } as TrackingOrigin };
    });
  }

  private async once(qkey: string, op: () => Promise<number>): Promise<number> {
    const running = this.inFlight.get(qkey);
    if (running) {
      await running.catch(() => undefined);
      return 0;
    }
    const p = op();
    this.inFlight.set(qkey, p);
    try {
      return await p;
    } finally {
      this.inFlight.delete(qkey);
    }
  }
}
