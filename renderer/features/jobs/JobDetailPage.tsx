// SPDX-License-Identifier: Apache-2.0
/**
 * One training job: summary (phase and the condition behind it, times, GPUs, TrainJob
 * progress), the conditions as a timeline, replica specs, the pods of each replica with their
 * container states and the scheduler's reason, and the events of the job and its pods merged.
 * Everything comes from live slices of the job's namespace, so it also reads offline from the cache.
 */
import { phaseTone } from '../../../shared/kube/training-job-summary';
import { useRouter, type Route } from '../../app/router';
import { ConditionsTable } from '../../components/detail/ConditionsTable';
import { AddToComparison } from '../../components/AddToComparison';
import { DetailHeader } from '../../components/detail/DetailHeader';
import { TensorboardFromJob } from '../../components/TensorboardButton';
import { S3Text } from '../../components/S3Link';
import { ObjectPresence } from '../../components/detail/ObjectPresence';
import { PodsTable } from '../../components/detail/PodsTable';
import { SliceSection } from '../../components/detail/SliceSection';
import { EventsTable } from '../../components/EventsTable';
import { JobLogsPanel } from '../../components/logs/JobLogsPanel';
import { TrainingProgress } from '../../components/logs/TrainingProgress';
import { JobActions } from './JobActions';
import { podView } from './job-detail-model';
import { Summary } from './JobSummaryCard';
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
  const clusterName = cluster?.displayName ?? route.clusterId;

  const head = (
    <DetailHeader
      back={{ label: 'Back to training jobs', text: '← Jobs', onClick: () => go({ page: 'jobs', clusterId: route.clusterId }) }}
      name={route.name}
      what={kind?.title ?? route.kind.resource}
      namespace={ns}
      clusterName={clusterName}
      status={summary && { text: summary.phase, tone: phaseTone(summary.phase), title: summary.message }}
      freshness={jobSlice.status}
    >
      {job && <JobActions clusterId={route.clusterId} kind={route.kind} job={job} />}
      {job && <TensorboardFromJob clusterId={route.clusterId} kind={route.kind} job={job} />}
      <AddToComparison
        runRef={{
          source: 'job',
          clusterId: route.clusterId,
          namespace: ns,
          kind: `${route.kind.group}/${route.kind.version}/${route.kind.resource}`,
          name: route.name,
        }}
      />
    </DetailHeader>
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

  return (
    <div className="page job-detail" data-testid="job-detail">
      {head}
      <ObjectPresence slice={jobSlice} found={!!job} what={kind.title} name={route.name} namespace={ns} />
      {job && summary && (
        <>
          <Summary s={summary} kindTitle={kind.title} clusterName={clusterName} namespace={ns} />
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
            <ConditionsTable testId="job-conditions" conditions={timeline} columns={['time', 'type', 'status', 'reason', 'message']} />
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
                  <td className="mono wrap">{<S3Text clusterId={route.clusterId} text={[...r.command, ...r.args].join(' ') || '—'} />}</td>
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

          <SliceSection title="Pods" slice={podSlice} empty={groups.length === 0} emptyText="No pods (not created yet, suspended, or cleaned up).">
            <PodsTable testId="job-pods" groups={groups.map((g) => ({ label: g.type, pods: g.pods.map(podView) }))} onOpen={openPod} />
          </SliceSection>

          <SliceSection title="Events" slice={eventSlice} empty={events.length === 0} emptyText="No events kept for this job or its pods.">
            <EventsTable events={events} testId="job-events" />
          </SliceSection>

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
