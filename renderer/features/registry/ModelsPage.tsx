// SPDX-License-Identifier: Apache-2.0
/**
 * Registered models of a cluster's MLflow: search by name, description, tag (`key=value`) or alias
 * (`@champion`), with aliases, latest version, tags and last update; the MLflow connection
 * settings; and, offline, what MLDeck saw with its date.
 */
import { useEffect, useState } from 'react';
import { useRouter, type Route } from '../../app/router';
import { ErrorNote } from '../../components/ErrorNote';
import { useClusters } from '../../lib/clusters.store';
import { MlflowSettingsPanel } from './MlflowSettingsPanel';
import { RegistryOrigin } from './RegistryOrigin';
import { needsSettings as settingsNeeded } from './registry-view-model';
import { useModels } from './use-registry-data';
import { when } from './registry-format';
import './registry.css';

/** The page. */
export function ModelsPage({ route }: { route: Extract<Route, { page: 'models' }> }) {
  const go = useRouter((s) => s.go);
  const clusters = useClusters((s) => s.list);
  const cluster = clusters?.clusters.find((c) => c.id === route.clusterId);
  const [search, setSearch] = useState('');
  const [query, setQuery] = useState('');
  const [showSettings, setShowSettings] = useState(false);
  // search as the user types, without a call per key
  useEffect(() => {
    const t = setTimeout(() => setQuery(search.trim()), 250);
    return () => clearTimeout(t);
  }, [search]);
  const list = useModels(route.clusterId, query);
  const models = list.value?.models ?? [];
  // no MLflow yet: the settings are what the user needs
  const needsSettings = settingsNeeded(list.error, !!list.value);

  return (
    <div className="page registry-page" data-testid="models-page">
      <header className="page-head">
        <h1>Models</h1>
        <select
          className="input registry-cluster"
          aria-label="Cluster"
          data-testid="models-cluster"
          value={route.clusterId}
          onChange={(e) => go({ page: 'models', clusterId: e.target.value })}
        >
          {(clusters?.clusters ?? []).map((c) => (
            <option key={c.id} value={c.id}>
              {c.displayName}
            </option>
          ))}
        </select>
        <RegistryOrigin origin={list.value?.origin.kind === 'cache' ? undefined : list.value?.origin} />
        {list.loading && <span className="pill progress small">loading…</span>}
        <span className="spacer" />
        <button
          className="btn"
          data-testid="mlflow-settings-toggle"
          aria-expanded={showSettings || !!needsSettings}
          onClick={() => setShowSettings(!showSettings)}
        >
          MLflow connection
        </button>
        <button className="btn" onClick={list.reload}>
          Refresh
        </button>
      </header>
      {(showSettings || needsSettings) && (
        <MlflowSettingsPanel clusterId={route.clusterId} clusterName={cluster?.displayName ?? route.clusterId} onSaved={list.reload} />
      )}
      {list.value?.origin.kind === 'cache' && <RegistryOrigin origin={list.value.origin} />}
      {list.error && <ErrorNote error={list.error} onRetry={list.reload} />}
      <input
        className="input registry-search"
        type="search"
        data-testid="models-search"
        placeholder="Search by name, description, tag (team=risk) or alias (@champion)"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      {list.value && (
        <>
          <p className="muted small">
            {models.length} {models.length === 1 ? 'model' : 'models'}
            {query ? ` matching “${query}”` : ''}
            {list.value.truncated ? ' (MLDeck reads the first 5,000)' : ''}
          </p>
          <table className="table registry-table" data-testid="models-table">
            <thead>
              <tr>
                <th>Name</th>
                <th>Aliases</th>
                <th>Latest version</th>
                <th>Tags</th>
                <th>Description</th>
                <th>Last updated</th>
              </tr>
            </thead>
            <tbody>
              {models.length === 0 && (
                <tr>
                  <td colSpan={6} className="muted">
                    {query ? 'No model matches.' : 'This MLflow has no registered models.'}
                  </td>
                </tr>
              )}
              {models.map((m) => (
                <tr
                  key={m.name}
                  className="clickable"
                  data-testid="model-row"
                  data-name={m.name}
                  onClick={() => go({ page: 'model', clusterId: route.clusterId, name: m.name })}
                >
                  <td className="registry-name">
                    <button
                      className="link"
                      onClick={(e) => {
                        e.stopPropagation();
                        go({ page: 'model', clusterId: route.clusterId, name: m.name });
                      }}
                    >
                      {m.name}
                    </button>
                  </td>
                  <td>
                    <div className="chips">
                      {m.aliases.map((a) => (
                        <span key={a.alias} className="chip alias" data-testid="model-alias" data-alias={a.alias}>
                          @{a.alias} → v{a.version}
                        </span>
                      ))}
                    </div>
                  </td>
                  <td>{m.latestVersion ? `v${m.latestVersion}` : '—'}</td>
                  <td>
                    <div className="chips">
                      {m.tags.map((t) => (
                        <span key={t.key} className="chip">
                          {t.key}={t.value}
                        </span>
                      ))}
                    </div>
                  </td>
                  <td className="registry-desc-cell">{m.description}</td>
                  <td title={new Date(m.updatedAt).toISOString()}>{when(m.updatedAt)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
