// SPDX-License-Identifier: Apache-2.0
/**
 * InferenceServices of one cluster or all of them: ready state (and why not), URL, model format,
 * storageUri, registry version, traffic split, latest revision and age. Each cluster that serves
 * KServe is followed live through a sync slice, so the list reads from the cache offline with the
 * time it last matched the cluster; a cluster where listing across namespaces is forbidden is
 * narrowed to its context's namespace.
 */
import { useEffect, useMemo, useState } from 'react';
import { isvcKind } from '../../../shared/serving/deploy-form';
import { stateTone, summarizeIsvc, trafficText, type IsvcSummary } from '../../../shared/serving/isvc-summary';
import { useRouter, type Route } from '../../app/router';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { age } from '../../lib/format';
import { ClusterScopeSelect } from '../../components/ClusterScopeSelect';
import { useClusters } from '../../lib/clusters.store';
import { syncedAt, useClusterScope } from '../../lib/use-cluster-scope';
import { useSlices } from '../../lib/sync/use-slices';
import { TrafficBar, shortRevision } from './TrafficBar';
import './serving.css';

/** One row of the list. */
interface ServiceRow {
  key: string;
  clusterId: string;
  clusterName: string;
  s: IsvcSummary;
}

const isvcKey = `${isvcKind.group}/${isvcKind.version}/${isvcKind.resource}`;

const columns: Column<ServiceRow>[] = [
  { id: 'name', title: 'Name', width: 140, text: (r) => r.s.name },
  { id: 'namespace', title: 'Namespace', width: 100, text: (r) => r.s.namespace },
  { id: 'cluster', title: 'Cluster', width: 75, text: (r) => r.clusterName },
  {
    id: 'ready',
    title: 'Ready',
    width: 85,
    text: (r) => r.s.state,
    render: (r) => (
      <span className={`pill ${stateTone(r.s.state)}`} title={[r.s.reason, r.s.message].filter(Boolean).join(': ')} data-state={r.s.state}>
        {r.s.state}
      </span>
    ),
  },
  { id: 'url', title: 'URL', width: 180, text: (r) => r.s.url ?? '' },
  { id: 'format', title: 'Format', width: 80, text: (r) => r.s.format },
  { id: 'storage', title: 'storageUri', width: 160, text: (r) => r.s.storageUri ?? '' },
  {
    id: 'model',
    title: 'Registry version',
    width: 110,
    hiddenByDefault: true,
    text: (r) => (r.s.model ? `${r.s.model}${r.s.modelVersion ? ` v${r.s.modelVersion}` : ''}` : ''),
  },
  {
    id: 'traffic',
    title: 'Traffic',
    width: 120,
    text: (r) => trafficText(r.s),
    render: (r) => <TrafficBar service={r.s.name} traffic={r.s.traffic} />,
  },
  { id: 'latest', title: 'Latest', width: 70, text: (r) => (r.s.latestCreatedRevision ? shortRevision(r.s.name, r.s.latestCreatedRevision) : '') },
  {
    id: 'age',
    title: 'Age',
    width: 60,
    align: 'right',
    text: (r) => age(r.s.createdAt),
    sortValue: (r) => -Date.parse(r.s.createdAt ?? '1970-01-01'),
  },
  { id: 'message', title: 'Message', hiddenByDefault: true, text: (r) => r.s.message ?? '' },
];

/** The page for a `serving` route. */
export function ServingPage({ route }: { route: Extract<Route, { page: 'serving' }> }) {
  const go = useRouter((s) => s.go);
  const list = useClusters((s) => s.list);
  const [narrowed, setNarrowed] = useState<Set<string>>(new Set());

  const { usable, nameOf, kindsByCluster } = useClusterScope(route.clusterId);

  const serving = usable.filter((c) => {
    const k = kindsByCluster[c.id];
    return k && 'keys' in k && k.keys.has(isvcKey);
  });
  // compared by value inside useSlices, so a new array each render is fine
  const specs = serving.map((c) => {
    const ns = narrowed.has(c.id) ? c.namespace : undefined;
    return {
      req: { clusterId: c.id, group: isvcKind.group, version: isvcKind.version, resource: isvcKind.resource, ...(ns ? { namespace: ns } : {}) },
      tag: c.id,
    };
  });
  const { rows: tagged, slices } = useSlices(specs);

  useEffect(() => {
    const add = slices.filter(
      (s) =>
        s.status?.freshness === 'forbidden' && !s.req.namespace && !narrowed.has(s.req.clusterId) && usable.find((c) => c.id === s.req.clusterId)?.namespace,
    );
    if (add.length) setNarrowed(new Set([...narrowed, ...add.map((s) => s.req.clusterId)]));
  }, [slices, narrowed, usable]);

  const rows = useMemo<ServiceRow[]>(
    () =>
      tagged.map((t) => ({
        key: `${t.clusterId}/${t.object.metadata.namespace ?? ''}/${t.object.metadata.name}`,
        clusterId: t.clusterId,
        clusterName: nameOf(t.clusterId),
        s: summarizeIsvc(t.object),
      })),
    [tagged, nameOf],
  );
  const notServing = usable.filter((c) => {
    const k = kindsByCluster[c.id];
    return k && 'keys' in k && !k.keys.has(isvcKey);
  });
  const kindErrors = usable.flatMap((c) => {
    const k = kindsByCluster[c.id];
    return k && 'error' in k ? [{ name: c.displayName, message: k.error.message }] : [];
  });
  const loading = usable.some((c) => !kindsByCluster[c.id]) || slices.some((s) => !s.loaded);
  const stale = slices.filter((s) => s.error || (s.status && s.status.freshness !== 'live' && s.status.freshness !== 'syncing'));
  const syncing = slices.some((s) => s.status?.freshness === 'syncing');
  const deployCluster = route.clusterId ?? list?.currentId;

  return (
    <div className="page sv-page" data-testid="serving-page">
      <header className="page-head">
        <h1>Serving</h1>
        <ClusterScopeSelect
          testId="serving-scope"
          value={route.clusterId}
          onChange={(clusterId) => go(clusterId ? { page: 'serving', clusterId } : { page: 'serving' })}
        />
        {!loading && stale.length === 0 && slices.length > 0 && (
          <span className={`pill ${syncing ? 'progress' : 'ok'} small`} data-testid="freshness" data-freshness={syncing ? 'syncing' : 'live'}>
            {syncing ? 'syncing…' : 'live'}
          </span>
        )}
        <span className="spacer" />
        <button
          className="btn primary"
          data-testid="deploy-model"
          disabled={!deployCluster}
          title={deployCluster ? `Deploy a model to ${nameOf(deployCluster)}` : 'Choose a cluster first'}
          onClick={() => deployCluster && go({ page: 'deploy', clusterId: deployCluster })}
        >
          Deploy a model
        </button>
      </header>

      <div data-testid="serving-freshness">
        {stale.map((s) => (
          <div
            key={s.req.clusterId}
            className={`note ${s.error ? 'error' : s.status?.snapshot ? 'snapshot' : s.status?.freshness === 'forbidden' ? 'forbidden' : 'stale'}`}
            role={s.error || s.status?.freshness === 'forbidden' ? 'alert' : 'status'}
            data-freshness={s.error ? 'error' : s.status?.snapshot ? 'snapshot' : s.status?.freshness}
          >
            <strong>{nameOf(s.req.clusterId)}</strong>
            {s.error && <> — could not list InferenceServices: {s.error.message}</>}
            {!s.error && s.status?.snapshot && <> — a snapshot taken {syncedAt(s.status.snapshot.takenAt)}, read-only.</>}
            {!s.error && !s.status?.snapshot && s.status?.freshness === 'forbidden' && <> — not allowed to list InferenceServices. {s.status.reason}</>}
            {!s.error && !s.status?.snapshot && (s.status?.freshness === 'offline' || s.status?.freshness === 'reconnecting') && (
              <>
                {' '}
                — {s.status.freshness}: showing InferenceServices as MLDeck saw them at {syncedAt(s.status.lastSyncedAt)}.{' '}
                <span className="muted">{s.status.reason}</span>
              </>
            )}
          </div>
        ))}
        {narrowed.size > 0 &&
          usable
            .filter((c) => narrowed.has(c.id))
            .map((c) => (
              <div key={c.id} className="note info" role="status">
                <strong>{c.displayName}</strong> — listing InferenceServices across namespaces is not allowed; showing namespace {c.namespace}.
              </div>
            ))}
        {kindErrors.map((k) => (
          <div key={k.name} className="note error" role="alert">
            <strong>{k.name}</strong> — could not learn whether it serves KServe: {k.message}
          </div>
        ))}
        {route.clusterId && notServing.length > 0 && (
          <div className="note stale" role="status" data-testid="no-kserve">
            {notServing[0]?.displayName} does not serve KServe InferenceServices (serving.kserve.io/v1beta1).
          </div>
        )}
      </div>

      <VirtualTable
        testId="serving-table"
        rows={rows}
        columns={columns}
        rowKey={(r) => r.key}
        onOpen={(r) => go({ page: 'inference-service', clusterId: r.clusterId, namespace: r.s.namespace, name: r.s.name })}
        storageKey="inference-services"
        filterPlaceholder="Search InferenceServices…"
        emptyText={loading ? 'Loading…' : serving.length === 0 ? 'No cluster here serves KServe.' : 'No InferenceServices here.'}
      />
    </div>
  );
}
