// SPDX-License-Identifier: Apache-2.0
/**
 * The trials of an experiment: status, each parameter, each metric, objective and duration;
 * sortable and searchable over thousands (virtualised, in a box of its own height so only the
 * rows in view are in the DOM).
 */
import { useMemo } from 'react';
import type { TrialSummary } from '../../../shared/features/katib/experiment-summary';
import { VirtualTable, type Column } from '../../components/VirtualTable';
import { durationText, experimentTone } from './katib-list-model';

/** The table; `best` is marked, `selected` highlighted. */
export function TrialsTable(props: {
  trials: TrialSummary[];
  paramNames: string[];
  metricNames: string[];
  best: string | undefined;
  selected: string | undefined;
  onOpen(name: string): void;
  emptyText: string;
}) {
  const { paramNames, metricNames, best } = props;
  const columns = useMemo<Column<TrialSummary>[]>(
    () => [
      {
        id: 'name',
        title: 'Trial',
        width: 190,
        text: (t) => t.name,
        render: (t) => (t.name === best ? <strong title="Best trial">★ {t.name}</strong> : t.name),
      },
      {
        id: 'phase',
        title: 'Status',
        width: 110,
        text: (t) => t.phase,
        render: (t) => (
          <span className={`pill ${experimentTone(t.phase)}`} data-phase={t.phase}>
            {t.phase}
          </span>
        ),
      },
      ...paramNames.map<Column<TrialSummary>>((p) => ({
        id: `p:${p}`,
        title: p,
        width: 100,
        align: 'right',
        text: (t) => t.params[p] ?? '',
        sortValue: (t) => (t.params[p] !== undefined && Number.isFinite(Number(t.params[p])) ? Number(t.params[p]) : (t.params[p] ?? '')),
      })),
      ...metricNames.map<Column<TrialSummary>>((m) => ({
        id: `m:${m}`,
        title: m,
        width: 100,
        align: 'right',
        text: (t) => (t.metrics[m] === undefined ? '' : String(t.metrics[m])),
        sortValue: (t) => t.metrics[m] ?? -Infinity,
      })),
      { id: 'duration', title: 'Duration', width: 80, align: 'right', text: (t) => durationText(t.durationMs), sortValue: (t) => t.durationMs ?? -1 },
    ],
    [paramNames, metricNames, best],
  );
  // a bounded height: in a page that scrolls, the table would grow to all its rows and render every one
  // (5,000 trials × 15 cells in the DOM made the first render and every brush take seconds)
  return (
    <div style={{ height: 480, display: 'flex', flexDirection: 'column' }} data-testid="trials-table-box">
      <VirtualTable
        testId="trials-table"
        rows={props.trials}
        columns={columns}
        rowKey={(t) => t.name}
        selectedKey={props.selected}
        onOpen={(t) => props.onOpen(t.name)}
        storageKey={`katib-trials|${paramNames.join(',')}|${metricNames.join(',')}`}
        filterPlaceholder="Search trials…"
        emptyText={props.emptyText}
      />
    </div>
  );
}
