// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { parseProgressLine, ProgressTracker, readProgress } from './log-progress';

describe('progress from one log line', () => {
  it('reads key=value and key: value pairs, ignoring numbers with units', () => {
    expect(parseProgressLine('INFO  epoch=2 step=10 loss=0.123 accuracy=0.91 lr=0.001 gpu_mem=61.2GiB')).toEqual({
      step: 10,
      epoch: 2,
      metrics: { loss: 0.123, accuracy: 0.91 },
    });
    expect(parseProgressLine('train loss: 0.5, val_loss: 0.61 acc: 0.8')).toEqual({ metrics: { loss: 0.5, val_loss: 0.61, acc: 0.8 } });
  });
  it('reads Step n/N and Epoch n/N', () => {
    expect(parseProgressLine('Step 10/1000 loss 0.3 ')).toMatchObject({ step: 10, totalSteps: 1000 });
    expect(parseProgressLine('Epoch 3/10')).toEqual({ epoch: 3, totalEpochs: 10, metrics: {} });
    expect(parseProgressLine('Epoch [4/20] Iteration 5 of 100')).toMatchObject({ epoch: 4, totalEpochs: 20, step: 5, totalSteps: 100 });
  });
  it('reads tqdm bars', () => {
    expect(parseProgressLine(' 45%|████▌     | 450/1000 [00:10<00:12, 44.1it/s]')).toEqual({ percent: 45, step: 450, totalSteps: 1000, metrics: {} });
  });
  it('reads a Keras epoch line', () => {
    expect(
      parseProgressLine('100/100 [==============================] - 2s 20ms/step - loss: 0.1200 - accuracy: 0.9000 - val_loss: 0.2 - val_accuracy: 0.85'),
    ).toEqual({
      metrics: { loss: 0.12, accuracy: 0.9, val_loss: 0.2, val_accuracy: 0.85 },
    });
  });
  it('reads HuggingFace dicts, exponents included', () => {
    expect(parseProgressLine("{'loss': 0.5, 'learning_rate': 4.9e-05, 'epoch': 1.2}")).toEqual({ epoch: 1.2, metrics: { loss: 0.5 } });
    expect(parseProgressLine('{"eval_loss": 1e-3, "eval_accuracy": 0.75, "epoch": 2.0}')).toEqual({
      epoch: 2,
      metrics: { eval_loss: 0.001, eval_accuracy: 0.75 },
    });
  });
  it('says nothing for lines without progress', () => {
    expect(parseProgressLine('saved checkpoint /checkpoints/epoch-3.pt')).toBeUndefined();
    expect(parseProgressLine('Starting worker 0 of 4, MASTER_PORT=23456')).toBeUndefined();
    expect(parseProgressLine('')).toBeUndefined();
  });
});

describe('progress series', () => {
  it('plots metrics over steps and keeps the latest values', () => {
    const p = readProgress([
      { time: '2026-01-01T00:00:00Z', text: 'epoch=0 step=10 loss=2.0 accuracy=0.1' },
      { time: '2026-01-01T00:00:01Z', text: 'epoch=0 step=20 loss=1.5 accuracy=0.3' },
      { time: '2026-01-01T00:00:02Z', text: 'saved checkpoint' },
      { time: '2026-01-01T00:00:03Z', text: 'epoch=1 step=30 loss=1.0 accuracy=0.6' },
    ]);
    expect(p.x).toBe('step');
    expect(p.series).toEqual([
      {
        name: 'accuracy',
        points: [
          { t: 10, v: 0.1 },
          { t: 20, v: 0.3 },
          { t: 30, v: 0.6 },
        ],
      },
      {
        name: 'loss',
        points: [
          { t: 10, v: 2 },
          { t: 20, v: 1.5 },
          { t: 30, v: 1 },
        ],
      },
    ]);
    expect(p.latest).toMatchObject({ step: 30, epoch: 1, metrics: { loss: 1, accuracy: 0.6 }, at: Date.parse('2026-01-01T00:00:03Z') });
  });
  it('uses the epoch a Keras log announced before its metrics', () => {
    const p = readProgress([
      { text: 'Epoch 1/3' },
      { text: '100/100 [====] - 2s 20ms/step - loss: 0.5 - accuracy: 0.7' },
      { text: 'Epoch 2/3' },
      { text: '100/100 [====] - 2s 20ms/step - loss: 0.3 - accuracy: 0.8' },
    ]);
    expect(p.x).toBe('epoch');
    expect(p.series.find((s) => s.name === 'loss')?.points).toEqual([
      { t: 1, v: 0.5 },
      { t: 2, v: 0.3 },
    ]);
    expect(p.latest).toMatchObject({ epoch: 2, totalEpochs: 3 });
  });
  it('falls back to time when there is no step or epoch', () => {
    const p = readProgress([
      { time: '2026-01-01T00:00:00Z', text: 'loss=0.9' },
      { time: '2026-01-01T00:00:05Z', text: 'loss=0.8' },
    ]);
    expect(p.x).toBe('time');
    expect(p.series[0]?.points.map((q) => q.t)).toEqual([Date.parse('2026-01-01T00:00:00Z'), Date.parse('2026-01-01T00:00:05Z')]);
  });
  it('stays bounded, keeping the first and the newest points', () => {
    const t = new ProgressTracker(100);
    for (let i = 1; i <= 10_000; i++) t.add([{ text: `step=${i} loss=${1 / i}` }]);
    const pts = t.result().series[0]?.points ?? [];
    expect(pts.length).toBeLessThanOrEqual(100);
    expect(pts[0]?.t).toBe(1);
    expect(pts.at(-1)?.t).toBe(10_000);
  });
});
