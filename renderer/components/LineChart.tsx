// SPDX-License-Identifier: Apache-2.0
/**
 * A small SVG line chart for metrics over time or over steps: several series, round axis
 * ticks, a legend that hides and shows series, and the values under the pointer. Long series
 * are downsampled keeping their spikes. Series names are shown as text, never as HTML.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { downsample, extent, linePath, nearest, niceTicks, scale, type Point } from './chart-geometry';

/** One line. */
export interface ChartSeries {
  name: string;
  points: Point[];
}

/** What {@link LineChart} takes. */
export interface LineChartProps {
  series: ChartSeries[];
  height?: number;
  yLabel?: string;
  /** Fixes the top of the y axis (e.g. 100 for percentages). */
  yMax?: number;
  /** Appended to y values in the hover read-out. */
  yUnit?: string;
  /** x is a time (ms since epoch) or a number (a step). Default time. */
  x?: 'time' | 'number';
  testId?: string;
  title?: string;
  /** Points further apart on x than this are not joined (a gap in the data stays a gap). */
  gap?: number;
}

const palette = ['#2f6fed', '#e8590c', '#2b8a3e', '#ae3ec9', '#c92a2a', '#1098ad', '#f08c00', '#5c7cfa', '#d6336c', '#495057'];
const pad = { left: 48, right: 12, top: 10, bottom: 24 };

function formatX(t: number, kind: 'time' | 'number', span: number): string {
  if (kind === 'number') return Number.isInteger(t) ? String(t) : t.toFixed(1);
  const d = new Date(t);
  return span > 36 * 3600_000
    ? d.toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
    : d.toLocaleTimeString(undefined, { hour: '2-digit', minute: '2-digit' });
}

function formatY(v: number): string {
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(1)}M`;
  if (a >= 1e4) return `${(v / 1e3).toFixed(0)}k`;
  if (a >= 100 || Number.isInteger(v)) return v.toFixed(0);
  return v.toPrecision(3);
}

/** The chart. */
export function LineChart({ series, height = 180, yLabel, yMax, yUnit = '', x: xKind = 'time', testId, title, gap }: LineChartProps) {
  const [hidden, setHidden] = useState<Set<string>>(new Set());
  const [hoverT, setHoverT] = useState<number | undefined>(undefined);
  const svg = useRef<SVGSVGElement>(null);
  const box = useRef<HTMLElement>(null);
  // draw at the width the chart is given, so text keeps its size and lines fill the space
  const [width, setWidth] = useState(640);
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.round(entry?.contentRect.width ?? 0);
      if (w > 100) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const colour = (i: number) => palette[i % palette.length] ?? '#2f6fed';

  const shown = useMemo(
    () => series.map((s, i) => ({ ...s, colour: colour(i), points: [...s.points].sort((a, b) => a.t - b.t) })).filter((s) => !hidden.has(s.name)),
    [series, hidden],
  );
  const geo = useMemo(() => {
    const xs = extent(shown.flatMap((s) => s.points.map((p) => p.t)));
    const ys = extent(shown.flatMap((s) => s.points.map((p) => p.v)));
    if (!xs || !ys) return undefined;
    const y0 = Math.min(0, ys[0]);
    const y1 = yMax ?? (ys[1] === y0 ? y0 + 1 : ys[1] * 1.05);
    const x = scale(xs, [pad.left, width - pad.right]);
    const y = scale([y0, y1], [height - pad.bottom, pad.top]);
    const maxPoints = Math.max(60, Math.floor((width - pad.left - pad.right) * 1.5));
    const lines = shown.map((s) => ({ name: s.name, colour: s.colour, d: linePath(downsample(s.points, maxPoints), x, y, gap) }));
    return { xs, x, y, y0, y1, lines, xTicks: niceTicks(xs[0], xs[1], 5), yTicks: niceTicks(y0, y1, 4) };
  }, [shown, yMax, height, width, gap]);

  const onMove = (e: React.MouseEvent<SVGSVGElement>) => {
    if (!geo || !svg.current) return;
    const box = svg.current.getBoundingClientRect();
    const px = ((e.clientX - box.left) / box.width) * width;
    const [t0, t1] = geo.xs;
    setHoverT(t0 + ((px - pad.left) / (width - pad.left - pad.right)) * (t1 - t0));
  };
  const readout = hoverT === undefined ? [] : shown.map((s) => ({ name: s.name, colour: s.colour, p: nearest(s.points, hoverT) })).filter((r) => r.p);

  return (
    <figure className="chart" data-testid={testId} ref={box}>
      {title && <figcaption className="chart-title">{title}</figcaption>}
      {!geo ? (
        <div className="muted small chart-empty" style={{ height }}>
          No data points yet.
        </div>
      ) : (
        <svg
          ref={svg}
          viewBox={`0 0 ${width} ${height}`}
          width="100%"
          height={height}
          role="img"
          aria-label={title ?? yLabel ?? 'chart'}
          onMouseMove={onMove}
          onMouseLeave={() => setHoverT(undefined)}
        >
          {geo.yTicks.map((v) => (
            <g key={`y${v}`}>
              <line className="chart-grid" x1={pad.left} x2={width - pad.right} y1={geo.y(v)} y2={geo.y(v)} />
              <text className="chart-tick" x={pad.left - 6} y={geo.y(v) + 4} textAnchor="end">
                {formatY(v)}
              </text>
            </g>
          ))}
          {geo.xTicks.map((t) => (
            <text key={`x${t}`} className="chart-tick" x={geo.x(t)} y={height - 6} textAnchor="middle">
              {formatX(t, xKind, geo.xs[1] - geo.xs[0])}
            </text>
          ))}
          {yLabel && (
            <text className="chart-tick" x={4} y={pad.top + 2} dominantBaseline="hanging">
              {yLabel}
            </text>
          )}
          {geo.lines.map((l) => (
            <path key={l.name} d={l.d} fill="none" stroke={l.colour} strokeWidth={1.6} data-series={l.name} />
          ))}
          {hoverT !== undefined && <line className="chart-cursor" x1={geo.x(hoverT)} x2={geo.x(hoverT)} y1={pad.top} y2={height - pad.bottom} />}
        </svg>
      )}
      <div className="chart-legend">
        {series.map((s, i) => {
          const r = readout.find((x) => x.name === s.name);
          return (
            <button
              key={s.name}
              type="button"
              className={`chart-key ${hidden.has(s.name) ? 'off' : ''}`}
              aria-pressed={!hidden.has(s.name)}
              onClick={() =>
                setHidden((h) => {
                  const n = new Set(h);
                  if (n.has(s.name)) n.delete(s.name);
                  else n.add(s.name);
                  return n;
                })
              }
            >
              <span className="chart-swatch" style={{ background: colour(i) }} />
              {s.name}
              {r?.p && (
                <span className="chart-value">
                  {' '}
                  {formatY(r.p.v)}
                  {yUnit}
                </span>
              )}
            </button>
          );
        })}
      </div>
    </figure>
  );
}
