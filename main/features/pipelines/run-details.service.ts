// SPDX-License-Identifier: Apache-2.0
/**
 * A KFP run's page: the run from KFP (`/runs/{id}`), the spec of its pipeline version (kept per
 * version: versions do not change), its Argo Workflow when the account may read it (failure
 * messages, the namespace of its pods), its tasks placed on the graph (`run-details-tasks.ts`), a
 * task's inputs, outputs, pods and events (`run-details-task.ts`) and its artifacts' previews
 * (`run-details-artifacts.ts`). Everything read is kept in `cache/pipeline-runs-cache.sqlite` and
 * served with its date when KFP or the cluster cannot be reached.
 */
import { AppError, isAppError } from '../../../shared/errors';
import type { KfpOrigin } from '../../../shared/features/pipelines/pipelines.contract';
import type { RunDetail, RunRequest, RunTask, TaskDetail, TaskPod, TaskRequest } from '../../../shared/features/pipelines/run-details.contract';
import { graphOfItem, runSpecGraph } from '../../../shared/features/pipelines/run-spec-graph';
import type { Disposable } from '../../../shared/lifecycle';
import { readThrough, type ReadThroughRows } from '../../platform/cache/read-through';
import { AccessPool } from '../../platform/kube/access-pool';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import type { InClusterConnector } from '../../platform/kube/in-cluster-connector';
import type { KubeflowGatewaySource } from '../../platform/kubeflow-gateway';
import { KfpAccessMaker, type KfpAccess } from './kfp-access';
import { KfpUnreachable, type KfpClient } from './kfp-client';
import type { WirePipeline, WireVersion } from './kfp-wire';
import type { RunDetailsCache, RunDetailsCacheKind } from './run-details-cache';
import { taskIo } from './run-details-io';
import { skippedExecutors } from './run-details-cache-hits';
import { RunPods, type RunLogKeeper, type SeenPod } from './run-details-pods';
import { isActive, runDetail, withPods, type WireRun, type WireWorkflow } from './run-details-wire';
import type { PipelinesSettingsStore } from './pipelines-settings';

/** Options (tests). */
export interface RunDetailsServiceOptions {
  now?: () => number;
  /** KFP request timeout (default 30 s). */
  timeoutMs?: number;
}

/** Whether MLDeck should serve what it kept rather than fail. */
export const unreachable = (e: unknown) => isAppError(e) && (e.code === 'unavailable' || e.code === 'timeout');

/** KFP's own namespace (where a single-user KFP runs its pipelines). */
const kfpNamespace = (a: KfpAccess) => (a.origin.kind === 'port-forward' ? a.origin.namespace : 'kubeflow');

/** What the drawer says of inputs and outputs. */
const ioNote = 'Inputs as the pipeline wires them; the values a task produced are kept by KFP in ML Metadata, which its REST API does not serve.';

/** A version's spec and names, kept per version. */
interface VersionBits {
  spec: unknown;
  versionName: string;
  pipelineName: string;
}

/** The service. */
export class RunDetailsService implements Disposable {
  protected readonly pool: AccessPool<KfpAccess>;
  protected readonly kept: ReadThroughRows<RunDetailsCacheKind>;
  protected readonly now: () => number;
  private readonly pods: RunPods;

  constructor(
    protected readonly clusters: ClusterRegistry,
    settings: PipelinesSettingsStore,
    protected readonly cache: RunDetailsCache,
    connector: InClusterConnector,
    gateways: KubeflowGatewaySource,
    logs: RunLogKeeper,
    opts: RunDetailsServiceOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
    this.pods = new RunPods(clusters, logs);
    this.pool = new AccessPool(new KfpAccessMaker(clusters, connector, gateways, settings, opts.timeoutMs ?? 30_000));
    this.kept = { rows: cache, now: this.now, service: 'KFP', unreachable, lists: [] };
  }

  /**
   * The run with its tasks placed on the graph.
   * @param waitPods - wait for this listing of its pods even when the run is finished (a drawer shows them)
   */
  get(req: RunRequest, waitPods = false): Promise<RunDetail> {
    return readThrough(this.kept, req.clusterId, 'run', req.runId, async () => {
      const a = await this.pool.get(req.clusterId);
      const r = await this.call(req.clusterId, a, (c) => c.get<WireRun>(`/runs/${encodeURIComponent(req.runId)}`));
      // the version's spec and names and the run's namespace are read at the same time (a first open waits for both)
      const bits = this.versionBits(req.clusterId, a, r);
      bits.catch(() => undefined); // awaited below; not an unhandled rejection while the namespace is read
      const namespace = a.multiUser ? await this.runNamespace(req.clusterId, a, r) : kfpNamespace(a);
      const listing = this.pods.current(req.clusterId, namespace, req.runId, waitPods || isActive(r.state));
      const version = await bits;
      const origin: KfpOrigin = a.origin;
      let run = runDetail(req.clusterId, r, version, undefined, namespace, origin);
      // why a task failed, and which tasks KFP served from its cache, are only in its Workflow's nodes: read it then
      if (r.state === 'FAILED' || run.tasks.some((t) => t.state === 'FAILED') || skippedExecutors(r.run_details?.task_details ?? []) > 0)
        run = runDetail(req.clusterId, r, version, await this.workflow(req.clusterId, namespace, req.runId), namespace, origin);
      const { pods, problem } = await listing;
      return { value: { ...withPods(run, await this.seenPods(req.clusterId, run, pods)), podsProblem: problem }, origin };
    });
  }

  /** One task (a graph item in its iterations): its inputs and outputs, its pods and their events. */
  async task(req: TaskRequest): Promise<TaskDetail> {
    const run = await this.get({ clusterId: req.clusterId, runId: req.runId }, true);
    const same = (t: RunTask) => t.graphId === req.graphId && t.iterations.join(',') === req.iterations.join(',');
    const node = run.tasks.find((t) => t.role === 'node' && same(t));
    const built = runSpecGraph(run.spec);
    const at = built.graph ? graphOfItem(built.graph, req.graphId) : undefined;
    const io = at ? taskIo(at.graph, at.id, run.parameters) : undefined;
    if (!node && !io)
      throw new AppError(
        'not-found',
        `The run ${run.displayName} has no task ${req.graphId}${req.iterations.length ? ` in iteration ${req.iterations.join('/')}` : ''}.`,
      );
    const pods = run.pods.filter((p) => node?.executors.includes(p.nodeId));
    const live = run.origin.kind !== 'cache';
    const events = live ? (await Promise.all(pods.filter((p) => p.exists).map((p) => this.pods.events(req.clusterId, p.namespace, p.name)))).flat() : [];
    return {
      graphId: req.graphId,
      iterations: req.iterations,
      state: node?.state ?? 'RUNTIME_STATE_UNSPECIFIED',
      message: node?.message ?? '',
      inputs: io?.inputs ?? { parameters: [], artifacts: [] },
      outputs: io?.outputs ?? { parameters: [], artifacts: [] },
      ioNote: io ? ioNote : (built.problem ?? `${req.graphId} is a group, not a task: it has no inputs or outputs of its own.`),
      pods,
      events,
      origin: run.origin,
    };
  }

  dispose(): void {
    this.pool.clear();
  }

  // ---------- internals ----------

  /** The run's executor pods: live ones (their logs kept from now on), then those seen before or with kept logs, marked gone. */
  private async seenPods(clusterId: string, run: RunDetail, live: ReadonlyMap<string, SeenPod>): Promise<TaskPod[]> {
    const executors = run.tasks.flatMap((t) => t.executors);
    const before = this.cache.get<RunDetail>(clusterId, 'run', run.runId)?.value.pods ?? [];
    const missing = executors.filter((id) => !live.has(id) && !before.some((p) => p.nodeId === id));
    const kept = await this.pods.kept(clusterId, run.namespace, run.workflowName, missing);
    const out: TaskPod[] = [];
    for (const id of executors) {
      const now = live.get(id);
      if (now) out.push({ ...now, exists: true });
      else {
        const seen = before.find((p) => p.nodeId === id) ?? kept.get(id);
        if (seen) out.push({ ...seen, exists: false });
      }
    }
    return out;
  }

  /** The spec the run ran (its own, or its version's) and the names of its version and pipeline. */
  private async versionBits(clusterId: string, a: KfpAccess, r: WireRun): Promise<VersionBits> {
    const pid = r.pipeline_version_reference?.pipeline_id ?? '';
    const vid = r.pipeline_version_reference?.pipeline_version_id ?? '';
    if (!pid || !vid) return { spec: r.pipeline_spec ?? null, versionName: '', pipelineName: '' };
    const key = `${pid}/${vid}`;
    const kept = this.cache.get<VersionBits>(clusterId, 'version', key);
    if (kept) return r.pipeline_spec ? { ...kept.value, spec: r.pipeline_spec } : kept.value;
    try {
      const [v, p] = await Promise.all([
        this.call(clusterId, a, (c) => c.get<WireVersion>(`/pipelines/${encodeURIComponent(pid)}/versions/${encodeURIComponent(vid)}`)),
        this.call(clusterId, a, (c) => c.get<WirePipeline>(`/pipelines/${encodeURIComponent(pid)}`)),
      ]);
      const bits = {
        spec: r.pipeline_spec ?? v.pipeline_spec ?? null,
        versionName: v.display_name || v.name || '',
        pipelineName: p.display_name || p.name || '',
      };
      this.cache.put(clusterId, 'version', key, bits, this.now());
      return bits;
    } catch (e) {
      // the version was deleted since the run: the run still shows, with its own spec if any
      if (isAppError(e) && e.code === 'not-found') return { spec: r.pipeline_spec ?? null, versionName: '', pipelineName: '' };
      throw e;
    }
  }

  /** Where a multi-user run's pods are: its experiment's namespace. */
  protected async runNamespace(clusterId: string, a: KfpAccess, r: WireRun): Promise<string> {
    if (r.experiment_id) {
      const exp = await this.call(clusterId, a, (c) => c.get<{ namespace?: string }>(`/experiments/${encodeURIComponent(r.experiment_id ?? '')}`));
      if (exp.namespace) return exp.namespace;
    }
    return kfpNamespace(a);
  }

  /** The run's Argo Workflow, when it still exists and the account may read it (else undefined: the page says less, not nothing). */
  private async workflow(clusterId: string, namespace: string, runId: string): Promise<WireWorkflow | undefined> {
    try {
      const http = await this.clusters.http(clusterId);
      const list = await http.request<{ items?: WireWorkflow[] }>({
        path: `/apis/argoproj.io/v1alpha1/namespaces/${encodeURIComponent(namespace)}/workflows`,
        query: { labelSelector: `pipeline/runid=${runId}`, limit: 1 },
        timeoutMs: 20_000,
      });
      return list.items?.[0];
    } catch (e) {
      if (isAppError(e) && (e.code === 'forbidden' || e.code === 'not-found')) return undefined;
      throw e;
    }
  }

  /** Runs a KFP call; when KFP was not reached, the connection is forgotten (the next call connects afresh). */
  protected async call<T>(clusterId: string, a: KfpAccess, op: (c: KfpClient) => Promise<T>): Promise<T> {
    try {
      return await op(a.client);
    } catch (e) {
      if (e instanceof KfpUnreachable) this.pool.forget(clusterId);
      throw e;
    }
  }
}
