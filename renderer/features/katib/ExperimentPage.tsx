// SPDX-License-Identifier: Apache-2.0
/**
 * One Katib experiment: status and the condition behind it, progress, the best trial with its
 * parameters and metrics, the charts (parallel coordinates with brushing, objective over trial
 * number, parameter importance), the trials table (narrowed by the brushes) and a trial's
 * detail (`?trial=`), and the conditions. Everything reads live slices of the namespace, so it
 * also works offline from the cache.
 */
import { useMemo, useState } from 'react';
import { useRouter, type Route } from '../../app/router';
import { ConditionsTable } from '../../components/detail/ConditionsTable';
import { DetailHeader } from '../../components/detail/DetailHeader';
import { ObjectPresence } from '../../components/detail/ObjectPresence';
import { ExperimentActions } from './ExperimentActions';
import { ExperimentCharts } from './ExperimentCharts';
import { durationText, experimentTone, objectiveText } from './katib-list-model';
import { keptNames } from './parallel-coords-model';
import { TrialDetail } from './TrialDetail';
import { TrialsTable } from './TrialsTable';
import { useExperiment } from './use-experiment';
import './katib.css';

/** The page for an `experiment` route. */
export function ExperimentPage({ route }: { route: Extract<Route, { page: 'experiment' }> }) {
  const go = useRouter((s) => s.go);
  const d = useExperiment(route);
  const { experiment, summary: s, trials, best } = d;
  const [{ selection, generation }, setBrush] = useState<{ selection: Set<string> | undefined; generation: number }>({ selection: undefined, generation: 0 });
  const shown = useMemo(() => (selection ? trials.filter((t) => selection.has(t.name)) : trials), [trials, selection]);
  const trialObject = route.trial ? d.trialObjects.find((t) => t.metadata.name === route.trial) : undefined;
  const trialSummary = route.trial ? trials.find((t) => t.name === route.trial) : undefined;
  const open = (trial: string | undefined) =>
    go({ page: 'experiment', clusterId: route.clusterId, namespace: route.namespace, name: route.name, ...(trial ? { trial } : {}) });
  const openPod = (name: string) =>
    go({
      page: 'resources',
      clusterId: route.clusterId,
      kind: { group: '', version: 'v1', resource: 'pods' },
      namespace: route.namespace,
      selected: { namespace: route.namespace, name },
    });
  const progress = s?.maxTrials ? Math.min(1, (s.trials.succeeded + s.trials.failed + s.trials.earlyStopped + s.trials.killed) / s.maxTrials) : undefined;

  return (
    <div className="page katib-experiment" data-testid="experiment-page">
      <DetailHeader
        back={{ label: 'Back to tuning experiments', text: '← Tuning', onClick: () => go({ page: 'katib', clusterId: route.clusterId }) }}
        name={route.name}
        what="Katib experiment"
        namespace={route.namespace}
        clusterName={d.cluster?.displayName ?? route.clusterId}
        status={s && { text: s.phase, tone: experimentTone(s.phase), title: [s.reason, s.message].filter(Boolean).join(': ') }}
        freshness={d.expSlice.status}
      >
        {s && (
          <ExperimentActions clusterId={route.clusterId} s={s} annotations={experiment?.metadata.annotations} resumePolicy={experiment?.spec?.resumePolicy} />
        )}
      </DetailHeader>
      <ObjectPresence slice={d.expSlice} found={!!experiment} what="Experiment" name={route.name} namespace={route.namespace} />
      {experiment && s && (
        <>
          <section className="katib-summary" data-testid="experiment-summary">
            <dl className="katib-facts">
              <div>
                <dt>Objective</dt>
                <dd>{objectiveText(s)}</dd>
              </div>
              <div>
                <dt>Algorithm</dt>
                <dd>
                  {s.algorithm}
                  {s.earlyStopping ? ` + ${s.earlyStopping}` : ''}
                </dd>
              </div>
              <div>
                <dt>Trials</dt>
                <dd data-testid="experiment-trial-counts">
                  {s.trials.total}
                  {s.maxTrials ? ` of ${s.maxTrials}` : ''} · {s.trials.running + s.trials.pending} running · {s.trials.succeeded} succeeded · {s.trials.failed}{' '}
                  failed · {s.trials.earlyStopped} early-stopped
                </dd>
              </div>
              <div>
                <dt>Duration</dt>
                <dd>{durationText(s.durationMs) || '—'}</dd>
              </div>
            </dl>
            {progress !== undefined && (
              <div
                className="katib-progress"
                role="progressbar"
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={Math.round(progress * 100)}
                aria-label="Trials done"
              >
                <span style={{ width: `${Math.round(progress * 100)}%` }} />
              </div>
            )}
            {s.message && <p className="muted small">{s.message}</p>}
          </section>

          <section className="katib-best" data-testid="experiment-best">
            <h2>Best trial</h2>
            {best ? (
              <p>
                <button className="link" data-testid="best-trial" onClick={() => open(best.name)}>
                  {best.name}
                </button>{' '}
                — {s.objective.metric} <strong data-testid="best-value">{best.objective}</strong>
                {' · '}
                {Object.entries(best.params)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}
                {' · '}
                {Object.entries(best.metrics)
                  .map(([k, v]) => `${k}=${v}`)
                  .join(', ')}
              </p>
            ) : (
              <p className="muted">No trial has reported the objective yet.</p>
            )}
          </section>

          <ExperimentCharts
            parallel={d.parallel}
            bestName={best?.name}
            objectiveName={s.objective.metric}
            series={d.series}
            importance={d.importance}
            selectedCount={selection?.size}
            brushGeneration={generation}
            onBrush={(mask, brushes) =>
              setBrush((b) => ({ selection: brushes.length ? new Set(keptNames(d.parallel, mask)) : undefined, generation: b.generation + 1 }))
            }
          />

          <h2>Trials</h2>
          <TrialsTable
            trials={shown}
            paramNames={d.parameters.map((p) => p.name)}
            metricNames={d.metricNames}
            best={best?.name}
            selected={route.trial}
            onOpen={open}
            emptyText={selection ? 'No trial is inside the brushes.' : 'No trials yet.'}
          />
          {d.keepProblem && (
            <p className="muted small" role="status">
              {d.keepProblem}
            </p>
          )}

          {route.trial && trialObject && trialSummary ? (
            <TrialDetail
              clusterId={route.clusterId}
              namespace={route.namespace}
              trial={trialObject}
              summary={trialSummary}
              pods={d.trialPods}
              events={d.eventSlice.items ?? []}
              metricNames={d.metricNames}
              onOpenPod={openPod}
            />
          ) : (
            route.trial && <p className="muted">The trial {route.trial} is not (or no longer) in this experiment.</p>
          )}

          <h2>Conditions</h2>
          <ConditionsTable
            testId="experiment-conditions"
            conditions={(experiment.status?.conditions ?? []).map((c) => ({ ...c, at: c.lastTransitionTime }))}
            columns={['time', 'type', 'status', 'reason', 'message']}
          />
        </>
      )}
    </div>
  );
}
