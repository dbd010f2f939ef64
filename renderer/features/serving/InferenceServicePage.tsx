// SPDX-License-Identifier: Apache-2.0
/**
 * One InferenceService: its state and why (the failing condition, the model's last failure),
 * URLs and the model it serves, rollouts (traffic, revisions, canary, promote, roll back,
 * history), try it, conditions, the events of the service, its revision Deployments and pods,
 * and the logs of its predictor pods (storage-initializer, kserve-container). Everything is read
 * from live slices of the namespace, so the page also reads offline from the cache.
 */
import { useMemo } from 'react';
import { isvcKind } from '../../../shared/serving/deploy-form';
import { stateTone, summarizeIsvc, type IsvcSummary } from '../../../shared/serving/isvc-summary';
import { useRouter, type Route } from '../../app/router';
import { ConditionsTable } from '../../components/detail/ConditionsTable';
import { DetailHeader } from '../../components/detail/DetailHeader';
import { isStale, ObjectPresence } from '../../components/detail/ObjectPresence';
import { SliceSection } from '../../components/detail/SliceSection';
import { ErrorNote } from '../../components/ErrorNote';
import { EventsTable } from '../../components/EventsTable';
import { JobLogsPanel } from '../../components/logs/JobLogsPanel';
import { useKeptLogs } from '../../components/use-kept-logs';
import { useClusters } from '../../lib/clusters.store';
import { dateTime } from '../../lib/date-time';
import { useSlice } from '../../lib/sync/use-slice';
import { predictorPods, serviceEvents } from './isvc-detail-model';
import { RolloutPanel } from './RolloutPanel';
import { useServingPermissions } from './use-serving-calls';
import { TryItPanel } from './TryItPanel';
import './serving.css';
import { S3Link } from '../../components/S3Link';

function Summary({ s, clusterName, clusterId }: { s: IsvcSummary; clusterName: string; clusterId: string }) {
  return (
    <section className="card" data-testid="isvc-summary">
      <dl className="kv">
        <dt>State</dt>
        <dd>
          <span className={`pill ${stateTone(s.state)}`} data-testid="isvc-state" data-state={s.state}>
            {s.state}
          </span>
          {s.reason && <span className="muted"> {s.reason}</span>}
        </dd>
        <dt>Cluster · namespace</dt>
        <dd>
          {clusterName} · {s.namespace}
        </dd>
        <dt>URL</dt>
        <dd className="sv-url mono" data-testid="isvc-url">
          {s.url ?? '—'}
          {s.internalUrl && <div className="muted small">in the cluster: {s.internalUrl}</div>}
        </dd>
        <dt>Model</dt>
        <dd>
          {s.format}
          {s.runtime && <span className="muted"> · runtime {s.runtime}</span>}
          {s.protocolVersion && <span className="muted"> · protocol {s.protocolVersion}</span>}
        </dd>
        <dt>storageUri</dt>
        <dd className="mono sv-url" data-testid="isvc-storage">
          {s.storageUri ? <S3Link clusterId={clusterId} uri={s.storageUri} /> : '—'}
        </dd>
        <dt>Registry version</dt>
        <dd data-testid="isvc-model-version">{s.model ? `${s.model}${s.modelVersion ? ` v${s.modelVersion}` : ''}` : '—'}</dd>
        <dt>Service account</dt>
        <dd>{s.serviceAccountName ?? 'default'}</dd>
        {s.modelStatus && (
          <>
            <dt>Model status</dt>
            <dd>
              {s.modelStatus.transitionStatus ?? '—'}
              {s.modelStatus.activeModelState && <span className="muted"> · active {s.modelStatus.activeModelState}</span>}
              {s.modelStatus.targetModelState && <span className="muted"> · target {s.modelStatus.targetModelState}</span>}
            </dd>
          </>
        )}
        <dt>Created</dt>
        <dd>{dateTime(s.createdAt)}</dd>
      </dl>
    </section>
  );
}

/** The page for an `inference-service` route. */
export function InferenceServicePage({ route }: { route: Extract<Route, { page: 'inference-service' }> }) {
  const go = useRouter((s) => s.go);
  const { clusterId, namespace: ns, name } = route;
  const cluster = useClusters((s) => s.list?.clusters.find((c) => c.id === clusterId));
  const isvcSlice = useSlice(
    useMemo(() => ({ clusterId, group: isvcKind.group, version: isvcKind.version, resource: isvcKind.resource, namespace: ns }), [clusterId, ns]),
  );
  const podSlice = useSlice(useMemo(() => ({ clusterId, group: '', version: 'v1', resource: 'pods', namespace: ns }), [clusterId, ns]));
  const eventSlice = useSlice(useMemo(() => ({ clusterId, group: '', version: 'v1', resource: 'events', namespace: ns }), [clusterId, ns]));
  const depSlice = useSlice(useMemo(() => ({ clusterId, group: 'apps', version: 'v1', resource: 'deployments', namespace: ns }), [clusterId, ns]));

  const object = isvcSlice.items?.find((o) => o.metadata.name === name);
  const s = useMemo(() => (object ? summarizeIsvc(object) : undefined), [object]);
  const pods = useMemo(() => predictorPods(podSlice.items ?? [], name), [podSlice.items, name]);
  const deployments = useMemo(
    () => (depSlice.items ?? []).filter((d) => d.metadata.labels?.['serving.kserve.io/inferenceservice'] === name),
    [depSlice.items, name],
  );
  const deployedRevisions = useMemo(() => deployments.map((d) => d.metadata.labels?.['serving.knative.dev/revision'] ?? '').filter(Boolean), [deployments]);
  const events = useMemo(
    () =>
      serviceEvents(
        eventSlice.items ?? [],
        name,
        deployments.map((d) => d.metadata.name),
        pods.map((p) => p.name),
      ),
    [eventSlice.items, name, deployments, pods],
  );

  const permission = useServingPermissions(clusterId, ns);
  const perm = permission.value;
  const keepProblem = useKeptLogs(clusterId, ns, pods, podSlice.status?.freshness === 'live' && !podSlice.status.snapshot);

  const snapshot = !!isvcSlice.status?.snapshot;
  const readOnly = snapshot
    ? 'A snapshot is read-only.'
    : isStale(isvcSlice)
      ? 'The cluster cannot be reached now: rollouts wait until it can.'
      : perm && !perm.patch.allowed
        ? perm.patch.reason
        : undefined;
  const logPods = useMemo(() => pods.map((p) => ({ name: p.name, containers: p.containers, replicaType: p.revision })), [pods]);
  const conditions = useMemo(() => (s?.conditions ?? []).map(({ lastTransitionTime, ...c }) => ({ ...c, at: lastTransitionTime })), [s]);

  return (
    <div className="page sv-page" data-testid="isvc-page">
      <DetailHeader
        back={{ label: 'Back to serving', text: '← Serving', onClick: () => go({ page: 'serving', clusterId }) }}
        name={name}
        what="InferenceService"
        namespace={ns}
        clusterName={cluster?.displayName ?? clusterId}
        status={s && { text: s.state, tone: stateTone(s.state), title: s.message }}
        freshness={isvcSlice.status}
      >
        <button
          className="btn ghost"
          title="The InferenceService's YAML, labels and annotations"
          onClick={() =>
            go({
              page: 'resources',
              clusterId,
              kind: { group: isvcKind.group, version: isvcKind.version, resource: isvcKind.resource },
              namespace: ns,
              selected: { namespace: ns, name },
            })
          }
        >
          YAML
        </button>
      </DetailHeader>
      <ObjectPresence
        slice={isvcSlice}
        found={!!s}
        what="InferenceService"
        name={name}
        namespace={ns}
        notes={
          <>
            {permission.error && <ErrorNote error={permission.error} />}
            {keepProblem && (
              <div className="note stale" role="status">
                {keepProblem}
              </div>
            )}
          </>
        }
      />
      {s && (
        <>
          {(s.state === 'Failed' || s.modelStatus?.transitionStatus === 'BlockedByFailedLoad') && s.message && (
            <div className="note error" role="alert" data-testid="isvc-failure">
              <strong>{s.reason ?? 'Not ready'}: </strong>
              <span className="pre-line">{s.message}</span>
              {s.modelStatus?.failure?.location && <div className="muted small">Failed in {s.modelStatus.failure.location}.</div>}
            </div>
          )}
          {s.state === 'Progressing' && s.message && (
            <div className="note stale" role="status" data-testid="isvc-progress">
              {s.reason && <strong>{s.reason}: </strong>}
              {s.message}
            </div>
          )}
          <Summary s={s} clusterName={cluster?.displayName ?? clusterId} clusterId={clusterId} />

          <h2>Rollouts</h2>
          <RolloutPanel clusterId={clusterId} summary={s} deployedRevisions={deployedRevisions} {...(readOnly ? { readOnly } : {})} />

          <h2>Try it</h2>
          <TryItPanel clusterId={clusterId} summary={s} readOnly={snapshot} />

          <h2>Conditions</h2>
          {conditions.length === 0 ? (
            <p className="muted">No conditions yet.</p>
          ) : (
            <ConditionsTable testId="isvc-conditions" conditions={conditions} columns={['type', 'status', 'reason', 'message', 'since']} statusPill />
          )}

          {/* errors of the pod and event slices are not shown here: the predictor's own state says more */}
          <SliceSection
            title="Pods"
            slice={{ items: podSlice.items, status: podSlice.status }}
            empty={pods.length === 0}
            emptyText="No predictor pods (not created yet, scaled to zero, or the model failed to load)."
          >
            <table className="table" data-testid="isvc-pods">
              <thead>
                <tr>
                  <th>Pod</th>
                  <th>Revision</th>
                  <th>Status</th>
                  <th>Ready</th>
                </tr>
              </thead>
              <tbody>
                {pods.map((p) => (
                  <tr key={p.name}>
                    <td className="nowrap">{p.name}</td>
                    <td className="nowrap">{p.revision}</td>
                    <td>
                      <span className={`pill ${p.status.tone}`}>{p.status.text}</span>
                      {p.initProblems.map((m) => (
                        <div key={m} className="error-text small pre-line">
                          {m}
                        </div>
                      ))}
                    </td>
                    <td>{p.ready}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </SliceSection>

          <SliceSection
            title="Events"
            slice={{ items: eventSlice.items, status: eventSlice.status }}
            empty={events.length === 0}
            emptyText="No events kept for this service, its Deployments or pods."
          >
            <EventsTable events={events} testId="isvc-events" />
          </SliceSection>

          <section className="job-logs-section">
            <h2>Logs</h2>
            {logPods.length === 0 ? (
              <p className="muted">No predictor pod to read logs from.</p>
            ) : (
              <JobLogsPanel clusterId={clusterId} namespace={ns} pods={logPods} />
            )}
          </section>
        </>
      )}
    </div>
  );
}
