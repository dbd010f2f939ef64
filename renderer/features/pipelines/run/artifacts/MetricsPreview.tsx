// SPDX-License-Identifier: Apache-2.0
/** A `system.Metrics` artifact: its metrics as a table and its numeric ones as a bar chart. */
import type { ArtifactPreview } from '../../../../../shared/features/pipelines/run-artifacts.contract';
import { metricBars } from './artifact-model';

const show = (v: number | string) => (typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toPrecision(4)) : v);

/** The metrics. */
export function MetricsPreview({ p }: { p: Extract<ArtifactPreview, { kind: 'metrics' }> }) {
  const bars = metricBars(p.rows);
  return (
    <div className="artifact-metrics">
      <table className="table run-params" data-testid="artifact-metrics">
        <thead>
          <tr>
            <th>Metric</th>
            <th>Value</th>
          </tr>
        </thead>
        <tbody>
          {p.rows.map((r) => (
            <tr key={r.name} data-name={r.name}>
              <td className="mono">{r.name}</td>
              <td className="mono" data-testid="metric-value">
                {show(r.value)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {bars.length > 0 && (
        <div
          className="artifact-bars"
          role="img"
          aria-label={`Bar chart of ${bars.map((b) => `${b.name} ${show(b.value)}`).join(', ')}`}
          data-testid="artifact-metric-bars"
        >
          {bars.map((b) => (
            <div key={b.name} className="artifact-bar-row">
              <span className="artifact-bar-name mono small">{b.name}</span>
              <span className="artifact-bar-track">
                <span className={`artifact-bar ${b.value < 0 ? 'negative' : ''}`} style={{ width: `${Math.max(1, b.fraction * 100)}%` }} />
              </span>
              <span className="mono small">{show(b.value)}</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
