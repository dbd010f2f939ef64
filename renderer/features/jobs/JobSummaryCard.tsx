// SPDX-License-Identifier: Apache-2.0
/** The job page's summary card: phase and why, times, GPUs, replicas, TrainJob progress. */
import { phaseTone, replicaText, type JobSummary, type TrainerProgress } from '../../../shared/kube/training-job-summary';
import { dateTime as time } from '../../lib/date-time';
import { formatDuration } from './jobs-filter';

function Progress({ p }: { p: TrainerProgress }) {
  const pct = p.progressPercentage;
  return (
    <div className="job-progress" data-testid="job-progress">
      {pct !== undefined && (
        <div className="bar" aria-label={`Progress ${pct}%`}>
          <div className="bar-fill" style={{ width: `${Math.max(0, Math.min(100, pct))}%` }} />
          <span className="bar-text">{pct}%</span>
        </div>
      )}
      <div className="muted small">
        {p.estimatedRemainingSeconds !== undefined && <>About {formatDuration(p.estimatedRemainingSeconds * 1000)} left. </>}
        {p.metrics.map((m) => `${m.name} ${m.value}`).join(' · ')}
        {p.lastUpdatedTime && <> (reported {time(p.lastUpdatedTime)})</>}
      </div>
    </div>
  );
}

/** The card. */
export function Summary({ s, kindTitle, clusterName, namespace }: { s: JobSummary; kindTitle: string; clusterName: string; namespace: string }) {
  return (
    <section className="card job-summary" data-testid="job-summary">
      <dl className="kv">
        <dt>Kind</dt>
        <dd>{kindTitle}</dd>
        <dt>Cluster</dt>
        <dd>{clusterName}</dd>
        <dt>Namespace</dt>
        <dd>{namespace}</dd>
        <dt>Phase</dt>
        <dd>
          <span className={`pill ${phaseTone(s.phase)}`} data-testid="job-phase">
            {s.phase}
          </span>
          {s.reason && (
            <span className="job-reason" data-testid="job-reason">
              {s.reason}
            </span>
          )}
        </dd>
        {s.message && (
          <>
            <dt>Message</dt>
            <dd className="job-message" data-testid="job-message">
              {s.message}
            </dd>
          </>
        )}
        <dt>Created</dt>
        <dd>{time(s.createdAt)}</dd>
        <dt>Started</dt>
        <dd>{time(s.startedAt)}</dd>
        <dt>Finished</dt>
        <dd>{time(s.finishedAt)}</dd>
        <dt>Duration</dt>
        <dd>{formatDuration(s.durationMs) || '—'}</dd>
        <dt>GPUs</dt>
        <dd data-testid="job-gpus">{s.gpus}</dd>
        <dt>Replicas</dt>
        <dd>{s.replicas.map(replicaText).join(' · ') || '—'}</dd>
      </dl>
      {s.progress && <Progress p={s.progress} />}
    </section>
  );
}
