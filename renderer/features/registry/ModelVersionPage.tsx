// SPDX-License-Identifier: Apache-2.0
/**
 * One model version: status, stage, aliases (set, move, remove), description and tags (edited),
 * where its files are and what KServe would load (storage URI, model format from the MLmodel
 * flavours) with a deploy button; its source run (params, final metrics with a history chart,
 * tags) and its artifacts (tree, preview, download).
 */
import { useState } from 'react';
import type { ModelDetail, RunDetail } from '../../../shared/features/registry/registry.contract';
import { useRouter, type Route } from '../../app/router';
import { Tabs } from '../../components/detail/Tabs';
import { ErrorNote } from '../../components/ErrorNote';
import { LineChart } from '../../components/LineChart';
import { ArtifactBrowser } from './ArtifactBrowser';
import { AliasesEditor, DescriptionEditor, TagsEditor } from './RegistryEditors';
import { RegistryCrumbs } from './RegistryCrumbs';
import { RegistryOrigin } from './RegistryOrigin';
import { duration, metric, when } from './registry-format';
import { otherVersions, sortedVersions, versionAliases } from './registry-view-model';
import { useMetricHistory, useModel, useModelVersion } from './use-registry-data';
import { VersionPick } from './VersionPick';
import './registry.css';
import { S3Link } from '../../components/S3Link';

function MetricChart({ clusterId, runId, metricKey }: { clusterId: string; runId: string; metricKey: string }) {
  const h = useMetricHistory(clusterId, runId, metricKey);
  if (h.error) return <ErrorNote error={h.error} onRetry={h.reload} />;
  if (!h.value) return <div className="muted small">Loading history…</div>;
  const points = h.value.points.filter((p) => Number.isFinite(p.value)).map((p) => ({ t: p.step, v: p.value }));
  if (points.length < 2)
    return (
      <p className="muted small">
        {metricKey} was logged {h.value.points.length === 1 ? 'once' : `${h.value.points.length} times`}: there is no history to draw.
      </p>
    );
  return <LineChart series={[{ name: metricKey, points }]} x="number" yLabel={metricKey} testId="metric-chart" title={`${metricKey} by step`} />;
}

function RunPanel({ clusterId, run }: { clusterId: string; run: RunDetail }) {
  const [chosen, setChosen] = useState<string | undefined>(run.metrics[0]?.key);
  return (
    <div className="registry-run" data-testid="run">
      <dl className="kv">
        <dt>Run</dt>
        <dd>
          <span className="mono">{run.runName || run.runId}</span> <span className="muted small mono">{run.runId}</span>
        </dd>
        <dt>Status</dt>
        <dd>{run.status}</dd>
        <dt>Experiment</dt>
        <dd className="mono">{run.experimentId}</dd>
        <dt>Started</dt>
        <dd>
          {when(run.startTime)} · took {duration(run.startTime, run.endTime)}
        </dd>
      </dl>
      <div className="registry-grid">
        <div>
          <h3>Metrics ({run.metrics.length})</h3>
          <table className="table registry-table" data-testid="run-metrics">
            <thead>
              <tr>
                <th>Metric</th>
                <th className="right">Final value</th>
                <th className="right">Step</th>
              </tr>
            </thead>
            <tbody>
              {run.metrics.map((m) => (
                <tr
                  key={m.key}
                  className={`clickable ${chosen === m.key ? 'current' : ''}`}
                  data-testid="run-metric"
                  data-key={m.key}
                  onClick={() => setChosen(m.key)}
                >
                  <td className="mono">{m.key}</td>
                  <td className="right mono">{metric(m.value)}</td>
                  <td className="right">{m.step}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {chosen && <MetricChart clusterId={clusterId} runId={run.runId} metricKey={chosen} />}
        </div>
        <div>
          <h3>Params ({run.params.length})</h3>
          <table className="table registry-table" data-testid="run-params">
            <tbody>
              {run.params.map((p) => (
                <tr key={p.key}>
                  <td className="mono">{p.key}</td>
                  <td className="mono">{p.value}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <h3>Tags</h3>
          <div className="chips">
            {run.tags.length === 0 && <span className="muted small">No tags.</span>}
            {run.tags.map((t) => (
              <span key={t.key} className="chip">
                {t.key}={t.value}
              </span>
            ))}
          </div>
          {run.systemTags.length > 0 && (
            <details>
              <summary className="muted small">MLflow’s own tags ({run.systemTags.length})</summary>
              <div className="chips">
                {run.systemTags.map((t) => (
                  <span key={t.key} className="chip mono">
                    {t.key}={t.value.length > 120 ? `${t.value.slice(0, 120)}…` : t.value}
                  </span>
                ))}
              </div>
            </details>
          )}
        </div>
      </div>
    </div>
  );
}

type VersionTab = 'run' | 'artifacts';

const versionTabs: { id: VersionTab; label: string }[] = [
  { id: 'run', label: 'Source run' },
  { id: 'artifacts', label: 'Artifacts' },
];

/** The page. */
export function ModelVersionPage({ route }: { route: Extract<Route, { page: 'model-version' }> }) {
  const go = useRouter((s) => s.go);
  const ref = { clusterId: route.clusterId, name: route.name, version: route.version };
  const v = useModelVersion(ref);
  const model = useModel(route.clusterId, route.name);
  const [tab, setTab] = useState<VersionTab>('run');
  const d = v.value;
  const offline = d?.origin.kind === 'cache';
  const changed = (m: ModelDetail) => {
    model.set(m);
    v.reload();
  };
  // the model's alias map is the newest after a change here (the version reloads behind it)
  const aliases = versionAliases(model.value, route.version, d?.aliases);
  const others = otherVersions(model.value, [route.version]);

  return (
    <div className="page registry-page" data-testid="model-version-page">
      <header className="page-head">
        <RegistryCrumbs clusterId={route.clusterId} name={route.name} />
        <h1>version {route.version}</h1>
        {aliases.map((a) => (
          <span key={a} className="chip alias" data-testid="version-alias" data-alias={a}>
            @{a}
          </span>
        ))}
        <RegistryOrigin origin={offline ? undefined : d?.origin} />
        {(v.loading || model.loading) && <span className="pill progress small">loading…</span>}
        <span className="spacer" />
        {others.length > 0 && (
          <VersionPick
            label="Compare with"
            testId="compare-with"
            placeholder="Compare with…"
            versions={others}
            onPick={(v) => go({ page: 'model-compare', clusterId: route.clusterId, name: route.name, versions: sortedVersions([route.version, v]) })}
          />
        )}
        <button
          className="btn primary"
          data-testid="deploy-version"
          disabled={!d}
          onClick={() => go({ page: 'deploy', clusterId: route.clusterId, model: route.name, version: route.version })}
        >
          Deploy…
        </button>
        <button
          className="btn"
          onClick={() => {
            v.reload();
            model.reload();
          }}
        >
          Refresh
        </button>
      </header>
      {offline && <RegistryOrigin origin={d.origin} />}
      {v.error && <ErrorNote error={v.error} onRetry={v.reload} />}
      {d && (
        <>
          <section className="registry-grid">
            <div className="card" data-testid="version-summary">
              <dl className="kv registry-kv">
                <dt>Status</dt>
                <dd>{d.status}</dd>
                <dt>Stage</dt>
                <dd>{d.stage}</dd>
                <dt>Created</dt>
                <dd>{when(d.createdAt)}</dd>
                <dt>Updated</dt>
                <dd>{when(d.updatedAt)}</dd>
                <dt>Source</dt>
                <dd className="mono small">{d.source || '—'}</dd>
                {d.artifactUri !== d.source && (
                  <>
                    <dt>Files at</dt>
                    <dd className="mono small">{d.artifactUri}</dd>
                  </>
                )}
                <dt>Storage URI</dt>
                <dd data-testid="storage-uri">
                  {d.storageUri ? <S3Link clusterId={route.clusterId} uri={d.storageUri} /> : <span className="warn-text small">{d.storageUriReason}</span>}
                </dd>
                <dt>Model format</dt>
                <dd data-testid="model-format">
                  {d.modelFormat ?? (
                    <span className="muted">{d.flavors.length === 0 ? 'unknown (no MLmodel file could be read)' : 'unknown (no flavour KServe serves)'}</span>
                  )}
                  {d.flavors.length > 0 && <span className="muted small"> (MLmodel flavours: {d.flavors.join(', ')})</span>}
                </dd>
              </dl>
              <h3>Description</h3>
              <DescriptionEditor target={ref} text={d.description} readOnly={offline} onChanged={changed} />
            </div>
            <div className="card">
              <h3>Aliases</h3>
              {model.error && <ErrorNote error={model.error} onRetry={model.reload} />}
              {model.value && (
                <AliasesEditor
                  clusterId={route.clusterId}
                  name={route.name}
                  aliases={model.value.model.aliases}
                  versions={model.value.versions.map((x) => x.version)}
                  defaultVersion={route.version}
                  readOnly={offline || model.value.origin.kind === 'cache'}
                  onChanged={changed}
                />
              )}
              <h3>Tags of this version</h3>
              <TagsEditor target={ref} tags={d.tags} readOnly={offline} onChanged={changed} />
            </div>
          </section>
          <Tabs<VersionTab> as="nav" className="registry-tabs" tabs={versionTabs} value={tab} onChange={setTab} />
          <div className="registry-tab-body">
            {tab === 'run' && (d.run ? <RunPanel clusterId={route.clusterId} run={d.run} /> : <p className="muted">{d.runProblem}</p>)}
            {tab === 'artifacts' && <ArtifactBrowser refv={ref} root={d.artifactUri} />}
          </div>
        </>
      )}
    </div>
  );
}
