// SPDX-License-Identifier: Apache-2.0
/** The timeline's geometry: rows by start, bars scaled to the span, running bars to now, ticks at round steps. */
import { describe, expect, it } from 'vitest';
import type { RunTask } from '../../../../shared/features/pipelines/run-details.contract';
import { durationText, ganttGeometry, runGantt } from './run-gantt-model';

const t0 = Date.parse('2026-12-06T10:00:00Z');
const iso = (s: number) => new Date(t0 + s * 1000).toISOString();
const task = (
  graphId: string,
  start: number | undefined,
  end: number | undefined,
  state: RunTask['state'] = 'SUCCEEDED',
  iterations: number[] = [],
): RunTask => ({
  taskId: graphId + iterations.join(),
  displayName: graphId,
  nodeId: '',
  role: 'node',
  graphId,
  iterations,
  state,
  startedAt: start === undefined ? '' : iso(start),
  finishedAt: end === undefined ? '1970-01-01T00:00:00Z' : iso(end),
  children: [],
  executors: ['x'],
  pods: [],
  message: '',
});

describe('runGantt', () => {
  const g = ganttGeometry;

  it('orders rows by start and scales bars to the span', () => {
    const width = g.labelWidth + 8 + 600;
    const gantt = runGantt([task('train', 10, 70), task('prep', 0, 10), task('eval', 70, 100, 'FAILED')], width, t0 + 1_000_000);
    expect(gantt.rows.map((r) => r.graphId)).toEqual(['prep', 'train', 'eval']);
    expect(gantt.spanMs).toBe(100_000);
    const [prep, train, evaluate] = gantt.rows;
    expect(prep).toMatchObject({ x: g.labelWidth, width: 60, y: g.axisHeight, open: false });
    expect(train).toMatchObject({ x: g.labelWidth + 60, width: 360, y: g.axisHeight + g.rowHeight });
    expect(evaluate).toMatchObject({ x: g.labelWidth + 420, width: 180, state: 'FAILED' });
    expect(gantt.height).toBe(g.axisHeight + 3 * g.rowHeight + 4);
    // 100 s in steps of 15 s: 0, 15 s … 1 m 30 s
    expect(gantt.ticks.map((t) => t.label)).toEqual(['0', '15 s', '30 s', '45 s', '1 m', '1 m 15 s', '1 m 30 s']);
  });

  it('a running task ends at now; one not started is not drawn; loop iterations are rows of their own', () => {
    const gantt = runGantt(
      [task('score', 0, 20, 'SUCCEEDED', [0]), task('score', 5, undefined, 'RUNNING', [1]), task('pick', undefined, undefined, 'PENDING')],
      1000,
      t0 + 40_000,
    );
    expect(gantt.rows.map((r) => r.label)).toEqual(['score [0]', 'score [1]']);
    expect(gantt.rows[1]).toMatchObject({ open: true, endMs: t0 + 40_000 });
    expect(gantt.spanMs).toBe(40_000);
  });

  it('nothing started: no rows, no ticks', () => {
    expect(runGantt([task('a', undefined, undefined)], 800, t0)).toMatchObject({ rows: [], ticks: [], spanMs: 0 });
  });

  it('words durations', () => {
    expect(durationText(45_000)).toBe('45 s');
    expect(durationText(150_000)).toBe('2 m 30 s');
    expect(durationText(3_900_000)).toBe('1 h 5 m');
  });
});
