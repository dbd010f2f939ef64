// SPDX-License-Identifier: Apache-2.0
/**
 * The KFP connection the runs, experiments and recurring-runs services share: one access per
 * cluster (kfp-access.ts: gateway or port-forward, multi-user with the user's namespaces), made
 * again when the pipelines settings name another user; calls that forget the access when KFP was
 * not reached; refusals of a multi-user KFP completed with who MLDeck acts as and where that user
 * may work; and the kept rows that serve lists when KFP cannot be reached.
 */
import { AppError, isAppError } from '../../../shared/errors';
import type { Disposable } from '../../../shared/lifecycle';
import { readThrough, type ReadThroughRows } from '../../platform/cache/read-through';
import type { ClusterRegistry } from '../../platform/kube/cluster-registry';
import { AccessPool } from '../../platform/kube/access-pool';
import type { InClusterConnector } from '../../platform/kube/in-cluster-connector';
import type { KubeflowGatewaySource } from '../../platform/kubeflow-gateway';
import type { KfpOrigin } from '../../../shared/features/pipelines/pipelines.contract';
import { KfpAccessMaker, type KfpAccess } from './kfp-access';
import { KfpUnreachable, type KfpClient } from './kfp-client';
import type { PipelinesSettingsStore } from './pipelines-settings';
import type { RunsCache, RunsCacheKind } from './runs-cache';

/** Whether MLDeck should serve what it kept rather than fail. */
const unreachable = (e: unknown) => isAppError(e) && (e.code === 'unavailable' || e.code === 'timeout');

/** The error of an unknown failure. */
export function asAppError(e: unknown): AppError {
  return isAppError(e) ? e : new AppError('internal', e instanceof Error ? e.message : String(e));
}

/** Options (tests, benchmarks). */
export interface RunsKfpOptions {
  now?: () => number;
  /** KFP request timeout (default 30 s). */
  timeoutMs?: number;
}

/** The shared connection (see the file comment). */
export class RunsKfp implements Disposable {
  private readonly pool: AccessPool<KfpAccess>;
  readonly kept: ReadThroughRows<RunsCacheKind>;

  constructor(
    private readonly clusters: ClusterRegistry,
    private readonly settings: PipelinesSettingsStore,
    readonly cache: RunsCache,
    connector: InClusterConnector,
    gateways: KubeflowGatewaySource,
    opts: RunsKfpOptions = {},
  ) {
    this.pool = new AccessPool(new KfpAccessMaker(clusters, connector, gateways, settings, opts.timeoutMs ?? 30_000));
    this.kept = { rows: cache, now: opts.now ?? Date.now, service: 'KFP', unreachable, lists: ['runs', 'runs-page', 'experiments', 'recurring'] };
  }

  /** The clusters a request covers: one, or every context. */
  clusterIds(clusterId: string | undefined): string[] {
    return clusterId ? [clusterId] : this.clusters.contexts().map((c) => c.entry.id);
  }

  /** The cluster's access, made again when the Kubeflow user in the settings changed since. */
  async access(clusterId: string): Promise<KfpAccess> {
    const a = await this.pool.get(clusterId);
    if (!a.multiUser) return a;
    const { userId } = await this.settings.get(clusterId);
    if (userId === a.userId) return a;
    this.pool.forget(clusterId, false);
    return this.pool.get(clusterId);
  }

  /**
   * Runs a KFP call. When KFP was not reached the access is forgotten (the next call connects
   * afresh); a refusal of a multi-user KFP says as whom MLDeck asked and where that user may work.
   */
  async call<T>(clusterId: string, a: KfpAccess, op: (c: KfpClient) => Promise<T>): Promise<T> {
    try {
      return await op(a.client);
    } catch (e) {
      if (e instanceof KfpUnreachable) this.pool.forget(clusterId);
      if (isAppError(e) && e.code === 'forbidden' && a.multiUser) throw refusedAs(e, a);
      throw e;
    }
  }

  /** Reads through the kept rows: kept when read, served with its date when KFP cannot be reached. */
  read<T extends object>(clusterId: string, kind: RunsCacheKind, key: string, fetch: (a: KfpAccess) => Promise<T>): Promise<T & { origin: KfpOrigin }> {
    return readThrough(this.kept, clusterId, kind, key, async () => {
      const a = await this.access(clusterId);
      return { value: await fetch(a), origin: a.origin };
    });
  }

  dispose(): void {
    this.pool.clear();
  }
}

/** A multi-user refusal with the user and their namespaces. */
export function refusedAs(e: AppError, a: Pick<KfpAccess, 'userId' | 'namespaces'>): AppError {
  const where = a.namespaces.length ? `whose profile namespaces are ${a.namespaces.join(', ')}` : 'who has no profile namespace';
  return new AppError('forbidden', `${e.message} MLDeck acts as ${a.userId}, ${where}; the owner of another profile can add you as a contributor.`, e.detail);
}
