// SPDX-License-Identifier: Apache-2.0
/**
 * The GPU view, for one cluster or all: GPUs per model and node, who holds them (with
 * utilisation now and idle flags), who waits for them and why, and utilisation and memory per
 * GPU and per job over time. Says where the metrics come from, or what is missing; refreshes
 * every 30 s while open.
 */
import { useMemo, useState } from 'react';
import type { Route } from '../../app/router';
import { useRouter } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { LineChart } from '../../components/LineChart';
import { useClusters } from '../../lib/clusters.store';
import { FreshnessBanner } from '../../components/FreshnessBanner';
import { chartSeries, combine, onePerServer, podUse, sourceText } from './gpu-view-model';
import { GpuSettingsPanel } from './GpuSettingsPanel';
import { HoldersTable, ModelCards, NodesTable, PendingTable } from './GpuTables';
import { useGpuData } from './use-gpu-data';
import './gpus.css';
import { PageHeader } from '../../components/PageHeader';
import { neverRead } from '../../lib/slice-known';
import { ClusterScopeSelect } from '../../components/ClusterScopeSelect';

const windows = [
  { minutes: 15, label: '15 min' },
  { minutes: 60, label: '1 hour' },
  { minutes: 360, label: '6 hours' },
  { minutes: 1440, label: '24 hours' },
];

const formatTime = (ms: number) => {
  const d = new Date(ms);
  return d.toDateString() === new Date().toDateString() ? d.toLocaleTimeString() : d.toLocaleString();
};

/** The page. */
export function GpusPage({ route }: { route: Extract<Route, { page: 'gpus' }> }) {
  const go = useRouter((s) => s.go);
  const { list } = useClusters();
  const [minutes, setMinutes] = useState(60);
  const [showSettings, setShowSettings] = useState(false);
  const { scope, duplicates } = useMemo(() => {
    const usable = (list?.clusters ?? []).filter((c) => c.problems.length === 0);
    if (route.clusterId) return { scope: usable.filter((c) => c.id === route.clusterId), duplicates: [] };
    // several contexts may reach one cluster (other users, other credentials): count its GPUs once
    return onePerServer(usable, list?.currentId);
  }, [list, route.clusterId]);
  const ids = useMemo(() => scope.map((c) => c.id), [scope]);
  const { data, reload, loading } = useGpuData(ids, minutes);
  const nameOf = (id: string) => scope.find((c) => c.id === id)?.displayName ?? id;
  const many = scope.length > 1;

  const loaded = ids.map((id) => data.get(id)).filter((d) => d !== undefined);
  const allocations = loaded.flatMap((d) => (d.allocation ? [{ clusterId: d.clusterId, clusterName: nameOf(d.clusterId), allocation: d.allocation }] : []));
  const metrics = loaded.flatMap((d) => (d.metrics ? [{ clusterId: d.clusterId, clusterName: nameOf(d.clusterId), metrics: d.metrics }] : []));
  const gapMs = 3 * 1000 * Math.max(0, ...metrics.map((m) => m.metrics.stepSeconds));
  const combined = combine(allocations);
  const use = podUse(metrics);
  const idleCount = combined.holders.filter((h) => use.get(`${h.clusterId}/${h.namespace}/${h.pod}`)?.idle).length;
  const single = route.clusterId ? scope[0] : undefined;

  return (
    <div className="page gpus-page" data-testid="gpus-page">
      <PageHeader
        title="GPUs"
        actions={
          <>
            {single && (
              <button className="btn" data-testid="gpus-settings-toggle" aria-expanded={showSettings} onClick={() => setShowSettings(!showSettings)}>
                Settings
              </button>
            )}
            <button className="btn" onClick={reload}>
              Refresh
            </button>
          </>
        }
      >
        <ClusterScopeSelect
          testId="gpus-scope"
          value={route.clusterId}
          onChange={(clusterId) => go(clusterId ? { page: 'gpus', clusterId } : { page: 'gpus' })}
        />
        <select className="input" aria-label="Time window" data-testid="gpus-window" value={minutes} onChange={(e) => setMinutes(Number(e.target.value))}>
          {windows.map((w) => (
            <option key={w.minutes} value={w.minutes}>
              Last {w.label}
            </option>
          ))}
        </select>
        {loading && <span className="pill progress small">refreshing…</span>}
      </PageHeader>
      {scope.length === 0 && <p className="muted">No cluster to show: add one, or fix its kubeconfig problems.</p>}
      {single && showSettings && <GpuSettingsPanel clusterId={single.id} clusterName={single.displayName} onSaved={reload} />}
      {!single && many && <p className="muted small">Choose one cluster to change its Prometheus URL or idle rule.</p>}
      {duplicates.length > 0 && (
        <p className="muted small" data-testid="gpus-duplicates">
          Counted once: {duplicates.map((d) => `${d.displayName} (same server as ${d.sameAs})`).join(', ')}.
        </p>
      )}

      {loaded.map((d) => (
        <div key={d.clusterId} className="gpu-cluster-notes">
          {d.allocationError && (
            <>
              {many && <strong>{nameOf(d.clusterId)}</strong>}
              <ErrorNote error={d.allocationError} onRetry={reload} />
            </>
          )}
          {d.allocation?.forbidden && (
            <div className="note forbidden" role="alert">
              <strong>Not allowed{many ? ` (${nameOf(d.clusterId)})` : ''}:</strong> {d.allocation.forbidden}
            </div>
          )}
          {d.allocation && d.allocation.freshness.freshness !== 'live' && d.allocation.freshness.freshness !== 'syncing' && (
            <FreshnessBanner status={d.allocation.freshness} />
          )}
        </div>
      ))}

      {allocations.length === 0 && loaded.every((d) => !d.allocationError) && scope.length > 0 && <div className="muted">Loading…</div>}
      {allocations.length > 0 && (
        <>
          {combined.models.length === 0 ? (
            <p className="muted">
              {allocations.every((a) => neverRead(a.allocation.freshness))
                ? 'GPU nodes are not known: MLDeck has never read nodes from this cluster.'
                : `${many ? 'These clusters have' : 'This cluster has'} no GPU nodes.`}
            </p>
          ) : (
            <ModelCards models={combined.models} showClusters={many} />
          )}
          {combined.nodes.length > 0 && (
            <details className="gpu-nodes" data-testid="gpu-nodes-section">
              <summary>
                <h2>Nodes ({combined.nodes.length})</h2>
              </summary>
              <NodesTable nodes={combined.nodes} showClusters={many} />
            </details>
          )}

          <h2>
            Who holds GPUs
            {idleCount > 0 && (
              <span className="pill warn small gpu-idle-count" data-testid="gpu-idle-count">
                {idleCount} idle
              </span>
            )}
          </h2>
          <HoldersTable holders={combined.holders} use={use} showClusters={many} metricsKnown={metrics.length > 0} />

          <h2>Waiting for GPUs</h2>
          <PendingTable pending={combined.pending} showClusters={many} />
        </>
      )}

      <h2>Utilisation and memory</h2>
      {loaded.map((d) => {
        const prefix = many ? `${nameOf(d.clusterId)}: ` : '';
        if (d.metricsError)
          return (
            <div key={d.clusterId}>
              {many && <strong>{nameOf(d.clusterId)}</strong>}
              <ErrorNote error={d.metricsError} onRetry={reload} />
            </div>
          );
        if (!d.metrics) return null;
        const s = sourceText(d.metrics.source, formatTime);
        return (
          <div
            key={d.clusterId}
            className={`gpu-source ${s.level === 'ok' ? 'muted small' : s.level === 'warn' ? 'note stale' : 'note'}`}
            data-testid="gpu-metrics-source"
            data-kind={d.metrics.source.kind}
            role={s.level === 'ok' ? undefined : 'status'}
          >
            {prefix}
            {s.text}
            {d.metrics.source.kind === 'none' && (d.metrics.source.candidates?.length ?? 0) > 0 && single && !showSettings && (
              <>
                {' '}
                <button className="btn small" data-testid="gpus-choose-prometheus" onClick={() => setShowSettings(true)}>
                  Choose the Prometheus
                </button>
              </>
            )}
            {s.level === 'ok' && ` · idle means under ${d.metrics.idleRule.thresholdPercent} % for ${d.metrics.idleRule.windowMinutes} min`}
          </div>
        );
      })}
      {metrics.some((m) => m.metrics.series.length > 0) ? (
        <div className="gpu-charts">
          {/* a stretch without samples longer than three steps is drawn as a gap */}
          <LineChart
            title="Utilisation per GPU"
            testId="gpu-util-chart"
            gap={gapMs}
            series={chartSeries(metrics, 'gpu-util')}
            yMax={100}
            yUnit=" %"
            yLabel="%"
          />
          <LineChart title="Memory used per GPU" testId="gpu-memory-chart" gap={gapMs} series={chartSeries(metrics, 'gpu-memory')} yUnit=" MiB" yLabel="MiB" />
          {metrics.some((m) => m.metrics.jobs.length > 0) && (
            <>
              <LineChart
                title="Utilisation per job (mean of its GPUs)"
                testId="job-util-chart"
                gap={gapMs}
                series={chartSeries(metrics, 'job-util')}
                yMax={100}
                yUnit=" %"
                yLabel="%"
              />
              <LineChart
                title="Memory used per job"
                testId="job-memory-chart"
                gap={gapMs}
                series={chartSeries(metrics, 'job-memory')}
                yUnit=" MiB"
                yLabel="MiB"
              />
            </>
          )}
        </div>
      ) : (
        metrics.length > 0 && <p className="muted">No GPU samples in this time window.</p>
      )}
    </div>
  );
}
