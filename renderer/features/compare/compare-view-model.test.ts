// SPDX-License-Identifier: Apache-2.0
/** The compare page's view model: curves by step or time, numeric columns, scatter points, parallel coordinates. */
import { describe, expect, it } from 'vitest';
import type { ComparedRun } from '../../../shared/features/compare/compare-model';
import { curveMetrics, curves, numericColumns, parallelView, parseColumn, scatterPoints, splitResults } from './compare-view-model';

const run = (key: string, params: Record<string, string>, metrics: Record<string, number>, series: ComparedRun['series'] = []): ComparedRun => ({
  key,
  ref: { source: 'mlflow', serverId: 'cluster:a', runId: key },
  label: key,
  source: 'mlflow',
  cluster: 'lab-a',
  where: '',
  state: '',
  params,
  metrics,
  series,
  directions: {},
  fetchedAt: 1,
});

describe('compare view model', () => {
  const a = run('a', { lr: '0.1', opt: 'adam' }, { loss: 0.3 }, [{ metric: 'loss', steps: [1, 2, 3], times: [10, null, 30], values: [3, 2, 1] }]);
  const b = run('b', { lr: '0.01', opt: 'sgd' }, { loss: 0.2, acc: 0.9 });

  it('splits runs read from references that could not be', () => {
    const { runs, failed } = splitResults([
      { key: 'a', ok: true, run: a, cachedAt: 5, problem: 'down' },
      { key: 'x', ok: false, ref: a.ref, error: { code: 'not-found', message: 'gone' } },
    ]);
    expect(runs).toEqual([{ run: a, cachedAt: 5, problem: 'down' }]);
    expect(failed.map((f) => f.key)).toEqual(['x']);
  });

  it('overlays a metric by step, or by time leaving out points without one', () => {
    const [byStep] = curves([a, b], 'loss', 'step');
    expect(byStep?.label).toBe('a (mlflow · lab-a)');
    expect([...byStep!.x]).toEqual([1, 2, 3]);
    expect([...byStep!.y]).toEqual([3, 2, 1]);
    const [byTime] = curves([a, b], 'loss', 'time');
    expect([...byTime!.x]).toEqual([10, 30]);
    expect([...byTime!.y]).toEqual([3, 1]);
    expect(curves([a, b], 'acc', 'step')).toEqual([]);
    expect(curveMetrics([a, b])).toEqual(['loss']);
  });

  it('offers numeric parameters and metrics to the scatter, and its points', () => {
    const cols = numericColumns([a, b], ['lr', 'opt']).map((c) => c.id);
    expect(cols).toEqual(['param:lr', 'metric:acc', 'metric:loss']);
    expect(parseColumn('param:lr')).toEqual({ id: 'param:lr', kind: 'param', name: 'lr' });
    expect(parseColumn('nope')).toBeUndefined();
    expect(scatterPoints([a, b], parseColumn('param:lr')!, parseColumn('metric:loss')!).map((p) => [p.key, p.x, p.y])).toEqual([
      ['a', 0.1, 0.3],
      ['b', 0.01, 0.2],
    ]);
    expect(scatterPoints([a, b], parseColumn('param:lr')!, parseColumn('metric:acc')!).map((p) => p.key)).toEqual(['b']);
  });

  it('makes parallel coordinates with category axes for text parameters', () => {
    const v = parallelView([a, b], ['lr', 'opt']);
    expect(v.axes).toEqual([
      { name: 'lr', type: 'value' },
      { name: 'opt', type: 'category', categories: ['adam', 'sgd'] },
      { name: 'acc', type: 'value' },
      { name: 'loss', type: 'value' },
    ]);
    expect(v.lines.map((l) => l.values)).toEqual([
      [0.1, 'adam', '-', 0.3],
      [0.01, 'sgd', 0.9, 0.2],
    ]);
  });
});
