// SPDX-License-Identifier: Apache-2.0
/**
 * Katib trials as compared runs: the parameters are the trial's `parameterAssignments`, the final
 * metrics each observed metric by its strategy (as the trials table reads them:
 * shared/features/katib/experiment-summary.ts), the series the trial's observation log (its
 * pods' kept logs, parsed as Katib's StdOut collector reads them, through the Katib service), and
 * the objective metric's direction is known (maximize → max, minimize → min). A running trial
 * with no observation yet has the last value of each series as its final value.
 */
import type { ComparedRun, RunRef } from '../../../../shared/features/compare/compare-model';
import { runKey } from '../../../../shared/features/compare/compare-model';
import { summarizeTrial } from '../../../../shared/features/katib/experiment-summary';
import type { ObservationRequest, TrialObservation } from '../../../../shared/features/katib/katib.contract';
import { experimentLabel, katibGroup, katibVersion, type TrialObject } from '../../../../shared/features/katib/katib-objects';
import { seriesOf, type RunSourceReader, type SourceClusters } from './run-source';

type KatibRef = Extract<RunRef, { source: 'katib' }>;

/** The Katib service's observation log, as this source needs it. */
export interface TrialObservations {
  observation(req: ObservationRequest): Promise<TrialObservation>;
}

/** Reads Katib trials. */
export class KatibTrialsSource implements RunSourceReader<KatibRef> {
  constructor(
    private readonly clusters: SourceClusters,
    private readonly observations: TrialObservations,
    private readonly now: () => number = Date.now,
  ) {}

  async read(ref: KatibRef): Promise<ComparedRun> {
    const h = await this.clusters.http(ref.clusterId);
    const trial = await h.request<TrialObject>({ path: `/apis/${katibGroup}/${katibVersion}/namespaces/${ref.namespace}/trials/${ref.trial}` });
    const objective = trial.spec?.objective;
    const summary = summarizeTrial(trial, objective, this.now());
    const names = [
      ...new Set([
        ...(objective ? [objective.objectiveMetricName, ...(objective.additionalMetricNames ?? [])] : []),
        ...(trial.status?.observation?.metrics ?? []).map((m) => m.name),
      ]),
    ];
    const series = names.length
      ? seriesOf(
          (
            await this.observations.observation({
              clusterId: ref.clusterId,
              namespace: ref.namespace,
              trial: ref.trial,
              metricNames: names,
              ...(trial.spec?.primaryContainerName ? { container: trial.spec.primaryContainerName } : {}),
            })
          ).observations.map((o) => ({
            metric: o.metric,
            step: o.step,
            time: Number.isFinite(Date.parse(o.time)) ? Date.parse(o.time) : null,
            value: o.value,
          })),
        )
      : [];
    const metrics = { ...Object.fromEntries(series.map((s) => [s.metric, s.values[s.values.length - 1] as number])), ...summary.metrics };
    const experiment = trial.metadata.labels?.[experimentLabel] ?? '';
    return {
      key: runKey(ref),
      ref,
      label: ref.trial,
      source: 'katib',
      cluster: this.clusters.get(ref.clusterId).entry.name,
      where: experiment ? `${ref.namespace} · experiment ${experiment}` : ref.namespace,
      state: summary.phase,
      params: summary.params,
      metrics,
      series,
      directions: objective ? { [objective.objectiveMetricName]: objective.type === 'minimize' ? 'min' : 'max' } : {},
      fetchedAt: this.now(),
    };
  }
}
