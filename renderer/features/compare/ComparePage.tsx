// SPDX-License-Identifier: Apache-2.0
/**
 * Compare (`#/compare`): the runs added from anywhere — Katib trials, KFP runs, MLflow runs of any
 * tracking server, training jobs, on any cluster — side by side: the runs (source, cluster,
 * where), parameters (all, or differences only), final metrics with the best of each column
 * marked, one metric's curves overlaid (step or time, smoothing, log scale), parallel
 * coordinates, and a scatter of any parameter or metric against another. Saved comparisons
 * reopen offline (runs as last read, with that date); CSV export.
 */
import { useMemo } from 'react';
import { ErrorNote } from '../../components/ErrorNote';
import { PageHeader } from '../../components/PageHeader';
import { CompareParallel, CompareScatter, CurvesChart } from './CompareCharts';
import { MetricsTable, ParamsTable, RunsTable } from './CompareTables';
import { curveMetrics, curves, numericColumns, parallelView, parseColumn, scatterPoints } from './compare-view-model';
import { SavedBar } from './SavedBar';
import { useCompare } from './use-compare';
import './compare.css';

/** The page. */
export function ComparePage() {
  const c = useCompare();
  const { view, setView } = c;
  const runs = useMemo(() => c.runs.map((r) => r.run), [c.runs]);
  const metricsWithSeries = useMemo(() => curveMetrics(runs), [runs]);
  const curveMetric = metricsWithSeries.includes(view.curveMetric) ? view.curveMetric : (metricsWithSeries[0] ?? '');
  const shownCurves = useMemo(() => curves(runs, curveMetric, view.x), [runs, curveMetric, view.x]);
  const parallel = useMemo(() => parallelView(runs, c.params), [runs, c.params]);
  const columns = useMemo(() => numericColumns(runs, c.params), [runs, c.params]);
  const sx = parseColumn(view.scatterX) ?? columns.find((col) => col.kind === 'param') ?? columns[0];
  const sy = parseColumn(view.scatterY) ?? columns.find((col) => col.kind === 'metric' && col.id !== sx?.id) ?? columns[1];
  const points = useMemo(() => (sx && sy ? scatterPoints(runs, sx, sy) : []), [runs, sx, sy]);

  return (
    <div className="page compare-page" data-testid="compare-page">
      <PageHeader
        title="Compare runs"
        actions={
          <>
            <button className="btn" onClick={c.reload} disabled={!c.refs.length}>
              Read again
            </button>
            <button className="btn" onClick={c.exportCsv} disabled={!runs.length} data-testid="compare-export">
              Export CSV
            </button>
          </>
        }
      >
        <span className="muted">
          {c.refs.length} run{c.refs.length === 1 ? '' : 's'}
          {c.name ? ` · ${c.name}` : ''}
        </span>
      </PageHeader>
      <SavedBar
        saved={c.saved}
        savedId={c.savedId}
        name={c.name}
        canSave={c.refs.length > 0}
        onOpen={(id) => void c.open(id)}
        onSave={(n, asNew) => void c.save(n, asNew)}
        onRename={(id, n) => void c.rename(id, n)}
        onDelete={(id) => void c.remove(id)}
        onNew={c.startNew}
      />
      {c.savedError && <ErrorNote error={c.savedError} />}
      {c.error && <ErrorNote error={c.error} onRetry={c.reload} />}
      {!c.refs.length && (
        <p className="muted" data-testid="compare-empty">
          Nothing to compare yet. Use “Add to comparison” on Katib trials, KFP runs, training jobs or MLflow runs, or open a saved comparison.
        </p>
      )}
      {c.loading && c.refs.length > 0 && <p className="muted">Reading {c.refs.length} runs…</p>}
      {c.failed.map((f) => (
        <div key={f.key} className="compare-failed" data-testid="compare-failed">
          <strong>{f.key}</strong> could not be read: {f.error.message}{' '}
          <button className="btn small ghost" onClick={() => c.removeRun(f.key)}>
            Remove
          </button>
        </div>
      ))}
      {runs.length > 0 && (
        <>
          <section aria-labelledby="compare-runs-h">
            <h2 id="compare-runs-h">Runs</h2>
            <RunsTable runs={c.runs} onRemove={c.removeRun} />
          </section>
          <section aria-labelledby="compare-params-h">
            <div className="compare-section-head">
              <h2 id="compare-params-h">Parameters</h2>
              <label>
                <input
                  type="checkbox"
                  checked={view.differencesOnly}
                  onChange={(e) => setView({ differencesOnly: e.target.checked })}
                  data-testid="compare-differences-only"
                />{' '}
                Differences only
              </label>
            </div>
            <ParamsTable runs={runs} params={c.params} differencesOnly={view.differencesOnly} />
          </section>
          <section aria-labelledby="compare-metrics-h">
            <h2 id="compare-metrics-h">Final metrics</h2>
            <MetricsTable runs={runs} chosen={view.directions} onDirection={(m, d) => setView({ directions: { ...view.directions, [m]: d } })} />
          </section>
          <section aria-labelledby="compare-curves-h">
            <div className="compare-section-head">
              <h2 id="compare-curves-h">Curves</h2>
              <label>
                Metric{' '}
                <select value={curveMetric} onChange={(e) => setView({ curveMetric: e.target.value })} data-testid="compare-curve-metric">
                  {metricsWithSeries.map((m) => (
                    <option key={m}>{m}</option>
                  ))}
                </select>
              </label>
              <label>
                x{' '}
                <select value={view.x} onChange={(e) => setView({ x: e.target.value as 'step' | 'time' })} data-testid="compare-x">
                  <option value="step">step</option>
                  <option value="time">time</option>
                </select>
              </label>
              <label>
                Smoothing{' '}
                <input
                  type="range"
                  min={0}
                  max={0.99}
                  step={0.01}
                  value={view.smoothing}
                  onChange={(e) => setView({ smoothing: Number(e.target.value) })}
                  aria-valuetext={view.smoothing.toFixed(2)}
                />
              </label>
              <label>
                <input type="checkbox" checked={view.logScale} onChange={(e) => setView({ logScale: e.target.checked })} /> Log scale
              </label>
            </div>
            <CurvesChart curves={shownCurves} metric={curveMetric} x={view.x} smoothing={view.smoothing} logScale={view.logScale} />
            <p className="muted small">A KFP run reports each metric once: it shows as one point at the run's end.</p>
          </section>
          <section aria-labelledby="compare-parallel-h">
            <h2 id="compare-parallel-h">Parallel coordinates</h2>
            {parallel.axes.length >= 2 ? <CompareParallel view={parallel} /> : <p className="muted">Parallel coordinates need two parameters or metrics.</p>}
          </section>
          <section aria-labelledby="compare-scatter-h">
            <div className="compare-section-head">
              <h2 id="compare-scatter-h">Scatter</h2>
              {[
                { label: 'x', value: sx?.id ?? '', set: (v: string) => setView({ scatterX: v }), testId: 'compare-scatter-x' },
                { label: 'y', value: sy?.id ?? '', set: (v: string) => setView({ scatterY: v }), testId: 'compare-scatter-y' },
              ].map((a) => (
                <label key={a.label}>
                  {a.label}{' '}
                  <select value={a.value} onChange={(e) => a.set(e.target.value)} data-testid={a.testId}>
                    {columns.map((col) => (
                      <option key={col.id} value={col.id}>
                        {col.kind === 'param' ? 'parameter' : 'metric'} {col.name}
                      </option>
                    ))}
                  </select>
                </label>
              ))}
            </div>
            {sx && sy ? <CompareScatter points={points} xName={sx.name} yName={sy.name} /> : <p className="muted">No numeric parameter or metric to plot.</p>}
          </section>
        </>
      )}
    </div>
  );
}
