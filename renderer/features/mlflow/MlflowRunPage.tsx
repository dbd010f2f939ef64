// SPDX-License-Identifier: Apache-2.0
/**
 * A run's page: status and times, params, metrics (last value and step) with their history
 * charts, tags (MLflow's own apart), files (opened in the storage browser when they are in an
 * object store) and the registered model versions the run produced.
 */
import { parseTrackingServerId } from '../../../shared/features/mlflow/tracking-types';
import { useRouter, type Route } from '../../app/router';
import { AddToComparison } from '../../components/AddToComparison';
import { ErrorNote } from '../../components/ErrorNote';
import { PageHeader } from '../../components/PageHeader';
import { S3Link, isS3Location } from '../../components/S3Link';
import { formatDateTime } from './format';
import { MetricHistory } from './MetricHistory';
import { RunArtifacts } from './RunArtifacts';
import { formatDuration, formatMetric, originWords, whereWords } from './runs-table-model';
import { useRun, useRunModels } from './use-mlflow';
import './mlflow.css';

/** The page. */
export function MlflowRunPage({ route }: { route: Extract<Route, { page: 'mlflow-run' }> }) {
  const ref = parseTrackingServerId(route.server);
  if (!ref) return <p className="error-text page">Not a tracking server: {route.server}</p>;
  return <RunView route={route} server={ref} />;
}

function RunView({ route, server }: { route: Extract<Route, { page: 'mlflow-run' }>; server: NonNullable<ReturnType<typeof parseTrackingServerId>> }) {
  const go = useRouter((s) => s.go);
  const r = useRun(server, route.runId);
  const models = useRunModels(server, route.runId);
  const page = r.value;
  const run = page?.run;
  const clusterId = server.kind === 'cluster' ? server.clusterId : undefined;
  const offline = page ? originWords(page.origin, formatDateTime) : undefined;
  return (
    <div className="page" data-testid="mlflow-run-page">
      <PageHeader
        title={run ? run.runName || run.runId : route.runId}
        back={{
          label: 'Back to the experiment’s runs',
          text: '← Runs',
          onClick: () => go(run ? { page: 'mlflow', server: route.server, experimentId: run.experimentId } : { page: 'mlflow', server: route.server }),
        }}
        actions={<AddToComparison runRef={{ source: 'mlflow', serverId: route.server, runId: route.runId }} />}
      >
        {page && (
          <span className="muted small">
            {page.experimentName || run?.experimentId} · {page.server.label} ({whereWords(page.server)})
          </span>
        )}
      </PageHeader>
      {r.error && <ErrorNote error={r.error} onRetry={r.reload} />}
      {offline && (
        <p className="note" data-testid="mlflow-origin" data-origin="cache">
          {offline}
        </p>
      )}
      {run && (
        <>
          <dl className="kv mlflow-section" data-testid="run-overview">
            <dt>Status</dt>
            <dd data-testid="run-status">{run.status}</dd>
            <dt>Run id</dt>
            <dd className="mono">{run.runId}</dd>
            <dt>Started</dt>
            <dd>{run.startTime ? formatDateTime(run.startTime) : ''}</dd>
            <dt>Duration</dt>
            <dd>{run.startTime && run.endTime ? formatDuration(run.endTime - run.startTime) : ''}</dd>
            <dt>User</dt>
            <dd>{run.user}</dd>
            <dt>Artifacts</dt>
            <dd>
              {clusterId && isS3Location(page.artifactStorageUri) ? (
                <S3Link clusterId={clusterId} uri={page.artifactStorageUri} />
              ) : (
                <code>{run.artifactUri}</code>
              )}
            </dd>
          </dl>
          <div className="mlflow-run-grid">
            <section className="mlflow-section" aria-labelledby="run-params">
              <h2 id="run-params">Parameters</h2>
              <table className="table" data-testid="run-params">
                <tbody>
                  {run.params.map((p) => (
                    <tr key={p.key} data-key={p.key}>
                      <th scope="row">{p.key}</th>
                      <td className="mono">{p.value}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {run.params.length === 0 && <p className="muted small">No parameters.</p>}
            </section>
            <section className="mlflow-section" aria-labelledby="run-metrics">
              <h2 id="run-metrics">Metrics</h2>
              <table className="table" data-testid="run-metrics">
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    <th scope="col">Last value</th>
                    <th scope="col">Step</th>
                  </tr>
                </thead>
                <tbody>
                  {run.metrics.map((m) => (
                    <tr key={m.key} data-key={m.key}>
                      <th scope="row">{m.key}</th>
                      <td className="mono">{formatMetric(m.value)}</td>
                      <td>{m.step}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              {run.metrics.length === 0 && <p className="muted small">No metrics.</p>}
            </section>
          </div>
          {run.metrics.length > 0 && (
            <section className="mlflow-section" aria-labelledby="run-history">
              <h2 id="run-history">Metric history</h2>
              <div className="mlflow-run-grid">
                {run.metrics.slice(0, 12).map((m) => (
                  <MetricHistory key={m.key} server={server} runId={run.runId} metric={m.key} runName={run.runName || run.runId} />
                ))}
              </div>
            </section>
          )}
          <div className="mlflow-run-grid">
            <section className="mlflow-section" aria-labelledby="run-models">
              <h2 id="run-models">Model versions from this run</h2>
              {models.error && <ErrorNote error={models.error} onRetry={models.reload} />}
              {models.value && models.value.versions.length === 0 && <p className="muted small">No registered model version comes from this run.</p>}
              <ul data-testid="run-model-versions">
                {models.value?.versions.map((v) => (
                  <li key={`${v.name}@${v.version}`} data-testid="run-model-version" data-name={v.name} data-version={v.version}>
                    {clusterId ? (
                      <button className="link" onClick={() => go({ page: 'model-version', clusterId, name: v.name, version: v.version })}>
                        {v.name} version {v.version}
                      </button>
                    ) : (
                      <span>
                        {v.name} version {v.version}
                      </span>
                    )}{' '}
                    {v.aliases.map((a) => (
                      <span key={a} className="pill">
                        @{a}
                      </span>
                    ))}{' '}
                    <span className="muted small">{v.status}</span>
                  </li>
                ))}
              </ul>
            </section>
            <section className="mlflow-section mlflow-artifacts" aria-labelledby="run-files">
              <h2 id="run-files">Files</h2>
              <RunArtifacts server={server} runId={run.runId} path="" clusterId={clusterId} />
            </section>
          </div>
          <section className="mlflow-section" aria-labelledby="run-tags">
            <h2 id="run-tags">Tags</h2>
            <table className="table" data-testid="run-tags">
              <tbody>
                {[...run.tags, ...run.systemTags].map((t) => (
                  <tr key={t.key} data-key={t.key}>
                    <th scope="row">{t.key}</th>
                    <td className="mono">{t.value}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </section>
        </>
      )}
      {!run && !r.error && <p className="muted">Loading the run…</p>}
    </div>
  );
}
