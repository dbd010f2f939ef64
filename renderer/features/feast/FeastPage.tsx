// SPDX-License-Identifier: Apache-2.0
/**
 * Features: the Feast registries found on one cluster or all, each project a row (its cluster,
 * registry and where that was found); what could not be read, or comes from the cache with its
 * date; a search by feature, feature view or entity name across projects and clusters (kept in the
 * route, so back returns to it); a cluster's Feast settings (a registry URL).
 */
import { useEffect, useMemo, useState } from 'react';
import { AppError } from '../../../shared/errors';
import { useRouter, type Route } from '../../app/router';
import { ClusterScopeSelect } from '../../components/ClusterScopeSelect';
import { ErrorNote } from '../../components/ErrorNote';
import { PageHeader } from '../../components/PageHeader';
import { useClusterScope } from '../../lib/use-cluster-scope';
import { protocolWords, registryRows } from './feast-model';
import { FeastSearchResults } from './FeastSearchResults';
import { FeastSettingsPanel } from './FeastSettingsPanel';
import { useFeastRegistries, useFeastSearch } from './use-feast';
import './feast.css';

/** The page. */
export function FeastPage({ route }: { route: Extract<Route, { page: 'feast' }> }) {
  const go = useRouter((s) => s.go);
  const { nameOf } = useClusterScope(route.clusterId);
  const list = useFeastRegistries(route.clusterId);
  const query = route.q ?? '';
  const search = useFeastSearch(route.clusterId, query);
  const [typed, setTyped] = useState(query);
  useEffect(() => setTyped(query), [query]);
  const [showSettings, setShowSettings] = useState(false);
  const { rows, notes } = useMemo(() => registryRows(list.value, nameOf), [list.value, nameOf]);
  const here = (q: string): Route => {
    const r: Route = route.clusterId ? { page: 'feast', clusterId: route.clusterId } : { page: 'feast' };
    if (q.trim()) r.q = q.trim();
    return r;
  };
  return (
    <div className="page feast-page" data-testid="feast-page">
      <PageHeader
        title="Features"
        actions={
          <>
            {route.clusterId && (
              <button className="btn" data-testid="feast-settings-toggle" aria-expanded={showSettings} onClick={() => setShowSettings(!showSettings)}>
                Feast settings
              </button>
            )}
            <button
              className="btn"
              onClick={() => {
                list.reload();
                search.reload();
              }}
            >
              Refresh
            </button>
          </>
        }
      >
        <ClusterScopeSelect
          value={route.clusterId}
          onChange={(clusterId) => go({ page: 'feast', ...(clusterId ? { clusterId } : {}), ...(query ? { q: query } : {}) })}
          testId="feast-scope"
        />
        {(list.loading || search.loading) && <span className="pill progress small">loading…</span>}
      </PageHeader>
      {route.clusterId && showSettings && <FeastSettingsPanel clusterId={route.clusterId} clusterName={nameOf(route.clusterId)} onSaved={list.reload} />}
      <form
        className="feast-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          go(here(typed));
        }}
      >
        <input
          className="input"
          type="search"
          aria-label="Search features, feature views and entities"
          data-testid="feast-search"
          placeholder="Search features, feature views and entities by name"
          value={typed}
          onChange={(e) => setTyped(e.target.value)}
        />
        <button className="btn primary" type="submit" data-testid="feast-search-go">
          Search
        </button>
        {query && (
          <button className="btn ghost" type="button" onClick={() => go(here(''))}>
            Clear
          </button>
        )}
      </form>
      {search.error && <ErrorNote error={search.error} onRetry={search.reload} />}
      {search.value && (
        <FeastSearchResults
          result={search.value}
          nameOf={nameOf}
          onOpen={(m) => go({ page: 'feast-view', clusterId: m.clusterId, registry: m.registryId, project: m.project, name: m.featureView })}
        />
      )}
      <h2 className="feast-h2">Registries</h2>
      {list.error && <ErrorNote error={list.error} onRetry={list.reload} />}
      {notes.map((n, i) =>
        n.kind === 'error' ? (
          <div key={i} data-testid="feast-cluster-error" data-cluster={n.clusterName}>
            <strong className="small">
              {n.clusterName}
              {n.registryLabel ? ` · ${n.registryLabel}` : ''}
            </strong>
            <ErrorNote error={AppError.fromData(n.error)} onRetry={list.reload} />
          </div>
        ) : n.kind === 'cached' ? (
          <p key={i} className="note warn small" data-testid="feast-cached" data-cluster={n.clusterName}>
            {n.clusterName} · {n.registryLabel}: the registry cannot be reached; cached at {new Date(n.seenAt).toLocaleString()} ({n.why})
          </p>
        ) : n.kind === 'none' ? (
          <p key={i} className="muted small" data-testid="feast-none" data-cluster={n.clusterName}>
            {n.clusterName}: no Feast registry found (looked in {n.lookedIn}). Set a registry URL in its Feast settings if it runs elsewhere.
          </p>
        ) : (
          <p key={i} className="muted small" data-testid="feast-empty" data-cluster={n.clusterName}>
            {n.clusterName} · {n.registryLabel}: no projects ({n.foundBy})
          </p>
        ),
      )}
      <table className="table feast-table" data-testid="feast-projects">
        <thead>
          <tr>
            <th>Project</th>
            <th>Cluster</th>
            <th>Registry</th>
            <th>Description</th>
            <th>Found as</th>
          </tr>
        </thead>
        <tbody>
          {list.value && rows.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No Feast projects.
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr
              key={`${r.clusterId}|${r.registryId}|${r.project}`}
              className="clickable"
              data-testid="feast-project-row"
              data-project={r.project}
              data-cluster={r.clusterName}
              onClick={() => go({ page: 'feast-project', clusterId: r.clusterId, registry: r.registryId, project: r.project })}
            >
              <td>
                <button className="link" onClick={() => go({ page: 'feast-project', clusterId: r.clusterId, registry: r.registryId, project: r.project })}>
                  {r.project}
                </button>
              </td>
              <td>{r.clusterName}</td>
              <td data-testid="feast-registry-cell" data-protocol={r.protocol}>
                {r.registryLabel} <span className="muted small">· {protocolWords[r.protocol]}</span>
              </td>
              <td>{r.description}</td>
              <td className="muted small">{r.cachedAt ? `${r.foundBy}; cached at ${new Date(r.cachedAt).toLocaleString()}` : r.foundBy}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
