// SPDX-License-Identifier: Apache-2.0
/**
 * Deploying and rolling out InferenceServices. Create is a POST with strict field validation
 * (a dry run first when the renderer asks); the server's objections come back as field problems.
 * Rollouts are JSON merge patches guarded by the resourceVersion read just before, so a change
 * made meanwhile is a `conflict` rather than a lost update: a canary (new model +
 * `canaryTrafficPercent`), a new share of traffic, promote (`canaryTrafficPercent` removed),
 * roll back (`canaryTrafficPercent: 0`, KServe's rollback to the previous rolled-out revision)
 * and restore (an earlier model from the history becomes the predictor again). Every step is
 * appended to the `mldeck.dev/rollout-history` annotation in the same patch.
 */
import { AppError, isAppError } from '../../../shared/errors';
import type {
  CanaryRequest,
  RestoreRequest,
  S3AccessRequest,
  ServiceAccounts,
  ServiceRef,
  ServingPermissions,
  SubmitRequest,
  SubmitResult,
  TrafficRequest,
} from '../../../shared/features/serving/serving.contract';
import { DnsLabel } from '../../../shared/kube/names';
import type { KubeObject } from '../../../shared/kube/object';
import { isvcKind } from '../../../shared/serving/deploy-form';
import { summarizeIsvc } from '../../../shared/serving/isvc-summary';
import {
  appendHistory,
  canRestore,
  formatHistory,
  historyAnnotation,
  modelAnnotation,
  modelVersionAnnotation,
  parseHistory,
  type RolloutEntry,
} from '../../../shared/serving/rollout-history';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { httpStatusError } from '../../platform/kube/kube-errors';
import { isSnapshotId, snapshotPermission } from '../../platform/snapshots/snapshot-registry';
import { problemsOf, statusOf } from '../../platform/kube/field-problems';
import { createS3Access, explainForbidden, serviceAccounts, servingPermissions } from './serving-access';

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : {});

const legacyFrameworks = ['sklearn', 'xgboost', 'lightgbm', 'tensorflow', 'pytorch', 'triton', 'onnx', 'huggingface', 'pmml', 'paddle'];

/** The collection path of InferenceServices in a namespace. */
function isvcPath(namespace: string, name?: string): string {
  const base = `/apis/${isvcKind.group}/${isvcKind.version}/namespaces/${encodeURIComponent(namespace)}/inferenceservices`;
  return name ? `${base}/${encodeURIComponent(name)}` : base;
}

/** The serving service. */
export class ServingService {
  constructor(
    private readonly registry: ClusterRegistry,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Dry-runs or creates an InferenceService, with its first rollout-history entry. */
  async submit(req: SubmitRequest): Promise<SubmitResult> {
    const object = structuredClone(req.object);
    if (object.kind !== isvcKind.kind || object.apiVersion !== `${isvcKind.group}/${isvcKind.version}`)
      throw new AppError('validation', `Only ${isvcKind.kind} (${isvcKind.group}/${isvcKind.version}) objects are deployed here.`);
    const metadata = obj(object.metadata);
    const namespace = metadata.namespace;
    if (typeof namespace !== 'string' || !DnsLabel.safeParse(namespace).success)
      return { message: 'The InferenceService has no valid namespace.', problems: [{ field: 'metadata.namespace', message: 'Required: a DNS label.' }] };
    const annotations = { ...(obj(metadata.annotations) as Record<string, string>) };
    const model = obj(obj(obj(object.spec).predictor).model);
    const entry = this.entry('deploy', {
      storageUri: typeof model.storageUri === 'string' ? model.storageUri : undefined,
      format: typeof obj(model.modelFormat).name === 'string' ? (obj(model.modelFormat).name as string) : undefined,
      runtime: typeof model.runtime === 'string' ? model.runtime : undefined,
      model: annotations[modelAnnotation],
      modelVersion: annotations[modelVersionAnnotation],
      generation: 1,
    });
    annotations[historyAnnotation] = formatHistory([entry]);
    object.metadata = { ...metadata, annotations };
    const h = await this.registry.writableHttp(req.clusterId);
    const res = await h.exchange({
      method: 'POST',
      path: isvcPath(namespace),
      query: { fieldValidation: 'Strict', ...(req.dryRun ? { dryRun: 'All' } : {}) },
      body: object,
    });
    return this.result(h, res, 'create', namespace);
  }

  /** Puts a new model in the predictor with a share of traffic (all of it at 100). */
  async canary(req: CanaryRequest): Promise<SubmitResult> {
    return retryOnConflict(() => this.canaryOnce(req));
  }

  private async canaryOnce(req: CanaryRequest): Promise<SubmitResult> {
    const h = await this.registry.writableHttp(req.clusterId);
    const cur = await this.read(h, req);
    const predictor = obj(obj(cur.spec).predictor);
    if (Array.isArray(predictor.containers) && !predictor.model)
      throw new AppError('validation', `${req.name} runs a custom container; change its image or storage in the YAML instead.`);
    const modelPatch: Obj = {
      modelFormat: { name: req.model.format },
      runtime: req.model.runtime || null,
      protocolVersion: req.model.protocolVersion ?? null,
      storageUri: req.model.storageUri,
    };
    const predictorPatch: Obj = { canaryTrafficPercent: req.percent >= 100 ? null : req.percent, model: modelPatch };
    // a legacy framework field and `model` together are invalid: move its resources over
    for (const f of legacyFrameworks) {
      const legacy = obj(predictor[f]);
      if (!Object.keys(legacy).length) continue;
      predictorPatch[f] = null;
      if (legacy.resources && !obj(predictor.model).resources) modelPatch.resources = legacy.resources;
    }
    const entry = this.entry('canary', {
      storageUri: req.model.storageUri,
      format: req.model.format,
      runtime: req.model.runtime,
      model: req.registry?.model,
      modelVersion: req.registry?.version,
      percent: req.percent,
      generation: generationOf(cur) + 1,
    });
    const patch = this.withHistory(cur, entry, {
      [modelAnnotation]: req.registry?.model ?? null,
      [modelVersionAnnotation]: req.registry?.version ?? null,
    });
    patch.spec = { predictor: predictorPatch };
    const res = await h.exchange({
      method: 'PATCH',
      path: isvcPath(req.namespace, req.name),
      query: { fieldValidation: 'Strict', ...(req.dryRun ? { dryRun: 'All' } : {}) },
      body: patch,
      contentType: 'application/merge-patch+json',
    });
    return this.result(h, res, 'change', req.namespace);
  }

  /** Sets `canaryTrafficPercent`. */
  async setTraffic(req: TrafficRequest): Promise<{ object: KubeObject }> {
    return this.rollout(req, (cur) => {
      const s = summarizeIsvc(cur);
      if (!s.latestCreatedRevision) throw new AppError('validation', `${req.name} has no revision yet.`);
      return { canaryTrafficPercent: req.percent, entry: this.entry('traffic', { percent: req.percent, revision: s.latestReadyRevision }) };
    });
  }

  /** Promotes the latest revision: `canaryTrafficPercent` removed, so it gets all traffic. */
  async promote(req: ServiceRef): Promise<{ object: KubeObject }> {
    return this.rollout(req, (cur) => {
      const s = summarizeIsvc(cur);
      if (s.canaryPercent === undefined)
        throw new AppError('validation', `${req.name} has no canary to promote: its latest revision already gets all traffic.`);
      return { canaryTrafficPercent: null, entry: this.entry('promote', { ...this.servedBy(cur, s.latestReadyRevision), percent: 100 }) };
    });
  }

  /** KServe's rollback: `canaryTrafficPercent: 0` sends all traffic to the previous rolled-out revision. */
  async rollback(req: ServiceRef): Promise<{ object: KubeObject }> {
    return this.rollout(req, (cur) => {
      const s = summarizeIsvc(cur);
      const inCanary = s.canaryPercent !== undefined && s.canaryPercent > 0 && s.canaryPercent < 100 && s.latestRolledoutRevision !== s.latestReadyRevision;
      const target = inCanary ? s.latestRolledoutRevision : s.previousRolledoutRevision;
      if (!target) throw new AppError('validation', `${req.name} has no earlier rolled-out revision to roll back to.`);
      return { canaryTrafficPercent: 0, entry: this.entry('rollback', { ...this.servedBy(cur, target), percent: 0 }) };
    });
  }

  /** Returns to an earlier model from the history: its storageUri, format and runtime become the predictor again. */
  async restore(req: RestoreRequest): Promise<{ object: KubeObject }> {
    return retryOnConflict(() => this.restoreOnce(req));
  }

  private async restoreOnce(req: RestoreRequest): Promise<{ object: KubeObject }> {
    const h = await this.registry.writableHttp(req.clusterId);
    const cur = await this.read(h, req);
    const history = parseHistory(cur.metadata.annotations?.[historyAnnotation]);
    const e = history[req.index];
    if (!e || e.at !== req.at) throw new AppError('conflict', 'The history changed since it was shown; look again and choose the entry once more.');
    if (!canRestore(e) || !e.storageUri || !e.format) throw new AppError('validation', 'That history entry names no model to return to.');
    const entry = this.entry('restore', {
      storageUri: e.storageUri,
      format: e.format,
      runtime: e.runtime,
      model: e.model,
      modelVersion: e.modelVersion,
      generation: generationOf(cur) + 1,
    });
    const patch = this.withHistory(cur, entry, { [modelAnnotation]: e.model ?? null, [modelVersionAnnotation]: e.modelVersion ?? null });
    patch.spec = {
      predictor: { canaryTrafficPercent: null, model: { modelFormat: { name: e.format }, runtime: e.runtime ?? null, storageUri: e.storageUri } },
    };
    return { object: await this.patch(h, req, patch) };
  }

  /** What the user may do in a namespace. */
  async permissions(clusterId: string, namespace: string): Promise<ServingPermissions> {
    if (isSnapshotId(clusterId)) {
      const no = snapshotPermission;
      return { user: '', create: no, patch: no, createSecret: no, createServiceAccount: no, portForward: no };
    }
    return servingPermissions(await this.registry.http(clusterId), namespace);
  }

  /** ServiceAccounts and their S3 Secrets. */
  async serviceAccounts(clusterId: string, namespace: string): Promise<ServiceAccounts> {
    const h = await this.registry.http(clusterId);
    try {
      return await serviceAccounts(h, namespace);
    } catch (e) {
      throw await explainForbidden(h, e, 'list', 'serviceaccounts', namespace);
    }
  }

  /** Creates S3 access for the storage initializer. */
  async createS3Access(req: S3AccessRequest): Promise<{ serviceAccountName: string; secretName: string }> {
    return createS3Access(await this.registry.writableHttp(req.clusterId), req);
  }

  private entry(action: RolloutEntry['action'], fields: Partial<RolloutEntry>): RolloutEntry {
    const e: RolloutEntry = { action, at: this.now().toISOString() };
    for (const [k, v] of Object.entries(fields)) if (v !== undefined && v !== '') (e as unknown as Obj)[k] = v;
    return e;
  }

  /** The model a revision served, from the history (the newest entry that names that revision). */
  private servedBy(cur: KubeObject, revision: string | undefined): Partial<RolloutEntry> {
    const s = summarizeIsvc(cur);
    const e = [...s.history].reverse().find((x) => x.revision === revision && x.storageUri);
    return { revision, ...(e ? { storageUri: e.storageUri, format: e.format, runtime: e.runtime, model: e.model, modelVersion: e.modelVersion } : {}) };
  }

  /** A merge patch that appends to the history, guarded by the version read. */
  private withHistory(cur: KubeObject, entry: RolloutEntry, extra: Record<string, string | null> = {}): Obj {
    const status = obj(cur.status);
    const comp = obj(obj(status.components).predictor);
    const history = appendHistory(
      parseHistory(cur.metadata.annotations?.[historyAnnotation]),
      entry,
      {
        observedGeneration: typeof status.observedGeneration === 'number' ? status.observedGeneration : undefined,
        latestCreatedRevision: typeof comp.latestCreatedRevision === 'string' ? comp.latestCreatedRevision : undefined,
      },
      generationOf(cur),
    );
    return { metadata: { resourceVersion: cur.metadata.resourceVersion, annotations: { ...extra, [historyAnnotation]: formatHistory(history) } } };
  }

  private async rollout(
    req: ServiceRef,
    change: (cur: KubeObject) => { canaryTrafficPercent: number | null; entry: RolloutEntry },
  ): Promise<{ object: KubeObject }> {
    return retryOnConflict(async () => {
      const h = await this.registry.writableHttp(req.clusterId);
      const cur = await this.read(h, req);
      const c = change(cur);
      const patch = this.withHistory(cur, c.entry);
      patch.spec = { predictor: { canaryTrafficPercent: c.canaryTrafficPercent } };
      return { object: await this.patch(h, req, patch) };
    });
  }

  private async read(h: KubeHttp, ref: ServiceRef): Promise<KubeObject> {
    try {
      return await h.request<KubeObject>({ path: isvcPath(ref.namespace, ref.name) });
    } catch (e) {
      if (isAppError(e) && e.code === 'not-found') throw new AppError('not-found', `InferenceService ${ref.name} is not in ${ref.namespace} (any more).`);
      throw await explainForbidden(h, e, 'read', 'inferenceservices', ref.namespace);
    }
  }

  private async patch(h: KubeHttp, ref: ServiceRef, patch: Obj): Promise<KubeObject> {
    const res = await h.exchange({
      method: 'PATCH',
      path: isvcPath(ref.namespace, ref.name),
      query: { fieldValidation: 'Strict' },
      body: patch,
      contentType: 'application/merge-patch+json',
    });
    const r = await this.result(h, res, 'change', ref.namespace);
    if (r.problems) throw new AppError('validation', r.message, r.problems.map((p) => `${p.field ? `${p.field}: ` : ''}${p.message}`).join('\n'));
    return r.object;
  }

  /** The object, the problems, or an error (403 explained, 409 on a stale version as a conflict). */
  private async result(h: KubeHttp, res: { status: number; text: string }, verb: string, namespace: string): Promise<SubmitResult> {
    if (res.status >= 200 && res.status < 300) return { object: JSON.parse(res.text) as KubeObject };
    const status = statusOf(res.text);
    if (res.status === 409 && status.reason === 'Conflict')
      throw new AppError(
        'conflict',
        'The InferenceService was changed meanwhile (by someone or its controller); look at it again and repeat.',
        status.message ?? 'stale resourceVersion',
      );
    const problems = problemsOf(res.status, status, { what: 'InferenceService', namespace, taken: '; choose another name or deploy to it as a canary.' });
    if (problems) return { message: status.message ?? 'The cluster rejected the InferenceService.', problems };
    throw await explainForbidden(h, httpStatusError(res.status, res.text), verb, 'inferenceservices', namespace);
  }
}

/** Runs a read-modify-patch again when the object changed between the read and the patch (the controller writes status often). */
async function retryOnConflict<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (attempt >= 2 || !isAppError(e) || e.code !== 'conflict' || e.detail === undefined) throw e;
    }
  }
}

function generationOf(o: KubeObject): number {
  const g = (o.metadata as { generation?: unknown }).generation;
  return typeof g === 'number' ? g : 0;
}
