// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the Katib view models: parallel coordinates and brushing, importance, the objective series. */
import { describe, expect, it } from 'vitest';
import type { TrialSummary } from '../../../shared/features/katib/experiment-summary';
import type { KatibParameter } from '../../../shared/features/katib/katib-objects';
import { eta, parameterImportance, ranks, spearman } from './importance-model';
import { objectiveSeries } from './objective-series-model';
import { axisExtent, brushed, keptNames, parallelData } from './parallel-coords-model';

const params: KatibParameter[] = [
  { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.0001', max: '0.1', distribution: 'logUniform' } },
  { name: 'batch_size', parameterType: 'categorical', feasibleSpace: { list: ['16', '32', '64'] } },
  { name: 'noise', parameterType: 'int', feasibleSpace: { min: '0', max: '100' } },
];

const trial = (name: string, lr: number, bs: string, noise: number, acc: number | undefined, created = name): TrialSummary => ({
  name,
  phase: acc === undefined ? 'Running' : 'Succeeded',
  params: { lr: String(lr), batch_size: bs, noise: String(noise) },
  metrics: acc === undefined ? {} : { accuracy: acc, loss: 1 - acc },
  objective: acc,
  earlyStoppingRule: undefined,
  startTime: undefined,
  completionTime: undefined,
  durationMs: undefined,
  created,
});

const trials = [
  trial('t1', 0.001, '16', 50, 0.6),
  trial('t2', 0.01, '32', 10, 0.8),
  trial('t3', 0.05, '64', 90, 0.9),
  trial('t4', 0.0005, '16', 30, 0.55),
  trial('t5', 0.02, '32', 70, undefined),
];

describe('parallel coordinates', () => {
  const data = parallelData(params, ['accuracy', 'loss'], 'accuracy', trials);

  it('has an axis per parameter (log for logUniform, categories in order) and per metric, the objective last', () => {
    expect(data.axes.map((a) => `${a.name}:${a.type}`)).toEqual(['lr:log', 'batch_size:category', 'noise:value', 'loss:value', 'accuracy:value']);
    expect(Array.from(data.columns[1] as Float64Array)).toEqual([0, 1, 2, 0, 1]);
    expect(Number.isNaN((data.columns[4] as Float64Array)[4])).toBe(true);
  });

  it('keeps the trials inside every brush: ranges, categories, and a trial without the metric never inside a metric brush', () => {
    expect(keptNames(data, brushed(data, []))).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(keptNames(data, brushed(data, [{ axis: 4, range: [0.7, 1] }]))).toEqual(['t2', 't3']);
    expect(
      keptNames(
        data,
        brushed(data, [
          { axis: 4, range: [1, 0.7] },
          { axis: 1, categories: [2] },
        ]),
      ),
    ).toEqual(['t3']);
    expect(
      keptNames(
        data,
        brushed(data, [
          { axis: 0, range: [0.0001, 0.01] },
          { axis: 2, range: [0, 40] },
        ]),
      ),
    ).toEqual(['t2', 't4']);
  });

  it('brushes 5,000 trials × 10 axes in well under a frame', () => {
    const many: TrialSummary[] = Array.from({ length: 5000 }, (_, i) =>
      trial(`t${i}`, (i % 97) / 1000 + 0.0001, ['16', '32', '64'][i % 3] as string, i % 101, (i % 89) / 89),
    );
    const d = parallelData(params, ['accuracy', 'loss'], 'accuracy', many);
    const t0 = performance.now();
    for (let k = 0; k < 20; k++)
      brushed(d, [
        { axis: 4, range: [0.5, 1] },
        { axis: 1, categories: [0, 2] },
        { axis: 2, range: [10, 90] },
      ]);
    expect((performance.now() - t0) / 20).toBeLessThan(16);
  });
});

describe('parameter importance', () => {
  it('ranks ties by their average and computes Spearman and η', () => {
    expect(ranks([3, 1, 3, 2])).toEqual([3.5, 1, 3.5, 2]);
    expect(ranks([2, 2, 2, -1, 5, 2])).toEqual([3.5, 3.5, 3.5, 1, 6, 3.5]);
    expect(ranks([NaN, 1, NaN, 0])).toEqual([3.5, 2, 3.5, 1]);
    expect(spearman([1, 2, 3, 4], [10, 20, 30, 40])).toBeCloseTo(1);
    expect(spearman([1, 2, 3, 4], [40, 30, 20, 10])).toBeCloseTo(-1);
    expect(eta(['a', 'a', 'b', 'b'], [1, 1, 5, 5])).toBeCloseTo(1);
    expect(eta(['a', 'b', 'a', 'b'], [1, 1, 5, 5])).toBeCloseTo(0);
  });

  it('orders parameters by importance with the direction that helps, over trials with an objective', () => {
    const imp = parameterImportance(params, trials, 'maximize');
    const lr = imp.find((i) => i.name === 'lr');
    expect(lr).toMatchObject({ value: 1, direction: 1, measure: 'spearman', trials: 4 });
    expect(imp[0]?.name).toBe('lr');
    expect(imp.find((i) => i.name === 'batch_size')?.measure).toBe('eta');
    expect(parameterImportance(params, trials, 'minimize').find((i) => i.name === 'lr')?.direction).toBe(-1);
  });
});

describe('objective over trial number', () => {
  it('plots each trial in creation order with the best so far', () => {
    const s = objectiveSeries(trials, 'maximize');
    expect(s.objective).toEqual([
      { x: 1, y: 0.6 },
      { x: 2, y: 0.8 },
      { x: 3, y: 0.9 },
      { x: 4, y: 0.55 },
    ]);
    expect(s.best.map((p) => p.y)).toEqual([0.6, 0.8, 0.9, 0.9]);
    expect(objectiveSeries(trials, 'minimize').best.map((p) => p.y)).toEqual([0.6, 0.6, 0.6, 0.55]);
  });
});

describe('parallel coordinates axis ranges', () => {
  const data = (type: 'value' | 'log' | 'category', values: number[]) => ({
    axes: [{ name: 'a', kind: 'parameter' as const, type, ...(type === 'category' ? { categories: ['x', 'y'] } : {}) }],
    names: values.map((_, i) => `t${i}`),
    columns: [Float64Array.from(values)],
  });
  it('gives a value axis a margin past its values, rounded outwards to a tenth of its span', () => {
    expect(axisExtent(data('value', [0.5003, 0.9499, NaN]), 0)).toEqual([0.48, 0.97]);
    expect(axisExtent(data('value', [0.2002, 1.9997]), 0)).toEqual([0.1, 2.1]);
    expect(axisExtent(data('value', [1, 8]), 0)).toEqual([0.7, 8.3]);
    // the largest value is never at the axis's end, where a brush starts
    const [, hi] = axisExtent(data('value', [0.5, 0.9]), 0) as [number, number];
    expect(hi).toBeGreaterThan(0.9);
  });
  it('gives a log axis a factor of 1.1 past its values, two significant digits, and skips values ≤ 0', () => {
    expect(axisExtent(data('log', [0.000123, 0.0998, 0, -1]), 0)).toEqual([0.00011, 0.11]);
  });
  it('widens a single value and has no range for a category axis or no values', () => {
    expect(axisExtent(data('value', [3, 3]), 0)).toEqual([2.7, 3.3]);
    expect(axisExtent(data('value', [NaN]), 0)).toBeUndefined();
    expect(axisExtent(data('category', [0, 1]), 0)).toBeUndefined();
  });
});
