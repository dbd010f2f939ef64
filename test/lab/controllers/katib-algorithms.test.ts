// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the driven Katib's pure logic: grid and random suggestions, the metric function, medianstop. */
import { describe, expect, it } from 'vitest';
import { curveValue, epochs, gridSize, medianStopRule, observedMetrics, quality, stopsAt, suggest, trialMetrics, type Parameter } from './katib-algorithms.ts';

const params: Parameter[] = [
  { name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.01', max: '0.05', step: '0.02' } },
  { name: 'layers', parameterType: 'int', feasibleSpace: { min: '2', max: '3' } },
  { name: 'opt', parameterType: 'categorical', feasibleSpace: { list: ['sgd', 'adam'] } },
];

describe('Katib suggestions', () => {
  it('enumerates the grid once and then ends', () => {
    expect(gridSize(params)).toBe(12);
    const all = Array.from({ length: 12 }, (_, i) => suggest('grid', params, 's', i));
    expect(new Set(all.map((a) => JSON.stringify(a))).size).toBe(12);
    expect(new Set(all.map((a) => a?.find((x) => x.name === 'lr')?.value))).toEqual(new Set(['0.01', '0.03', '0.05']));
    expect(suggest('grid', params, 's', 12)).toBeUndefined();
  });

  it('samples inside the feasible space, deterministically, log-uniform when asked', () => {
    const logParams: Parameter[] = [{ name: 'lr', parameterType: 'double', feasibleSpace: { min: '0.0001', max: '0.1', distribution: 'logUniform' } }];
    const lrs = Array.from({ length: 400 }, (_, i) => Number(suggest('random', logParams, 'seed', i)?.[0]?.value));
    expect(Math.min(...lrs)).toBeGreaterThanOrEqual(0.0001);
    expect(Math.max(...lrs)).toBeLessThanOrEqual(0.1);
    // log-uniform: about a third of the samples in each decade of [1e-4, 1e-1]
    const belowMilli = lrs.filter((x) => x < 0.001).length / lrs.length;
    expect(belowMilli).toBeGreaterThan(0.25);
    expect(belowMilli).toBeLessThan(0.42);
    for (let i = 0; i < 50; i++) {
      const a = suggest('random', params, 'seed', i) ?? [];
      expect(['2', '3']).toContain(a.find((x) => x.name === 'layers')?.value);
      expect(suggest('random', params, 'seed', i)).toEqual(a);
    }
  });
});

describe('the simulated metrics', () => {
  it('make accuracy rise and loss fall with quality, and end the curve at the final value', () => {
    const [accLow, lossLow] = trialMetrics(['accuracy', 'loss'], 0.1, 't');
    const [accHigh, lossHigh] = trialMetrics(['accuracy', 'loss'], 0.9, 't');
    expect(Number(accHigh?.latest)).toBeGreaterThan(Number(accLow?.latest));
    expect(Number(lossHigh?.latest)).toBeLessThan(Number(lossLow?.latest));
    expect(curveValue('accuracy', 0.9, 't', 1)).toBeLessThan(curveValue('accuracy', 0.9, 't', epochs));
    expect(Number(accHigh?.latest)).toBe(curveValue('accuracy', 0.9, 't', epochs));
    expect(observedMetrics(['accuracy'], 0.9, 't', 3)[0]?.latest).toBe(curveValue('accuracy', 0.9, 't', 3).toFixed(4));
    expect(quality(params, suggest('random', params, 'q', 0) ?? [])).toBeGreaterThanOrEqual(0);
  });
});

describe('medianstop', () => {
  it('has no rule before min_trials_required trials succeeded, then the median of their first start_step means', () => {
    const obj = { name: 'accuracy', maximize: true };
    const t = (...v: number[]) => ({ firstValues: v });
    expect(medianStopRule(obj, [t(0.5, 0.5), t(0.6, 0.6)], {})).toBeUndefined();
    const rule = medianStopRule(obj, [t(0.1, 0.3, 0.5, 0.7, 0.9), t(0.5, 0.5, 0.5, 0.5), t(0.2, 0.2, 0.2, 0.2)], {});
    expect(rule).toEqual({ name: 'accuracy', value: '0.4', comparison: 'less', startStep: 4 });
    expect(medianStopRule({ name: 'loss', maximize: false }, [t(1), t(2)], { min_trials_required: '2', start_step: '1' })?.comparison).toBe('greater');
  });

  it('stops a curve at the first report from start_step on that is worse than the rule', () => {
    const rule = { name: 'accuracy', value: '0.4', comparison: 'less' as const, startStep: 3 };
    expect(stopsAt(rule, [0.1, 0.2, 0.3, 0.5])).toBe(3);
    expect(stopsAt(rule, [0.1, 0.2, 0.45, 0.3])).toBe(4);
    expect(stopsAt(rule, [0.1, 0.2, 0.45, 0.5])).toBeUndefined();
  });
});
