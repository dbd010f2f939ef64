// SPDX-License-Identifier: Apache-2.0
/** The service's pure parts: MLflow's wire shapes as MLDeck shows them, MLmodel flavours, file kinds. */
import { describe, expect, it } from 'vitest';
import { contentKind, flavorsOf, modelSummary, runDetail, versionSummary } from './mlflow-wire';

describe('wire shapes', () => {
  it('gives each version the aliases the model points at it (MLflow’s search omits them)', () => {
    const m = modelSummary({
      name: 'fraud-clf',
      creation_timestamp: 1,
      last_updated_timestamp: '2',
      latest_versions: [
        { name: 'fraud-clf', version: '4', source: 'mlflow-artifacts:/1/r/artifacts/model', run_id: 'r' },
        { name: 'fraud-clf', version: '10', current_stage: 'Production' },
      ],
      aliases: [
        { alias: 'challenger', version: '4' },
        { alias: 'champion', version: '3' },
      ],
    });
    expect(m.latestVersion).toBe('10');
    expect(m.latestVersions[0]).toMatchObject({ version: '4', aliases: ['challenger'], stage: 'None', status: 'READY', runId: 'r', modelId: undefined });
    expect(m.updatedAt).toBe(2);
    expect(m.description).toBe('');
  });

  it('takes the logged model id from model_id or from a models:/ source', () => {
    expect(versionSummary({ name: 'iris', version: '1', source: 'models:/m-0123abcd' }).modelId).toBe('m-0123abcd');
    expect(versionSummary({ name: 'iris', version: '1', source: 'x', model_id: 'm-9' }).modelId).toBe('m-9');
    expect(versionSummary({ name: 'iris', version: '1', aliases: ['b', 'a'] }, [{ alias: 'a', version: '1' }]).aliases).toEqual(['a', 'b']);
  });

  it('reads a run: NaN metrics, mlflow.* tags apart, sorted keys', () => {
    const r = runDetail({
      info: { run_uuid: 'abc', run_name: 'n', experiment_id: '1', status: 'FINISHED', start_time: '10', artifact_uri: 'mlflow-artifacts:/1/abc/artifacts' },
      data: {
        metrics: [
          { key: 'loss', value: 'NaN', step: '3', timestamp: 5 },
          { key: 'auc', value: 0.9, step: 7 },
        ],
        params: [{ key: 'z', value: '1' }, { key: 'a' }],
        tags: [
          { key: 'mlflow.user', value: 'ana' },
          { key: 'team', value: 'risk' },
        ],
      },
    });
    expect(r.runId).toBe('abc');
    expect(r.startTime).toBe(10);
    expect(r.endTime).toBeUndefined();
    expect(r.metrics.map((m) => m.key)).toEqual(['auc', 'loss']);
    expect(Number.isNaN(r.metrics[1]?.value)).toBe(true);
    expect(r.metrics[1]?.step).toBe(3);
    expect(r.params).toEqual([
      { key: 'a', value: '' },
      { key: 'z', value: '1' },
    ]);
    expect(r.tags).toEqual([{ key: 'team', value: 'risk' }]);
    expect(r.systemTags).toEqual([{ key: 'mlflow.user', value: 'ana' }]);
  });
});

describe('flavorsOf', () => {
  it('lists the flavours of an MLmodel file', () => {
    expect(
      flavorsOf('artifact_path: model\nflavors:\n  sklearn:\n    pickled_model: model.pkl\n  python_function:\n    loader_module: mlflow.sklearn\n'),
    ).toEqual(['python_function', 'sklearn']);
    expect(flavorsOf('artifact_path: model\n')).toEqual([]);
    expect(flavorsOf('')).toEqual([]);
  });
});

describe('contentKind', () => {
  const b = (s: string) => Buffer.from(s);
  it('shows MLmodel, requirements and JSON as text, images as images', () => {
    expect(contentKind('MLmodel', b('flavors: {}'), 'application/octet-stream').kind).toBe('text');
    expect(contentKind('model/requirements.txt', b('mlflow==3'), undefined).kind).toBe('text');
    expect(contentKind('metrics/final.json', b('{}'), undefined).kind).toBe('text');
    expect(contentKind('plots/roc.png', b('\x89PNG'), undefined)).toEqual({ kind: 'image', mediaType: 'image/png' });
  });

  it('treats pickles and bytes with NULs or control characters as binary; unknown clean UTF-8 as text', () => {
    expect(contentKind('model.pkl', b('\x80\x04\x95'), 'application/octet-stream').kind).toBe('binary');
    expect(contentKind('weights.bin', b('abc'), undefined).kind).toBe('binary');
    expect(contentKind('data', Buffer.from([0x61, 0x00, 0x62]), undefined).kind).toBe('binary');
    expect(contentKind('data', Buffer.from([0x61, 0x02, 0x62]), undefined).kind).toBe('binary');
    expect(contentKind('LICENSE-2', b('Apache License\nVersion 2.0\n'), undefined).kind).toBe('text');
  });
});
