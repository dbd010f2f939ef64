// SPDX-License-Identifier: Apache-2.0
/**
 * The compare page's tables: the runs (source, cluster, where, state; served as last read when
 * their source could not be reached), their parameters (all, or only those that differ), and
 * their final metrics with the best value of each column marked, by the column's direction (the
 * user's choice in the column header, else the source's, else by the metric's name).
 */
import { bestPerColumn, metricColumns, metricDirections, type ComparedRun, type Direction } from '../../../shared/features/compare/compare-model';
import { dateTime } from '../../lib/date-time';
import type { ShownRun } from './compare-view-model';

/** The runs. */
export function RunsTable(props: { runs: readonly ShownRun[]; onRemove(key: string): void }) {
  return (
    <table className="table compare-runs" data-testid="compare-runs">
      <thead>
        <tr>
          <th scope="col">Run</th>
          <th scope="col">Source</th>
          <th scope="col">Cluster or server</th>
          <th scope="col">Where</th>
          <th scope="col">State</th>
          <th scope="col">Read</th>
          <th scope="col">
            <span className="compare-sr-only">Actions</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {props.runs.map(({ run, cachedAt, problem }) => (
          <tr key={run.key} data-testid="compare-run-row" data-source={run.source}>
            <td>{run.label}</td>
            <td>{run.source}</td>
            <td>{run.cluster}</td>
            <td>{run.where}</td>
            <td>{run.state}</td>
            <td>
              {cachedAt !== undefined ? (
                <span className="pill warn" title={problem} data-testid="compare-cached">
                  as of {dateTime(new Date(cachedAt).toISOString())}
                </span>
              ) : (
                'live'
              )}
            </td>
            <td>
              <button className="btn small ghost" aria-label={`Take ${run.label} out of the comparison`} onClick={() => props.onRemove(run.key)}>
                Remove
              </button>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The parameters, one row per parameter, a column per run. */
export function ParamsTable(props: { runs: readonly ComparedRun[]; params: readonly string[]; differencesOnly: boolean }) {
  if (!props.params.length)
    return (
      <p className="muted" data-testid="compare-params-empty">
        {props.differencesOnly ? 'Every parameter is the same in every run.' : 'These runs have no parameters.'}
      </p>
    );
  return (
    <div className="compare-scroll">
      <table className="table compare-params" data-testid="compare-params">
        <thead>
          <tr>
            <th scope="col">Parameter</th>
            {props.runs.map((r) => (
              <th scope="col" key={r.key}>
                {r.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.params.map((p) => (
            <tr key={p} data-testid="compare-param-row" data-param={p}>
              <th scope="row">{p}</th>
              {props.runs.map((r) => (
                <td key={r.key}>{r.params[p] ?? '—'}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const fmt = (v: number | undefined) => (v === undefined ? '—' : String(+v.toPrecision(6)));

/** The final metrics: a row per run, a column per metric, the best of each column marked. */
export function MetricsTable(props: {
  runs: readonly ComparedRun[];
  chosen: Readonly<Record<string, Direction>>;
  onDirection(metric: string, d: Direction): void;
}) {
  const metrics = metricColumns(props.runs);
  if (!metrics.length) return <p className="muted">These runs report no metrics.</p>;
  const dirs = metricDirections(props.runs, props.chosen);
  const best = bestPerColumn(props.runs, dirs);
  return (
    <div className="compare-scroll">
      <table className="table compare-metrics" data-testid="compare-metrics">
        <thead>
          <tr>
            <th scope="col">Run</th>
            {metrics.map((m) => (
              <th scope="col" key={m}>
                {m}{' '}
                <select
                  aria-label={`Best ${m} is`}
                  value={dirs[m]}
                  data-testid={`direction-${m}`}
                  onChange={(e) => props.onDirection(m, e.target.value as Direction)}
                >
                  <option value="max">highest best</option>
                  <option value="min">lowest best</option>
                </select>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.runs.map((r) => (
            <tr key={r.key}>
              <th scope="row">{r.label}</th>
              {metrics.map((m) => {
                const isBest = best[m]?.includes(r.key) ?? false;
                return (
                  <td key={m} className={isBest ? 'compare-best' : undefined} data-best={isBest || undefined}>
                    {fmt(r.metrics[m])}
                    {isBest && <span className="compare-sr-only"> (best)</span>}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
