// SPDX-License-Identifier: Apache-2.0
/** What the drawer previews of an artifact's bytes, by type. */
import { describe, expect, it } from 'vitest';
import { datasetFormat, previewOf } from './run-artifacts-preview';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('artifact previews', () => {
  it('reads scalar metrics as a JSON object or KFP v1 metrics list; a cut or non-JSON file is said', () => {
    expect(previewOf('system.Metrics', 'k', 'application/json', bytes('{"accuracy": 0.91, "loss": 0.2, "run": "a", "nested": {"x": 1}}'), false)).toEqual({
      kind: 'metrics',
      rows: [
        { name: 'accuracy', value: 0.91 },
        { name: 'loss', value: 0.2 },
        { name: 'run', value: 'a' },
      ],
    });
    expect(previewOf('system.Metrics', 'k', undefined, bytes('{"metrics":[{"name":"auc","numberValue":0.8}]}'), false)).toEqual({
      kind: 'metrics',
      rows: [{ name: 'auc', value: 0.8 }],
    });
    expect(previewOf('system.Metrics', 'k', undefined, bytes('{"accuracy": 0.9'), true)).toMatchObject({ kind: 'none', why: expect.stringMatching(/over/) });
    expect(previewOf('system.Metrics', 'k', undefined, bytes('not json'), false)).toMatchObject({ kind: 'none', why: expect.stringMatching(/not JSON/) });
  });

  it('reads a confusion matrix and ROC points, sorted by false positive rate', () => {
    const doc = {
      confusionMatrix: { annotationSpecs: [{ displayName: 'cat' }, { displayName: 'dog' }], rows: [{ row: [5, 1] }, { row: [2, 7] }] },
      confidenceMetrics: [
        { confidenceThreshold: 0.9, recall: 0.4, falsePositiveRate: 0.1 },
        { confidenceThreshold: 0.1, recall: 1, falsePositiveRate: 0.8 },
      ],
    };
    expect(previewOf('system.ClassificationMetrics', 'k', undefined, bytes(JSON.stringify(doc)), false)).toEqual({
      kind: 'classification',
      labels: ['cat', 'dog'],
      matrix: [
        [5, 1],
        [2, 7],
      ],
      roc: [
        { threshold: 0.9, tpr: 0.4, fpr: 0.1 },
        { threshold: 0.1, tpr: 1, fpr: 0.8 },
      ],
    });
    const bad = { confusionMatrix: { annotationSpecs: [{ displayName: 'a' }], rows: [{ row: [1, 2] }] } };
    expect(previewOf('system.ClassificationMetrics', 'k', undefined, bytes(JSON.stringify(bad)), false)).toMatchObject({ kind: 'none' });
  });

  it('tells dataset formats apart by name, content type and first bytes', () => {
    expect(datasetFormat('a/data.parquet', undefined, bytes('x'))).toBe('parquet');
    expect(datasetFormat('a/dataset', undefined, bytes('PAR1....'))).toBe('parquet');
    expect(datasetFormat('a/dataset', 'text/csv', bytes('x'))).toBe('csv');
    expect(datasetFormat('a/dataset', undefined, bytes('{"a":1}\n{"a":2}\n'))).toBe('jsonl');
    expect(datasetFormat('a/dataset', undefined, bytes('a\tb\n1\t2\n'))).toBe('tsv');
    expect(datasetFormat('a/dataset', undefined, bytes('a,b\n1,2\n'))).toBe('csv');
    expect(datasetFormat('a/dataset', undefined, bytes('\u0000\u0001binary'))).toBeUndefined();
    expect(previewOf('system.Dataset', 'a/dataset', 'text/csv', bytes('x,y\n1,2\n'), false)).toEqual({
      kind: 'dataset',
      format: 'csv',
      text: 'x,y\n1,2\n',
      base64: '',
    });
    expect(previewOf('system.Dataset', 'a/x.parquet', undefined, bytes('PAR1'), true)).toMatchObject({ kind: 'none' });
  });

  it('passes markdown and HTML as text, and previews nothing of other types', () => {
    expect(previewOf('system.Markdown', 'k', undefined, bytes('# Hi'), false)).toEqual({ kind: 'markdown', text: '# Hi' });
    expect(previewOf('system.HTML', 'k', undefined, bytes('<b>x</b>'), false)).toEqual({ kind: 'html', html: '<b>x</b>' });
    expect(previewOf('system.Model', 'k', undefined, bytes(''), false)).toMatchObject({
      kind: 'none',
      why: expect.stringMatching(/system.Model artifact is shown by its size/),
    });
  });
});
