// SPDX-License-Identifier: Apache-2.0
/**
 * Parallel coordinates of an experiment's trials: one axis per parameter and metric
 * (`parallel-coords-model.ts`), a line per trial, the best trial drawn on top in its own colour.
 * Every axis brushes: drag along an axis to keep a range (on a category axis, the categories
 * dragged over); a click on an axis takes its brush away. The lines outside fade, and the page
 * gets the trials inside every brush (computed by `brushed`) to list them.
 *
 * ECharts (canvas) draws the axes and the best trial; the trials' lines are drawn under it on a
 * canvas of their own (components/charts/parallel-lines.ts), placed by ECharts' own axis layout:
 * 5,000 lines as ECharts elements took seconds to set and hundreds of milliseconds per brush.
 * The brushes are a layer of their own over both (ParallelBrushes.tsx): ECharts' brushes laid
 * every axis out again on each brush. A brush applies when the drag ends and strokes only the
 * trials inside the brushes, over the picture of every trial (drawn once) faded.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import { LineChart as ELine, ParallelChart } from 'echarts/charts';
import { ParallelComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { axisMap, type AxisMap, type LinesStyle } from '../../components/charts/parallel-lines';
import { useDarkTheme } from '../../lib/theme';
import { LinesPainter } from './lines-painter';
import { ParallelBrushes } from './ParallelBrushes';
import { axisExtent, brushed, type Brush, type ParallelData } from './parallel-coords-model';

echarts.use([ParallelChart, ELine, ParallelComponent, CanvasRenderer]);

const margin = { left: 60, right: 90, top: 40, bottom: 30 };

/** The chart's option for the data: the axes (numeric ones over the data's range) and the best trial. */
export function parallelOption(data: ParallelData, bestIndex: number | undefined, dark: boolean): echarts.EChartsCoreOption {
  const text = dark ? '#c9d1d9' : '#333';
  const best = bestIndex === undefined ? [] : [data.columns.map((c) => (Number.isNaN(c[bestIndex] as number) ? '-' : (c[bestIndex] as number)))];
  return {
    animation: false,
    parallel: { ...margin, parallelAxisDefault: { nameTextStyle: { color: text }, axisLabel: { color: text } } },
    parallelAxis: data.axes.map((a, i) => {
      const extent = axisExtent(data, i);
      return {
        id: `axis-${i}`,
        dim: i,
        name: a.name,
        type: a.type === 'category' ? 'category' : a.type === 'log' ? 'log' : 'value',
        ...(a.categories ? { data: a.categories } : extent ? { min: extent[0], max: extent[1] } : { scale: true }),
      };
    }),
    series: [
      {
        name: 'best',
        type: 'parallel',
        lineStyle: { width: 3, opacity: 1, color: '#e8590c' },
        inactiveOpacity: 1,
        activeOpacity: 1,
        silent: true,
        data: best,
        z: 10,
      },
    ],
  };
}

/** The intervals of every brushed axis (by axis index; category indices on a category axis), as the model's brushes. */
export function brushesOf(intervals: ReadonlyMap<number, [number, number][]>, data: ParallelData): Brush[] {
  const out: Brush[] = [];
  for (const [axis, list] of intervals) {
    const a = data.axes[axis];
    if (!a || !list.length) continue;
    if (a.type === 'category') {
      const cats: number[] = [];
      for (const [lo, hi] of list) for (let c = Math.ceil(Math.min(lo, hi)); c <= Math.max(lo, hi); c++) cats.push(c);
      out.push({ axis, categories: cats });
    } else {
      // several intervals on one axis: their hull
      const lo = Math.min(...list.map((x) => Math.min(x[0], x[1])));
      const hi = Math.max(...list.map((x) => Math.max(x[0], x[1])));
      out.push({ axis, range: [lo, hi] });
    }
  }
  return out;
}

/** ECharts' parallel coordinate system (its own layout of the axes), read from the chart's model. */
interface ParallelSystem {
  dimensions: string[];
  dataToPoint(value: number, dim: string): number[];
}

/** The axis maps of the chart as ECharts laid its axes out (two points per axis). */
function axisMaps(chart: echarts.ECharts, data: ParallelData): AxisMap[] {
  // getModel is not in ECharts' typings; it is how its own components reach the coordinate system (echarts 6.1.0 pinned)
  const model = (
    chart as unknown as { getModel(): { getComponent(type: string, index: number): { coordinateSystem?: ParallelSystem } | undefined } }
  ).getModel();
  const sys = model.getComponent('parallel', 0)?.coordinateSystem;
  if (!sys) throw new Error('ECharts has laid out no parallel coordinate system');
  return data.axes.map((a, i) => {
    const dim = sys.dimensions[i];
    if (dim === undefined) throw new Error(`ECharts has no axis ${i} (${a.name})`);
    const [lo, hi] = a.categories ? [0, Math.max(1, a.categories.length - 1)] : (axisExtent(data, i) ?? [0, 1]);
    const p = sys.dataToPoint(lo, dim);
    const q = sys.dataToPoint(hi, dim);
    return axisMap(p[0] as number, lo, p[1] as number, hi, q[1] as number, a.type === 'log');
  });
}

/** How the trials' lines look: thousands of lines fainter, so where they gather shows. */
function linesStyle(trials: number, dark: boolean): LinesStyle {
  const many = trials > 500;
  return {
    color: dark ? '#58a6ff' : '#2f6fed',
    width: 1,
    opacity: many ? 0.08 : 0.45,
    activeOpacity: many ? 0.5 : 0.9,
    // a trial outside the brushes alone: 0.02 (0.06 of few)
    fade: many ? 0.25 : 0.13,
  };
}

/** The chart. `onBrush` gets the mask of trials inside every brush (all ones when nothing is brushed). */
export function ParallelCoordinates(props: {
  data: ParallelData;
  bestName: string | undefined;
  onBrush(mask: Uint8Array, brushes: Brush[]): void;
  /** Told each time the trials' lines are on the canvas, with how many trials they show. */
  onDrawn?(rows: number): void;
  height?: number;
}) {
  const { data, bestName, onBrush } = props;
  const height = props.height ?? 320;
  const box = useRef<HTMLDivElement>(null);
  const el = useRef<HTMLDivElement>(null);
  const lines = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  const dark = useDarkTheme();
  const brushRef = useRef(onBrush);
  brushRef.current = onBrush;
  const drawnRef = useRef(props.onDrawn);
  drawnRef.current = props.onDrawn;
  const dataRef = useRef(data);
  dataRef.current = data;
  const darkRef = useRef(dark);
  darkRef.current = dark;
  /** The user's brushes by axis; kept when the trials change. */
  const intervals = useRef(new Map<number, [number, number][]>());
  /** The same, for the brushes' layer to draw. */
  const [shownIntervals, setShownIntervals] = useState<ReadonlyMap<number, [number, number][]>>(intervals.current);
  /** The axes as ECharts laid them out last (the lines and the brushes follow them). */
  const [axes, setAxes] = useState<AxisMap[]>([]);
  const [linesProblem, setLinesProblem] = useState<string | undefined>(undefined);
  /** The rows inside every brush (undefined: nothing brushed). */
  const mask = useRef<Uint8Array | undefined>(undefined);
  /** Draws the trials' lines as the chart's axes lie now; counts the drawings on the box (`data-draws`, with the trials in `data-drawn`). */
  const drawRef = useRef<() => void>(() => undefined);
  /** Reads the axes as ECharts laid them out. */
  const layoutRef = useRef<() => void>(() => undefined);

  /** Applies the brushes to the data: the mask, the lines, the page told. */
  const apply = useCallback(() => {
    const d = dataRef.current;
    const brushes = brushesOf(intervals.current, d);
    const m = brushed(d, brushes);
    mask.current = brushes.length ? m : undefined;
    drawRef.current();
    brushRef.current(m, brushes);
  }, []);

  useEffect(() => {
    const host = el.current;
    const layer = lines.current;
    const outer = box.current;
    if (!host || !layer || !outer) return;
    // a canvas of this mount's own: one handed to a worker cannot be handed again (as React's strict mode mounts twice)
    const canvas = document.createElement('canvas');
    canvas.style.cssText = 'position: absolute; inset: 0; width: 100%; height: 100%';
    layer.append(canvas);
    const c = echarts.init(host, undefined, { renderer: 'canvas' });
    chart.current = c;
    let draws = 0;
    // the lines are drawn in a worker where the browser allows: `data-draws` counts the drawings once they are on the canvas
    const painter = new LinesPainter(
      canvas,
      (rows) => {
        outer.dataset.drawn = String(rows);
        outer.dataset.draws = String(++draws);
        drawnRef.current?.(rows);
      },
      (message) => setLinesProblem(`The trials' lines could not be drawn: ${message}`),
    );
    let laidOut: AxisMap[] = [];
    drawRef.current = () => {
      const d = dataRef.current;
      const size = { width: host.clientWidth, height: host.clientHeight, ratio: window.devicePixelRatio || 1 };
      painter.draw({ size, columns: d.columns, axes: laidOut, mask: mask.current, style: linesStyle(d.names.length, darkRef.current) });
    };
    layoutRef.current = () => {
      laidOut = axisMaps(c, dataRef.current);
      setAxes(laidOut);
    };
    // after a resize ECharts lays the axes out again: the lines and the brushes follow once it has
    let stale = false;
    c.on('finished', () => {
      if (!stale) return;
      stale = false;
      layoutRef.current();
      drawRef.current();
    });
    let size = `${host.clientWidth}x${host.clientHeight}`;
    const ro = new ResizeObserver(() => {
      const now = `${host.clientWidth}x${host.clientHeight}`;
      if (now === size) return;
      size = now;
      stale = true;
      c.resize();
    });
    ro.observe(host);
    return () => {
      ro.disconnect();
      painter.dispose();
      canvas.remove();
      c.dispose();
      chart.current = undefined;
      drawRef.current = () => undefined;
      layoutRef.current = () => undefined;
    };
  }, []);

  useEffect(() => {
    const best = bestName === undefined ? -1 : data.names.indexOf(bestName);
    const c = chart.current;
    if (!c) return;
    c.setOption(parallelOption(data, best < 0 ? undefined : best, dark), { notMerge: true });
    layoutRef.current();
    // the user's brushes stay (an axis that is gone loses its brush)
    for (const axis of [...intervals.current.keys()]) if (axis >= data.axes.length) intervals.current.delete(axis);
    setShownIntervals(new Map(intervals.current));
    apply();
  }, [data, bestName, dark, apply]);

  const brush = useCallback(
    (axis: number, interval: [number, number] | undefined) => {
      if (interval) intervals.current.set(axis, [interval]);
      else intervals.current.delete(axis);
      setShownIntervals(new Map(intervals.current));
      apply();
    },
    [apply],
  );
  const categories = data.axes.map((a) => a.type === 'category');

  return (
    <div
      ref={box}
      className="katib-parallel"
      style={{ height, position: 'relative' }}
      data-testid="katib-parallel"
      role="img"
      aria-label={`Parallel coordinates of ${data.names.length} trials over ${data.axes.map((a) => a.name).join(', ')}`}
    >
      <div ref={lines} aria-hidden="true" style={{ position: 'absolute', inset: 0 }} />
      {/* ECharts draws; the brushes' layer above takes the pointer */}
      <div ref={el} style={{ position: 'absolute', inset: 0, pointerEvents: 'none' }} />
      {axes.length === data.axes.length && (
        <ParallelBrushes
          axes={axes}
          categories={categories}
          intervals={shownIntervals}
          top={margin.top}
          bottom={height - margin.bottom}
          dark={dark}
          onBrush={brush}
        />
      )}
      {linesProblem && (
        <p className="muted small" role="status" style={{ position: 'absolute', left: 8, bottom: 0, margin: 0 }}>
          {linesProblem}
        </p>
      )}
    </div>
  );
}
