// SPDX-License-Identifier: Apache-2.0
/**
 * One trial joined with what ran it: parameters, metrics and status, its early-stopping rule,
 * its pods, the events of the trial, its run and pods, its observation log (metric values over
 * reports, from the kept logs) and its logs (kept, so they outlive the pods).
 */
import type { TrialSummary } from '../../../shared/features/katib/experiment-summary';
import type { TrialObject } from '../../../shared/features/katib/katib-objects';
import { podView } from '../../../shared/kube/pod-view';
import type { KubeObject } from '../../../shared/kube/object';
import { AddToComparison } from '../../components/AddToComparison';
import { EventsTable } from '../../components/EventsTable';
import { ErrorNote } from '../../components/ErrorNote';
import { LineChart } from '../../components/LineChart';
import { PodsTable } from '../../components/detail/PodsTable';
import { S3Text } from '../../components/S3Link';
import { JobLogsPanel } from '../../components/logs/JobLogsPanel';
import { durationText, experimentTone } from './katib-list-model';
import { useTrialDetail } from './use-trial-detail';

/** The detail of one trial. */
export function TrialDetail(props: {
  clusterId: string;
  namespace: string;
  trial: TrialObject;
  summary: TrialSummary;
  pods: KubeObject[];
  events: KubeObject[];
  metricNames: string[];
  onOpenPod(name: string): void;
}) {
  const { clusterId, namespace, trial, summary: s } = props;
  const d = useTrialDetail(clusterId, namespace, trial, s, props.pods, props.events, props.metricNames);
  const conds = trial.status?.conditions ?? [];
  const last = [...conds].reverse().find((c) => c.status === 'True');
  return (
    <section className="katib-trial" data-testid="trial-detail" aria-label={`Trial ${s.name}`}>
      <h2>
        Trial {s.name}{' '}
        <span className={`pill ${experimentTone(s.phase)}`} data-testid="trial-phase" title={[last?.reason, last?.message].filter(Boolean).join(': ')}>
          {s.phase}
        </span>
      </h2>
      <AddToComparison runRef={{ source: 'katib', clusterId, namespace, trial: s.name }} />
      <dl className="katib-facts">
        {Object.entries(s.params).map(([k, v]) => (
          <div key={`p-${k}`}>
            <dt>{k}</dt>
            <dd className="mono">{<S3Text clusterId={clusterId} text={String(v)} />}</dd>
          </div>
        ))}
        {Object.entries(s.metrics).map(([k, v]) => (
          <div key={`m-${k}`}>
            <dt>{k}</dt>
            <dd className="mono">{v}</dd>
          </div>
        ))}
        <div>
          <dt>Duration</dt>
          <dd>{durationText(s.durationMs) || '—'}</dd>
        </div>
        <div>
          <dt>Run</dt>
          <dd className="mono">{trial.spec?.runSpec?.kind ?? '—'}</dd>
        </div>
        {s.earlyStoppingRule && (
          <div>
            <dt>Early stopping</dt>
            <dd className="mono">{s.earlyStoppingRule}</dd>
          </div>
        )}
      </dl>
      {last?.message && <p className="muted small">{last.message}</p>}

      <h3>Observation log</h3>
      {d.observation.error && <ErrorNote error={d.observation.error} />}
      {d.curves.some((c) => c.points.length) ? (
        <LineChart series={d.curves} x="number" height={200} yLabel="value" testId="trial-observation" title={`Metrics of ${s.name} by report`} />
      ) : (
        <p className="muted" data-testid="trial-observation-empty">
          {d.observation.loading
            ? 'Reading the kept logs…'
            : 'No metric lines kept for this trial: MLDeck keeps trial logs while an experiment’s page is open, and this trial ran while it was not.'}
        </p>
      )}

      <h3>Pods</h3>
      {d.livePods.length ? (
        <PodsTable testId="trial-pods" groups={[{ pods: d.livePods.map(podView) }]} onOpen={props.onOpenPod} brief />
      ) : (
        <p className="muted">No pods now (Katib deletes a finished trial’s run unless the template says to retain it).</p>
      )}

      <h3>Events</h3>
      {d.trialEvents.length ? (
        <EventsTable events={d.trialEvents} testId="trial-events" />
      ) : (
        <p className="muted">No events kept for this trial or its pods.</p>
      )}

      <h3>Logs</h3>
      {d.logPods.length ? (
        <JobLogsPanel clusterId={clusterId} namespace={namespace} pods={d.logPods} />
      ) : (
        <p className="muted" data-testid="trial-logs-empty">
          No logs: the trial’s pods are gone and their logs were not kept.
        </p>
      )}
    </section>
  );
}
