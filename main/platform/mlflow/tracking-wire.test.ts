// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the tracking wire mapping (pure). */
import { describe, expect, it } from 'vitest';
import { experimentOf, filterString, fileOf, runOf, runRowOf } from './tracking-wire';

const wire = {
  info: {
    run_id: 'abc',
    run_name: 'r1',
    experiment_id: '7',
    status: 'FINISHED',
    start_time: '1700000000000',
    end_time: 1700000100000,
    artifact_uri: 'mlflow-artifacts:/7/abc/artifacts',
    lifecycle_stage: 'active',
    user_id: 'u',
  },
  data: {
    metrics: [
      { key: 'loss', value: 0.25, step: '9', timestamp: '1700000050000' },
      { key: 'acc', value: 'NaN', step: 9, timestamp: 1 },
    ],
    params: [
      { key: 'lr', value: '0.01' },
      { key: 'batch', value: '32' },
    ],
    tags: [
      { key: 'mlflow.user', value: 'alice' },
      { key: 'team', value: 'churn' },
    ],
  },
};

describe('tracking wire', () => {
  it('maps a run to a row with maps of params, metrics and tags', () => {
    const row = runRowOf(wire);
    expect(row).toMatchObject({
      runId: 'abc',
      runName: 'r1',
      experimentId: '7',
      status: 'FINISHED',
      startTime: 1700000000000,
      endTime: 1700000100000,
      user: 'alice',
    });
    expect(row.params).toEqual({ lr: '0.01', batch: '32' });
    expect(row.metrics.loss).toBe(0.25);
    expect(Number.isNaN(row.metrics.acc)).toBe(true);
    expect(row.tags).toEqual({ 'mlflow.user': 'alice', team: 'churn' });
  });

  it('maps a run for its page with sorted lists and system tags apart', () => {
    const run = runOf(wire);
    expect(run.params.map((p) => p.key)).toEqual(['batch', 'lr']);
    expect(run.metrics.map((m) => m.key)).toEqual(['acc', 'loss']);
    expect(run.metrics[1]).toEqual({ key: 'loss', value: 0.25, step: 9, timestamp: 1700000050000 });
    expect(run.tags).toEqual([{ key: 'team', value: 'churn' }]);
    expect(run.systemTags).toEqual([{ key: 'mlflow.user', value: 'alice' }]);
    expect(run.artifactUri).toBe('mlflow-artifacts:/7/abc/artifacts');
  });

  it('maps experiments and files, and quotes filter strings', () => {
    expect(experimentOf({ experiment_id: '3', name: 'x', creation_time: '5', tags: [{ key: 'b' }, { key: 'a', value: '1' }] })).toEqual({
      experimentId: '3',
      name: 'x',
      artifactLocation: '',
      lifecycleStage: 'active',
      createdAt: 5,
      updatedAt: 0,
      tags: [
        { key: 'a', value: '1' },
        { key: 'b', value: '' },
      ],
    });
    expect(fileOf({ path: 'model', is_dir: true })).toEqual({ path: 'model', isDir: true, size: undefined });
    expect(fileOf({ path: 'a.txt', file_size: '12' })).toEqual({ path: 'a.txt', isDir: false, size: 12 });
    expect(filterString("it's a\\b")).toBe("'it\\'s a\\\\b'");
  });
});
