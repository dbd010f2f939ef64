// SPDX-License-Identifier: Apache-2.0
/**
 * One notebook server: its status as the Jupyter web app words it, the summary (image, type,
 * CPU, memory, GPUs, last activity), the pod's conditions and container states, the events of
 * the Notebook, its StatefulSet and its pod merged in time, the volumes, the server's logs, the
 * Notebook's YAML, and its files. Everything reads live slices of the namespace, so the page
 * also reads offline from the cache.
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { stringify } from 'yaml';
import { podView } from '../../../shared/kube/pod-view';
import { notebookEvents, notebookTone, summarizeNotebook } from '../../../shared/kube/notebook-summary';
import { useRouter, type Route } from '../../app/router';
import { ConditionsTable } from '../../components/detail/ConditionsTable';
import { DetailHeader } from '../../components/detail/DetailHeader';
import { ObjectPresence } from '../../components/detail/ObjectPresence';
import { PodsTable } from '../../components/detail/PodsTable';
import { SliceSection } from '../../components/detail/SliceSection';
import { Tabs } from '../../components/detail/Tabs';
import { EventsTable } from '../../components/EventsTable';
import { JobLogsPanel } from '../../components/logs/JobLogsPanel';
import { useKeptLogs } from '../../components/use-kept-logs';
import { YamlViewer } from '../../components/YamlViewer';
import { useClusters } from '../../lib/clusters.store';
import { eventRows } from '../../lib/resources/event-rows';
import { useSlice } from '../../lib/sync/use-slice';
import { useNow } from '../../lib/use-now';
import { NotebookServerActions } from './NotebookServerActions';
import { notebookKind, podKind, serverConditions } from './notebook-servers-model';
import { ServerSummary } from './ServerSummary';
import './notebook-servers.css';

type Tab = 'overview' | 'files' | 'logs' | 'yaml';

const tabs: { id: Tab; label: string }[] = [
  { id: 'overview', label: 'Overview' },
  { id: 'files', label: 'Files' },
  { id: 'logs', label: 'Logs' },
  { id: 'yaml', label: 'YAML' },
];

/** The page for a `notebook-server` route. */
/**
 * The page. `files` renders the server's file browser (the notebooks feature's, given by the app
 * shell so that this feature does not reach into that one).
 */
export function NotebookServerPage({
  route,
  files,
}: {
  route: Extract<Route, { page: 'notebook-server' }>;
  files: (server: { clusterId: string; namespace: string; name: string }, path: string) => ReactNode;
}) {
  const go = useRouter((s) => s.go);
  const { clusterId, namespace: ns, name } = route;
  const cluster = useClusters((s) => s.list?.clusters.find((c) => c.id === clusterId));
  const nbSlice = useSlice(useMemo(() => ({ clusterId, ...notebookKind, namespace: ns }), [clusterId, ns]));
  const podSlice = useSlice(useMemo(() => ({ clusterId, ...podKind, namespace: ns }), [clusterId, ns]));
  const eventSlice = useSlice(useMemo(() => ({ clusterId, group: '', version: 'v1', resource: 'events', namespace: ns }), [clusterId, ns]));
  const [tab, setTab] = useState<Tab>(route.path !== undefined ? 'files' : 'overview');
  // browsing folders changes the route's path: stay on (or come to) the files
  useEffect(() => {
    if (route.path !== undefined) setTab('files');
  }, [route.path]);

  const now = useNow();

  const nb = nbSlice.items?.find((o) => o.metadata.name === name);
  const pod = podSlice.items?.find((p) => p.metadata.name === `${name}-0` && p.metadata.labels?.['notebook-name'] === name);
  const events = useMemo(() => (nb ? notebookEvents(nb, eventSlice.items ?? []) : []), [nb, eventSlice.items]);
  const summary = useMemo(() => (nb ? summarizeNotebook(nb, pod, events, now) : undefined), [nb, pod, events, now]);
  const pv = useMemo(() => (pod ? podView(pod) : undefined), [pod]);
  const conditions = useMemo(() => serverConditions(pod, nb), [pod, nb]);

  // the server's logs are kept while this page is open, so they outlive the pod (a stop)
  const keptPods = useMemo(() => (pod ? [{ name: pod.metadata.name, uid: pod.metadata.uid }] : []), [pod]);
  const keepProblem = useKeptLogs(clusterId, ns, keptPods, podSlice.status?.freshness === 'live' && !podSlice.status.snapshot);
  const logPods = useMemo(() => {
    const containers = ((pod?.spec as { containers?: { name: string }[] } | undefined)?.containers ?? []).map((c) => c.name);
    const own = summary?.container;
    // the server's own container first
    const ordered = own && containers.includes(own) ? [own, ...containers.filter((c) => c !== own)] : containers;
    return pod
      ? [{ name: pod.metadata.name, containers: ordered }]
      : summary
        ? [{ name: summary.podName, containers: summary.container ? [summary.container] : [] }]
        : [];
  }, [pod, summary]);

  const clusterName = cluster?.displayName ?? clusterId;
  return (
    <div className="page notebook-server-page" data-testid="notebook-server">
      <DetailHeader
        back={{ label: 'Back to notebook servers', text: '← Servers', onClick: () => go({ page: 'notebooks', clusterId }) }}
        name={name}
        what="Notebook server"
        namespace={ns}
        clusterName={clusterName}
        status={summary && { text: summary.status, tone: notebookTone(summary.status), title: summary.message }}
        freshness={nbSlice.status}
      >
        {nb && summary && <NotebookServerActions clusterId={clusterId} namespace={ns} name={name} summary={summary} />}
      </DetailHeader>
      <ObjectPresence slice={nbSlice} found={!!nb} what="Notebook server" name={name} namespace={ns} />
      {nb && summary && (
        <>
          <Tabs<Tab> tabs={tabs} value={tab} onChange={setTab} className="create-tabs" />
          {tab === 'overview' && (
            <>
              <ServerSummary s={summary} clusterName={clusterName} namespace={ns} />

              <SliceSection
                title="Pod"
                slice={podSlice}
                empty={!pv}
                emptyTestId="server-no-pod"
                emptyText={summary.stoppedAt ? 'No pod: the server is stopped.' : `No pod ${summary.podName} yet.`}
              >
                {pv && (
                  <PodsTable
                    testId="server-pod"
                    groups={[{ pods: [pv] }]}
                    onOpen={(pod) => go({ page: 'resources', clusterId, kind: podKind, namespace: ns, selected: { namespace: ns, name: pod } })}
                    brief
                  />
                )}
              </SliceSection>

              <h2>Conditions</h2>
              {conditions.length === 0 ? (
                <p className="muted">No conditions{summary.stoppedAt ? ' while the server is stopped' : ' yet'}.</p>
              ) : (
                <ConditionsTable testId="server-conditions" conditions={conditions} columns={['type', 'status', 'since', 'reason', 'message']} />
              )}

              <h2>Volumes</h2>
              {summary.volumes.length === 0 ? (
                <p className="muted">No volumes: the home folder lives and dies with the pod.</p>
              ) : (
                <table className="table" data-testid="server-volumes">
                  <thead>
                    <tr>
                      <th>Name</th>
                      <th>Type</th>
                      <th>Claim</th>
                      <th>Mounted at</th>
                    </tr>
                  </thead>
                  <tbody>
                    {summary.volumes.map((v) => (
                      <tr key={v.name}>
                        <td className="mono">{v.name}</td>
                        <td>{v.type}</td>
                        <td className="mono">
                          {v.claim ? (
                            <button
                              className="link"
                              onClick={() =>
                                go({
                                  page: 'resources',
                                  clusterId,
                                  kind: { group: '', version: 'v1', resource: 'persistentvolumeclaims' },
                                  namespace: ns,
                                  selected: { namespace: ns, name: v.claim ?? '' },
                                })
                              }
                            >
                              {v.claim}
                            </button>
                          ) : (
                            '—'
                          )}
                        </td>
                        <td className="mono">
                          {v.mountPath ?? '—'}
                          {v.readOnly ? ' (read-only)' : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}

              <SliceSection
                title="Events"
                slice={eventSlice}
                empty={events.length === 0}
                emptyText="No events kept for this server, its StatefulSet or its pod."
              >
                {/* notebookEvents already chose and ordered them */}
                <EventsTable events={eventRows(events, () => true)} testId="server-events" />
              </SliceSection>
            </>
          )}
          {tab === 'files' && (
            <section className="nbs-files" data-testid="server-files">
              {files({ clusterId, namespace: ns, name }, route.path ?? '')}
            </section>
          )}
          {tab === 'logs' && (
            <section className="job-logs-section">
              {keepProblem && (
                <p className="muted small" role="status">
                  {keepProblem}
                </p>
              )}
              <JobLogsPanel clusterId={clusterId} namespace={ns} pods={logPods} />
            </section>
          )}
          {tab === 'yaml' && (
            <section className="nbs-yaml" data-testid="server-yaml">
              <YamlViewer text={stringify(nb, { lineWidth: 0 })} />
            </section>
          )}
        </>
      )}
    </div>
  );
}
