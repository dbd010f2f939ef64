// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the runs index (a real SQLite file in a temp folder). */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackingRunRow } from '../../../shared/features/mlflow/tracking-types';
import { queryKey, RunsIndex } from './runs-index';

const row = (i: number, extra: Partial<TrackingRunRow> = {}): TrackingRunRow => ({
  runId: `r${i}`,
  runName: `run-${i}`,
  experimentId: '1',
  status: 'FINISHED',
  startTime: 1000 - i,
  endTime: 2000 - i * 2,
  user: i % 2 ? 'bob' : 'alice',
  lifecycleStage: 'active',
  params: { lr: String([0.1, 0.01, 1, 10][i % 4]) },
  metrics: i === 3 ? {} : { acc: i / 10 },
  tags: { 'mlflow.user': 'x' },
  ...extra,
});

describe('the runs index', () => {
  let dir: string;
  let index: RunsIndex;
  const q = queryKey('cluster:a', '1', "params.lr = '1'");
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mldeck-runs-index-'));
    index = new RunsIndex(join(dir, 'runs.sqlite'));
  });
  afterEach(() => {
    index.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps pages in fetch order with their progress and keys', () => {
    expect(index.state(q)).toBeUndefined();
    index.store(q, [row(0), row(1)], 5, { nextToken: 't1', complete: false });
    index.store(q, [row(2), row(3)], 6, { nextToken: undefined, complete: true });
    expect(index.state(q)).toEqual({ nextToken: undefined, complete: true, fetchedAt: 6, maxStart: 1000 });
    expect(index.count(q)).toBe(4);
    expect(index.window(q, 1, 2).map((r) => r.runId)).toEqual(['r1', 'r2']);
    expect(index.keys(q)).toEqual({ params: ['lr'], metrics: ['acc'], tags: ['mlflow.user'] });
    // another query (another filter) is apart
    expect(index.count(queryKey('cluster:a', '1', ''))).toBe(0);
  });

  it('sorts by metrics (missing last), params as numbers, and attributes', () => {
    index.store(
      q,
      [0, 1, 2, 3].map((i) => row(i)),
      1,
      { nextToken: undefined, complete: true },
    );
    expect(index.window(q, 0, 10, { column: { kind: 'metric', key: 'acc' }, desc: true }).map((r) => r.runId)).toEqual(['r2', 'r1', 'r0', 'r3']);
    expect(index.window(q, 0, 10, { column: { kind: 'metric', key: 'acc' }, desc: false }).map((r) => r.runId)).toEqual(['r0', 'r1', 'r2', 'r3']);
    expect(index.window(q, 0, 10, { column: { kind: 'param', key: 'lr' }, desc: false }).map((r) => r.params.lr)).toEqual(['0.01', '0.1', '1', '10']);
    expect(index.window(q, 0, 10, { column: { kind: 'attribute', key: 'startTime' }, desc: false }).map((r) => r.runId)).toEqual(['r3', 'r2', 'r1', 'r0']);
    expect(index.window(q, 0, 10, { column: { kind: 'attribute', key: 'duration' }, desc: true }).map((r) => r.runId)).toEqual(['r0', 'r1', 'r2', 'r3']);
  });

  it('replaces a known run in place on refresh and lists unfinished runs', () => {
    index.store(q, [row(0, { status: 'RUNNING' }), row(1)], 1, { nextToken: undefined, complete: true });
    expect(index.unfinished(q)).toEqual(['r0']);
    index.store(q, [row(5), row(0, { status: 'FINISHED', metrics: { acc: 0.9 } })], 2, undefined);
    expect(index.window(q, 0, 10).map((r) => [r.runId, r.status])).toEqual([
      ['r0', 'FINISHED'],
      ['r1', 'FINISHED'],
      ['r5', 'FINISHED'],
    ]);
    expect(index.state(q)?.complete).toBe(true);
    expect(index.unfinished(q)).toEqual([]);
    index.reset(q);
    expect(index.state(q)).toBeUndefined();
  });
});
