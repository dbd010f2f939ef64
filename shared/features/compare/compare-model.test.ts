// SPDX-License-Identifier: Apache-2.0
/** The comparison model's pure views: differences only, best per column by direction, CSV, log metrics and job arguments. */
import { describe, expect, it } from 'vitest';
import {
  bestPerColumn,
  csvCell,
  differingParams,
  guessDirection,
  metricColumns,
  metricDirections,
  numericValue,
  RunRef,
  runKey,
  shownParams,
  toCsv,
  type ComparedRun,
} from './compare-model';
import { metricsFromLog, paramsFromArgs } from './log-metrics';

function run(key: string, params: Record<string, string>, metrics: Record<string, number>, extra: Partial<ComparedRun> = {}): ComparedRun {
  return {
    key,
    ref: { source: 'kfp', clusterId: 'c', runId: key },
    label: key,
    source: 'kfp',
    cluster: 'lab-a',
    where: 'kubeflow',
    state: 'SUCCEEDED',
    params,
    metrics,
    series: [],
    directions: {},
    fetchedAt: 0,
    ...extra,
  };
}

describe('comparison model', () => {
  const a = run('a', { lr: '0.1', epochs: '10', opt: 'adam' }, { accuracy: 0.9, loss: 0.3 });
  const b = run('b', { lr: '0.01', epochs: '10', opt: 'adam' }, { accuracy: 0.95, loss: 0.2 });
  const c = run('c', { lr: '0.1', epochs: '10' }, { accuracy: 0.95, loss: 0.4 });

  it('keys references stably and validates them', () => {
    expect(runKey({ source: 'katib', clusterId: 'x', namespace: 'ns', trial: 't' })).toBe('katib:x:ns/t');
    expect(runKey({ source: 'mlflow', serverId: 's', runId: 'r' })).toBe('mlflow:s:r');
    expect(runKey({ source: 'job', clusterId: 'x', namespace: 'ns', kind: 'kubeflow.org/v1/pytorchjobs', name: 'j' })).toBe(
      'job:x:ns/kubeflow.org/v1/pytorchjobs/j',
    );
    expect(RunRef.safeParse({ source: 'katib', clusterId: 'x', namespace: 'ns' }).success).toBe(false);
    expect(RunRef.safeParse({ source: 'nope', clusterId: 'x' }).success).toBe(false);
  });

  it('shows only the parameters that differ (a missing one differs)', () => {
    expect(differingParams([a, b])).toEqual(['lr']);
    expect(differingParams([a, b, c])).toEqual(['lr', 'opt']);
    expect(differingParams([a])).toEqual([]);
    expect(shownParams([a, b], false)).toEqual(['epochs', 'lr', 'opt']);
    expect(shownParams([a, b], true)).toEqual(['lr']);
  });

  it('guesses directions by name and lets the source and the user decide first', () => {
    expect(guessDirection('val_loss')).toBe('min');
    expect(guessDirection('rmse')).toBe('min');
    expect(guessDirection('accuracy')).toBe('max');
    expect(guessDirection('f1')).toBe('max');
    const known = run('k', {}, { loss: 1 }, { directions: { loss: 'max' } });
    expect(metricDirections([a, known])).toEqual({ accuracy: 'max', loss: 'max' });
    expect(metricDirections([a, known], { loss: 'min', accuracy: 'min' })).toEqual({ accuracy: 'min', loss: 'min' });
  });

  it('names the best run of each column by direction, ties included', () => {
    expect(bestPerColumn([a, b, c], { accuracy: 'max', loss: 'min' })).toEqual({ accuracy: ['b', 'c'], loss: ['b'] });
    expect(bestPerColumn([a, b, c], { accuracy: 'min', loss: 'max' })).toEqual({ accuracy: ['a'], loss: ['c'] });
    const none = run('n', {}, {}, { series: [{ metric: 'f1', steps: [], times: [], values: [] }] });
    expect(metricColumns([none])).toEqual(['f1']);
    expect(bestPerColumn([none], {})).toEqual({ f1: [] });
  });

  it('exports CSV with quoting, formula guards and differences only', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvCell('-0.5')).toBe('-0.5');
    expect(csvCell(Number.NaN)).toBe('');
    const odd = run('o', { lr: '0.1', note: 'x,y' }, { accuracy: 0.5 }, { label: 'run "o"' });
    expect(toCsv([a, odd], { differencesOnly: true })).toBe(
      'run,source,cluster,where,state,param:epochs,param:note,param:opt,metric:accuracy,metric:loss\r\n' +
        'a,kfp,lab-a,kubeflow,SUCCEEDED,10,,adam,0.9,0.3\r\n' +
        '"run ""o""",kfp,lab-a,kubeflow,SUCCEEDED,,"x,y",,0.5,\r\n',
    );
  });

  it('reads a parameter or metric as a number', () => {
    expect(numericValue(a, { kind: 'param', name: 'lr' })).toBe(0.1);
    expect(numericValue(a, { kind: 'param', name: 'opt' })).toBeUndefined();
    expect(numericValue(a, { kind: 'metric', name: 'loss' })).toBe(0.3);
  });
});

describe('metrics from a job log', () => {
  it('reads key=value and key: value per step, with the line times; the final value is the last', () => {
    const lines = [
      { time: '2026-01-01T00:00:01Z', text: 'INFO  epoch=0 step=10 loss=2.2 accuracy=0.1 lr=0.001 gpu_mem=61.2GiB' },
      { time: '2026-01-01T00:00:02Z', text: 'saved checkpoint /checkpoints/epoch-0.pt' },
      { time: '2026-01-01T00:00:03Z', text: 'Step 20/100 - loss: 1.5 - val_loss: 1.7' },
      { time: '2026-01-01T00:00:04Z', text: "{'loss': 1.25, 'epoch': 1.0}" },
    ];
    const { series, final } = metricsFromLog(lines);
    expect(final).toEqual({ accuracy: 0.1, loss: 1.25, val_loss: 1.7 });
    const loss = series.find((s) => s.metric === 'loss');
    expect(loss).toEqual({
      metric: 'loss',
      steps: [10, 20, 20],
      times: [Date.parse('2026-01-01T00:00:01Z'), Date.parse('2026-01-01T00:00:03Z'), Date.parse('2026-01-01T00:00:04Z')],
      values: [2.2, 1.5, 1.25],
    });
    expect(series.map((s) => s.metric)).toEqual(['accuracy', 'loss', 'val_loss']);
  });

  it('numbers reports when the log states no step', () => {
    const { series } = metricsFromLog([{ text: 'loss=3' }, { text: 'loss=2' }]);
    expect(series[0]?.steps).toEqual([1, 2]);
    expect(series[0]?.times).toEqual([null, null]);
  });

  it('reads parameters from arguments and environment', () => {
    expect(
      paramsFromArgs(
        ['python3', 'train.py', '--lr=0.01', '--batch-size', '64', '--amp', '-n', '-3', '--epochs', '5'],
        [{ name: 'SEED', value: '7' }, { name: 'TOKEN' }],
      ),
    ).toEqual({ lr: '0.01', 'batch-size': '64', amp: 'true', n: '-3', epochs: '5', 'env:SEED': '7' });
    expect(paramsFromArgs(['torchrun --nproc_per_node=8 train.py --lr 0.1'])).toEqual({ nproc_per_node: '8', lr: '0.1' });
  });
});
