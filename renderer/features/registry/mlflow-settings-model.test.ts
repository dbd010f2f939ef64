// SPDX-License-Identifier: Apache-2.0
/** Unit tests of the MLflow connection form's rules: field problems, changes, a moved target, what a save sends. */
import { describe, expect, it } from 'vitest';
import type { RegistrySettings } from '../../../shared/features/registry/registry.contract';
import { draftChanged, draftOf, draftProblems, settingsInput, storeProblem, targetMoved } from './mlflow-settings-model';

const saved: RegistrySettings = {
  clusterId: 'c',
  mode: 'url',
  url: 'http://mlflow.example.com:5000',
  auth: 'basic',
  username: 'ada',
  hasPassword: true,
  hasToken: false,
  artifactStore: 's3://mlflow/artifacts',
  s3Endpoint: '',
  s3Region: '',
  s3AccessKeyId: '',
  hasS3Secret: false,
  pin: null,
  secretsSealed: false,
};

describe('MLflow settings model', () => {
  it('starts from the saved settings with every secret kept, and no change', () => {
    const d = draftOf(saved);
    expect(d.password).toBeUndefined();
    expect(d.token).toBeUndefined();
    expect(draftChanged(d, saved)).toBe(false);
    expect(targetMoved(d, saved)).toBe(false);
    expect(draftProblems(d)).toEqual({ url: undefined, s3: undefined, artifactStore: undefined });
  });

  it('counts a typed or removed secret as a change, and a new URL as a moved target', () => {
    expect(draftChanged({ ...draftOf(saved), password: '' }, saved)).toBe(true);
    expect(draftChanged({ ...draftOf(saved), username: 'bob' }, saved)).toBe(true);
    expect(targetMoved({ ...draftOf(saved), url: 'http://other:5000' }, saved)).toBe(true);
    expect(targetMoved({ ...draftOf(saved), url: ' http://mlflow.example.com:5000 ' }, saved)).toBe(false);
    expect(targetMoved({ ...draftOf(saved), mode: 'auto' }, saved)).toBe(true);
  });

  it('names the problems of the URL, the S3 endpoint and the artifact store', () => {
    expect(draftProblems({ ...draftOf(saved), url: ' ' }).url).toBe('Enter the MLflow URL');
    expect(draftProblems({ ...draftOf(saved), url: 'ftp://x' }).url).toMatch(/http/);
    expect(draftProblems({ ...draftOf(saved), mode: 'auto', url: 'ftp://x' }).url).toBeUndefined();
    expect(draftProblems({ ...draftOf(saved), s3Endpoint: 'minio' }).s3).toBeDefined();
    expect(storeProblem('')).toBeUndefined();
    expect(storeProblem('gs://bucket/path')).toBeUndefined();
    expect(storeProblem('pvc://claim')).toBeUndefined();
    expect(storeProblem('/tmp/x')).toMatch(/s3:\/\/bucket/);
  });

  it('sends trimmed fields, secrets only when typed or removed, and in auto mode only a valid URL', () => {
    const input = settingsInput('c', { ...draftOf(saved), username: ' ada ', token: 'tok' });
    expect(input).toMatchObject({ clusterId: 'c', mode: 'url', username: 'ada', token: 'tok' });
    expect('password' in input).toBe(false);
    expect(settingsInput('c', { ...draftOf(saved), password: '' }).password).toBe('');
    expect(settingsInput('c', { ...draftOf(saved), mode: 'auto', url: 'not a url' }).url).toBe('');
    expect(settingsInput('c', { ...draftOf(saved), mode: 'auto', url: ' http://m:5000 ' }).url).toBe('http://m:5000');
  });
});
