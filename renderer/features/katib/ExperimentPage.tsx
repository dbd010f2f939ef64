// SPDX-License-Identifier: Apache-2.0
/**
 * One Katib experiment: status and the condition behind it, progress, the best trial with its
 * parameters and metrics, the charts (parallel coordinates with brushing, objective over trial
 * number, parameter importance), the trials table (narrowed by the brushes) and a trial's
 * detail (`?trial=`), and the conditions. Everything reads live slices of the namespace, so it
 * also works offline from the cache.
 */
import { useCallback, useEffect, useMemo } from 'react';
import { useRouter, type Route } from '../../app/router';
import { ConditionsTable } from '../../components/detail/ConditionsTable';
import { DetailHeader } from '../../components/detail/DetailHeader';
import { ObjectPresence } from '../../components/detail/ObjectPresence';
import { ExperimentActions } from './ExperimentActions';
import { durationText, experimentTone, objectiveText } from './katib-list-model';
import { ExperimentTrials } from './ExperimentTrials';
import { warmLinesWorker } from './lines-painter';
import { TrialDetail } from './TrialDetail';
import { useExperiment } from './use-experiment';
import './katib.css';

/** The page for an `experiment` route. */
export function ExperimentPage({ route }: { route: Extract<Route, { page: 'experiment' }> }) {
  const go = useRouter((s) => s.go);
  const d = useExperiment(route);
  // the chart's worker starts while the trials are read (one idle worker stays for the next chart if none is drawn)
  useEffect(() => warmLinesWorker(), []);
  const { experiment, summary: s, trials, best } = d;
  const paramNames = useMemo(() => d.parameters.map((p) => p.name), [d.parameters]);
  const trialObject = route.trial ? d.trialObjects.find((t) => t.metadata.name === route.trial) : undefined;
  const trialSummary = route.trial ? trials.find((t) => t.name === route.trial) : undefined;
  const { clusterId, namespace, name } = route;
  // one function while the route is the same: the charts and the table (memoised) do not render again with the page's clock
  const open = useCallback(
    (trial: string | undefined) => go({ page: 'experiment', clusterId, namespace, name, ...(trial ? { trial } : {}) }),
    [go, clusterId, namespace, name],
  );
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
              <p className="muted">{d.trialsPending ? 'Reading the trials…' : 'No trial has reported the objective yet.'}</p>
            )}
          </section>

          {d.trialsPending ? (
            <p className="muted" role="status" data-testid="experiment-trials-pending">
              Reading the trials…
            </p>
          ) : (
            <ExperimentTrials
              parallel={d.parallel}
              trials={trials}
              best={best}
              objectiveName={s.objective.metric}
              series={d.series}
              importance={d.importance}
              paramNames={paramNames}
              metricNames={d.metricNames}
              selected={route.trial}
              onOpen={open}
              onDrawn={d.trialsDrawn}
            />
          )}
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
