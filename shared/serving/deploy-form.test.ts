// SPDX-License-Identifier: Apache-2.0
/** The deploy form ⇄ InferenceService manifest mapping and its checks. */
import { describe, expect, it } from 'vitest';
import { deployFormProblems, formFieldOfPath, formToManifest, manifestToForm, newDeployForm, withFormat } from './deploy-form';
import { modelFormats, storageUriProblem } from './model-formats';

describe('deploy form', () => {
  it('builds the InferenceService KServe expects from the form', () => {
    const f = { ...newDeployForm('team-a'), name: 'iris', storageUri: 's3://models/iris/v1', serviceAccountName: 'models-sa', gpus: '1', maxReplicas: '3' };
    f.modelName = 'iris';
    f.modelVersion = '1';
    expect(formToManifest(f)).toEqual({
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'iris', namespace: 'team-a', annotations: { 'mldeck.dev/model': 'iris', 'mldeck.dev/model-version': '1' } },
      spec: {
        predictor: {
          serviceAccountName: 'models-sa',
          minReplicas: 1,
          maxReplicas: 3,
          model: {
            modelFormat: { name: 'sklearn' },
            storageUri: 's3://models/iris/v1',
            resources: { requests: { cpu: '500m', memory: '1Gi' }, limits: { cpu: '1', memory: '2Gi', 'nvidia.com/gpu': 1 } },
          },
        },
      },
    });
  });

  it('names the runtime only for formats KServe cannot auto-select, and follows format changes', () => {
    const byName = Object.fromEntries(modelFormats.map((m) => [m.name, m]));
    expect(Object.keys(byName)).toEqual(['sklearn', 'xgboost', 'lightgbm', 'pytorch', 'tensorflow', 'onnx', 'triton', 'huggingface', 'mlflow']);
    const mlflow = withFormat(newDeployForm('ns'), 'mlflow');
    expect(mlflow.runtime).toBe('kserve-mlserver');
    const model = (formToManifest({ ...mlflow, name: 'm', storageUri: 's3://b/m' }).spec as { predictor: { model: Record<string, unknown> } }).predictor.model;
    expect(model.modelFormat).toEqual({ name: 'mlflow' });
    expect(model.runtime).toBe('kserve-mlserver');
    expect(withFormat(mlflow, 'xgboost').runtime).toBe('');
    // a runtime the user typed is kept
    expect(withFormat({ ...mlflow, runtime: 'my-runtime' }, 'sklearn').runtime).toBe('my-runtime');
    expect(
      (formToManifest({ ...newDeployForm('ns'), name: 'x', storageUri: 's3://b/x' }).spec as { predictor: { model: Record<string, unknown> } }).predictor.model,
    ).not.toHaveProperty('runtime');
  });

  it('round-trips a manifest and keeps fields the form has no input for', () => {
    const m = {
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'a', namespace: 'n', labels: { team: 'x' }, annotations: { 'serving.kserve.io/enable-tag-routing': 'true' } },
      spec: {
        predictor: { nodeSelector: { gpu: 'a100' }, model: { modelFormat: { name: 'xgboost' }, storageUri: 'gs://b/m', env: [{ name: 'A', value: '1' }] } },
      },
    };
    const f = manifestToForm(m);
    expect(f.format).toBe('xgboost');
    expect(f.storageUri).toBe('gs://b/m');
    const back = formToManifest({ ...f, storageUri: 'gs://b/m2' }) as typeof m;
    expect(back.metadata.labels).toEqual({ team: 'x' });
    expect(back.metadata.annotations).toEqual({ 'serving.kserve.io/enable-tag-routing': 'true' });
    expect(back.spec.predictor.nodeSelector).toEqual({ gpu: 'a100' });
    expect(back.spec.predictor.model.env).toEqual([{ name: 'A', value: '1' }]);
    expect(back.spec.predictor.model.storageUri).toBe('gs://b/m2');
  });

  it('checks names, storageUris, quantities and replicas before anything is sent', () => {
    const bad = { ...newDeployForm('team-a'), name: 'Iris_1', storageUri: 'ftp://x', cpuRequest: 'lots', gpus: '1.5', minReplicas: '3', maxReplicas: '2' };
    expect(deployFormProblems(bad).map((p) => p.field)).toEqual(['name', 'storageUri', 'cpuRequest', 'gpus', 'maxReplicas']);
    expect(deployFormProblems({ ...newDeployForm('team-a'), name: 'iris', storageUri: 's3://models/iris/v1' })).toEqual([]);
    // a canary keeps the service's name and namespace
    expect(deployFormProblems({ ...newDeployForm(''), storageUri: 'pvc://models/iris' }, { canary: true })).toEqual([]);
    expect(storageUriProblem('s3://')).toMatch(/location/);
    expect(storageUriProblem('https://example.com/model.pkl')).toBeUndefined();
  });

  it('maps server field paths to form fields', () => {
    expect(formFieldOfPath('spec.predictor.model.storageUri')).toBe('storageUri');
    expect(formFieldOfPath('.metadata.name')).toBe('name');
    expect(formFieldOfPath('spec.predictor.model.resources.limits[nvidia.com/gpu]')).toBe('gpus');
    expect(formFieldOfPath('spec.predictor.model.storageUrl')).toBeUndefined();
  });
});
