// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the runs table's view model. */
import { describe, expect, it } from 'vitest';
import type { TrackingRunRow } from '../../../shared/features/mlflow/tracking-types';
import { cellSortValue, cellText, columnId, formatDuration, formatMetric, parseColumnId, runColumns, whereWords } from './runs-table-model';

const row: TrackingRunRow = {
  runId: 'abc',
  runName: 'churn-lr-0.1',
  experimentId: '1',
  status: 'FINISHED',
  startTime: 1000,
  endTime: 1000 + 65_000,
  user: 'frank',
  lifecycleStage: 'active',
  params: { lr: '0.1', model: 'gbm' },
  metrics: { loss: 0.25535, acc: NaN },
  tags: { team: 'retention' },
};

describe('runs table model', () => {
  it('round-trips column ids and refuses unknown ones', () => {
    expect(parseColumnId(columnId({ kind: 'metric', key: 'val:loss' }))).toEqual({ kind: 'metric', key: 'val:loss' });
    expect(parseColumnId('attribute:status')).toEqual({ kind: 'attribute', key: 'status' });
    expect(parseColumnId('attribute:nope')).toBeUndefined();
    expect(parseColumnId('x:y')).toBeUndefined();
  });

  it('shows attributes, metrics and params first and hides tags and MLflow tags', () => {
    const cols = runColumns({ params: ['lr'], metrics: ['loss'], tags: ['mlflow.user', 'team'] });
    expect(cols.map((c) => [columnId(c.column), c.hidden])).toEqual([
      ['attribute:runName', false],
      ['attribute:status', false],
      ['attribute:startTime', false],
      ['attribute:duration', false],
      ['attribute:user', false],
      ['attribute:endTime', true],
      ['metric:loss', false],
      ['param:lr', false],
      ['tag:team', true],
    ]);
  });

  it('formats cells and sort values', () => {
    expect(cellText(row, { kind: 'metric', key: 'loss' }, String)).toBe('0.25535');
    expect(cellText(row, { kind: 'metric', key: 'acc' }, String)).toBe('NaN');
    expect(cellText(row, { kind: 'metric', key: 'none' }, String)).toBe('');
    expect(cellText(row, { kind: 'attribute', key: 'duration' }, String)).toBe('1 min 5 s');
    expect(cellSortValue(row, { kind: 'param', key: 'lr' })).toBe(0.1);
    expect(cellSortValue(row, { kind: 'param', key: 'model' })).toBe('gbm');
    expect(formatMetric(1 / 3)).toBe('0.333333');
    expect(formatMetric(null)).toBe('NaN');
    expect(formatDuration(3_700_000)).toBe('1 h 1 min');
  });
});

describe('whereWords', () => {
  const base = {
    id: 'url:https://m.example.com',
    ref: { kind: 'url' as const, url: 'https://m.example.com' },
    label: 'm',
    clusterId: undefined,
    clusterName: undefined,
  };
  it('says a saved server is saved, and how MLDeck signs in (never the secret)', () => {
    const where = { kind: 'url' as const, url: 'https://m.example.com' };
    expect(whereWords({ ...base, where, saved: { name: 'Team', auth: 'basic', username: 'alice', secretSealed: true } })).toBe(
      'saved: https://m.example.com, signs in as alice',
    );
    expect(whereWords({ ...base, where, saved: { name: '', auth: 'bearer', username: '', secretSealed: false } })).toBe(
      'saved: https://m.example.com, signs in with a token',
    );
    expect(whereWords({ ...base, where, saved: { name: '', auth: 'none', username: '', secretSealed: false } })).toBe('saved: https://m.example.com');
    // a cluster's server set by URL in its settings
    expect(whereWords({ ...base, where, saved: undefined })).toBe('at https://m.example.com');
  });
});
