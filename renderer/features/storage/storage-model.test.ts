// SPDX-License-Identifier: Apache-2.0
/** The browser's paths, rows, preview kinds, model folders and transfer rates. */
import { describe, expect, it } from 'vitest';
import { baseName, crumbs, duration, modelFolder, modelFormatOf, parentPrefix, parseS3, previewKind, rate, rowsOf } from './storage-model';

describe('storage model', () => {
  it('splits s3:// URIs and names folders and files', () => {
    expect(parseS3('s3://mlflow/artifacts/1/')).toEqual({ bucket: 'mlflow', prefix: 'artifacts/1/' });
    expect(parseS3('minio://mlpipeline')).toEqual({ bucket: 'mlpipeline', prefix: '' });
    expect(parseS3('gs://x/y')).toBeUndefined();
    expect(baseName('a/b/c.csv')).toBe('c.csv');
    expect(baseName('a/b/')).toBe('b/');
    expect(crumbs('a/b/')).toEqual([
      { name: 'a', prefix: 'a/' },
      { name: 'b', prefix: 'a/b/' },
    ]);
    expect(parentPrefix('a/b/c.csv')).toBe('a/b/');
    expect(parentPrefix('c.csv')).toBe('');
  });

  it('lists folders first and leaves out the folder marker', () => {
    const rows = rowsOf(
      'p/',
      ['p/sub/'],
      [
        { key: 'p/', size: 0, lastModified: undefined },
        { key: 'p/a.csv', size: 3, lastModified: '2026-01-01T00:00:00Z' },
      ],
    );
    expect(rows.map((r) => [r.name, r.isFolder])).toEqual([
      ['sub/', true],
      ['a.csv', false],
    ]);
  });

  it('picks previews by name and sees deployable model folders', () => {
    expect(['x.csv', 'x.tsv', 'x.parquet', 'x.json', 'x.jsonl', 'x.png', 'x.ipynb', 'MLmodel', 'train.log', 'LICENSE', 'x.bin'].map(previewKind)).toEqual([
      'csv',
      'tsv',
      'parquet',
      'json',
      'jsonl',
      'image',
      'notebook',
      'mlmodel',
      'text',
      'text',
      'none',
    ]);
    expect(modelFolder(['MLmodel', 'model.pkl'])).toBe('mlflow');
    expect(modelFolder(['model.joblib'])).toBe('kserve');
    expect(modelFolder(['data.csv'])).toBeUndefined();
  });

  it('measures speed and time left', () => {
    expect(
      rate(
        [
          { at: 0, loaded: 0 },
          { at: 2000, loaded: 4_000_000 },
        ],
        10_000_000,
      ),
    ).toEqual({ speed: 2_000_000, secondsLeft: 3 });
    expect(rate([{ at: 0, loaded: 0 }], 10)).toEqual({ speed: 0, secondsLeft: undefined });
    expect(duration(125)).toBe('2 min 5 s');
  });

  it("gives a model folder's KServe format from its files", () => {
    expect(modelFormatOf(['MLmodel', 'model.pkl', 'conda.yaml'])).toBe('mlflow');
    expect(modelFormatOf(['model.joblib'])).toBe('sklearn');
    expect(modelFormatOf(['model.bst'])).toBe('xgboost');
    expect(modelFormatOf(['model.onnx'])).toBe('onnx');
    expect(modelFormatOf(['model.mar'])).toBe('pytorch');
    expect(modelFormatOf(['saved_model.pb', 'variables'])).toBe('tensorflow');
    expect(modelFormatOf(['README.md'])).toBeUndefined();
  });
});
