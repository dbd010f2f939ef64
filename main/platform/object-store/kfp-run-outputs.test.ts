// SPDX-License-Identifier: Apache-2.0
/** A KFP run's outputs in the pipeline root, and the signs of a task KFP served from its cache, on the lab's compiled specs. */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { task } from '../../../shared/features/pipelines/run-task.fixture';
import { fixture } from '../../../shared/kfp/testing/fixtures';
import { effectiveParameters, newestOutput, runRoot, sameParameters, sameTaskSpec, mayBeCached, taskCacheBasis } from './kfp-run-outputs';

const cached = parseYaml(fixture('lab/training-cached--v1')) as Record<string, unknown>;
const training = parseYaml(fixture('lab/training--v1')) as Record<string, unknown>;
const entry = (key: string, size: number, lastModified: string) => ({ key, size, lastModified, etag: undefined });

describe('KFP run outputs', () => {
  it("finds an output's newest copy in its task folder, a folder artifact whole", () => {
    const root = runRoot(cached, undefined, 'r1');
    const base = 'v2/artifacts/training-cached/r1/train/';
    const listed = [
      entry(`${base}7/metrics`, 60, '2026-01-01T00:00:02Z'),
      entry(`${base}9/metrics`, 61, '2026-01-01T00:00:05Z'),
      entry(`${base}9/model/a.bin`, 10, '2026-01-01T00:00:04Z'),
      entry(`${base}9/model/b.bin`, 5, '2026-01-01T00:00:03Z'),
    ];
    expect(newestOutput(root, 'train', 'metrics', listed)).toEqual({
      uri: `minio://mlpipeline/${base}9/metrics`,
      size: 61,
      lastModified: '2026-01-01T00:00:05Z',
      folder: false,
      copies: 2,
    });
    expect(newestOutput(root, 'train', 'model', listed)).toMatchObject({ uri: `minio://mlpipeline/${base}9/model`, size: 15, folder: true, copies: 1 });
    expect(newestOutput(root, 'train', 'metric', listed)).toBeUndefined();
    expect(newestOutput(root, 'evaluate', 'metrics', listed)).toBeUndefined();
  });

  it('says a task may have been served from the cache when caching is on for it and it succeeded', () => {
    const done = [task('train', 'SUCCEEDED'), task('train', 'SUCCEEDED', [], 'driver')];
    expect(mayBeCached(cached, done, 'train')).toBe(true);
    // training's train has caching off
    expect(mayBeCached(training, done, 'train')).toBe(false);
    expect(mayBeCached(cached, done, 'evaluate')).toBe(false);
    expect(mayBeCached(cached, [task('train', 'RUNNING')], 'train')).toBe(false);
    expect(mayBeCached(cached, [task('train', 'SKIPPED')], 'train')).toBe(false);
    expect(mayBeCached(cached, done, 'nope')).toBe(false);
  });

  it('compares what runs (task, component, executor), not the display name', () => {
    expect(taskCacheBasis(cached, 'train')).toContain('pytorch/pytorch:2.5.1');
    expect(taskCacheBasis(cached, 'nope')).toBeUndefined();
    expect(sameTaskSpec(cached, structuredClone(cached), 'train')).toBe(true);
    const renamed = structuredClone(cached) as { root: { dag: { tasks: { train: { taskInfo: { name: string } } } } } };
    renamed.root.dag.tasks.train.taskInfo.name = 'shown otherwise';
    expect(sameTaskSpec(cached, renamed, 'train')).toBe(true);
    // training's train has caching off, a retry policy and a GPU: another task
    expect(sameTaskSpec(cached, training, 'train')).toBe(false);
    const otherImage = structuredClone(cached) as { deploymentSpec: { executors: Record<string, { container: { image: string } }> } };
    for (const e of Object.values(otherImage.deploymentSpec.executors)) e.container.image = 'python:3.12';
    expect(sameTaskSpec(cached, otherImage, 'train')).toBe(false);
  });

  it("compares pipeline parameters as they took effect: the spec's defaults under the run's values", () => {
    const defaults = effectiveParameters(cached, []);
    expect(Object.fromEntries(defaults)).toEqual({ rows: '1000', learning_rate: '0.01', epochs: '5' });
    expect(sameParameters(defaults, effectiveParameters(cached, [{ name: 'epochs', value: '5' }]))).toBe(true);
    expect(sameParameters(defaults, effectiveParameters(cached, [{ name: 'epochs', value: '6' }]))).toBe(false);
    expect(sameParameters(defaults, effectiveParameters(cached, [{ name: 'extra', value: '"x"' }]))).toBe(false);
  });
});
