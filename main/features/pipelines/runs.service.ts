// SPDX-License-Identifier: Apache-2.0
/**
 * KFP runs: the list on one cluster or all, read page by page through KFP's own page tokens
 * (each cluster, and each profile namespace of a multi-user KFP, is a stream with its own token;
 * KFP filters and sorts; what KFP cannot filter, the pipeline and version, is checked on the rows
 * read, at most {@link maxScanCalls} KFP calls a page); one run; making a run from a pipeline
 * version after checking it (runs-create-check.ts); terminate, retry, archive, unarchive and
 * delete. Lists and runs are kept (runs-cache.ts) and served with their date when KFP cannot be
 * reached.
 */
import type { NamespaceRefusal } from '../../../shared/features/pipelines/pipelines.contract';
import type {
  CreateOutcome,
  CreateRunRequest,
  ListRunsRequest,
  RunActionRequest,
  RunDetail,
  RunsPage,
  RunStream,
  RunSummary,
} from '../../../shared/features/pipelines/runs.contract';
import type { KfpAccess } from './kfp-access';
import { checkCreate, refusalAsProblems } from './runs-create-check';
import { filtersLocally, matchesLocally, runsQuery, streamNamespaces } from './runs-filter';
import { asAppError, type RunsKfp } from './runs-kfp';
import { runDetail, runSummary, type WireRun } from './runs-wire';

/** The most KFP calls one page of one stream makes (a pipeline filter reads on until the page is full). */
export const maxScanCalls = 3;

type StreamPage = Omit<Extract<RunStream, { ok: true }>, 'origin'>;

/** What the first page of one cluster keeps. */
interface ClusterFirstPage {
  streams: (StreamPage | Extract<RunStream, { ok: false }>)[];
  refused: NamespaceRefusal[];
}

const actionPaths: Record<Exclude<RunActionRequest['action'], 'delete'>, string> = {
  terminate: ':terminate',
  retry: ':retry',
  archive: ':archive',
  unarchive: ':unarchive',
};

/** The service. */
export class RunsService {
  constructor(private readonly kfp: RunsKfp) {}

  /** A page of runs: the first page of every stream, or the next page of the streams given. */
  async list(req: ListRunsRequest): Promise<RunsPage> {
    const query = JSON.stringify({ f: req.filter, s: req.sort, n: req.pageSize });
    if (req.cursors) {
      const streams = await Promise.all(
        req.cursors.map(async (c): Promise<RunStream> => {
          try {
            const got = await this.kfp.read(c.clusterId, 'runs-page', `${c.namespace}\n${c.pageToken}\n${query}`, (a) =>
              this.streamPage(c.clusterId, a, c.namespace, req, c.pageToken),
            );
            return { ...got, ok: true };
          } catch (e) {
            return { clusterId: c.clusterId, namespace: c.namespace, ok: false, error: asAppError(e).toData() };
          }
        }),
      );
      return { streams, refused: [] };
    }
    const clusters = await Promise.all(
      this.kfp.clusterIds(req.clusterId).map(async (clusterId): Promise<RunsPage> => {
        try {
          const got = await this.kfp.read(clusterId, 'runs', query, (a) => this.firstPage(clusterId, a, req));
          const streams = got.streams.map((s): RunStream => (s.ok ? { ...s, origin: got.origin } : s));
          return { streams, refused: got.refused.map((r) => ({ ...r, clusterId })) };
        } catch (e) {
          return { streams: [{ clusterId, namespace: '', ok: false, error: asAppError(e).toData() }], refused: [] };
        }
      }),
    );
    return { streams: clusters.flatMap((c) => c.streams), refused: clusters.flatMap((c) => c.refused) };
  }

  /** One run: its state, parameters and pipeline version. */
  run(req: { clusterId: string; runId: string }): Promise<RunDetail> {
    return this.kfp.read(req.clusterId, 'run', req.runId, async (a) =>
      runDetail(req.clusterId, await this.kfp.call(req.clusterId, a, (c) => c.get<WireRun>(`/runs/${encodeURIComponent(req.runId)}`))),
    );
  }

  /** Checks a run, and makes it unless it is a dry run. */
  async create(req: CreateRunRequest): Promise<CreateOutcome<RunSummary>> {
    const a = await this.kfp.access(req.clusterId);
    const { problems, namespace } = await checkCreate(this.kfp, req.clusterId, a, req);
    if (problems.length) return { problems, message: 'MLDeck checked the run against the pipeline version and KFP, and it would not start as it is.' };
    if (req.dryRun) return { made: undefined };
    const body = {
      display_name: req.displayName,
      description: req.description,
      ...(req.experimentId ? { experiment_id: req.experimentId } : {}),
      pipeline_version_reference: { pipeline_id: req.pipelineId, pipeline_version_id: req.versionId },
      runtime_config: { parameters: req.parameters },
    };
    try {
      const r = await this.kfp.call(req.clusterId, a, (c) => c.post<WireRun>('/runs', body));
      return { made: runSummary(req.clusterId, namespace, r) };
    } catch (e) {
      return refusalAsProblems(e);
    }
  }

  /** Terminates, retries, archives, unarchives or deletes a run. */
  async action(req: RunActionRequest): Promise<void> {
    const a = await this.kfp.access(req.clusterId);
    const path = `/runs/${encodeURIComponent(req.runId)}`;
    const action = req.action;
    if (action === 'delete') await this.kfp.call(req.clusterId, a, (c) => c.delete(path));
    else await this.kfp.call(req.clusterId, a, (c) => c.post(`${path}${actionPaths[action]}`));
    this.kfp.cache.remove(req.clusterId, 'run', req.runId);
  }

  // ---------- internals ----------

  private async firstPage(clusterId: string, a: KfpAccess, req: ListRunsRequest): Promise<ClusterFirstPage> {
    const plan = streamNamespaces(a, req.filter);
    const streams = await Promise.all(
      plan.namespaces.map(async (namespace): Promise<ClusterFirstPage['streams'][number]> => {
        try {
          return await this.streamPage(clusterId, a, namespace, req, undefined);
        } catch (e) {
          const err = asAppError(e);
          // KFP not reached: the whole cluster is served from what was kept
          if (err.code === 'unavailable' || err.code === 'timeout') throw err;
          return { clusterId, namespace, ok: false, error: err.toData() };
        }
      }),
    );
    return { streams, refused: plan.refused };
  }

  /** One page of one stream; under a pipeline filter, up to {@link maxScanCalls} KFP pages to fill it. */
  private async streamPage(clusterId: string, a: KfpAccess, namespace: string, req: ListRunsRequest, pageToken: string | undefined): Promise<StreamPage> {
    const local = filtersLocally(req.filter);
    const runs: RunSummary[] = [];
    let token = pageToken;
    let scanned = 0;
    let totalSize = 0;
    for (let call = 0; call < (local ? maxScanCalls : 1); call++) {
      const res = await this.kfp.call(clusterId, a, (c) =>
        c.get<{ runs?: WireRun[]; next_page_token?: string; total_size?: number }>('/runs', runsQuery(req.filter, req.sort, req.pageSize, namespace, token)),
      );
      const got = (res.runs ?? []).map((r) => runSummary(clusterId, namespace, r));
      scanned += got.length;
      totalSize = res.total_size ?? totalSize;
      runs.push(...(local ? got.filter((r) => matchesLocally(req.filter, r)) : got));
      token = res.next_page_token || undefined;
      if (!token || runs.length >= req.pageSize) break;
    }
    return { clusterId, namespace, ok: true, runs, nextPageToken: token ?? '', totalSize, scanned };
  }
}
