// SPDX-License-Identifier: Apache-2.0
/**
 * The compare page's charts: one metric's curves overlaid (the shared uPlot TimeSeriesChart: step
 * or time, smoothing, log scale), parallel coordinates of the runs over the shown parameters and
 * every metric, and a scatter of any numeric parameter or metric against another (both ECharts,
 * canvas). A line or point per run, labelled with the run, its source and cluster.
 */
import { useEffect, useMemo, useRef } from 'react';
import { ParallelChart, ScatterChart } from 'echarts/charts';
import { GridComponent, ParallelComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { TimeSeriesChart } from '../../components/charts/TimeSeriesChart';
import { useDarkTheme } from '../../lib/theme';
import type { Curve, ParallelView } from './compare-view-model';

echarts.use([ParallelChart, ScatterChart, ParallelComponent, GridComponent, TooltipComponent, CanvasRenderer]);

/** The curves of one metric. */
export function CurvesChart(props: { curves: readonly Curve[]; metric: string; x: 'step' | 'time'; smoothing: number; logScale: boolean }) {
  if (!props.curves.length) return <p className="muted">No run has a series of {props.metric || 'any metric'}.</p>;
  return (
    <TimeSeriesChart
      // the chart keeps its own smoothing and log controls: start it again when the page's change
      key={`${props.smoothing}/${props.logScale}`}
      title={`${props.metric} by ${props.x}`}
      series={props.curves}
      xKind={props.x}
      xLabel={props.x}
      yLabel={props.metric}
      smoothing={props.smoothing}
      logY={props.logScale}
      testId="compare-curves"
    />
  );
}

/** An ECharts chart in a div, its option set on every change. */
function useEChart(option: echarts.EChartsCoreOption) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return el;
}

/** Text for ECharts' HTML tooltips (run names come from servers: never markup). */
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const palette = ['#2f6fed', '#e8590c', '#2b8a3e', '#ae3ec9', '#c92a2a', '#1098ad', '#f08c00', '#5c940d'];

/** Parallel coordinates of the runs (at least two axes). */
export function CompareParallel(props: { view: ParallelView }) {
  const dark = useDarkTheme();
  const text = dark ? '#c9d1d9' : '#333';
  const { axes, lines } = props.view;
  const option = useMemo<echarts.EChartsCoreOption>(
    () => ({
      animation: false,
      tooltip: { trigger: 'item', formatter: (p: { seriesName?: string }) => esc(p.seriesName ?? '') },
      parallel: { left: 60, right: 90, top: 40, bottom: 30, parallelAxisDefault: { nameTextStyle: { color: text }, axisLabel: { color: text } } },
      parallelAxis: axes.map((a, i) => ({
        dim: i,
        name: a.name,
        type: a.type,
        ...(a.categories ? { data: a.categories } : { scale: true }),
      })),
      series: lines.map((l, i) => ({
        name: l.label,
        type: 'parallel',
        lineStyle: { width: 2, opacity: 0.9, color: palette[i % palette.length] },
        data: [l.values],
      })),
    }),
    [axes, lines, text],
  );
  const el = useEChart(option);
  return (
    <div
      ref={el}
      className="compare-chart"
      role="img"
      aria-label={`Parallel coordinates of ${lines.length} runs over ${axes.map((a) => a.name).join(', ')}`}
      data-testid="compare-parallel"
    />
  );
}

/** A scatter of one column against another. */
export function CompareScatter(props: { points: readonly { label: string; x: number; y: number }[]; xName: string; yName: string }) {
  const dark = useDarkTheme();
  const text = dark ? '#c9d1d9' : '#333';
  const { points, xName, yName } = props;
  const option = useMemo<echarts.EChartsCoreOption>(
    () => ({
      animation: false,
      tooltip: {
        trigger: 'item',
        formatter: (p: { seriesName?: string; value?: number[] }) =>
          `${esc(p.seriesName ?? '')}<br/>${esc(xName)}: ${p.value?.[0]}<br/>${esc(yName)}: ${p.value?.[1]}`,
      },
      grid: { left: 70, right: 30, top: 30, bottom: 50 },
      xAxis: { type: 'value', scale: true, name: xName, nameLocation: 'middle', nameGap: 30, nameTextStyle: { color: text }, axisLabel: { color: text } },
      yAxis: { type: 'value', scale: true, name: yName, nameTextStyle: { color: text }, axisLabel: { color: text } },
      series: points.map((p, i) => ({
        name: p.label,
        type: 'scatter',
        symbolSize: 12,
        itemStyle: { color: palette[i % palette.length] },
        data: [[p.x, p.y]],
      })),
    }),
    [points, xName, yName, text],
  );
  const el = useEChart(option);
  return (
    <div
      ref={el}
      className="compare-chart"
      role="img"
      aria-label={`${props.yName} against ${props.xName}: ${props.points.length} runs`}
      data-testid="compare-scatter"
    />
  );
}
