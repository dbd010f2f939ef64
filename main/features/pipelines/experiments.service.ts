// SPDX-License-Identifier: Apache-2.0
/**
 * KFP experiments: listed on one cluster or all (a multi-user KFP in each of the user's profile
 * namespaces, the others said with why), archived ones too; created (in a profile namespace of the
 * user on a multi-user KFP), archived, restored and deleted. Lists are kept and served with their
 * date when KFP cannot be reached.
 */
import { AppError, isAppError } from '../../../shared/errors';
import type { NamespaceRefusal } from '../../../shared/features/pipelines/pipelines.contract';
import type { ClusterExperiments, CreateExperimentRequest, ExperimentActionRequest, ExperimentSummary } from '../../../shared/features/pipelines/runs.contract';
import type { KfpAccess } from './kfp-access';
import { asAppError, type RunsKfp } from './runs-kfp';
import { experimentSummary, type WireExperiment } from './runs-wire';

/** The most pages of experiments read (200 each). */
const maxPages = 25;

/** The service. */
export class ExperimentsService {
  constructor(private readonly kfp: RunsKfp) {}

  /** Experiments of one cluster or every cluster, each with its own outcome. */
  async list(req: { clusterId?: string | undefined }): Promise<{ clusters: ClusterExperiments[] }> {
    const clusters = await Promise.all(
      this.kfp.clusterIds(req.clusterId).map(async (clusterId): Promise<ClusterExperiments> => {
        try {
          const got = await this.kfp.read(clusterId, 'experiments', '', (a) => this.fetch(clusterId, a));
          return { clusterId, ok: true, ...got };
        } catch (e) {
          return { clusterId, ok: false, error: asAppError(e).toData() };
        }
      }),
    );
    return { clusters };
  }

  /** Makes an experiment. */
  async create(req: CreateExperimentRequest): Promise<ExperimentSummary> {
    const a = await this.kfp.access(req.clusterId);
    let namespace: string | undefined;
    if (a.multiUser) {
      if (!req.namespace)
        throw new AppError(
          'validation',
          `This KFP is multi-user: choose the profile namespace of the experiment (yours: ${a.namespaces.join(', ') || 'none'}).`,
        );
      if (!a.namespaces.includes(req.namespace)) {
        const why = a.refused.find((r) => r.namespace === req.namespace)?.reason ?? `${req.namespace} is not one of your profile namespaces.`;
        throw new AppError('forbidden', `You (${a.userId}) cannot make an experiment in ${req.namespace}: ${why}`);
      }
      namespace = req.namespace;
    }
    const body = { display_name: req.displayName, description: req.description, ...(namespace ? { namespace } : {}) };
    const e = await this.kfp.call(req.clusterId, a, (c) => c.post<WireExperiment>('/experiments', body));
    this.kfp.cache.remove(req.clusterId, 'experiments', '');
    return experimentSummary(req.clusterId, e);
  }

  /** Archives, restores or deletes an experiment. */
  async action(req: ExperimentActionRequest): Promise<void> {
    const a = await this.kfp.access(req.clusterId);
    const path = `/experiments/${encodeURIComponent(req.experimentId)}`;
    if (req.action === 'delete') await this.kfp.call(req.clusterId, a, (c) => c.delete(path));
    else await this.kfp.call(req.clusterId, a, (c) => c.post(`${path}:${req.action}`));
    this.kfp.cache.remove(req.clusterId, 'experiments', '');
  }

  private async fetch(
    clusterId: string,
    a: KfpAccess,
  ): Promise<{ experiments: ExperimentSummary[]; refused: NamespaceRefusal[]; multiUser: boolean; namespaces: string[] }> {
    const refused = [...a.refused];
    const lists = await Promise.all(
      (a.multiUser ? a.namespaces : ['']).map(async (namespace) => {
        try {
          return await this.pages(clusterId, a, namespace);
        } catch (e) {
          if (!isAppError(e) || e.code !== 'forbidden' || !namespace) throw e;
          refused.push({ namespace, reason: e.message });
          return [];
        }
      }),
    );
    return {
      experiments: lists.flat(),
      refused: refused.sort((x, y) => x.namespace.localeCompare(y.namespace)),
      multiUser: a.multiUser,
      namespaces: a.namespaces,
    };
  }

  private async pages(clusterId: string, a: KfpAccess, namespace: string): Promise<ExperimentSummary[]> {
    const out: ExperimentSummary[] = [];
    let token: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const res = await this.kfp.call(clusterId, a, (c) =>
        c.get<{ experiments?: WireExperiment[]; next_page_token?: string }>('/experiments', {
          ...(namespace ? { namespace } : {}),
          page_size: 200,
          sort_by: 'created_at desc',
          page_token: token,
        }),
      );
      out.push(...(res.experiments ?? []).map((e) => experimentSummary(clusterId, e)));
      token = res.next_page_token || undefined;
      if (!token) break;
    }
    return out;
  }
}
