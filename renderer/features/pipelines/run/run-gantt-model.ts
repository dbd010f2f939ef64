// SPDX-License-Identifier: Apache-2.0
/**
 * The run's timeline (Gantt): a row per task instance that started (a loop task once per
 * iteration), ordered by start, with its bar from start to end (to `now` while it runs) on a time
 * axis from the run's first start to its last end, and ticks at round steps. Pure.
 */
import type { RunTask } from '../../../../shared/features/pipelines/run-details.contract';

/** A row of the timeline. */
export interface GanttRow {
  key: string;
  graphId: string;
  iterations: number[];
  label: string;
  state: RunTask['state'];
  /** Bar from x to x + width (px). */
  x: number;
  width: number;
  y: number;
  startMs: number;
  endMs: number;
  /** Still running (its bar ends at now). */
  open: boolean;
}

/** The timeline. */
export interface Gantt {
  rows: GanttRow[];
  ticks: { x: number; label: string }[];
  width: number;
  height: number;
  /** The span shown (ms). */
  spanMs: number;
}

export const ganttGeometry = { labelWidth: 220, rowHeight: 22, axisHeight: 24, minBar: 2 };

const STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 14400, 43200, 86400].map((s) => s * 1000);

/** A duration on the axis: 45 s, 2 m 30 s, 1 h 5 m. */
export function durationText(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 ? `${m} m ${s % 60} s` : `${m} m`;
  const h = Math.floor(m / 60);
  return m % 60 ? `${h} h ${m % 60} m` : `${h} h`;
}

const time = (iso: string): number | undefined => {
  if (!iso || iso.startsWith('1970')) return undefined;
  const t = Date.parse(iso);
  return Number.isFinite(t) ? t : undefined;
};

/**
 * The timeline of the run's task instances (container tasks: those with executors, or any task node when none have).
 * @param width - the whole width (px), labels included
 * @param now - ms since epoch, for bars still running
 */
export function runGantt(tasks: readonly RunTask[], width: number, now: number): Gantt {
  const g = ganttGeometry;
  const nodes = tasks.filter((t) => t.role === 'node');
  const steps = nodes.some((t) => t.executors.length > 0) ? nodes.filter((t) => t.executors.length > 0) : nodes;
  const timed = steps
    .map((t) => {
      const start = time(t.startedAt);
      if (start === undefined) return undefined;
      const end = time(t.finishedAt);
      const open = end === undefined || end < start;
      return { t, start, end: open ? Math.max(start, now) : end, open };
    })
    .filter((x): x is NonNullable<typeof x> => x !== undefined)
    .sort((a, b) => a.start - b.start || a.t.graphId.localeCompare(b.t.graphId));
  const from = Math.min(...timed.map((x) => x.start));
  const to = Math.max(...timed.map((x) => x.end));
  const spanMs = timed.length ? Math.max(1000, to - from) : 0;
  const plot = Math.max(50, width - g.labelWidth - 8);
  const px = (ms: number) => g.labelWidth + ((ms - from) / spanMs) * plot;
  const rows = timed.map(({ t, start, end, open }, i): GanttRow => {
    const x = px(start);
    return {
      key: `${t.graphId}|${t.iterations.join(',')}`,
      graphId: t.graphId,
      iterations: t.iterations,
      label: `${t.graphId}${t.iterations.length ? ` [${t.iterations.join(', ')}]` : ''}`,
      state: t.state,
      x,
      width: Math.max(g.minBar, px(end) - x),
      y: g.axisHeight + i * g.rowHeight,
      startMs: start,
      endMs: end,
      open,
    };
  });
  const step = STEPS.find((s) => spanMs / s <= 8) ?? STEPS[STEPS.length - 1]!;
  const ticks: Gantt['ticks'] = [];
  if (spanMs > 0) for (let ms = 0; ms <= spanMs; ms += step) ticks.push({ x: px(from + ms), label: ms === 0 ? '0' : durationText(ms) });
  return { rows, ticks, width, height: g.axisHeight + rows.length * g.rowHeight + 4, spanMs };
}
