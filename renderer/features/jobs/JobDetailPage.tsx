// SPDX-License-Identifier: Apache-2.0
/**
 * One training job: summary (phase and the condition behind it, times, GPUs, TrainJob
 * progress), the conditions as a timeline, replica specs, the pods of each replica with their
 * container states and the scheduler's reason, and the events of the job and its pods merged.
 * Everything comes from live slices of the job's namespace, so it also reads offline from the cache.
 */
import { phaseTone } from '../../../shared/kube/training-job-summary';
import { useRouter, type Route } from '../../app/router';
import { EventsTable } from '../../components/EventsTable';
import { ErrorNote } from '../../components/ErrorNote';
import { JobLogsPanel } from '../../components/logs/JobLogsPanel';
import { TrainingProgress } from '../../components/logs/TrainingProgress';
import { FreshnessBanner } from '../../components/FreshnessBanner';
import { JobActions } from './JobActions';
import { podView } from './job-detail-model';
import { ContainerStates, Summary, time } from './JobSummaryCard';
import { useJobDetail } from './use-job-detail';

/** The page for a `job` route. */
export function JobDetailPage({ route }: { route: Extract<Route, { page: 'job' }> }) {
  const go = useRouter((s) => s.go);
  const d = useJobDetail(route);
  const { kind, cluster, ns, jobSlice, podSlice, eventSlice, job, summary, jobPods, groups } = d;
  const { keepProblem, logPods, progressPod, unschedulable, events, timeline, specs } = d;
  const openPod = (name: string) =>
    go({
      page: 'resources',
      clusterId: route.clusterId,
      kind: { group: '', version: 'v1', resource: 'pods' },
      namespace: ns,
      selected: { namespace: ns, name },
    });
  const back = () => go({ page: 'jobs', clusterId: route.clusterId });

  const head = (
    <header className="page-head">
      <button className="btn ghost" onClick={back} aria-label="Back to training jobs">
        ← Jobs
      </button>
      <h1>{route.name}</h1>
      <span className="muted">
        {kind?.title ?? route.kind.resource} · {ns} · {cluster?.displayName ?? route.clusterId}
      </span>
      {summary && (
        <span className={`pill ${phaseTone(summary.phase)}`} title={summary.message}>
          {summary.phase}
        </span>
      )}
      {jobSlice.status && (jobSlice.status.freshness === 'live' || jobSlice.status.freshness === 'syncing') && <FreshnessBanner status={jobSlice.status} />}
      <span className="spacer" />
      {job && <JobActions clusterId={route.clusterId} kind={route.kind} job={job} />}
    </header>
  );

  if (!kind)
    return (
      <div className="page" data-testid="job-detail">
        {head}
        <div className="note error" role="alert">
          {route.kind.group}/{route.kind.version}/{route.kind.resource} is not a training-job kind MLDeck knows.
        </div>
      </div>
    );

  const stale = jobSlice.status && jobSlice.status.freshness !== 'live' && jobSlice.status.freshness !== 'syncing';
  return (
    <div className="page job-detail" data-testid="job-detail">
      {head}
      {stale && <FreshnessBanner status={jobSlice.status} />}
      {jobSlice.error && <ErrorNote error={jobSlice.error} />}
      {!job && !jobSlice.error && jobSlice.status?.freshness !== 'forbidden' && (
        <div className="muted" role="status">
          {jobSlice.items === undefined || jobSlice.status?.freshness === 'syncing'
            ? 'Loading…'
            : `${kind.title} ${route.name} is not in namespace ${ns}${stale ? ' as last seen' : ''}; it may have been deleted.`}
        </div>
      )}
      {job && summary && (
        <>
          <Summary s={summary} kindTitle={kind.title} clusterName={cluster?.displayName ?? route.clusterId} namespace={ns} />
          {unschedulable.length > 0 && (
            <div className="note forbidden" role="status" data-testid="job-unschedulable">
              <strong>
                {unschedulable.length} of {jobPods.length} pods cannot be scheduled:
              </strong>{' '}
              {unschedulable[0]?.schedulerReason}
            </div>
          )}

          <h2>Conditions</h2>
          {timeline.length === 0 ? (
            <p className="muted">No conditions yet.</p>
          ) : (
            <table className="table" data-testid="job-conditions">
              <thead>
                <tr>
                  <th>Time</th>
                  <th>Type</th>
                  <th>Status</th>
                  <th>Reason</th>
                  <th>Message</th>
                </tr>
              </thead>
              <tbody>
                {timeline.map((c, i) => (
                  <tr key={`${c.type}-${i}`} className={c.status === 'True' ? '' : 'muted'}>
                    <td className="nowrap">{time(c.at)}</td>
                    <td>{c.type}</td>
                    <td>{c.status}</td>
                    <td>{c.reason ?? ''}</td>
                    <td className="pre-line">{c.message ?? ''}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}

          <h2>Replicas</h2>
          <table className="table" data-testid="job-replica-specs">
            <thead>
              <tr>
                <th>Type</th>
                <th>Replicas</th>
                <th>Image</th>
                <th>Command</th>
                <th>Requests</th>
                <th>Limits</th>
                <th>GPUs / pod</th>
                <th>Restart</th>
              </tr>
            </thead>
            <tbody>
              {specs.map((r) => (
                <tr key={r.type}>
                  <td>{r.type}</td>
                  <td>{r.replicas}</td>
                  <td className="mono wrap">{r.image ?? '—'}</td>
                  <td className="mono wrap">{[...r.command, ...r.args].join(' ') || '—'}</td>
                  <td className="mono small">
                    {Object.entries(r.requests)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ') || '—'}
                  </td>
                  <td className="mono small">
                    {Object.entries(r.limits)
                      .map(([k, v]) => `${k}=${v}`)
                      .join(', ') || '—'}
                  </td>
                  <td>{r.gpusPerPod || '—'}</td>
                  <td>{r.restartPolicy ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>

          <h2>Pods</h2>
          {podSlice.status?.freshness === 'forbidden' && <FreshnessBanner status={podSlice.status} />}
          {podSlice.error && <ErrorNote error={podSlice.error} />}
          {groups.length === 0 ? (
            <p className="muted">{podSlice.items === undefined ? 'Loading…' : 'No pods (not created yet, suspended, or cleaned up).'}</p>
          ) : (
            <table className="table" data-testid="job-pods">
              <thead>
                <tr>
                  <th>Replica</th>
                  <th>Pod</th>
                  <th>Status</th>
                  <th>Ready</th>
                  <th>Restarts</th>
                  <th>Node</th>
                  <th>Containers</th>
                </tr>
              </thead>
              <tbody>
                {groups.flatMap((g) =>
                  g.pods.map(podView).map((p, i) => (
                    <tr key={p.name} data-testid="pod-row" data-pod={p.name}>
                      <td>{i === 0 ? <strong>{g.type}</strong> : ''}</td>
                      <td className="nowrap">
                        <button className="link" onClick={() => openPod(p.name)}>
                          {p.name}
                        </button>
                      </td>
                      <td>
                        <span className={`pill ${p.status.tone}`}>{p.status.text}</span>
                        {p.schedulerReason && (
                          <div className="warn-text small pre-line" data-testid="scheduler-reason">
                            {p.schedulerReason}
                          </div>
                        )}
                      </td>
                      <td>{p.ready}</td>
                      <td>{p.restarts}</td>
                      <td className="nowrap">{p.node ?? '—'}</td>
                      <td>
                        <ContainerStates p={p} />
                      </td>
                    </tr>
                  )),
                )}
              </tbody>
            </table>
          )}

          <h2>Events</h2>
          {eventSlice.status?.freshness === 'forbidden' && <FreshnessBanner status={eventSlice.status} />}
          {eventSlice.error && <ErrorNote error={eventSlice.error} />}
          {events.length === 0 ? (
            <p className="muted">{eventSlice.items === undefined ? 'Loading…' : 'No events kept for this job or its pods.'}</p>
          ) : (
            <EventsTable events={events} testId="job-events" />
          )}

          {progressPod && (
            <>
              <h2>Progress</h2>
              <TrainingProgress clusterId={route.clusterId} namespace={ns} pod={progressPod.pod} container={progressPod.container} />
            </>
          )}

          <section className="job-logs-section">
            <h2>Logs</h2>
            {keepProblem && (
              <p className="muted small" role="status">
                {keepProblem}
              </p>
            )}
            <JobLogsPanel clusterId={route.clusterId} namespace={ns} pods={logPods} jobName={route.name} kind={kind} />
          </section>
        </>
      )}
    </div>
  );
}
