// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { mlflowArtifactsPath, modelFormatOf, storageUriFor } from './storage-uri';

describe('storageUriFor', () => {
  it('keeps object-store and PVC locations (without a trailing slash)', () => {
    expect(storageUriFor('s3://models/iris/v1/', '')).toEqual({ uri: 's3://models/iris/v1' });
    expect(storageUriFor('gs://bucket/a/b', 's3://ignored')).toEqual({ uri: 'gs://bucket/a/b' });
    expect(storageUriFor('pvc://claim/models/x', '')).toEqual({ uri: 'pvc://claim/models/x' });
  });

  it('maps mlflow-artifacts:/ through the artifact store, in both URI forms', () => {
    expect(storageUriFor('mlflow-artifacts:/5/models/m-1/artifacts', 's3://mlflow/artifacts')).toEqual({ uri: 's3://mlflow/artifacts/5/models/m-1/artifacts' });
    expect(storageUriFor('mlflow-artifacts://mlflow.example.com:5000/1/run/artifacts/model', 's3://mlflow/artifacts/')).toEqual({
      uri: 's3://mlflow/artifacts/1/run/artifacts/model',
    });
    expect(mlflowArtifactsPath('mlflow-artifacts:/')).toBe('');
    expect(mlflowArtifactsPath('s3://x')).toBeUndefined();
  });

  it('says why a proxied location cannot be mapped without an artifact store', () => {
    const r = storageUriFor('mlflow-artifacts:/1/run/artifacts/model', '');
    expect(r.uri).toBeUndefined();
    expect(r.reason).toMatch(/--artifacts-destination/);
  });

  it('maps Azure blob locations to the https form KServe loads', () => {
    expect(storageUriFor('wasbs://models@acct.blob.core.windows.net/iris/v1', '')).toEqual({ uri: 'https://acct.blob.core.windows.net/models/iris/v1' });
  });

  it('refuses what KServe cannot load, with the reason', () => {
    expect(storageUriFor('file:///mlruns/1/x/artifacts', '').reason).toMatch(/local disk/);
    expect(storageUriFor('/mlruns/1', '').reason).toMatch(/local disk/);
    expect(storageUriFor('dbfs:/databricks/mlflow', '').reason).toMatch(/Databricks/);
    expect(storageUriFor('models:/m-abc', '').reason).toMatch(/logged model/);
    expect(storageUriFor('', '').reason).toMatch(/no artifact location/);
    expect(storageUriFor('hdfs://nn/x', '').reason).toMatch(/hdfs/);
  });
});

describe('modelFormatOf', () => {
  it('prefers the framework flavour to python_function', () => {
    expect(modelFormatOf(['python_function', 'sklearn'])).toBe('sklearn');
    expect(modelFormatOf(['python_function', 'xgboost'])).toBe('xgboost');
    expect(modelFormatOf(['lightgbm', 'python_function'])).toBe('lightgbm');
    expect(modelFormatOf(['python_function', 'pytorch'])).toBe('pytorch');
    expect(modelFormatOf(['keras', 'python_function'])).toBe('tensorflow');
    expect(modelFormatOf(['tensorflow'])).toBe('tensorflow');
    expect(modelFormatOf(['onnx', 'python_function'])).toBe('onnx');
    expect(modelFormatOf(['python_function', 'transformers'])).toBe('huggingface');
  });

  it('is mlflow for pyfunc only, unknown without flavours', () => {
    expect(modelFormatOf(['python_function'])).toBe('mlflow');
    expect(modelFormatOf(['python_function', 'catboost'])).toBe('mlflow');
    expect(modelFormatOf([])).toBeUndefined();
    expect(modelFormatOf(['spark'])).toBeUndefined();
  });
});
