// SPDX-License-Identifier: Apache-2.0
/**
 * Notebook servers (kubeflow.org Notebooks): what the new-server form offers in a namespace,
 * create as the Jupyter web app does (the new volumes' PVCs first, then the Notebook; a dry run
 * checks all of them with strict field validation and the server's objections come back as
 * problems naming the object and field; a failed Notebook create removes the PVCs just made),
 * stop/start by merge-patching the `kubeflow-resource-stopped` annotation, delete with or
 * without the server's volumes, and RBAC answers naming the user.
 */
import { AppError } from '../../../shared/errors';
import type {
  CreateRequest,
  CreateResult,
  DeleteRequest,
  NamespaceRequest,
  NotebookOptions,
  NotebookPermissions,
  NotebookProblem,
  NotebookSettings,
  Permission,
  PodDefaultOption,
  StopRequest,
  StorageClassOption,
  VolumeOption,
} from '../../../shared/features/notebook-servers/notebook-servers.contract';
import { DnsLabel } from '../../../shared/kube/names';
import { notebookPodSpec, stopAnnotation } from '../../../shared/kube/notebook-summary';
import type { KubeObject } from '../../../shared/kube/object';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import { httpStatusError } from '../../platform/kube/kube-errors';
import type { KubeHttp } from '../../platform/kube/kube-http';
import { problemsOf, statusOf } from '../../platform/kube/field-problems';
import { isSnapshotId, snapshotPermission } from '../../platform/snapshots/snapshot-registry';
import type { NotebookSettingsStore } from './notebook-settings';

const notebooksPath = (ns: string) => `/apis/kubeflow.org/v1/namespaces/${ns}/notebooks`;
const pvcsPath = (ns: string) => `/api/v1/namespaces/${ns}/persistentvolumeclaims`;

interface List<T = KubeObject> {
  items?: T[] | null;
}

const rfc3339 = (d: Date) => d.toISOString().replace(/\.\d+Z$/, 'Z');

/** The notebook-servers service. */
export class NotebookServersService {
  constructor(
    private readonly registry: ClusterRegistry,
    private readonly store: NotebookSettingsStore,
  ) {}

  /** The images offered on a cluster. */
  settings(clusterId: string): Promise<NotebookSettings> {
    return this.store.get(clusterId);
  }

  /** Changes the images offered on a cluster. */
  setSettings(s: NotebookSettings): Promise<NotebookSettings> {
    return this.store.set(s);
  }

  /** What the form offers in a namespace; each part read on its own so one refusal does not hide the rest. */
  async options(req: NamespaceRequest): Promise<NotebookOptions> {
    const h = await this.registry.writableHttp(req.clusterId);
    const problems: string[] = [];
    const part = async <T>(what: string, fn: () => Promise<T>, fallback: T): Promise<T> => {
      try {
        return await fn();
      } catch (e) {
        const code = e instanceof AppError ? e.code : 'internal';
        if (code === 'unavailable' || code === 'timeout' || code === 'unauthenticated') throw e; // the whole cluster: say so once
        problems.push(`${what}: ${e instanceof Error ? e.message : String(e)}`);
        return fallback;
      }
    };
    const [settings, podDefaults, volumes, storageClasses, hasDefaultEditor] = await Promise.all([
      this.store.get(req.clusterId),
      part('PodDefaults could not be listed', () => this.podDefaults(h, req.namespace), [] as PodDefaultOption[]),
      part('Volumes could not be listed', () => this.volumes(h, req.namespace), [] as VolumeOption[]),
      part('StorageClasses could not be listed', () => this.storageClasses(h), [] as StorageClassOption[]),
      h
        .request({ path: `/api/v1/namespaces/${req.namespace}/serviceaccounts/default-editor` })
        .then(() => true)
        .catch((e: unknown) => {
          if (e instanceof AppError && e.code === 'not-found') return false;
          if (e instanceof AppError && e.code === 'forbidden') return true; // cannot tell: assume a Kubeflow profile namespace
          throw e;
        }),
    ]);
    return { settings, podDefaults, volumes, storageClasses, hasDefaultEditor, problems };
  }

  private async podDefaults(h: KubeHttp, ns: string): Promise<PodDefaultOption[]> {
    const list = await h.request<List>({ path: `/apis/kubeflow.org/v1alpha1/namespaces/${ns}/poddefaults` });
    return (list.items ?? [])
      .map((p) => {
        const spec = (p.spec ?? {}) as { desc?: string; selector?: { matchLabels?: Record<string, string> } };
        return { name: p.metadata.name, desc: spec.desc ?? '', labels: spec.selector?.matchLabels ?? {} };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private async volumes(h: KubeHttp, ns: string): Promise<VolumeOption[]> {
    const [pvcs, notebooks] = await Promise.all([
      h.request<List>({ path: pvcsPath(ns) }),
      h.request<List>({ path: notebooksPath(ns) }).catch(() => ({ items: [] }) as List),
    ]);
    const users = new Map<string, string[]>();
    for (const nb of notebooks.items ?? [])
      for (const v of notebookPodSpec(nb).volumes ?? []) {
        const claim = (v['persistentVolumeClaim'] as { claimName?: string } | undefined)?.claimName;
        if (claim) users.set(claim, [...(users.get(claim) ?? []), nb.metadata.name]);
      }
    return (pvcs.items ?? [])
      .map((p) => {
        const spec = (p.spec ?? {}) as { storageClassName?: string; accessModes?: string[]; resources?: { requests?: { storage?: string } } };
        const st = (p.status ?? {}) as { phase?: string; capacity?: { storage?: string } };
        return {
          name: p.metadata.name,
          phase: st.phase ?? 'Pending',
          size: st.capacity?.storage ?? spec.resources?.requests?.storage ?? '',
          storageClass: spec.storageClassName ?? '',
          accessModes: spec.accessModes ?? [],
          usedBy: users.get(p.metadata.name) ?? [],
        };
      })
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  private async storageClasses(h: KubeHttp): Promise<StorageClassOption[]> {
    const list = await h.request<List<KubeObject & { provisioner?: string }>>({ path: '/apis/storage.k8s.io/v1/storageclasses' });
    return (list.items ?? []).map((s) => ({
      name: s.metadata.name,
      provisioner: s.provisioner ?? '',
      isDefault: s.metadata.annotations?.['storageclass.kubernetes.io/is-default-class'] === 'true',
    }));
  }

  /**
   * Dry-runs or creates. For real: every object is dry-run first, then the PVCs are created,
   * then the Notebook; if the Notebook is refused the PVCs made here are deleted again.
   */
  async create(req: CreateRequest): Promise<CreateResult> {
    const h = await this.registry.writableHttp(req.clusterId);
    const meta = (req.notebook.metadata ?? {}) as { namespace?: unknown; name?: unknown };
    const ns = meta.namespace;
    if (
      req.notebook.kind !== 'Notebook' ||
      typeof req.notebook.apiVersion !== 'string' ||
      !/^kubeflow\.org\/v[0-9]+((alpha|beta)[0-9]+)?$/.test(req.notebook.apiVersion)
    )
      return {
        message: 'The first object must be a kubeflow.org Notebook.',
        problems: [{ target: 'notebook', field: 'kind', message: 'must be Notebook (kubeflow.org)' }],
      };
    if (typeof ns !== 'string' || !DnsLabel.safeParse(ns).success)
      return {
        message: 'The notebook server has no valid namespace.',
        problems: [{ target: 'notebook', field: 'metadata.namespace', message: 'Required value' }],
      };
    for (const v of req.volumes) {
      const vm = (v.metadata ?? {}) as { namespace?: unknown; name?: unknown };
      if (v.kind !== 'PersistentVolumeClaim' || v.apiVersion !== 'v1')
        return {
          message: 'Only PersistentVolumeClaims are made with a server.',
          problems: [{ target: String(vm.name ?? ''), field: 'kind', message: 'must be PersistentVolumeClaim (v1)' }],
        };
      if (vm.namespace !== undefined && vm.namespace !== ns)
        return {
          message: 'A volume must be in the server’s namespace.',
          problems: [{ target: String(vm.name ?? ''), field: 'metadata.namespace', message: `must be ${ns}` }],
        };
    }
    const volumes = req.volumes.map((v) => ({ ...v, metadata: { ...(v.metadata as object), namespace: ns } }));
    const nbPath = `/apis/${req.notebook.apiVersion}/namespaces/${ns}/notebooks`;

    // dry run of everything, and existing claims the Notebook mounts must be there
    const problems: NotebookProblem[] = [];
    let message = '';
    const made = new Set(volumes.map((v) => String((v.metadata as { name?: unknown }).name ?? '')));
    const claims = (notebookPodSpec(req.notebook as unknown as KubeObject).volumes ?? [])
      .map((v) => (v['persistentVolumeClaim'] as { claimName?: string } | undefined)?.claimName)
      .filter((c): c is string => !!c && !made.has(c));
    await Promise.all(
      claims.map((c) =>
        h.request({ path: `${pvcsPath(ns)}/${encodeURIComponent(c)}` }).catch((e: unknown) => {
          if (e instanceof AppError && e.code === 'not-found')
            problems.push({ target: c, field: 'metadata.name', message: `There is no volume (PVC) ${c} in ${ns}.` });
          else throw e;
        }),
      ),
    );
    const dry = await Promise.all([
      this.post(h, nbPath, req.notebook, true).then((r) => ({ target: 'notebook', r })),
      ...volumes.map((v) => this.post(h, pvcsPath(ns), v, true).then((r) => ({ target: String((v.metadata as { name?: unknown }).name ?? ''), r }))),
    ]);
    for (const { target, r } of dry) {
      if (r.object) continue;
      problems.push(...r.problems.map((p) => ({ target, ...p })));
      message ||= target === 'notebook' ? r.message : `Volume ${target}: ${r.message}`;
    }
    if (problems.length) return { problems, message: message || 'The cluster rejected the notebook server.' };
    if (req.dryRun) return { notebook: dry[0]?.r.object as KubeObject, volumes: dry.slice(1).map((d) => d.r.object as KubeObject) };

    const created: KubeObject[] = [];
    const rollback = async () => {
      for (const v of created)
        await h
          .request({ method: 'DELETE', path: `${pvcsPath(ns)}/${v.metadata.name}` })
          .catch(() => undefined /* best effort: the user sees the original failure */);
    };
    try {
      for (const v of volumes) {
        const r = await this.post(h, pvcsPath(ns), v, false);
        const name = String((v.metadata as { name?: unknown }).name ?? '');
        if (!r.object) {
          await rollback();
          return { message: `Volume ${name}: ${r.message}`, problems: r.problems.map((p) => ({ target: name, ...p })) };
        }
        created.push(r.object);
      }
      const r = await this.post(h, nbPath, req.notebook, false);
      if (!r.object) {
        await rollback();
        return { message: r.message, problems: r.problems.map((p) => ({ target: 'notebook', ...p })) };
      }
      return { notebook: r.object, volumes: created };
    } catch (e) {
      await rollback();
      throw e;
    }
  }

  /** Stops (the annotation set to now) or starts (the annotation removed) a server. */
  async setStopped(req: StopRequest): Promise<{ object: KubeObject }> {
    const h = await this.registry.writableHttp(req.clusterId);
    const object = await h.request<KubeObject>({
      method: 'PATCH',
      path: `${notebooksPath(req.namespace)}/${req.name}`,
      body: { metadata: { annotations: { [stopAnnotation]: req.stopped ? rfc3339(new Date()) : null } } },
      contentType: 'application/merge-patch+json',
    });
    return { object };
  }

  /** Deletes a server, then the volumes asked for (each must be one the server mounts). */
  async delete(req: DeleteRequest): Promise<{ deletedVolumes: string[] }> {
    const h = await this.registry.writableHttp(req.clusterId);
    const nb = await h.request<KubeObject>({ path: `${notebooksPath(req.namespace)}/${req.name}` });
    const mounted = new Set(
      (notebookPodSpec(nb).volumes ?? []).map((v) => (v['persistentVolumeClaim'] as { claimName?: string } | undefined)?.claimName).filter(Boolean),
    );
    const foreign = req.deleteVolumes.filter((v) => !mounted.has(v));
    if (foreign.length)
      throw new AppError('validation', `${foreign.join(', ')} ${foreign.length > 1 ? 'are' : 'is'} not a volume of ${req.name}; nothing was deleted.`);
    await h.request({
      method: 'DELETE',
      path: `${notebooksPath(req.namespace)}/${req.name}`,
      body: { apiVersion: 'v1', kind: 'DeleteOptions', propagationPolicy: 'Background' },
    });
    const deletedVolumes: string[] = [];
    for (const v of req.deleteVolumes) {
      try {
        // the claim is released once the pod is gone (kubernetes.io/pvc-protection)
        await h.request({ method: 'DELETE', path: `${pvcsPath(req.namespace)}/${v}` });
        deletedVolumes.push(v);
      } catch (e) {
        if (e instanceof AppError && e.code === 'not-found') continue;
        throw new AppError(
          e instanceof AppError ? e.code : 'internal',
          `${req.name} was deleted, but its volume ${v} was not: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
    }
    return { deletedVolumes };
  }

  /** What the user may do in the namespace, each refusal with a reason naming the user. */
  async permissions(req: NamespaceRequest): Promise<NotebookPermissions> {
    if (isSnapshotId(req.clusterId)) {
      const no: Permission = snapshotPermission;
      return { user: '', create: no, patch: no, delete: no, createVolumes: no, deleteVolumes: no };
    }
    const h = await this.registry.http(req.clusterId);
    const nb = { group: 'kubeflow.org', resource: 'notebooks' };
    const pvc = { group: '', resource: 'persistentvolumeclaims' };
    const [user, create, patch, del, createV, deleteV] = await Promise.all([
      h
        .request<{ status?: { userInfo?: { username?: string } } }>({
          method: 'POST',
          path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
          body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        })
        .then((r) => r.status?.userInfo?.username ?? '')
        .catch(() => ''), // older servers: the answers still stand, only the name is missing
      this.review(h, req.namespace, nb, 'create'),
      this.review(h, req.namespace, nb, 'patch'),
      this.review(h, req.namespace, nb, 'delete'),
      this.review(h, req.namespace, pvc, 'create'),
      this.review(h, req.namespace, pvc, 'delete'),
    ]);
    const who = user || 'Your account';
    const explain = (verb: string, what: string, r: { allowed: boolean; reason: string }): Permission =>
      r.allowed
        ? { allowed: true, reason: '' }
        : { allowed: false, reason: `${who} may not ${verb} ${what} in ${req.namespace}${r.reason ? ` (${r.reason})` : ''}.` };
    return {
      user,
      create: explain('create', 'notebooks', create),
      patch: explain('change', 'notebooks', patch),
      delete: explain('delete', 'notebooks', del),
      createVolumes: explain('create', 'persistentvolumeclaims', createV),
      deleteVolumes: explain('delete', 'persistentvolumeclaims', deleteV),
    };
  }

  private async review(h: KubeHttp, namespace: string, t: { group: string; resource: string }, verb: string): Promise<{ allowed: boolean; reason: string }> {
    const r = await h.request<{ status?: { allowed?: boolean; reason?: string } }>({
      method: 'POST',
      path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
      body: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', spec: { resourceAttributes: { verb, ...t, namespace } } },
    });
    return { allowed: r.status?.allowed === true, reason: r.status?.reason ?? '' };
  }

  /** POSTs with strict field validation; objections to the content come back as problems, other failures throw. */
  private async post(
    h: KubeHttp,
    path: string,
    body: unknown,
    dryRun: boolean,
  ): Promise<
    { object: KubeObject; problems?: undefined; message?: undefined } | { object?: undefined; problems: { field: string; message: string }[]; message: string }
  > {
    const res = await h.exchange({ method: 'POST', path, query: { fieldValidation: 'Strict', ...(dryRun ? { dryRun: 'All' } : {}) }, body });
    if (res.status >= 200 && res.status < 300) return { object: JSON.parse(res.text) as KubeObject };
    const status = statusOf(res.text);
    const kind = String((body as { kind?: unknown }).kind ?? 'object');
    const ns = String(((body as { metadata?: { namespace?: unknown } }).metadata ?? {}).namespace ?? '');
    const problems = problemsOf(res.status, status, { what: kind, namespace: ns })?.map((p) =>
      // a size that is not a quantity fails decoding, before any field is named
      kind === 'PersistentVolumeClaim' && !p.field && /quantities must match/.test(p.message) ? { ...p, field: 'spec.resources.requests.storage' } : p,
    );
    if (problems) return { problems, message: status.message ?? `The cluster rejected the ${kind}.` };
    throw httpStatusError(res.status, res.text);
  }
}
