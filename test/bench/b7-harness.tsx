// SPDX-License-Identifier: Apache-2.0
/**
 * B7's harness page (bundled by b7-metric-overlay.ts with esbuild, never part of the app): the
 * app's stylesheet and theme store, and MLDeck's TimeSeriesChart, driven from the benchmark
 * through `window.b7`. `make` writes each run's metric history as MLflow's
 * `GET /api/2.0/mlflow/metrics/get-history` answers it (JSON text, not timed); `decode` is the
 * baseline: that text into typed arrays (JSON.parse + a Float64Array for steps and one for
 * values per run); `render` hands the same typed arrays to the chart and times until its first
 * frame is drawn and painted. Both are timed here, in the page, with performance.now().
 */
import { createRoot, type Root } from 'react-dom/client';
import { TimeSeriesChart, type TimeSeries } from '../../renderer/components/charts/TimeSeriesChart';
import { useTheme } from '../../renderer/lib/theme';
import type {} from './b7-harness-api';
import '../../renderer/styles/app.css';

interface MetricPoint {
  key: string;
  value: number;
  timestamp: number;
  step: number;
}

/** A deterministic loss curve with noise and rare spikes for run `r`. */
function value(r: number, i: number): number {
  const noise = Math.sin(i * 12.9898 + r * 78.233) * 43758.5453;
  const u = noise - Math.floor(noise);
  const spike = i % 9973 === r * 7 ? 3 : 0;
  return 2.5 * Math.exp(-i / (20_000 + r * 3000)) + 0.05 + 0.15 * (u - 0.5) + spike;
}

let texts: string[] = [];
let series: TimeSeries[] = [];
let root: Root | undefined;
const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

window.b7 = {
  make(runs, points) {
    texts = Array.from({ length: runs }, (_, r) => {
      const t0 = 1_700_000_000_000 + r * 3_600_000;
      const metrics: MetricPoint[] = Array.from({ length: points }, (_, i) => ({ key: 'loss', value: value(r, i), timestamp: t0 + i * 250, step: i }));
      return JSON.stringify({ metrics });
    });
    return texts.reduce((n, t) => n + t.length, 0);
  },
  decode() {
    const t = performance.now();
    series = texts.map((text, r) => {
      const { metrics } = JSON.parse(text) as { metrics: MetricPoint[] };
      const x = new Float64Array(metrics.length);
      const y = new Float64Array(metrics.length);
      for (let i = 0; i < metrics.length; i++) {
        const m = metrics[i] as MetricPoint;
        x[i] = m.step;
        y[i] = m.value;
      }
      return { label: `run ${r + 1}`, x, y };
    });
    return performance.now() - t;
  },
  async render() {
    const el = document.getElementById('root') as HTMLElement;
    const t = performance.now();
    const drawn = new Promise<void>((resolve) => {
      const mo = new MutationObserver(() => {
        if (el.querySelector('[data-draws]')) {
          mo.disconnect();
          resolve();
        }
      });
      mo.observe(el, { subtree: true, attributes: true, attributeFilter: ['data-draws'] });
    });
    root ??= createRoot(el);
    root.render(
      <main className="page">
        <h1>B7: metric history</h1>
        <TimeSeriesChart series={series} title="loss by step, 10 runs" xKind="step" yLabel="loss" xLabel="step" height={320} testId="b7-chart" />
      </main>,
    );
    await drawn;
    await frame();
    return performance.now() - t;
  },
  clear() {
    root?.unmount();
    root = undefined;
  },
  pointsIn(from, to) {
    let n = 0;
    for (const s of series) {
      let lo = s.x.findIndex((x) => x >= from);
      if (lo < 0) lo = s.x.length;
      let hi = s.x.findIndex((x) => x > to);
      if (hi < 0) hi = s.x.length;
      n += Math.min(s.x.length, hi + 1) - Math.max(0, lo - 1);
    }
    return n;
  },
  theme(t) {
    useTheme.getState().set(t);
  },
};
