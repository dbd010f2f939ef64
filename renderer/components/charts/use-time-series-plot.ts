// SPDX-License-Identifier: Apache-2.0
/**
 * The uPlot instance behind a TimeSeriesChart: made on the element when the lines, the y scale,
 * the theme or the height change; resized with the element; and the zoom: a drag along x shows
 * that window recomputed from the full-resolution lines at the pixel width (min/max per pixel
 * only while there are more points than pixels), a double-click the whole range again. What it
 * drew (sampled or not, points drawn of how many) comes back as state for the badge; the frames
 * drawn are counted on the element (`data-draws`) for tests and benchmarks.
 */
import { useEffect, useRef, useState, type RefObject } from 'react';
import uPlot from 'uplot';
import type { XY } from '../../lib/downsample';
import { readChartTheme } from './chart-theme';
import { seriesView, xExtent } from './series-view';
import { plotOptions, type LineStyle } from './uplot-options';

/** What the plot drew last. */
export interface PlotState {
  sampled: boolean;
  drawn: number;
  inWindow: number;
  nonPositive: number;
  /** The x window shown when zoomed in. */
  zoom: [number, number] | undefined;
}

/** What the hook takes. */
export interface PlotInput {
  lines: readonly XY[];
  styles: LineStyle[];
  xKind: 'step' | 'time';
  logY: boolean;
  dark: boolean;
  height: number;
  xLabel?: string;
  yLabel?: string;
  /** Called as the pointer moves (left < 0 when it left). */
  onCursor(u: uPlot): void;
}

const same = (a: [number, number], b: [number, number]) => {
  const eps = Math.max(1e-9, Math.abs(b[1] - b[0]) * 1e-9);
  return Math.abs(a[0] - b[0]) <= eps && Math.abs(a[1] - b[1]) <= eps;
};

/** The columns of the plot area for an element `width` CSS pixels wide (the y axis takes the rest). */
const columns = (width: number) => Math.max(16, Math.round(width - 72));

/** Makes and drives the plot in `el`; returns what it drew and a way to reset the zoom. */
export function useTimeSeriesPlot(el: RefObject<HTMLDivElement | null>, input: PlotInput) {
  const { lines, styles, xKind, logY, dark, height, xLabel, yLabel } = input;
  const [state, setState] = useState<PlotState>({ sampled: false, drawn: 0, inWindow: 0, nonPositive: 0, zoom: undefined });
  const plot = useRef<uPlot | undefined>(undefined);
  const zoom = useRef<[number, number] | undefined>(undefined);
  const shown = useRef<[number, number] | undefined>(undefined);
  const cursorRef = useRef(input.onCursor);
  cursorRef.current = input.onCursor;
  const stylesRef = useRef(styles);
  stylesRef.current = styles;
  const resetRef = useRef<() => void>(() => undefined);

  useEffect(() => {
    const host = el.current;
    const extent = xExtent(lines);
    if (!host || !extent) return;
    let width = host.clientWidth || 600;
    let frame = 0;
    let draws = 0;
    if (zoom.current && (zoom.current[1] < extent[0] || zoom.current[0] > extent[1])) zoom.current = undefined;
    const windowOf = () => zoom.current ?? extent;
    const view = (w: [number, number]) => {
      const v = seriesView(lines, w, columns(width), logY);
      shown.current = w;
      setState({ sampled: v.sampled, drawn: v.drawn, inWindow: v.inWindow, nonPositive: v.nonPositive, zoom: zoom.current });
      return v;
    };
    /** Shows the window `w` (zoomed: exactly that x range; else the whole data). */
    const show = (u: uPlot, w: [number, number]) => {
      const v = view(w);
      if (zoom.current) {
        u.setData(v.data, false);
        u.setScale('x', { min: w[0], max: w[1] });
      } else u.setData(v.data, true);
    };
    const first = view(windowOf());
    const u = new uPlot(
      plotOptions({
        width,
        height,
        xKind,
        logY,
        theme: readChartTheme(),
        lines: stylesRef.current,
        ...(xLabel ? { xLabel } : {}),
        ...(yLabel ? { yLabel } : {}),
        onZoom: (_u, min, max) => {
          if (shown.current && same([min, max], shown.current)) return;
          cancelAnimationFrame(frame);
          frame = requestAnimationFrame(() => {
            zoom.current = same([min, max], extent) ? undefined : [min, max];
            show(u, [min, max]);
          });
        },
        onReset: () => resetRef.current(),
        onCursor: (p) => cursorRef.current(p),
        onDraw: () => {
          host.dataset.draws = String(++draws);
        },
      }),
      first.data,
      host,
    );
    if (zoom.current) u.setScale('x', { min: zoom.current[0], max: zoom.current[1] });
    plot.current = u;
    resetRef.current = () => {
      cancelAnimationFrame(frame);
      zoom.current = undefined;
      show(u, extent);
    };
    const ro = new ResizeObserver(() => {
      const w = host.clientWidth;
      if (!w || w === width) return;
      width = w;
      u.setSize({ width, height });
      show(u, windowOf());
    });
    ro.observe(host);
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      u.destroy();
      plot.current = undefined;
      shown.current = undefined;
      delete host.dataset.draws;
    };
  }, [el, lines, xKind, logY, dark, height, xLabel, yLabel]);

  // shown and hidden series need no new plot
  useEffect(() => {
    const u = plot.current;
    if (!u) return;
    styles.forEach((s, i) => {
      if (u.series[i + 1]?.show !== s.show) u.setSeries(i + 1, { show: s.show });
    });
  }, [styles]);

  return { state, resetZoom: () => resetRef.current() };
}
