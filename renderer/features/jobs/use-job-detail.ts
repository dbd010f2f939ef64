// SPDX-License-Identifier: Apache-2.0
/**
 * The data of one job's page: live slices of the job's kind, pods and events in its namespace
 * (so it reads offline from the cache too), the job's summary (re-timed every 5 s), its pods by
 * replica, the pod that reports progress, and its events; every pod seen while the page is open
 * has its logs kept (`logs:keep`), so they outlive the pods.
 */
import { useMemo } from 'react';
import { conditionTimeline, groupPodsByReplica, replicaSpecViews, summarizeJob } from '../../../shared/kube/training-job-summary';
import { findTrainingKind } from '../../../shared/kube/training-kinds';
import type { Route } from '../../app/router';
import { useKeptLogs } from '../../components/use-kept-logs';
import { useClusters } from '../../lib/clusters.store';
import { useSlice } from '../../lib/sync/use-slice';
import { useNow } from '../../lib/use-now';
import { jobEvents, podView } from './job-detail-model';

/** Everything the job page shows. */
export function useJobDetail(route: Extract<Route, { page: 'job' }>) {
  const kind = findTrainingKind(route.kind);
  const cluster = useClusters((s) => s.list?.clusters.find((c) => c.id === route.clusterId));
  const ns = route.namespace;
  const jobSlice = useSlice(useMemo(() => ({ clusterId: route.clusterId, ...route.kind, namespace: ns }), [route.clusterId, route.kind, ns]));
  const podSlice = useSlice(useMemo(() => ({ clusterId: route.clusterId, group: '', version: 'v1', resource: 'pods', namespace: ns }), [route.clusterId, ns]));
  const eventSlice = useSlice(
    useMemo(() => ({ clusterId: route.clusterId, group: '', version: 'v1', resource: 'events', namespace: ns }), [route.clusterId, ns]),
  );

  const now = useNow();

  const job = jobSlice.items?.find((o) => o.metadata.name === route.name);
  const summary = useMemo(() => (job && kind ? summarizeJob(job, kind, now) : undefined), [job, kind, now]);
  const jobPods = useMemo(
    () => (job && kind ? (podSlice.items ?? []).filter((p) => p.metadata.labels?.[kind.pods.jobName] === job.metadata.name) : []),
    [job, kind, podSlice.items],
  );
  const groups = useMemo(() => (job && kind ? groupPodsByReplica(job, kind, jobPods) : []), [job, kind, jobPods]);

  // every pod of the job seen while this page is open has its logs kept, so they outlive the pods
  const keptPods = useMemo(() => jobPods.map((p) => ({ name: p.metadata.name, uid: p.metadata.uid })), [jobPods]);
  const keepProblem = useKeptLogs(route.clusterId, ns, keptPods, podSlice.status?.freshness === 'live' && !podSlice.status.snapshot);
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

  return {
    kind,
    cluster,
    ns,
    jobSlice,
    podSlice,
    eventSlice,
    job,
    summary,
    jobPods,
    groups,
    keepProblem,
    logPods,
    progressPod,
    unschedulable,
    events,
    timeline,
    specs,
  };
}
