// SPDX-License-Identifier: Apache-2.0
/**
 * Creating and changing training jobs: the kind's OpenAPI v3 schema from the cluster (found
 * through the `/openapi/v3` discovery document and cached by its hash), validation against it,
 * dry-run and create with strict field validation (the server's objections become field
 * problems, not errors), suspend/resume by merge patch, delete, and RBAC answers that say who
 * the user is and what they may not do.
 */
import { AppError } from '../../../shared/errors';
import type {
  FieldProblem,
  JobPermissions,
  JobRequest,
  KindSchema,
  OpenApiSchema,
  Permission,
  PermissionsRequest,
  SchemaRequest,
  SubmitRequest,
  SubmitResult,
  SuspendRequest,
} from '../../../shared/features/jobs/jobs.contract';
import { DnsLabel } from '../../../shared/kube/names';
import type { KubeObject } from '../../../shared/kube/object';
import { findTrainingKind, trainingKindOf } from '../../../shared/kube/training-kinds';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import { collectionPath } from '../../platform/kube/api-paths';
import { problemsOf, statusOf } from '../../platform/kube/field-problems';
import { httpStatusError } from '../../platform/kube/kube-errors';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { isSnapshotId, snapshotPermission } from '../../platform/snapshots/snapshot-registry';
import { referencedComponents, validateAgainstSchema } from './openapi-validate';

interface OpenApiDiscovery {
  paths?: Record<string, { serverRelativeURL?: string }>;
}

interface OpenApiDoc {
  paths?: Record<string, { post?: { requestBody?: { content?: Record<string, { schema?: { $ref?: string } }> } } }>;
  components?: { schemas?: Record<string, OpenApiSchema> };
}

/** Largest number of schema documents kept (one per cluster and group/version). */
const maxCachedSchemas = 16;
/** How long the `/openapi/v3` discovery document is reused. */
const discoveryTtlMs = 30_000;

/** The jobs service. */
export class JobsService {
  /** Kind schemas by `cluster|serverRelativeURL|resource`: the URL carries the document's hash, so a changed CRD is a new key. */
  private readonly schemas = new Map<string, Promise<KindSchema>>();
  private readonly discoveries = new Map<string, { at: number; value: Promise<OpenApiDiscovery> }>();

  constructor(private readonly registry: ClusterRegistry) {}

  /** The kind's schema, read from `/openapi/v3/apis/<group>/<version>` (path and hash from `/openapi/v3`). */
  async schema(req: SchemaRequest): Promise<KindSchema> {
    const h = await this.registry.writableHttp(req.clusterId);
    const discovery = await this.discovery(req.clusterId, h);
    const gvPath = `apis/${req.group}/${req.version}`;
    const url = discovery.paths?.[gvPath]?.serverRelativeURL;
    if (!url) throw new AppError('not-found', `The cluster publishes no OpenAPI v3 schema for ${req.group}/${req.version}.`);
    const key = `${req.clusterId}|${url}|${req.resource}`;
    let hit = this.schemas.get(key);
    if (!hit) {
      hit = this.fetchKindSchema(h, url, req);
      const made = hit;
      // a failed read is asked again next time (unless a newer read took its place)
      made.catch(() => this.schemas.get(key) === made && this.schemas.delete(key));
      this.schemas.set(key, hit);
      // old hashes of this cluster's group/version are stale now (other kinds of the same hash are not); keep the map small too
      const stale = (k: string) => k.startsWith(`${req.clusterId}|/openapi/v3/${gvPath}?`) && !k.startsWith(`${req.clusterId}|${url}|`);
      for (const k of this.schemas.keys()) {
        if (k !== key && (stale(k) || this.schemas.size > maxCachedSchemas)) this.schemas.delete(k);
      }
    }
    return hit;
  }

  /** `/openapi/v3`, kept for a short while: as-you-type checks ask often, and a changed CRD shows up as a new hash. */
  private discovery(clusterId: string, h: KubeHttp): Promise<OpenApiDiscovery> {
    const hit = this.discoveries.get(clusterId);
    if (hit && Date.now() - hit.at < discoveryTtlMs) return hit.value;
    const value = h.request<OpenApiDiscovery>({ path: '/openapi/v3', timeoutMs: 20_000 });
    value.catch(() => this.discoveries.get(clusterId)?.value === value && this.discoveries.delete(clusterId));
    this.discoveries.set(clusterId, { at: Date.now(), value });
    return value;
  }

  private async fetchKindSchema(h: KubeHttp, url: string, req: SchemaRequest): Promise<KindSchema> {
    const [path = '', query = ''] = url.split('?');
    const doc = await h.request<OpenApiDoc>({ path, query: Object.fromEntries(new URLSearchParams(query)), timeoutMs: 60_000 });
    const components = doc.components?.schemas ?? {};
    // the kind's schema is the body of a create in its collection
    const post =
      doc.paths?.[`/apis/${req.group}/${req.version}/namespaces/{namespace}/${req.resource}`]?.post ??
      doc.paths?.[`/apis/${req.group}/${req.version}/${req.resource}`]?.post;
    const ref = Object.values(post?.requestBody?.content ?? {})[0]?.schema?.$ref;
    let root = ref?.replace('#/components/schemas/', '');
    if (!root || !components[root]) {
      const kind = findTrainingKind(req)?.kind;
      root = Object.keys(components).find((name) => {
        const gvk = components[name]?.['x-kubernetes-group-version-kind'] as { group?: string; version?: string; kind?: string }[] | undefined;
        return gvk?.some((g) => g.group === req.group && g.version === req.version && g.kind === kind);
      });
    }
    const schema = root ? components[root] : undefined;
    if (!root || !schema) throw new AppError('not-found', `The cluster's schema for ${req.group}/${req.version} has no ${req.resource}.`);
    const gvk = (schema['x-kubernetes-group-version-kind'] as { kind?: string }[] | undefined)?.[0]?.kind ?? root.split('.').pop() ?? root;
    const used = referencedComponents(schema, components);
    return { kind: gvk, root, schema, components: Object.fromEntries(used.map((n) => [n, components[n] as OpenApiSchema])) };
  }

  /** Checks an object against its kind's schema from the cluster. */
  async validate(clusterId: string, object: Record<string, unknown>): Promise<{ problems: FieldProblem[] }> {
    const k = this.kindOf(object);
    const s = await this.schema({ clusterId, group: k.group, version: k.version, resource: k.resource });
    const problems = validateAgainstSchema(object, s.schema, { components: s.components }).map((p) => ({ field: p.path, message: p.message }));
    const meta = object.metadata as { name?: unknown; namespace?: unknown } | undefined;
    if (!meta?.name) problems.unshift({ field: 'metadata.name', message: 'Required value: name is required' });
    return { problems };
  }

  /**
   * Dry-runs or creates the object with `fieldValidation=Strict`. What the API server or an
   * admission webhook rejects comes back as problems; other failures (RBAC, network) throw.
   */
  async submit(req: SubmitRequest): Promise<SubmitResult> {
    const k = this.kindOf(req.object);
    const namespace = (req.object.metadata as { namespace?: unknown } | undefined)?.namespace;
    if (typeof namespace !== 'string' || !namespace) {
      return { message: 'The job has no namespace.', problems: [{ field: 'metadata.namespace', message: 'Required value' }] };
    }
    if (!DnsLabel.safeParse(namespace).success) {
      const message = 'must be a lowercase RFC 1123 label: a-z, 0-9 and "-", at most 63 characters';
      return { message: `The namespace ${JSON.stringify(namespace)} is not valid.`, problems: [{ field: 'metadata.namespace', message }] };
    }
    const h = await this.registry.writableHttp(req.clusterId);
    const path = collectionPath(k, namespace);
    const res = await h.exchange({ method: 'POST', path, query: { fieldValidation: 'Strict', ...(req.dryRun ? { dryRun: 'All' } : {}) }, body: req.object });
    if (res.status >= 200 && res.status < 300) return { object: JSON.parse(res.text) as KubeObject };
    const status = statusOf(res.text);
    const problems = problemsOf(res.status, status, { what: k.kind, namespace });
    if (problems) return { message: status.message ?? 'The cluster rejected the job.', problems };
    throw httpStatusError(res.status, res.text);
  }

  /** Suspends or resumes a job by merge-patching its kind's `suspend` field. */
  async setSuspended(req: SuspendRequest): Promise<{ object: KubeObject }> {
    const k = findTrainingKind(req);
    if (!k) throw new AppError('validation', `${req.resource} is not a training job kind.`);
    const patch: Record<string, unknown> = {};
    let at = patch;
    k.suspendPath.forEach((key, i) => {
      if (i === k.suspendPath.length - 1) at[key] = req.suspended;
      else at = at[key] = {} as Record<string, unknown>;
    });
    const h = await this.registry.writableHttp(req.clusterId);
    const object = await h.request<KubeObject>({
      method: 'PATCH',
      path: `${collectionPath(req, req.namespace)}/${req.name}`,
      body: patch,
      contentType: 'application/merge-patch+json',
    });
    return { object };
  }

  /** Deletes a job; the garbage collector removes its pods in the background. */
  async delete(req: JobRequest): Promise<void> {
    const h = await this.registry.writableHttp(req.clusterId);
    await h.request({
      method: 'DELETE',
      path: `${collectionPath(req, req.namespace)}/${req.name}`,
      body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' },
    });
  }

  /** What the user may do with the kind in the namespace, each with a reason naming the user when not. */
  async permissions(req: PermissionsRequest): Promise<JobPermissions> {
    if (isSnapshotId(req.clusterId)) {
      const no: Permission = snapshotPermission;
      return { user: '', create: no, patch: no, delete: no };
    }
    const h = await this.registry.http(req.clusterId);
    const [user, create, patch, del] = await Promise.all([
      h
        .request<{ status?: { userInfo?: { username?: string } } }>({
          method: 'POST',
          path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
          body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        })
        .then((r) => r.status?.userInfo?.username ?? '')
        // older servers or a forbidden review: the answers still stand, only the name is missing
        .catch(() => ''),
      this.review(h, req, 'create'),
      this.review(h, req, 'patch'),
      this.review(h, req, 'delete'),
    ]);
    const who = user || 'Your account';
    const explain = (verb: string, r: { allowed: boolean; reason: string }): Permission =>
      r.allowed
        ? { allowed: true, reason: '' }
        : { allowed: false, reason: `${who} may not ${verb} ${req.resource} in ${req.namespace}${r.reason ? ` (${r.reason})` : ''}.` };
    return { user, create: explain('create', create), patch: explain('change', patch), delete: explain('delete', del) };
  }

  private async review(h: KubeHttp, req: PermissionsRequest, verb: string): Promise<{ allowed: boolean; reason: string }> {
    const r = await h.request<{ status?: { allowed?: boolean; reason?: string } }>({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: {
        apiVersion: 'authorization.k8s.io/v1',
        kind: 'SelfSubjectAccessReview',
        spec: { resourceAttributes: { verb, group: req.group, resource: req.resource, namespace: req.namespace } },
      },
    });
    return { allowed: r.status?.allowed === true, reason: r.status?.reason ?? '' };
  }

  private kindOf(object: Record<string, unknown>) {
    const k = trainingKindOf(object as { apiVersion?: string; kind?: string });
    if (!k)
      throw new AppError('validation', `${String(object.kind ?? 'The object')} (${String(object.apiVersion ?? 'no apiVersion')}) is not a training job kind.`);
    return k;
  }
}
