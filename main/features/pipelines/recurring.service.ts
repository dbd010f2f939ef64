// SPDX-License-Identifier: Apache-2.0
/**
 * KFP recurring runs: listed on one cluster or all (optionally of one experiment; a multi-user
 * KFP in each of the user's namespaces); made from a pipeline version on a cron schedule (KFP's
 * cron has six fields, seconds first) or every N seconds, with a maximum of concurrent runs and
 * catch-up of missed intervals, after the same checks as a run; enabled, disabled, deleted. The
 * runs a recurring run made are the runs list filtered by it.
 */
import { isAppError } from '../../../shared/errors';
import type { NamespaceRefusal } from '../../../shared/features/pipelines/pipelines.contract';
import type {
  ClusterRecurringRuns,
  CreateOutcome,
  CreateRecurringRunRequest,
  RecurringActionRequest,
  RecurringRunSummary,
  RecurringRunsRequest,
  RunFieldProblem,
} from '../../../shared/features/pipelines/runs.contract';
import type { KfpAccess } from './kfp-access';
import { checkCreate, refusalAsProblems } from './runs-create-check';
import { asAppError, type RunsKfp } from './runs-kfp';
import { recurringSummary, wireTrigger, type WireRecurringRun } from './runs-wire';

/** The most pages read (200 each). */
const maxPages = 10;

/** Problems of a schedule (pure). */
export function scheduleProblems(req: Pick<CreateRecurringRunRequest, 'trigger' | 'startTime' | 'endTime'>): RunFieldProblem[] {
  const out: RunFieldProblem[] = [];
  if (req.trigger.kind === 'cron') {
    const cron = req.trigger.cron.trim();
    const fields = cron.split(/\s+/).length;
    if (!cron.startsWith('@') && fields !== 6)
      out.push({
        field: 'trigger',
        message: `KFP's cron has six fields, seconds first (“0 0 2 * * *” is 02:00 every day); “${cron}” has ${fields}.`,
      });
  }
  if (req.startTime && req.endTime && Date.parse(req.endTime) <= Date.parse(req.startTime))
    out.push({ field: 'endTime', message: 'The schedule must end after it starts.' });
  return out;
}

/** The service. */
export class RecurringRunsService {
  constructor(private readonly kfp: RunsKfp) {}

  /** Recurring runs of one cluster or every cluster. */
  async list(req: RecurringRunsRequest): Promise<{ clusters: ClusterRecurringRuns[] }> {
    const clusters = await Promise.all(
      this.kfp.clusterIds(req.clusterId).map(async (clusterId): Promise<ClusterRecurringRuns> => {
        try {
          const got = await this.kfp.read(clusterId, 'recurring', req.experimentId ?? '', (a) => this.fetch(clusterId, a, req.experimentId));
          return { clusterId, ok: true, ...got };
        } catch (e) {
          return { clusterId, ok: false, error: asAppError(e).toData() };
        }
      }),
    );
    return { clusters };
  }

  /** Checks a recurring run, and makes it unless it is a dry run. */
  async create(req: CreateRecurringRunRequest): Promise<CreateOutcome<RecurringRunSummary>> {
    const a = await this.kfp.access(req.clusterId);
    const checked = await checkCreate(this.kfp, req.clusterId, a, req);
    const problems = [...checked.problems, ...scheduleProblems(req)];
    if (problems.length)
      return { problems, message: 'MLDeck checked the recurring run against the pipeline version and KFP, and it would not start as it is.' };
    if (req.dryRun) return { made: undefined };
    const body = {
      display_name: req.displayName,
      description: req.description,
      ...(req.experimentId ? { experiment_id: req.experimentId } : {}),
      pipeline_version_reference: { pipeline_id: req.pipelineId, pipeline_version_id: req.versionId },
      runtime_config: { parameters: req.parameters },
      trigger: wireTrigger(req.trigger, req.startTime, req.endTime),
      max_concurrency: String(req.maxConcurrency),
      no_catchup: !req.catchup,
      mode: req.enabled ? 'ENABLE' : 'DISABLE',
      ...(checked.namespace ? { namespace: checked.namespace } : {}),
    };
    try {
      const r = await this.kfp.call(req.clusterId, a, (c) => c.post<WireRecurringRun>('/recurringruns', body));
      this.forget(req.clusterId);
      return { made: recurringSummary(req.clusterId, r) };
    } catch (e) {
      return refusalAsProblems(e);
    }
  }

  /** Enables, disables or deletes a recurring run. */
  async action(req: RecurringActionRequest): Promise<void> {
    const a = await this.kfp.access(req.clusterId);
    const path = `/recurringruns/${encodeURIComponent(req.recurringRunId)}`;
    if (req.action === 'delete') await this.kfp.call(req.clusterId, a, (c) => c.delete(path));
    else await this.kfp.call(req.clusterId, a, (c) => c.post(`${path}:${req.action}`));
    this.forget(req.clusterId);
  }

  /** Lists change: what was kept of this cluster's lists is no longer what KFP has. */
  private forget(clusterId: string): void {
    this.kfp.cache.removePrefix(clusterId, 'recurring', '');
  }

  private async fetch(
    clusterId: string,
    a: KfpAccess,
    experimentId: string | undefined,
  ): Promise<{ recurringRuns: RecurringRunSummary[]; refused: NamespaceRefusal[] }> {
    const refused = [...(experimentId ? [] : a.refused)];
    const spaces = a.multiUser && !experimentId ? a.namespaces : [''];
    const lists = await Promise.all(
      spaces.map(async (namespace) => {
        try {
          return await this.pages(clusterId, a, namespace, experimentId);
        } catch (e) {
          if (!isAppError(e) || e.code !== 'forbidden' || !namespace) throw e;
          refused.push({ namespace, reason: e.message });
          return [];
        }
      }),
    );
    return { recurringRuns: lists.flat(), refused: refused.sort((x, y) => x.namespace.localeCompare(y.namespace)) };
  }

  private async pages(clusterId: string, a: KfpAccess, namespace: string, experimentId: string | undefined): Promise<RecurringRunSummary[]> {
    const out: RecurringRunSummary[] = [];
    let token: string | undefined;
    for (let page = 0; page < maxPages; page++) {
      const res = await this.kfp.call(clusterId, a, (c) =>
        c.get<{ recurringRuns?: WireRecurringRun[]; next_page_token?: string }>('/recurringruns', {
          ...(namespace ? { namespace } : {}),
          ...(experimentId ? { experiment_id: experimentId } : {}),
          page_size: 200,
          sort_by: 'created_at desc',
          page_token: token,
        }),
      );
      out.push(...(res.recurringRuns ?? []).map((r) => recurringSummary(clusterId, r)));
      token = res.next_page_token || undefined;
      if (!token) break;
    }
    return out;
  }
}
