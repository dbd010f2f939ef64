// SPDX-License-Identifier: Apache-2.0
/**
 * The runs table: only the visible rows are in the DOM (10,000 runs scroll like ten); column
 * headers sort on KFP (the order comes from the server, page by page); near the end the next
 * pages are read; a row opens the run; each row has its actions.
 */
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef, type ReactNode } from 'react';
import type { RunSort, RunSummary } from '../../../../shared/features/pipelines/runs.contract';
import { AddToComparison } from '../../../components/AddToComparison';
import { duration, stateBadge } from './runs-model';

const rowHeight = 34;

const sortable: { key: RunSort['key']; label: string }[] = [
  { key: 'display_name', label: 'Name' },
  { key: 'state', label: 'State' },
  { key: 'created_at', label: 'Created' },
  { key: 'finished_at', label: 'Finished' },
];

/** The table. */
export function RunsTable(props: {
  rows: RunSummary[];
  sort: RunSort;
  onSort(s: RunSort): void;
  more: boolean;
  /** false: more pages are read only when the user asks (reads found nothing several times in a row). */
  autoMore: boolean;
  loading: boolean;
  onMore(): void;
  onOpen(r: RunSummary): void;
  clusterName(id: string): string;
  experimentName(clusterId: string, id: string): string;
  showCluster: boolean;
  now: number;
  actions(r: RunSummary): ReactNode;
}) {
  const { rows, more, autoMore, loading, onMore } = props;
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scrollRef.current, estimateSize: () => rowHeight, overscan: 12 });
  const items = virtual.getVirtualItems();
  const lastShown = items[items.length - 1]?.index ?? -1;
  // near the end (or when the rows do not fill the view): the next pages
  useEffect(() => {
    if (more && autoMore && !loading && lastShown >= rows.length - 20) onMore();
  }, [more, autoMore, loading, lastShown, rows.length, onMore]);

  /** The sort a column header announces (aria-sort belongs on the header cell, not its button). */
  const sortOf = (key: RunSort['key']) => (props.sort.key !== key ? 'none' : props.sort.desc ? 'descending' : 'ascending');
  const header = (key: RunSort['key'], label: string) => {
    const on = props.sort.key === key;
    return (
      <button className="link" data-testid={`runs-sort-${key}`} onClick={() => props.onSort({ key, desc: on ? !props.sort.desc : key !== 'display_name' })}>
        {label}
        {on ? (props.sort.desc ? ' ▼' : ' ▲') : ''}
      </button>
    );
  };
  return (
    <div
      className={`runs-table${props.showCluster ? ' with-cluster' : ''}`}
      role="table"
      aria-label="Runs"
      data-testid="runs-table"
      aria-rowcount={rows.length}
    >
      <div className="runs-row runs-head" role="row">
        {sortable.slice(0, 2).map((c) => (
          <span key={c.key} role="columnheader" aria-sort={sortOf(c.key)} className={`runs-col-${c.key}`}>
            {header(c.key, c.label)}
          </span>
        ))}
        {props.showCluster && <span role="columnheader">Cluster</span>}
        <span role="columnheader">Experiment</span>
        {sortable.slice(2).map((c) => (
          <span key={c.key} role="columnheader" aria-sort={sortOf(c.key)}>
            {header(c.key, c.label)}
          </span>
        ))}
        <span role="columnheader">Duration</span>
        <span role="columnheader">Actions</span>
      </div>
      <div ref={scrollRef} className="runs-scroll">
        {rows.length === 0 && !loading && <div className="muted runs-empty">No runs match.</div>}
        <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
          {items.map((it) => {
            const r = rows[it.index] as RunSummary;
            const badge = stateBadge(r.state);
            return (
              <div
                key={`${r.clusterId}/${r.runId}`}
                role="row"
                className="runs-row clickable"
                data-testid="run-row"
                data-name={r.displayName}
                data-state={r.state}
                style={{ position: 'absolute', top: 0, left: 0, right: 0, height: rowHeight, transform: `translateY(${it.start}px)` }}
                onClick={() => props.onOpen(r)}
              >
                <span role="cell" className="runs-name" title={r.description || r.displayName}>
                  {r.displayName}
                </span>
                <span role="cell">
                  <span className={`run-state tone-${badge.tone}`} data-testid="run-state" title={r.error || badge.label}>
                    {badge.label}
                  </span>
                </span>
                {props.showCluster && (
                  <span role="cell">
                    {props.clusterName(r.clusterId)}
                    {r.namespace ? ` / ${r.namespace}` : ''}
                  </span>
                )}
                <span role="cell">{props.experimentName(r.clusterId, r.experimentId)}</span>
                <span role="cell" title={r.createdAt}>
                  {r.createdAt ? new Date(r.createdAt).toLocaleString() : '—'}
                </span>
                <span role="cell" title={r.finishedAt}>
                  {r.finishedAt ? new Date(r.finishedAt).toLocaleString() : '—'}
                </span>
                <span role="cell">{duration(r, props.now) || '—'}</span>
                <span role="cell" className="runs-actions" onClick={(e) => e.stopPropagation()}>
                  <AddToComparison compact runRef={{ source: 'kfp', clusterId: r.clusterId, runId: r.runId }} />
                  {props.actions(r)}
                </span>
              </div>
            );
          })}
        </div>
        {more && (
          <div className="muted small runs-more">
            {loading ? (
              'Reading more runs…'
            ) : autoMore ? (
              'Scroll for more'
            ) : (
              <button className="btn small" data-testid="runs-read-further" onClick={onMore}>
                The last pages held no match: read further
              </button>
            )}
          </div>
        )}
      </div>
    </div>
  );
}
