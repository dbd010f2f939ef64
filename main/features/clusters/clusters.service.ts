// SPDX-License-Identifier: Apache-2.0
/**
 * Clusters: the list of contexts, the current one, adding and removing kubeconfigs, exec
 * plugin approval (of the exact invocation the user was shown, confirmed natively in Electron),
 * health (reachability, version, latency, whether the credentials work), Kubeflow discovery and
 * RBAC questions. A context whose exec plugin is not approved is never contacted.
 */
import { AppError } from '../../../shared/errors';
import type { AccessAnswer, AccessCheck, ClusterDiscovery, ClusterHealth, ClusterList } from '../../../shared/features/clusters/clusters.contract';
import type { ExecApprovalPrompt } from '../../../shared/features/clusters/exec-invocation';
import type { ApiResourceInfo } from '../../../shared/features/resources/resources.contract';
import type { Disposable } from '../../../shared/lifecycle';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import type { FileExecApprovals } from '../../platform/kube/exec-approvals';
import { listApiResources } from '../../platform/kube/api-resources';
import { isSnapshotId, snapshotPermission, type SnapshotRegistry } from '../../platform/snapshots/snapshot-registry';
import type { CacheDb } from '../../platform/cache/cache-db';
import { kindsFromCache } from './cached-kinds';
import { kubeflowDiscovery } from '../../platform/kube/kubeflow-discovery';

/**
 * The final confirmation of an exec plugin approval, shown by the host (Electron: a native dialog
 * from main). Absent in browser mode, where the renderer's prompt is the only step.
 * @returns true when the user confirmed
 */
export type ConfirmExecApproval = (prompt: ExecApprovalPrompt) => Promise<boolean>;

/** Cached API resources per cluster, for five minutes. */
const kindsTtlMs = 5 * 60_000;

/** The clusters service. */
export class ClustersService implements Disposable {
  private readonly kinds = new Map<string, { at: number; value: Promise<ApiResourceInfo[]> }>();

  constructor(
    private readonly registry: ClusterRegistry,
    private readonly approvals: FileExecApprovals,
    private readonly onChange: (list: ClusterList) => void,
    private readonly snapshots: SnapshotRegistry,
    private readonly cache: CacheDb,
    private readonly confirmExec?: ConfirmExecApproval,
  ) {}

  /** Every context, the current one and file problems. */
  async list(): Promise<ClusterList> {
    const clusters = await Promise.all(this.registry.contexts().map((c) => this.registry.summary(c)));
    clusters.push(...this.snapshots.summaries());
    return {
      clusters,
      currentId: this.snapshots.currentId() ?? this.registry.currentId(),
      problems: [...this.registry.fileProblems(), ...this.snapshots.fileProblems()],
      labAvailable: this.registry.labAvailable(),
      kubeconfigChain: this.registry.kubeconfigChain(),
    };
  }

  /** Tells every window the list changed, and returns it. */
  async changed(): Promise<ClusterList> {
    this.kinds.clear();
    const list = await this.list();
    this.onChange(list);
    return list;
  }

  async setCurrent(id: string): Promise<ClusterList> {
    if (isSnapshotId(id)) await this.snapshots.setCurrent(id);
    else {
      await this.registry.setCurrent(id);
      await this.snapshots.setCurrent(undefined);
    }
    return this.changed();
  }

  async addFile(path: string): Promise<ClusterList> {
    await this.registry.addFile(path);
    return this.changed();
  }

  async useLab(): Promise<ClusterList> {
    await this.registry.useLab();
    return this.changed();
  }

  async addText(text: string, label?: string): Promise<ClusterList> {
    await this.registry.addText(text, label);
    return this.changed();
  }

  async remove(id: string): Promise<ClusterList> {
    if (isSnapshotId(id)) await this.snapshots.remove(id);
    else await this.registry.remove(id);
    return this.changed();
  }

  async rename(id: string, name: string): Promise<ClusterList> {
    if (isSnapshotId(id)) throw new AppError('validation', 'Snapshots keep the name of the cluster they were taken from.');
    await this.registry.rename(id, name);
    return this.changed();
  }

  /**
   * Exactly what a context's exec plugin would run, for the approval prompt. Runs nothing.
   * @throws AppError `validation` (no plugin, or an exec section kubectl refuses), `not-found`
   */
  async describeExec(id: string): Promise<ExecApprovalPrompt> {
    if (isSnapshotId(id)) throw new AppError('validation', 'A snapshot does not use a credential plugin.');
    const r = await this.registry.execInvocation(id);
    if (!r) throw new AppError('validation', 'This cluster does not use a credential plugin.');
    const c = this.registry.get(id);
    return { clusterId: id, contextName: c.entry.name, userName: r.userName, invocation: r.invocation, approved: r.approved };
  }

  /**
   * Approves the invocation the user was shown, identified by its fingerprint. The invocation is
   * found again in main (never taken from the renderer); if it changed since the prompt (the file,
   * the kubeconfig), or changes while the host's confirmation is open, nothing is approved.
   * @throws AppError `conflict` (changed since shown), `cancelled` (not confirmed), `validation`
   */
  async approveExec(id: string, fingerprint: string): Promise<ClusterList> {
    const changed = () =>
      new AppError('conflict', 'The credential plugin changed since it was shown (its file, arguments or environment). Review it again before approving.');
    const prompt = await this.describeExec(id);
    if (prompt.invocation.fingerprint !== fingerprint) throw changed();
    if (this.confirmExec) {
      if (!(await this.confirmExec(prompt))) throw new AppError('cancelled', 'The credential plugin was not approved.');
      if ((await this.describeExec(id)).invocation.fingerprint !== fingerprint) throw changed();
    }
    await this.approvals.approve(prompt.invocation);
    return this.changed();
  }

  /** Contacts the cluster: version and latency, then whether the credentials are accepted. */
  async health(id: string): Promise<ClusterHealth> {
    const checkedAt = new Date().toISOString();
    const base = { id, checkedAt };
    if (isSnapshotId(id)) {
      return {
        ...base,
        reachable: false,
        version: undefined,
        latencyMs: undefined,
        auth: 'unknown',
        error: { code: 'unavailable', message: 'A snapshot is read from its file; no cluster is contacted.' },
      };
    }
    let version: string | undefined;
    let latencyMs: number | undefined;
    try {
      const plugin = await this.registry.execInvocation(id);
      if (plugin && !plugin.approved) {
        const message = `Needs approval: this context signs in by running ${plugin.invocation.path}, which you have not approved with these arguments and environment. Nothing was contacted.`;
        return { ...base, reachable: false, version, latencyMs, auth: 'needs-approval', error: { code: 'unauthenticated', message } };
      }
      const http = await this.registry.http(id);
      const t = performance.now();
      version = (await http.request<{ gitVersion: string }>({ path: '/version', timeoutMs: 10_000 })).gitVersion;
      latencyMs = Math.round(performance.now() - t);
      await http.request({
        method: 'POST',
        path: '/apis/authentication.k8s.io/v1/selfsubjectreviews',
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
        timeoutMs: 10_000,
      });
      return { ...base, reachable: true, version, latencyMs, auth: 'ok', error: undefined };
    } catch (e) {
      const err = e instanceof AppError ? e : new AppError('internal', 'The health check failed.');
      const auth = err.code === 'unauthenticated' ? 'unauthenticated' : err.code === 'forbidden' ? 'forbidden' : 'unknown';
      return { ...base, reachable: version !== undefined, version, latencyMs, auth, error: { code: err.code, message: err.message } };
    }
  }

  /** The kinds the cluster serves (cached a few minutes). */
  apiResources(id: string): Promise<ApiResourceInfo[]> {
    if (isSnapshotId(id)) {
      const snap = this.snapshots.get(id);
      return kindsFromCache(snap.cache, snap.meta.cluster);
    }
    const hit = this.kinds.get(id);
    if (hit && Date.now() - hit.at < kindsTtlMs) return hit.value;
    const value = this.registry
      .http(id)
      .then((h) => listApiResources(h))
      .catch(async (e: unknown) => {
        // offline: the kinds MLDeck has cached for this cluster keep the navigation usable
        if (e instanceof AppError && ['unavailable', 'timeout'].includes(e.code)) {
          const cached = await kindsFromCache(this.cache, id);
          if (cached.length) return cached;
        }
        throw e;
      });
    value.catch(() => this.kinds.delete(id));
    this.kinds.set(id, { at: Date.now(), value });
    return value;
  }

  async discover(id: string): Promise<ClusterDiscovery> {
    return kubeflowDiscovery(id, await this.apiResources(id));
  }

  /** Asks the API server (SelfSubjectAccessReview) whether the user may do each thing. */
  async access(id: string, checks: AccessCheck[]): Promise<AccessAnswer[]> {
    if (isSnapshotId(id)) return checks.map((c) => ({ ...c, ...snapshotPermission }));
    const http = await this.registry.http(id);
    return Promise.all(
      checks.map(async (c) => {
        const review = await http.request<{ status?: { allowed?: boolean; denied?: boolean; reason?: string } }>({
          method: 'POST',
          path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
          body: {
            apiVersion: 'authorization.k8s.io/v1',
            kind: 'SelfSubjectAccessReview',
            spec: { resourceAttributes: { verb: c.verb, group: c.group, resource: c.resource, ...(c.namespace ? { namespace: c.namespace } : {}) } },
          },
        });
        const allowed = review.status?.allowed === true;
        const where = c.namespace ? ` in namespace ${c.namespace}` : ' in any namespace';
        return { ...c, allowed, reason: allowed ? '' : review.status?.reason || `Your account may not ${c.verb} ${c.resource}${where}.` };
      }),
    );
  }

  dispose(): void {
    this.kinds.clear();
  }
}
