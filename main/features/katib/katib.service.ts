// SPDX-License-Identifier: Apache-2.0
/**
 * Katib experiments: create (MLDeck's checks first, then the server's dry run or create with
 * strict field validation; objections come back as field problems), stop and resume, delete,
 * RBAC answers, keeping the logs of an experiment's trial pods, and a trial's observation log
 * parsed from those kept logs.
 *
 * Stop and resume work as Katib restarts experiments: stop sets `maxTrialCount` to the trials
 * made so far (running ones finish, then the experiment ends with ExperimentMaxTrialsReached) and
 * remembers the old count in the annotation `mldeck.dev/katib-stopped-max-trial-count`; resume
 * gives it back (or adds `parallelTrialCount` trials to a finished experiment), which Katib
 * allows for a finished experiment only when its resumePolicy is LongRunning or FromVolume.
 */
import { AppError } from '../../../shared/errors';
import { checkExperimentSpec } from '../../../shared/features/katib/experiment-checks';
import type {
  ExperimentRequest,
  KatibPermissions,
  ObservationRequest,
  SubmitRequest,
  SubmitResult,
  TrialList,
  TrialObservation,
  TrialsRequest,
} from '../../../shared/features/katib/katib.contract';
import { experimentLabel, katibGroup, katibVersion, type ExperimentObject, type ExperimentSpec } from '../../../shared/features/katib/katib-objects';
import { experimentPhase } from '../../../shared/features/katib/experiment-summary';
import { parseObservationLog } from '../../../shared/features/katib/observation-log';
import { DnsLabel } from '../../../shared/kube/names';
import type { KubeObject } from '../../../shared/kube/object';
import { collectionPath } from '../../platform/kube/api-paths';
import { problemsOf, statusOf } from '../../platform/kube/field-problems';
import { httpStatusError } from '../../platform/kube/kube-errors';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { isSnapshotId, snapshotPermission } from '../../platform/snapshots/snapshot-registry';
import { katibPermissions } from './katib-access';
import { listTrials, type SourceLists } from './trial-list';

/** The clusters, as the service needs them. */
export interface KatibClusters {
  http(id: string): Promise<KubeHttp>;
  writableHttp(id: string): Promise<KubeHttp>;
}

/** The kept logs, as the service needs them (LogCapture). */
export interface TrialLogs {
  keepPod(cluster: string, namespace: string, pod: string): Promise<string[]>;
  list(cluster: string, namespace?: string): Promise<{ namespace: string; pod: string; container: string }[]>;
  read(key: { cluster: string; namespace: string; pod: string; container: string }): Promise<{ lines: { time: string; text: string }[] }>;
}

const experiments = { group: katibGroup, version: katibVersion, resource: 'experiments' };
export const stoppedAnnotation = 'mldeck.dev/katib-stopped-max-trial-count';

/** The Katib service. */
export class KatibService {
  constructor(
    private readonly clusters: KatibClusters,
    private readonly logs: TrialLogs,
    private readonly lists: SourceLists,
  ) {}

  /** Checks, then dry-runs or creates the Experiment. */
  async submit(req: SubmitRequest): Promise<SubmitResult> {
    const o = req.object as { apiVersion?: unknown; kind?: unknown; metadata?: { name?: unknown; namespace?: unknown }; spec?: ExperimentSpec };
    if (o.apiVersion !== `${katibGroup}/${katibVersion}` || o.kind !== 'Experiment')
      return { message: 'This is not a Katib Experiment.', problems: [{ field: 'kind', message: `must be Experiment of ${katibGroup}/${katibVersion}` }] };
    const namespace = o.metadata?.namespace;
    if (typeof namespace !== 'string' || !DnsLabel.safeParse(namespace).success)
      return {
        message: 'The experiment needs a valid namespace.',
        problems: [{ field: 'metadata.namespace', message: 'Required value: a lowercase RFC 1123 label' }],
      };
    if (!o.metadata?.name)
      return { message: 'The experiment has no name.', problems: [{ field: 'metadata.name', message: 'Required value: name is required' }] };
    const problems = checkExperimentSpec(o.spec);
    if (problems.length) return { message: `The experiment has ${problems.length === 1 ? 'a problem' : `${problems.length} problems`}.`, problems };
    const h = await this.clusters.writableHttp(req.clusterId);
    const res = await h.exchange({
      method: 'POST',
      path: collectionPath(experiments, namespace),
      query: { fieldValidation: 'Strict', ...(req.dryRun ? { dryRun: 'All' } : {}) },
      body: req.object,
    });
    if (res.status >= 200 && res.status < 300) return { object: JSON.parse(res.text) as KubeObject };
    const status = statusOf(res.text);
    const serverProblems = problemsOf(res.status, status, { what: 'Experiment', namespace });
    if (serverProblems) return { message: status.message ?? 'The cluster rejected the experiment.', problems: serverProblems };
    throw httpStatusError(res.status, res.text);
  }

  private async get(h: KubeHttp, req: ExperimentRequest): Promise<ExperimentObject> {
    return h.request<ExperimentObject>({ path: `${collectionPath(experiments, req.namespace)}/${req.name}` });
  }

  private patch(h: KubeHttp, req: ExperimentRequest, body: unknown): Promise<KubeObject> {
    return h.request<KubeObject>({
      method: 'PATCH',
      path: `${collectionPath(experiments, req.namespace)}/${req.name}`,
      body,
      contentType: 'application/merge-patch+json',
    });
  }

  /** Stops the experiment from starting trials. */
  async stop(req: ExperimentRequest): Promise<{ object: KubeObject }> {
    const h = await this.clusters.writableHttp(req.clusterId);
    const exp = await this.get(h, req);
    const { phase } = experimentPhase(exp.status?.conditions);
    if (phase === 'Succeeded' || phase === 'Failed') throw new AppError('conflict', `${req.name} has already ended (${phase}).`);
    const made = exp.status?.trials ?? 0;
    const max = exp.spec?.maxTrialCount;
    if (max !== undefined && max <= made) throw new AppError('conflict', `${req.name} starts no more trials already (${made} of ${max} made).`);
    const object = await this.patch(h, req, {
      metadata: { resourceVersion: exp.metadata.resourceVersion, annotations: { [stoppedAnnotation]: String(max ?? '') } },
      spec: { maxTrialCount: Math.max(1, made) },
    });
    return { object };
  }

  /** Resumes a stopped experiment or restarts a finished one (LongRunning/FromVolume only). */
  async resume(req: ExperimentRequest): Promise<{ object: KubeObject }> {
    const h = await this.clusters.writableHttp(req.clusterId);
    const exp = await this.get(h, req);
    const { phase } = experimentPhase(exp.status?.conditions);
    const ended = phase === 'Succeeded' || phase === 'Failed';
    const policy = exp.spec?.resumePolicy ?? 'Never';
    if (ended && policy === 'Never')
      throw new AppError(
        'validation',
        `${req.name} has ended and its resumePolicy is Never: Katib restarts only experiments with LongRunning or FromVolume. Clone it instead.`,
      );
    if (phase === 'Failed') throw new AppError('conflict', `${req.name} failed (too many failed trials); Katib does not restart a failed experiment.`);
    const remembered = Number(exp.metadata.annotations?.[stoppedAnnotation]);
    const current = exp.spec?.maxTrialCount ?? 0;
    const next = Number.isInteger(remembered) && remembered > current ? remembered : current + (exp.spec?.parallelTrialCount ?? 1);
    if (!ended && !(Number.isInteger(remembered) && remembered > current)) throw new AppError('conflict', `${req.name} is not stopped.`);
    const object = await this.patch(h, req, {
      metadata: { resourceVersion: exp.metadata.resourceVersion, annotations: { [stoppedAnnotation]: null } },
      spec: { maxTrialCount: next },
    });
    return { object };
  }

  /** Deletes the experiment (background propagation: trials, runs and suggestion go after it). */
  async delete(req: ExperimentRequest): Promise<void> {
    const h = await this.clusters.writableHttp(req.clusterId);
    await h.request({
      method: 'DELETE',
      path: `${collectionPath(experiments, req.namespace)}/${req.name}`,
      body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' },
    });
  }

  /** What the user may do with experiments in the namespace. */
  async permissions(req: { clusterId: string; namespace: string }): Promise<KatibPermissions> {
    if (isSnapshotId(req.clusterId)) return { user: '', create: snapshotPermission, patch: snapshotPermission, delete: snapshotPermission };
    return katibPermissions(await this.clusters.http(req.clusterId), req.namespace);
  }

  /** The experiment's trials in one list call (see trial-list.ts). */
  listTrials(req: TrialsRequest): Promise<TrialList> {
    return listTrials(this.lists, req);
  }

  /** Keeps the logs of every live pod of the experiment's trials. */
  async keepTrialLogs(req: ExperimentRequest): Promise<{ pods: string[] }> {
    if (isSnapshotId(req.clusterId)) return { pods: [] };
    const h = await this.clusters.http(req.clusterId);
    const list = await h.request<{ items: KubeObject[] }>({
      path: `/api/v1/namespaces/${req.namespace}/pods`,
      query: { labelSelector: `${experimentLabel}=${req.name}` },
    });
    const live = list.items.filter((p) => !p.metadata.deletionTimestamp && (p.status as { phase?: string } | undefined)?.phase !== 'Pending');
    await Promise.all(live.map((p) => this.logs.keepPod(req.clusterId, req.namespace, p.metadata.name)));
    return { pods: live.map((p) => p.metadata.name).sort() };
  }

  /**
   * The trial's observation log from its pods' kept logs: pods named `<trial>-…` (every kind
   * Katib runs names its pods after the run, which is named after the trial) whose logs were kept,
   * and of those the primary container when given.
   */
  async observation(req: ObservationRequest): Promise<TrialObservation> {
    const keys = (await this.logs.list(req.clusterId, req.namespace)).filter(
      (k) => k.pod.startsWith(`${req.trial}-`) && (!req.container || k.container === req.container),
    );
    const sources: TrialObservation['sources'] = [];
    const lines: { time: string; text: string }[] = [];
    for (const k of keys) {
      const r = await this.logs.read({ cluster: req.clusterId, namespace: req.namespace, pod: k.pod, container: k.container });
      sources.push({ pod: k.pod, container: k.container, lines: r.lines.length });
      if (!lines.length) lines.push(...r.lines); // replicas print the same reports: the first kept pod's log is the trial's
    }
    return { observations: parseObservationLog(lines, req.metricNames), sources };
  }
}
