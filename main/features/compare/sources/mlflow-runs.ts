// SPDX-License-Identifier: Apache-2.0
/**
 * MLflow runs of any tracking server MLDeck knows (a cluster's, or a URL: main/platform/mlflow's
 * TrackingServers) as compared runs: the run's params, each metric's latest value as its final
 * value, each metric's whole history (`metrics/get-history`, paged; up to 100,000 points a
 * metric) as its series, and where: the server (its cluster and how it was reached) and the
 * run's experiment.
 */
import { AppError } from '../../../../shared/errors';
import type { ComparedRun, RunRef } from '../../../../shared/features/compare/compare-model';
import { runKey } from '../../../../shared/features/compare/compare-model';
import { parseTrackingServerId, type TrackingServerRef } from '../../../../shared/features/mlflow/tracking-types';
import type { OpenServer } from '../../../platform/mlflow/tracking-servers';
import { getExperiment, getRun, metricHistory } from '../../../platform/mlflow/tracking-api';
import type { RunSourceReader } from './run-source';

type MlflowRef = Extract<RunRef, { source: 'mlflow' }>;

/** The tracking servers, as this source needs them (TrackingServers). */
export interface TrackingServersSource {
  open(ref: TrackingServerRef): Promise<OpenServer>;
}

/** The most points read of one metric's history. */
export const maxHistoryPoints = 100_000;

/** Reads MLflow runs. */
export class MlflowRunsSource implements RunSourceReader<MlflowRef> {
  constructor(
    private readonly servers: TrackingServersSource,
    private readonly now: () => number = Date.now,
  ) {}

  async read(ref: MlflowRef): Promise<ComparedRun> {
    const serverRef = parseTrackingServerId(ref.serverId);
    if (!serverRef) throw new AppError('validation', `${ref.serverId} does not name a tracking server (cluster:<id> or url:<url>).`);
    const s = await this.servers.open(serverRef);
    const run = await s.call((c) => getRun(c, ref.runId));
    const experiment = await s.call((c) => getExperiment(c, run.experimentId));
    const series: ComparedRun['series'] = [];
    for (const m of [...run.metrics].sort((a, b) => a.key.localeCompare(b.key))) {
      const h = await s.call((c) => metricHistory(c, ref.runId, m.key, maxHistoryPoints));
      series.push({ metric: m.key, steps: h.points.map((p) => p.step), times: h.points.map((p) => p.timestamp), values: h.points.map((p) => p.value) });
    }
    return {
      key: runKey(ref),
      ref,
      label: run.runName || ref.runId,
      source: 'mlflow',
      cluster: s.server.clusterName ?? s.server.label,
      where: `${s.server.label} · experiment ${experiment.name}`,
      state: run.status,
      params: Object.fromEntries(run.params.map((p) => [p.key, p.value])),
      metrics: Object.fromEntries(run.metrics.map((m) => [m.key, m.value])),
      series,
      directions: {},
      fetchedAt: this.now(),
    };
  }
}
