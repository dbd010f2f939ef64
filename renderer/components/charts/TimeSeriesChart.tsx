// SPDX-License-Identifier: Apache-2.0
/**
 * A chart of long metric series on uPlot (canvas): several series overlaid, each with its label
 * and colour; x as a step or a time (ms since the epoch); smoothing (TensorBoard's debiased EMA,
 * a slider; the raw line stays faint behind); a log y axis; a legend that hides and shows series;
 * a tooltip with each series' value nearest the pointer (read from the full-resolution data).
 * Long series are drawn downsampled to the pixels (min/max per pixel column,
 * renderer/lib/downsample.ts) with a "sampled" badge; dragging along x zooms and recomputes that
 * window at full resolution (double-click or "Whole range" goes back). Colours come from the
 * app's CSS variables, so light and dark follow the theme.
 *
 * Series are typed arrays, so 100,000-point series never become JSON objects:
 *
 * @example
 * const x = Float64Array.from(history, (p) => p.step);
 * const y = Float64Array.from(history, (p) => p.value);
 * <TimeSeriesChart
 *   title="loss by step"
 *   series={[{ label: 'run 1', x, y }, { label: 'run 2', x: x2, y: y2, color: '#e8590c' }]}
 *   xKind="step"
 *   yLabel="loss"
 *   testId="run-loss-chart"
 * />
 */
import { useMemo, useRef, useState } from 'react';
import type uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { lowerBound, sortedByX, type XY } from '../../lib/downsample';
import { useDarkTheme } from '../../lib/theme';
import { seriesPalette, withAlpha } from './chart-theme';
import { emaSmooth } from './smoothing';
import { axisNumber, type LineStyle } from './uplot-options';
import { useTimeSeriesPlot } from './use-time-series-plot';
import './time-series-chart.css';

/** One series: x and y columns of the same length (sorted by x here if they are not). */
export interface TimeSeries {
  label: string;
  x: Float64Array;
  y: Float64Array;
  /** A CSS colour; the palette's next colour when absent. */
  color?: string;
}

/** What {@link TimeSeriesChart} takes. */
export interface TimeSeriesChartProps {
  series: readonly TimeSeries[];
  /** The chart's accessible name (e.g. "loss by step"). */
  title: string;
  /** x is a step (default) or a time in ms since the epoch. */
  xKind?: 'step' | 'time';
  xLabel?: string;
  yLabel?: string;
  /** Height of the plot in CSS pixels (default 260). */
  height?: number;
  /** Smoothing weight to start with, in [0, 0.99] (default 0). */
  smoothing?: number;
  /** Start on a log y axis. */
  logY?: boolean;
  testId?: string;
}

/** The nearest point of `s` to `x` (its index), or -1 when it has none. */
function nearest(s: XY, x: number): number {
  const n = s.x.length;
  if (!n) return -1;
  const i = lowerBound(s.x, x);
  if (i <= 0) return 0;
  if (i >= n) return n - 1;
  return x - (s.x[i - 1] as number) <= (s.x[i] as number) - x ? i - 1 : i;
}

const formatX = (x: number, kind: 'step' | 'time') => (kind === 'time' ? new Date(x).toLocaleString() : `step ${axisNumber(x)}`);
const formatY = (v: number) => (Number.isNaN(v) ? '—' : Math.abs(v) >= 1e4 || Math.abs(v) < 1e-3 ? v.toPrecision(5) : String(+v.toPrecision(6)));

/** The chart. */
export function TimeSeriesChart(props: TimeSeriesChartProps) {
  const { series, title, xKind = 'step', height = 260, testId } = props;
  const dark = useDarkTheme();
  const [smoothing, setSmoothing] = useState(props.smoothing ?? 0);
  const [logY, setLogY] = useState(props.logY ?? false);
  const [hidden, setHidden] = useState<ReadonlySet<number>>(new Set());
  const plotEl = useRef<HTMLDivElement>(null);
  const tip = useRef<HTMLDivElement>(null);

  const colors = useMemo(() => series.map((s, i) => s.color ?? (seriesPalette[i % seriesPalette.length] as string)), [series]);
  const sorted = useMemo(() => series.map((s) => sortedByX(s)), [series]);
  const smoothed = useMemo(() => (smoothing > 0 ? sorted.map((s) => ({ x: s.x, y: emaSmooth(s.y, smoothing) })) : sorted), [sorted, smoothing]);
  // smoothed: the smoothed lines first, the raw ones faint after them
  const lines = useMemo(() => (smoothing > 0 ? [...smoothed, ...sorted] : sorted), [smoothing, smoothed, sorted]);
  const styles = useMemo<LineStyle[]>(() => {
    const main = series.map((s, i) => ({ label: s.label, stroke: colors[i] as string, width: 1.5, show: !hidden.has(i) }));
    if (smoothing === 0) return main;
    return [...main, ...series.map((s, i) => ({ label: `${s.label} (raw)`, stroke: withAlpha(colors[i] as string, 0.25), width: 1, show: !hidden.has(i) }))];
  }, [series, colors, hidden, smoothing]);

  const onCursor = (u: uPlot) => {
    const box = tip.current;
    if (!box) return;
    const left = u.cursor.left ?? -1;
    if (left < 0) {
      box.hidden = true;
      return;
    }
    const x = u.posToVal(left, 'x');
    const rows: [string, string, string][] = [];
    sorted.forEach((s, i) => {
      if (hidden.has(i)) return;
      const k = nearest(s, x);
      if (k < 0) return;
      const raw = s.y[k] as number;
      const sm = smoothing > 0 ? ((smoothed[i] as XY).y[k] as number) : raw;
      rows.push([colors[i] as string, series[i]?.label ?? '', smoothing > 0 ? `${formatY(sm)} (raw ${formatY(raw)})` : formatY(raw)]);
    });
    box.replaceChildren();
    const head = document.createElement('div');
    head.className = 'ts-tip-head';
    head.textContent = formatX(x, xKind);
    box.append(head);
    for (const [color, label, value] of rows) {
      const row = document.createElement('div');
      const swatch = document.createElement('span');
      swatch.className = 'ts-swatch';
      swatch.style.background = color;
      row.append(swatch, `${label}: ${value}`);
      box.append(row);
    }
    box.hidden = false;
    const over = u.over.getBoundingClientRect();
    const host = plotEl.current?.getBoundingClientRect();
    const offX = over.left - (host?.left ?? 0);
    const offY = over.top - (host?.top ?? 0);
    const flip = left > over.width / 2;
    box.style.left = `${offX + left + (flip ? -12 - box.offsetWidth : 12)}px`;
    box.style.top = `${offY + Math.max(0, (u.cursor.top ?? 0) - 10)}px`;
  };

  const { state, resetZoom } = useTimeSeriesPlot(plotEl, {
    lines,
    styles,
    xKind,
    logY,
    dark,
    height,
    ...(props.xLabel ? { xLabel: props.xLabel } : {}),
    ...(props.yLabel ? { yLabel: props.yLabel } : {}),
    onCursor,
  });

  const points = sorted.reduce((n, s) => n + s.x.length, 0);
  const toggle = (i: number) =>
    setHidden((h) => {
      const next = new Set(h);
      if (next.has(i)) next.delete(i);
      else next.add(i);
      return next;
    });
  const summary = `${title}: ${series.length} series, ${points.toLocaleString()} points${state.sampled ? `, drawn sampled (${state.drawn.toLocaleString()} points)` : ''}${state.zoom ? ', zoomed in' : ''}`;

  return (
    <figure className="ts-chart" data-testid={testId} aria-label={title}>
      <div className="ts-toolbar">
        <label className="ts-control">
          Smoothing
          <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} />
          <output className="mono">{smoothing.toFixed(2)}</output>
        </label>
        <label className="ts-control">
          <input type="checkbox" checked={logY} onChange={(e) => setLogY(e.target.checked)} />
          Log y
        </label>
        {state.sampled && (
          <span
            className="pill progress"
            data-testid={testId ? `${testId}-sampled` : undefined}
            title={`${state.drawn.toLocaleString()} of ${state.inWindow.toLocaleString()} points drawn: the lowest and highest value in each pixel column. Drag along x to zoom in for full resolution.`}
          >
            sampled
          </span>
        )}
        {state.zoom && (
          <button className="link" onClick={resetZoom}>
            Whole range
          </button>
        )}
        {logY && state.nonPositive > 0 && <span className="muted small">{state.nonPositive.toLocaleString()} values ≤ 0 not shown on the log axis</span>}
      </div>
      {points ? (
        <div
          className="ts-plot"
          role="img"
          aria-label={summary}
          data-sampled={state.sampled ? 'true' : 'false'}
          data-drawn-points={state.drawn}
          data-zoom={state.zoom?.join(' ')}
        >
          <div ref={plotEl} />
          <div ref={tip} className="ts-tip" hidden />
        </div>
      ) : (
        <p className="muted">No points to draw.</p>
      )}
      <ul className="ts-legend" aria-label="Series">
        {series.map((s, i) => (
          <li key={i}>
            <button
              className="ts-legend-item"
              aria-pressed={!hidden.has(i)}
              title={hidden.has(i) ? 'Show this series' : 'Hide this series'}
              onClick={() => toggle(i)}
            >
              <span className="ts-swatch" style={{ background: colors[i] }} />
              {s.label}
            </button>
          </li>
        ))}
      </ul>
    </figure>
  );
}
