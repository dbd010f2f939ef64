// SPDX-License-Identifier: Apache-2.0
/** Where a run task's artifacts are: declared and wired from the lab's compiled training spec, found in a listing. */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { fixture } from '../../../shared/kfp/testing/fixtures';
import { runRoot } from '../../platform/object-store/kfp-run-outputs';
import { declaredArtifacts, foundArtifact, locate } from './run-artifacts-locate';

// the spec as KFP's API gives it: the IR as a JSON object
const spec = parseYaml(fixture('lab/training--v1')) as unknown;
const runId = '34b5fb21-f642-4e13-acb9-74191fa89cdd';
const entry = (key: string, size: number, lastModified: string) => ({ key, size, lastModified, etag: undefined });

describe('run artifacts', () => {
  it("puts the run's folder under the pipeline root: the spec's, else kfp-launcher's, else KFP's default", () => {
    expect(runRoot(spec, undefined, runId)).toEqual({
      uri: `minio://mlpipeline/v2/artifacts/training/${runId}`,
      scheme: 'minio',
      bucket: 'mlpipeline',
      prefix: `v2/artifacts/training/${runId}`,
    });
    expect(runRoot(spec, 's3://team/pipelines/', runId).uri).toBe(`s3://team/pipelines/training/${runId}`);
    expect(runRoot({ ...(spec as object), defaultPipelineRoot: 's3://own' }, 's3://team', runId).uri).toBe(`s3://own/training/${runId}`);
    expect(() => runRoot(spec, 'gs://bucket/root', runId)).toThrow(/not in an S3-compatible store/);
  });

  it("lists a task's declared outputs and the inputs wired into it with their producer", () => {
    expect(declaredArtifacts(spec, 'train')).toEqual([
      {
        io: 'input',
        name: 'dataset',
        schemaTitle: 'system.Dataset',
        from: 'prepare-data.dataset',
        producer: { taskName: 'prepare-data', key: 'dataset' },
        note: '',
      },
      { io: 'output', name: 'metrics', schemaTitle: 'system.Metrics', from: '', producer: { taskName: 'train', key: 'metrics' }, note: '' },
      { io: 'output', name: 'model', schemaTitle: 'system.Model', from: '', producer: { taskName: 'train', key: 'model' }, note: '' },
    ]);
    expect(() => declaredArtifacts(spec, 'nope')).toThrow(/not a task/);
  });

  it('finds an artifact in its task folder by <salt>/<name>, a folder artifact whole, and says when several executions wrote it', () => {
    const root = runRoot(spec, undefined, runId);
    const [, metrics, model] = declaredArtifacts(spec, 'train');
    if (!metrics || !model) throw new Error('declared');
    const base = `v2/artifacts/training/${runId}/train/`;
    const one = [
      entry(`${base}111/metrics`, 60, '2026-01-01T00:00:02Z'),
      entry(`${base}111/model/weights.bin`, 100, '2026-01-01T00:00:01Z'),
      entry(`${base}111/model/config.json`, 5, '2026-01-01T00:00:03Z'),
    ];
    expect(locate(root, metrics, one)).toMatchObject({ uri: `minio://mlpipeline/${base}111/metrics`, size: 60, folder: false, note: '' });
    expect(locate(root, model, one)).toMatchObject({
      uri: `minio://mlpipeline/${base}111/model`,
      size: 105,
      folder: true,
      lastModified: '2026-01-01T00:00:03Z',
    });
    const two = [...one, entry(`${base}222/metrics`, 61, '2026-01-01T00:00:09Z')];
    expect(locate(root, metrics, two)).toMatchObject({ uri: `minio://mlpipeline/${base}222/metrics`, size: 61 });
    expect(locate(root, metrics, two).note).toMatch(/^2 executions of train wrote metrics/);
    // a key that only starts with the name is another output
    expect(locate(root, metrics, [entry(`${base}111/metrics-old`, 1, '2026-01-01T00:00:00Z')])).toMatchObject({ uri: '', size: undefined });
    expect(locate(root, metrics, []).note).toMatch(/^Not found in minio:\/\/mlpipeline\/v2\/artifacts\/training\/.*\/train\/: the task may not have finished/);
  });

  it('an output found in the earlier run KFP served it from names that run', () => {
    const [, metrics] = declaredArtifacts(spec, 'train');
    if (!metrics) throw new Error('declared');
    const root = runRoot(spec, undefined, runId);
    const base = locate(root, metrics, []);
    const found = {
      uri: 'minio://mlpipeline/v2/artifacts/training/r0/train/9/metrics',
      size: 60,
      lastModified: '2026-01-01T00:00:02Z',
      folder: false,
      copies: 1,
    };
    const a = foundArtifact(base, { taskName: 'train', key: 'metrics' }, found, { runId: 'r0', displayName: 'first' });
    expect(a).toMatchObject({ uri: found.uri, size: 60, cachedFrom: { runId: 'r0', displayName: 'first' } });
    expect(a.note).toBe('KFP served train from its cache: this is the output of its execution in the earlier run first (r0).');
    expect(foundArtifact(base, { taskName: 'train', key: 'metrics' }, found).cachedFrom).toBeUndefined();
  });
});
