// SPDX-License-Identifier: Apache-2.0
/**
 * An experiment's runs: the search box (MLflow's filter syntax, sent to the server; its refusal
 * shown under the box), the sort the runs index applies over every run fetched, how many runs are
 * indexed and when, refresh (new and unfinished runs), and the table (VirtualTable: columns for
 * attributes, params, metrics and tags, chosen with its column chooser).
 */
import { useMemo, useState } from 'react';
import type { TrackingRunRow, TrackingServer } from '../../../shared/features/mlflow/tracking-types';
import { useRouter } from '../../app/router';
import { AddToComparison } from '../../components/AddToComparison';
import { ErrorNote } from '../../components/ErrorNote';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { formatDateTime } from './format';
import { cellSortValue, cellText, columnId, originWords, parseColumnId, runColumns } from './runs-table-model';
import { useRunsTable } from './use-mlflow';

/** The panel. */
export function RunsPanel(props: { server: TrackingServer; experimentId: string; experimentName: string; filter: string }) {
  const { server, experimentId, experimentName, filter } = props;
  const go = useRouter((s) => s.go);
  const [draft, setDraft] = useState(filter);
  const [sortId, setSortId] = useState('');
  const [desc, setDesc] = useState(true);
  const sortColumn = sortId ? parseColumnId(sortId) : undefined;
  const sort = useMemo(() => (sortColumn ? { column: sortColumn, desc } : undefined), [sortId, desc]); // eslint-disable-line react-hooks/exhaustive-deps
  const t = useRunsTable(server.ref, experimentId, filter, sort);
  const filterError = t.error?.code === 'validation' ? t.error : undefined;

  const all = useMemo(() => runColumns(t.keys), [t.keys]);
  const columns = useMemo<Column<TrackingRunRow>[]>(
    () =>
      all.map(({ column, title, hidden }) => ({
        id: columnId(column),
        title: column.kind === 'attribute' ? title : `${column.kind === 'metric' ? 'metrics' : column.kind === 'param' ? 'params' : 'tags'}.${title}`,
        text: (r) => cellText(r, column, formatDateTime),
        sortValue: (r) => cellSortValue(r, column),
        hiddenByDefault: hidden,
        align: column.kind === 'metric' ? 'right' : 'left',
        ...(column.kind === 'attribute' && column.key === 'runName'
          ? {
              width: 260,
              render: (r: TrackingRunRow) => (
                <span className="mlflow-run-cell">
                  <button className="link" data-testid="mlflow-run-link" onClick={() => go({ page: 'mlflow-run', server: server.id, runId: r.runId })}>
                    {r.runName || r.runId}
                  </button>
                  <AddToComparison runRef={{ source: 'mlflow', serverId: server.id, runId: r.runId }} compact />
                </span>
              ),
            }
          : {}),
      })),
    [all, go, server.id],
  );
  const apply = (f: string) => go({ page: 'mlflow', server: server.id, experimentId, ...(f.trim() ? { filter: f.trim() } : {}) });
  const offline = originWords(t.origin, formatDateTime);

  return (
    <>
      <form
        className="mlflow-search"
        role="search"
        onSubmit={(e) => {
          e.preventDefault();
          apply(draft);
        }}
      >
        <input
          className="input mono"
          data-testid="runs-filter"
          aria-label="Search runs (MLflow filter syntax)"
          aria-invalid={filterError ? true : undefined}
          aria-describedby={filterError ? 'runs-filter-error' : undefined}
          placeholder="metrics.accuracy > 0.9 and params.lr = '0.01'"
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button className="btn" type="submit" data-testid="runs-search">
          Search
        </button>
        <label className="muted small" htmlFor="runs-sort">
          Sort by
        </label>
        <select id="runs-sort" className="input" data-testid="runs-sort" value={sortId} onChange={(e) => setSortId(e.target.value)}>
          <option value="">newest first</option>
          {all.map(({ column, title }) => (
            <option key={columnId(column)} value={columnId(column)}>
              {column.kind === 'attribute' ? title : `${column.kind}s.${title}`}
            </option>
          ))}
        </select>
        <label className="small">
          <input type="checkbox" checked={desc} onChange={(e) => setDesc(e.target.checked)} data-testid="runs-sort-desc" /> descending
        </label>
        <button className="btn" type="button" onClick={t.refresh} data-testid="runs-refresh">
          Refresh
        </button>
      </form>
      {filterError && (
        <p className="error-text" id="runs-filter-error" data-testid="runs-filter-error" role="alert">
          {filterError.message}
        </p>
      )}
      {t.error && !filterError && <ErrorNote error={t.error} onRetry={t.refresh} />}
      {offline && (
        <p className="note" data-testid="mlflow-origin" data-origin="cache">
          {offline}
        </p>
      )}
      <p className="muted small mlflow-status" data-testid="runs-status" data-complete={t.complete} data-total={t.total}>
        {experimentName}: {t.total} run{t.total === 1 ? '' : 's'}
        {t.complete ? '' : ' so far'}
        {t.loading ? ' — loading…' : ''}
        {t.fetchedAt ? ` · fetched ${formatDateTime(t.fetchedAt)}` : ''}
        {sortColumn && !t.complete ? ' · sorted among the runs fetched so far' : ''}
      </p>
      <VirtualTable
        rows={t.rows}
        columns={columns}
        rowKey={(r) => r.runId}
        onOpen={(r) => go({ page: 'mlflow-run', server: server.id, runId: r.runId })}
        storageKey={`mlflow-runs-${server.id}-${experimentId}`}
        emptyText={t.loading ? 'Loading runs…' : 'No runs match.'}
        filterPlaceholder="Find in the table"
        testId="mlflow-runs-table"
        label={`Runs of ${experimentName}`}
      />
    </>
  );
}
