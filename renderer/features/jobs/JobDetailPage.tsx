// SPDX-License-Identifier: Apache-2.0
/**
 * One training job: summary (phase and the condition behind it, times, GPUs, TrainJob
 * progress), the conditions as a timeline, replica specs, the pods of each replica with their
 * container states and the scheduler's reason, and the events of the job and its pods merged.
 * Everything comes from live slices of the job's namespace, so it also reads offline from the cache.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  conditionTimeline,
  groupPodsByReplica,
  phaseTone,
  replicaSpecViews,
  replicaText,
  summarizeJob,
  type JobSummary,
  type TrainerProgress,
} from '../../../shared/kube/training-job-summary';
import { findTrainingKind } from '../../../shared/kube/training-kinds';
import { logsContract } from '../../../shared/features/logs/logs.contract';
import { api } from '../../lib/api/api-context';
import { JobLogsPanel } from '../logs/JobLogsPanel';
import { JobActions } from './JobActions';
import { TrainingProgress } from '../logs/TrainingProgress';
import { useRouter, type Route } from '../../app/router';
import { EventsTable } from '../../components/EventsTable';
import { ErrorNote } from '../../components/ErrorNote';
import { useClusters } from '../clusters/clusters.store';
import { FreshnessBanner } from '../sync/FreshnessBanner';
import { useSlice } from '../sync/use-slice';
import { jobEvents, podView, type PodView } from './job-detail-model';
import { formatDuration } from './jobs-filter';

function time(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

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

function Summary({ s, kindTitle, clusterName, namespace }: { s: JobSummary; kindTitle: string; clusterName: string; namespace: string }) {
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

function ContainerStates({ p }: { p: PodView }) {
  return (
    <ul className="container-states">
      {p.containers.map((c) => (
        <li key={`${c.init ? 'init:' : ''}${c.name}`}>
          <span className="muted">{c.init ? `init ${c.name}` : c.name}</span>{' '}
          <span className={c.state === 'terminated' && c.exitCode !== 0 ? 'error-text' : c.state === 'waiting' ? 'warn-text' : ''}>
            {c.state === 'unknown' ? 'not started' : c.state}
            {c.reason ? ` (${c.reason})` : ''}
            {c.exitCode !== undefined ? `, exit code ${c.exitCode}` : ''}
          </span>
          {c.message && <div className="muted small pre-line">{c.message}</div>}
          {c.lastTermination && (
            <div className="muted small">
              last run: {c.lastTermination.reason ?? 'terminated'}
              {c.lastTermination.exitCode !== undefined ? `, exit code ${c.lastTermination.exitCode}` : ''}
            </div>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The page for a `job` route. */
export function JobDetailPage({ route }: { route: Extract<Route, { page: 'job' }> }) {
  const go = useRouter((s) => s.go);
  const kind = findTrainingKind(route.kind);
  const cluster = useClusters((s) => s.list?.clusters.find((c) => c.id === route.clusterId));
  const ns = route.namespace;
  const jobSlice = useSlice(useMemo(() => ({ clusterId: route.clusterId, ...route.kind, namespace: ns }), [route.clusterId, route.kind, ns]));
  const podSlice = useSlice(useMemo(() => ({ clusterId: route.clusterId, group: '', version: 'v1', resource: 'pods', namespace: ns }), [route.clusterId, ns]));
  const eventSlice = useSlice(
    useMemo(() => ({ clusterId: route.clusterId, group: '', version: 'v1', resource: 'events', namespace: ns }), [route.clusterId, ns]),
  );

  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, []);

  const job = jobSlice.items?.find((o) => o.metadata.name === route.name);
  const summary = useMemo(() => (job && kind ? summarizeJob(job, kind, now) : undefined), [job, kind, now]);
  const jobPods = useMemo(
    () => (job && kind ? (podSlice.items ?? []).filter((p) => p.metadata.labels?.[kind.pods.jobName] === job.metadata.name) : []),
    [job, kind, podSlice.items],
  );
  const groups = useMemo(() => (job && kind ? groupPodsByReplica(job, kind, jobPods) : []), [job, kind, jobPods]);

  // every pod of the job seen while this page is open has its logs kept, so they outlive the pods
  const askedToKeep = useRef(new Set<string>());
  const [keepProblem, setKeepProblem] = useState<string | undefined>();
  const podsLive = podSlice.status?.freshness === 'live' && !podSlice.status.snapshot;
  useEffect(() => {
    if (!podsLive) return;
    for (const p of jobPods) {
      const id = `${route.clusterId}\0${ns}\0${p.metadata.name}\0${p.metadata.uid ?? ''}`;
      if (askedToKeep.current.has(id)) continue;
      askedToKeep.current.add(id);
      api()
        .call(logsContract.keep, { clusterId: route.clusterId, namespace: ns, pod: p.metadata.name })
        .catch((e: unknown) => {
          askedToKeep.current.delete(id); // asked again when the pod list next changes
          setKeepProblem(`The logs of ${p.metadata.name} are not being kept: ${e instanceof Error ? e.message : String(e)}`);
        });
    }
  }, [podsLive, jobPods, route.clusterId, ns]);
  const logPods = useMemo(
    () =>
      groups.flatMap((g) =>
        g.pods.map((p) => ({
          name: p.metadata.name,
          replicaType: g.type,
          containers: ((p as { spec?: { containers?: { name: string }[] } }).spec?.containers ?? []).map((c) => c.name),
        })),
      ),
    [groups],
  );
  // progress is read from the pod that reports it: the master (job-role label), else the first pod
  const progressPod = useMemo(() => {
    const p = jobPods.find((x) => x.metadata.labels?.['training.kubeflow.org/job-role'] === 'master') ?? groups[0]?.pods[0];
    const containers = ((p as { spec?: { containers?: { name: string }[] } } | undefined)?.spec?.containers ?? []).map((c) => c.name);
    const container = kind && containers.includes(kind.defaultContainer) ? kind.defaultContainer : containers[0];
    return p && container ? { pod: p.metadata.name, container } : undefined;
  }, [jobPods, groups, kind]);
  const unschedulable = useMemo(() => jobPods.map(podView).filter((p) => p.schedulerReason), [jobPods]);
  const events = useMemo(() => (job ? jobEvents(eventSlice.items ?? [], job, jobPods) : []), [job, eventSlice.items, jobPods]);
  const timeline = useMemo(() => (job ? conditionTimeline(job) : []), [job]);
  const specs = useMemo(() => (job && kind ? replicaSpecViews(job, kind) : []), [job, kind]);

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
