// SPDX-License-Identifier: Apache-2.0
/**
 * uPlot's options for a time-series chart: x as a step or a time (ms since the epoch), y linear
 * or log, the theme's colours on axes and grid, one line per series (gaps spanned, no points),
 * drag along x to zoom, double-click to reset, and no uPlot legend (the chart has its own).
 * The chart's callbacks are passed in; nothing here keeps state.
 */
import type uPlot from 'uplot';
import type { ChartTheme } from './chart-theme';

/** One drawn line. */
export interface LineStyle {
  label: string;
  stroke: string;
  width: number;
  show: boolean;
}

/** What the options are made from. */
export interface PlotConfig {
  width: number;
  height: number;
  xKind: 'step' | 'time';
  logY: boolean;
  theme: ChartTheme;
  lines: LineStyle[];
  xLabel?: string;
  yLabel?: string;
  /** The user zoomed to an x range (a drag). */
  onZoom(u: uPlot, min: number, max: number): void;
  /** The user asked for the whole range (double-click). */
  onReset(): void;
  /** The pointer moved over the plot (or left it: left < 0). */
  onCursor(u: uPlot): void;
  /** A frame was drawn. */
  onDraw(u: uPlot): void;
}

/** A number for an axis label: short (k, M, G), `digits` significant digits. */
export function axisNumber(v: number, digits = 3): string {
  const a = Math.abs(v);
  if (a >= 1e9) return `${+(v / 1e9).toPrecision(digits)}G`;
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(digits)}M`;
  if (a >= 1e4) return `${+(v / 1e3).toPrecision(digits)}k`;
  if (a === 0 || (Number.isInteger(v) && a < 1e4)) return String(v);
  if (a < 1e-3) return v.toExponential(Math.max(1, digits - 2));
  return String(+v.toPrecision(digits));
}

/** Labels for an axis's ticks: as short as they can be while every tick reads differently. */
export function axisNumbers(splits: readonly (number | null)[]): string[] {
  for (let digits = 3; ; digits++) {
    const labels = splits.map((v) => (v == null ? '' : axisNumber(v, digits)));
    const shown = labels.filter((l) => l !== '');
    if (new Set(shown).size === shown.length || digits >= 12) return labels;
  }
}

/** The uPlot options. */
export function plotOptions(c: PlotConfig): uPlot.Options {
  const axis = (label: string | undefined): uPlot.Axis => ({
    stroke: c.theme.muted,
    grid: { stroke: c.theme.grid, width: 1 },
    ticks: { stroke: c.theme.grid, width: 1 },
    ...(label ? { label, labelSize: 18 } : {}),
  });
  return {
    width: c.width,
    height: c.height,
    ms: 1,
    legend: { show: false },
    scales: {
      x: { time: c.xKind === 'time' },
      y: c.logY ? { distr: 3, log: 10 } : {},
    },
    axes: [
      { ...axis(c.xLabel), ...(c.xKind === 'step' ? { values: (_u: uPlot, splits: number[]) => axisNumbers(splits) } : {}) },
      { ...axis(c.yLabel), size: 60, values: (_u: uPlot, splits: number[]) => axisNumbers(splits) },
    ],
    series: [
      { label: c.xKind === 'time' ? 'time' : 'step' },
      ...c.lines.map<uPlot.Series>((l) => ({ label: l.label, stroke: l.stroke, width: l.width, show: l.show, spanGaps: true, points: { show: false } })),
    ],
    cursor: {
      points: { show: false },
      drag: { x: true, y: false, setScale: true },
      bind: {
        dblclick: () => () => {
          c.onReset();
          return null;
        },
      },
    },
    hooks: {
      setScale: [
        (u, key) => {
          if (key !== 'x') return;
          const { min, max } = u.scales.x ?? {};
          if (min !== undefined && max !== undefined) c.onZoom(u, min, max);
        },
      ],
      setCursor: [(u) => c.onCursor(u)],
      draw: [(u) => c.onDraw(u)],
    },
  };
}
