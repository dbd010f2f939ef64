// SPDX-License-Identifier: Apache-2.0
/**
 * A KFP run task's artifacts for its drawer: the run (through the run page's service) gives the
 * spec, namespace and state; the artifacts the task declares and is wired to
 * (`run-artifacts-locate.ts`) are found by listing their producers' folders in the run's pipeline
 * root, in KFP's artifact store of the run's namespace (platform/object-store/kfp-artifact-store.ts);
 * an artifact's content is read up to its type's limit and turned into its preview
 * (`run-artifacts-preview.ts`). A producer KFP served from its cache wrote nothing in this run's
 * folder: its artifacts are found in the earlier run that made them, among the pipeline's earlier
 * runs (platform/object-store/kfp-cached-outputs.ts, shared with Compare). Listings and contents
 * are kept with the time they were fetched (`cache/pipeline-artifacts-cache.sqlite`) and served
 * from there when KFP, the cluster or the store cannot be reached.
 */
import { AppError, asAppError, isAppError } from '../../../shared/errors';
import type { KfpOrigin } from '../../../shared/features/pipelines/pipelines.contract';
import type {
  ArtifactContent,
  ArtifactContentBody,
  ArtifactReadRequest,
  RunArtifact,
  TaskArtifacts,
  TaskArtifactsRequest,
} from '../../../shared/features/pipelines/run-artifacts.contract';
import type { RunDetail, RunRequest } from '../../../shared/features/pipelines/run-details.contract';
import { readThrough, type ReadThroughRows } from '../../platform/cache/read-through';
import type { KfpArtifactStore, KfpArtifactStoreSource } from '../../platform/object-store/kfp-artifact-store';
import { cachedOutputs, producerRun, type EarlierKfpRuns } from '../../platform/object-store/kfp-cached-outputs';
import { runRoot, taskPrefix, type RunRoot } from '../../platform/object-store/kfp-run-outputs';
import { getObjectBytes, listPage, parseS3Uri, type ObjectEntry } from '../../platform/object-store/object-reads';
import type { RunArtifactsCache, RunArtifactsCacheKind } from './run-artifacts-cache';
import { declaredArtifacts, foundArtifact, locate, type DeclaredArtifact } from './run-artifacts-locate';
import { datasetFormat, parquetLimit, previewed, previewOf, readLimit } from './run-artifacts-preview';
import { unreachable } from './run-details.service';

/** Where runs come from (the run page's service). */
export interface RunSource {
  get(req: RunRequest): Promise<RunDetail>;
}

/** Options (tests). */
export interface RunArtifactsServiceOptions {
  now?: () => number;
}

/** The most keys listed under one task's folder (1,000 a page). */
const MAX_PAGES = 20;

/** What a live lookup found. */
interface Located {
  listing: Omit<TaskArtifacts, 'origin'>;
  origin: KfpOrigin;
  store: KfpArtifactStore | undefined;
  run: RunDetail;
}

const taskKey = (r: TaskArtifactsRequest) => `${r.runId}|${r.graphId}|${r.iterations.join(',')}`;

/** The service. */
export class RunArtifactsService {
  private readonly kept: ReadThroughRows<RunArtifactsCacheKind>;
  private readonly now: () => number;

  constructor(
    private readonly runs: RunSource,
    private readonly stores: KfpArtifactStoreSource,
    private readonly cache: RunArtifactsCache,
    private readonly earlier: EarlierKfpRuns,
    opts: RunArtifactsServiceOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.kept = { rows: cache, now: this.now, service: 'KFP', unreachable, lists: ['listing'] };
  }

  /** A task's input and output artifacts, found in the run's pipeline root. */
  list(req: TaskArtifactsRequest): Promise<TaskArtifacts> {
    return readThrough(this.kept, req.clusterId, 'listing', taskKey(req), async () => {
      const runs = memoRuns(this.runs);
      const { listing, origin, run } = await this.locateLive(req, undefined, runs);
      return { value: { ...listing, ...(await this.producer(req, run, listing.artifacts, runs)) }, origin };
    });
  }

  /** One artifact's content, read up to its type's limit, as its preview. */
  read(req: ArtifactReadRequest): Promise<ArtifactContent> {
    return readThrough(this.kept, req.clusterId, 'content', `${taskKey(req)}|${req.io}|${req.name}`, async () => {
      const { listing, origin, store } = await this.locateLive(req, req, memoRuns(this.runs));
      // the earlier run the cache served, as the listing found it (not looked for again to read one artifact)
      const kept = this.cache.get<TaskArtifacts>(req.clusterId, 'listing', taskKey(req))?.value;
      const producer = kept ? { cachedFrom: kept.cachedFrom, cachedFromProblem: kept.cachedFromProblem } : {};
      this.cache.put(req.clusterId, 'listing', taskKey(req), { ...listing, ...producer }, listing.fetchedAt);
      const a = listing.artifacts.find((x) => x.io === req.io && x.name === req.name);
      if (!a) throw new AppError('internal', `The listing of ${req.graphId} lost its ${req.io} artifact ${req.name}.`);
      if (!a.uri || a.size === undefined) throw new AppError('not-found', a.note || `The ${req.io} artifact ${req.name} was not found.`);
      if (!store) throw new AppError('not-found', listing.problem);
      return { value: await this.content(req.clusterId, store, a), origin };
    });
  }

  // ---------- internals ----------

  /**
   * The run's artifacts of a task, listed in the store now.
   * @param wanted - the artifact a read asks for: refused before the store is asked when the task has none such
   */
  private async locateLive(req: TaskArtifactsRequest, wanted: { io: string; name: string } | undefined, runs: RunSource): Promise<Located> {
    const run = await runs.get({ clusterId: req.clusterId, runId: req.runId });
    // KFP not reached: the run page served what it kept, and so do the artifacts
    if (run.origin.kind === 'cache') throw new AppError('unavailable', run.origin.why, undefined, true);
    let declared;
    try {
      declared = declaredArtifacts(run.spec, req.graphId);
    } catch (e) {
      throw new AppError('not-found', e instanceof Error ? e.message : String(e));
    }
    if (wanted && !declared.some((d) => d.io === wanted.io && d.name === wanted.name))
      throw new AppError('not-found', `The task ${req.graphId} has no ${wanted.io} artifact ${wanted.name}.`);
    const fetchedAt = this.now();
    const base = { graphId: req.graphId, iterations: req.iterations, runRoot: '', store: '', problem: '', fetchedAt };
    const unlisted = (problem: string): Located => ({
      listing: { ...base, problem, artifacts: declared.map((d) => locate({ uri: '', scheme: '', bucket: '', prefix: '' }, d, undefined)) },
      origin: run.origin,
      store: undefined,
      run,
    });
    if (declared.length === 0) return unlisted('');
    let store: KfpArtifactStore;
    try {
      store = await this.stores.store(req.clusterId, run.namespace);
    } catch (e) {
      if (isAppError(e) && (e.code === 'not-found' || e.code === 'forbidden' || (e.code === 'unavailable' && e.retryable === false)))
        return unlisted(e.message);
      throw e;
    }
    let root: RunRoot;
    try {
      root = runRoot(run.spec, store.root, run.runId);
    } catch (e) {
      return unlisted(e instanceof Error ? e.message : String(e));
    }
    const listed = new Map<string, ObjectEntry[]>();
    for (const task of new Set(declared.map((d) => d.producer?.taskName).filter((t): t is string => !!t)))
      listed.set(task, await this.listAll(req.clusterId, store, root.bucket, taskPrefix(root, task)));
    const artifacts: RunArtifact[] = declared.map((d) => locate(root, d, d.producer ? listed.get(d.producer.taskName) : undefined));
    await this.fromCache(req, run, store, declared, artifacts, runs);
    return { listing: { ...base, runRoot: root.uri, store: store.store, artifacts }, origin: run.origin, store, run };
  }

  /**
   * For a task KFP served from its cache, the earlier run whose execution it served: where its
   * outputs were found, or (no artifacts, or none found, or an iteration of a loop) the newest
   * earlier run in which the same task ran with the same component and parameters. Looking for it
   * is not what the listing is for: when it fails, the listing is served and says why.
   */
  private async producer(
    req: TaskArtifactsRequest,
    run: RunDetail,
    artifacts: readonly RunArtifact[],
    runs: RunSource,
  ): Promise<Pick<TaskArtifacts, 'cachedFrom' | 'cachedFromProblem'>> {
    const found = artifacts.find((a) => a.io === 'output' && a.cachedFrom)?.cachedFrom;
    if (found && req.iterations.length === 0) return { cachedFrom: found };
    try {
      const cachedFrom = await producerRun({ runs, earlier: this.earlier }, run, req.graphId, req.iterations);
      return cachedFrom ? { cachedFrom } : {};
    } catch (e) {
      return { cachedFromProblem: `MLDeck could not look through the pipeline's earlier runs for the one KFP's cache served: ${asAppError(e).message}` };
    }
  }

  /**
   * The artifacts not found in this run's folder whose producer KFP served from its cache: found
   * in the earlier run that made them (replaced in `artifacts`, in place).
   */
  private async fromCache(
    req: TaskArtifactsRequest,
    run: RunDetail,
    store: KfpArtifactStore,
    declared: DeclaredArtifact[],
    artifacts: RunArtifact[],
    runs: RunSource,
  ) {
    const parent = req.graphId.split('/').slice(0, -1);
    const missing = new Map<string, number[]>();
    declared.forEach((d, i) => {
      if (d.producer && !artifacts[i]?.uri) missing.set(d.producer.taskName, [...(missing.get(d.producer.taskName) ?? []), i]);
    });
    const deps = {
      runs,
      earlier: this.earlier,
      list: (root: RunRoot, prefix: string) => this.listAll(req.clusterId, store, root.bucket, prefix),
    };
    for (const [taskName, at] of missing) {
      const keys = at.map((i) => declared[i]?.producer?.key ?? '');
      const got = await cachedOutputs(deps, run, [...parent, taskName].join('/'), keys, store.root);
      if (!got) continue;
      for (const i of at) {
        const d = declared[i];
        const a = artifacts[i];
        if (!d?.producer || !a) continue;
        const f = got.found ? got.outputs.get(d.producer.key) : undefined;
        artifacts[i] = f && got.found ? foundArtifact(a, d.producer, f, got.run) : { ...a, note: got.found ? a.note : got.why };
      }
    }
  }

  /** Every key below a prefix (up to {@link MAX_PAGES} pages). */
  private async listAll(clusterId: string, store: KfpArtifactStore, bucket: string, prefix: string): Promise<ObjectEntry[]> {
    const out: ObjectEntry[] = [];
    let token: string | undefined;
    for (let i = 0; i < MAX_PAGES; i++) {
      const page = await this.s3(clusterId, () => listPage(store.client, { store: store.store }, bucket, prefix, { delimiter: '', token }));
      out.push(...page.objects);
      token = page.next;
      if (!token) break;
    }
    return out;
  }

  /** The artifact's preview. */
  private async content(clusterId: string, store: KfpArtifactStore, a: RunArtifact): Promise<ArtifactContentBody> {
    const head = { name: a.name, io: a.io, schemaTitle: a.schemaTitle, uri: a.uri, size: a.size ?? 0, fetchedAt: this.now() };
    if (a.folder) return { ...head, truncated: false, kind: 'none', why: 'A folder of files: open it in Storage to see them.' };
    const limit = readLimit(a.schemaTitle);
    if (!previewed.has(a.schemaTitle) || limit === 0)
      return { ...head, truncated: false, ...previewOf(a.schemaTitle, a.uri, undefined, new Uint8Array(), false) };
    const where = parseS3Uri(a.uri);
    if (!where) throw new AppError('internal', `Not an object-store URI: ${a.uri}`);
    let got = await this.s3(clusterId, () => getObjectBytes(store.client, { store: store.store }, where.bucket, where.key, limit));
    // a Parquet dataset's first rows need its footer: read it whole when small enough
    if (a.schemaTitle === 'system.Dataset' && got.truncated && datasetFormat(where.key, got.contentType, got.bytes) === 'parquet' && got.size <= parquetLimit)
      got = await this.s3(clusterId, () => getObjectBytes(store.client, { store: store.store }, where.bucket, where.key, parquetLimit));
    return { ...head, size: got.size, truncated: got.truncated, ...previewOf(a.schemaTitle, where.key, got.contentType, got.bytes, got.truncated) };
  }

  /** Runs a store call; when the store was not reached, its client is forgotten (the next call connects afresh). */
  private async s3<T>(clusterId: string, op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (e) {
      if (unreachable(e)) this.stores.forget(clusterId);
      throw e;
    }
  }
}

/** A run source that reads each run once (one request reads a run for its outputs and for the run its cache served). */
function memoRuns(runs: RunSource): RunSource {
  const seen = new Map<string, Promise<RunDetail>>();
  return {
    get: (req) => {
      const key = `${req.clusterId}|${req.runId}`;
      let got = seen.get(key);
      if (!got) {
        got = runs.get(req);
        seen.set(key, got);
      }
      return got;
    },
  };
}
