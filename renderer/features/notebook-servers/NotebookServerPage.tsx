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
import { notebookEvents, notebookTone, serverTypeTitle, summarizeNotebook, type NotebookSummary } from '../../../shared/kube/notebook-summary';
import type { KubeObject } from '../../../shared/kube/object';
import { useRouter, type Route } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { YamlViewer } from '../../components/YamlViewer';
import { useKeptLogs } from '../../components/use-kept-logs';
import { useClusters } from '../../lib/clusters.store';
import { eventRows } from '../../lib/resources/event-rows';
import { EventsTable } from '../../components/EventsTable';
import { JobLogsPanel } from '../../components/logs/JobLogsPanel';
import { FreshnessBanner } from '../../components/FreshnessBanner';
import { useSlice } from '../../lib/sync/use-slice';
import { NotebookServerActions } from './NotebookServerActions';
import { notebookKind, podKind, requestLimit } from './notebook-servers-model';
import './notebook-servers.css';

type Tab = 'overview' | 'files' | 'logs' | 'yaml';

function time(iso: string | undefined): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString();
}

function Summary({ s, clusterName, namespace }: { s: NotebookSummary; clusterName: string; namespace: string }) {
  return (
    <section className="card job-summary" data-testid="server-summary">
      <dl className="kv">
        <dt>Status</dt>
        <dd>
          <span className={`pill ${notebookTone(s.status)}`} data-testid="server-status" data-status={s.status}>
            {s.status}
          </span>
          {s.reason && (
            <span className="job-reason" data-testid="server-reason">
              {s.reason}
            </span>
          )}
        </dd>
        {s.message && s.status !== 'ready' && (
          <>
            <dt>Message</dt>
            <dd className="job-message pre-line" data-testid="server-message">
              {s.message}
            </dd>
          </>
        )}
        <dt>Cluster</dt>
        <dd>{clusterName}</dd>
        <dt>Namespace</dt>
        <dd>{namespace}</dd>
        <dt>Type</dt>
        <dd>{serverTypeTitle(s.serverType)}</dd>
        <dt>Image</dt>
        <dd className="mono wrap" data-testid="server-image">
          {s.image || '—'}
        </dd>
        <dt>CPU</dt>
        <dd>{requestLimit(s.cpu) || '—'}</dd>
        <dt>Memory</dt>
        <dd>{requestLimit(s.memory) || '—'}</dd>
        <dt>GPUs</dt>
        <dd data-testid="server-gpus">{s.gpus.count ? `${s.gpus.count} × ${s.gpus.vendor ?? ''}` : 'none'}</dd>
        <dt>Created</dt>
        <dd>{time(s.createdAt)}</dd>
        {s.creator && (
          <>
            <dt>Creator</dt>
            <dd>{s.creator}</dd>
          </>
        )}
        <dt>Last activity</dt>
        <dd>{time(s.lastActivity)}</dd>
        {s.stoppedAt && (
          <>
            <dt>Stopped</dt>
            <dd>{time(s.stoppedAt)}</dd>
          </>
        )}
      </dl>
    </section>
  );
}

function Events({ events }: { events: KubeObject[] }) {
  // notebookEvents already chose and ordered them
  return <EventsTable events={eventRows(events, () => true)} testId="server-events" />;
}

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

  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5000);
    return () => clearInterval(t);
  }, []);

  const nb = nbSlice.items?.find((o) => o.metadata.name === name);
  const pod = podSlice.items?.find((p) => p.metadata.name === `${name}-0` && p.metadata.labels?.['notebook-name'] === name);
  const events = useMemo(() => (nb ? notebookEvents(nb, eventSlice.items ?? []) : []), [nb, eventSlice.items]);
  const summary = useMemo(() => (nb ? summarizeNotebook(nb, pod, events, now) : undefined), [nb, pod, events, now]);
  const pv = useMemo(() => (pod ? podView(pod) : undefined), [pod]);
  const conditions = ((
    pod?.status as { conditions?: { type?: string; status?: string; reason?: string; message?: string; lastTransitionTime?: string }[] } | undefined
  )?.conditions ??
    (nb?.status as { conditions?: { type?: string; status?: string; reason?: string; message?: string; lastTransitionTime?: string }[] } | undefined)
      ?.conditions ??
    []) as { type?: string; status?: string; reason?: string; message?: string; lastTransitionTime?: string }[];

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

  const stale = nbSlice.status && nbSlice.status.freshness !== 'live' && nbSlice.status.freshness !== 'syncing';
  return (
    <div className="page notebook-server-page" data-testid="notebook-server">
      <header className="page-head">
        <button className="btn ghost" onClick={() => go({ page: 'notebooks', clusterId })} aria-label="Back to notebook servers">
          ← Servers
        </button>
        <h1>{name}</h1>
        <span className="muted">
          Notebook server · {ns} · {cluster?.displayName ?? clusterId}
        </span>
        {summary && (
          <span className={`pill ${notebookTone(summary.status)}`} title={summary.message}>
            {summary.status}
          </span>
        )}
        {nbSlice.status && !stale && <FreshnessBanner status={nbSlice.status} />}
        <span className="spacer" />
        {nb && summary && <NotebookServerActions clusterId={clusterId} namespace={ns} name={name} summary={summary} />}
      </header>
      {stale && <FreshnessBanner status={nbSlice.status} />}
      {nbSlice.error && <ErrorNote error={nbSlice.error} />}
      {!nb && !nbSlice.error && nbSlice.status?.freshness !== 'forbidden' && (
        <div className="muted" role="status">
          {nbSlice.items === undefined || nbSlice.status?.freshness === 'syncing'
            ? 'Loading…'
            : `Notebook server ${name} is not in namespace ${ns}${stale ? ' as last seen' : ''}; it may have been deleted.`}
        </div>
      )}
      {nb && summary && (
        <>
          <div className="tabs create-tabs" role="tablist">
            {(['overview', 'files', 'logs', 'yaml'] as const).map((t) => (
              <button
                key={t}
                role="tab"
                className={`tab ${tab === t ? 'active' : ''}`}
                aria-selected={tab === t}
                onClick={() => setTab(t)}
                data-testid={`tab-${t}`}
              >
                {t === 'overview' ? 'Overview' : t === 'files' ? 'Files' : t === 'logs' ? 'Logs' : 'YAML'}
              </button>
            ))}
          </div>
          {tab === 'overview' && (
            <>
              <Summary s={summary} clusterName={cluster?.displayName ?? clusterId} namespace={ns} />

              <h2>Pod</h2>
              {podSlice.status?.freshness === 'forbidden' && <FreshnessBanner status={podSlice.status} />}
              {podSlice.error && <ErrorNote error={podSlice.error} />}
              {!pv ? (
                <p className="muted" data-testid="server-no-pod">
                  {podSlice.items === undefined ? 'Loading…' : summary.stoppedAt ? 'No pod: the server is stopped.' : `No pod ${summary.podName} yet.`}
                </p>
              ) : (
                <table className="table" data-testid="server-pod">
                  <thead>
                    <tr>
                      <th>Pod</th>
                      <th>Status</th>
                      <th>Ready</th>
                      <th>Restarts</th>
                      <th>Node</th>
                      <th>Containers</th>
                    </tr>
                  </thead>
                  <tbody>
                    <tr>
                      <td className="nowrap">
                        <button
                          className="link"
                          onClick={() => go({ page: 'resources', clusterId, kind: podKind, namespace: ns, selected: { namespace: ns, name: pv.name } })}
                        >
                          {pv.name}
                        </button>
                      </td>
                      <td>
                        <span className={`pill ${pv.status.tone}`}>{pv.status.text}</span>
                        {pv.schedulerReason && <div className="warn-text small pre-line">{pv.schedulerReason}</div>}
                      </td>
                      <td>{pv.ready}</td>
                      <td>{pv.restarts}</td>
                      <td className="nowrap">{pv.node ?? '—'}</td>
                      <td>
                        <ul className="container-states">
                          {pv.containers.map((c) => (
                            <li key={`${c.init ? 'init:' : ''}${c.name}`}>
                              <span className="muted">{c.init ? `init ${c.name}` : c.name}</span>{' '}
                              <span className={c.state === 'terminated' && c.exitCode !== 0 ? 'error-text' : c.state === 'waiting' ? 'warn-text' : ''}>
                                {c.state === 'unknown' ? 'not started' : c.state}
                                {c.reason ? ` (${c.reason})` : ''}
                              </span>
                              {c.message && <div className="muted small pre-line">{c.message}</div>}
                            </li>
                          ))}
                        </ul>
                      </td>
                    </tr>
                  </tbody>
                </table>
              )}

              <h2>Conditions</h2>
              {conditions.length === 0 ? (
                <p className="muted">No conditions{summary.stoppedAt ? ' while the server is stopped' : ' yet'}.</p>
              ) : (
                <table className="table" data-testid="server-conditions">
                  <thead>
                    <tr>
                      <th>Type</th>
                      <th>Status</th>
                      <th>Since</th>
                      <th>Reason</th>
                      <th>Message</th>
                    </tr>
                  </thead>
                  <tbody>
                    {conditions.map((c, i) => (
                      <tr key={`${c.type ?? ''}-${i}`} className={c.status === 'True' ? '' : 'muted'}>
                        <td>{c.type}</td>
                        <td>{c.status}</td>
                        <td className="nowrap">{time(c.lastTransitionTime)}</td>
                        <td>{c.reason ?? ''}</td>
                        <td className="pre-line">{c.message ?? ''}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
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

              <h2>Events</h2>
              {eventSlice.status?.freshness === 'forbidden' && <FreshnessBanner status={eventSlice.status} />}
              {eventSlice.error && <ErrorNote error={eventSlice.error} />}
              {events.length === 0 ? (
                <p className="muted">{eventSlice.items === undefined ? 'Loading…' : 'No events kept for this server, its StatefulSet or its pod.'}</p>
              ) : (
                <Events events={events} />
              )}
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
