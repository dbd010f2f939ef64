// SPDX-License-Identifier: Apache-2.0
/**
 * Pipelines on one cluster or all of them: a table with the cluster column, search and sorting;
 * what could not be read (per cluster), what comes from the cache with its date, and the
 * namespaces not listed with why; upload a pipeline; the KFP connection of one cluster.
 */
import { useMemo, useState } from 'react';
import { useRouter, type Route } from '../../app/router';
import { ClusterScopeSelect } from '../../components/ClusterScopeSelect';
import { ErrorNote } from '../../components/ErrorNote';
import { AppError } from '../../../shared/errors';
import { useClusterScope } from '../../lib/use-cluster-scope';
import { KfpSettingsPanel } from './KfpSettingsPanel';
import { clusterNotes, nextSort, pipelineRows, type Sort, type SortKey } from './pipelines-view-model';
import { UploadDialog } from './UploadDialog';
import { usePipelines } from './use-pipelines';
import './pipelines.css';

const columns: { key: SortKey; label: string }[] = [
  { key: 'name', label: 'Name' },
  { key: 'cluster', label: 'Cluster' },
  { key: 'namespace', label: 'Namespace' },
  { key: 'createdAt', label: 'Created' },
];

/** The page. */
export function PipelinesPage({ route }: { route: Extract<Route, { page: 'pipelines' }> }) {
  const go = useRouter((s) => s.go);
  const { usable, nameOf } = useClusterScope(route.clusterId);
  const list = usePipelines(route.clusterId);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort>({ key: 'name', desc: false });
  const [uploading, setUploading] = useState(false);
  const [showSettings, setShowSettings] = useState(false);
  const rows = useMemo(() => pipelineRows(list.value, nameOf, search, sort), [list.value, nameOf, search, sort]);
  const notes = useMemo(() => clusterNotes(list.value, nameOf), [list.value, nameOf]);
  const uploadCluster = route.clusterId ?? usable[0]?.id;
  // a multi-user KFP without a user: the settings are what the user needs
  const needsUser = !!route.clusterId && notes.some((n) => n.kind === 'error' && n.error.code === 'unauthenticated');
  return (
    <div className="page pipelines-page" data-testid="pipelines-page">
      <header className="page-head">
        <h1>Pipelines</h1>
        <ClusterScopeSelect
          value={route.clusterId}
          onChange={(clusterId) => go(clusterId ? { page: 'pipelines', clusterId } : { page: 'pipelines' })}
          testId="pipelines-scope"
        />
        {list.loading && <span className="pill progress small">loading…</span>}
        <span className="spacer" />
        {route.clusterId && (
          <button className="btn" data-testid="kfp-settings-toggle" aria-expanded={showSettings || needsUser} onClick={() => setShowSettings(!showSettings)}>
            KFP connection
          </button>
        )}
        <button className="btn primary" data-testid="pipeline-upload" disabled={!uploadCluster} onClick={() => setUploading(true)}>
          Upload pipeline
        </button>
        <button className="btn" onClick={list.reload}>
          Refresh
        </button>
      </header>
      {route.clusterId && (showSettings || needsUser) && (
        <KfpSettingsPanel clusterId={route.clusterId} clusterName={nameOf(route.clusterId)} onSaved={list.reload} />
      )}
      {list.error && <ErrorNote error={list.error} onRetry={list.reload} />}
      {notes.map((n, i) =>
        n.kind === 'error' ? (
          <div key={i} data-testid="pipelines-cluster-error" data-cluster={n.clusterName}>
            <strong className="small">{n.clusterName}</strong>
            {!route.clusterId && (
              <button className="link small" onClick={() => go({ page: 'pipelines', clusterId: n.clusterId })}>
                open its pipelines and KFP connection
              </button>
            )}
            <ErrorNote error={AppError.fromData(n.error)} onRetry={list.reload} />
          </div>
        ) : n.kind === 'cached' ? (
          <p key={i} className="note warn small" data-testid="pipelines-cached" data-cluster={n.clusterName}>
            {n.clusterName}: KFP cannot be reached; showing what MLDeck saw at {new Date(n.seenAt).toLocaleString()} ({n.why})
          </p>
        ) : (
          <p key={i} className="muted small" data-testid="pipelines-refused" data-namespace={n.namespace}>
            {n.clusterName}, {n.namespace} not listed: {n.reason}
          </p>
        ),
      )}
      <input
        className="input pipelines-search"
        type="search"
        data-testid="pipelines-search"
        placeholder="Search by name, description or namespace"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
      />
      <p className="muted small">
        {rows.length} {rows.length === 1 ? 'pipeline' : 'pipelines'}
        {search.trim() ? ` matching “${search.trim()}”` : ''}
      </p>
      <table className="table pipelines-table" data-testid="pipelines-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.key} aria-sort={sort.key === c.key ? (sort.desc ? 'descending' : 'ascending') : 'none'}>
                <button className="link" data-testid={`sort-${c.key}`} onClick={() => setSort(nextSort(sort, c.key))}>
                  {c.label}
                  {sort.key === c.key ? (sort.desc ? ' ▼' : ' ▲') : ''}
                </button>
              </th>
            ))}
            <th>Description</th>
          </tr>
        </thead>
        <tbody>
          {list.value && rows.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                {search.trim() ? 'No pipeline matches.' : 'No pipelines.'}
              </td>
            </tr>
          )}
          {rows.map((r) => (
            <tr
              key={`${r.clusterId}/${r.pipelineId}`}
              className="clickable"
              data-testid="pipeline-row"
              data-name={r.name}
              data-cluster={r.clusterName}
              onClick={() => go({ page: 'pipeline', clusterId: r.clusterId, pipelineId: r.pipelineId })}
            >
              <td className="pipelines-name">{r.displayName}</td>
              <td>{r.clusterName}</td>
              <td>{r.namespace || '—'}</td>
              <td title={r.createdAt}>{r.createdAt ? new Date(r.createdAt).toLocaleString() : '—'}</td>
              <td className="pipelines-desc">{r.description}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {uploading && uploadCluster && (
        <UploadDialog
          target={{ kind: 'pipeline', clusterId: uploadCluster, clusters: usable.map((c) => ({ id: c.id, name: c.displayName })) }}
          onCancel={() => setUploading(false)}
          onUploaded={(clusterId, r) => {
            setUploading(false);
            if ('pipeline' in r) go({ page: 'pipeline', clusterId, pipelineId: r.pipeline.pipelineId });
          }}
        />
      )}
    </div>
  );
}
