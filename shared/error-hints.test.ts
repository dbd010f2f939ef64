// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { errorHint } from './error-hints';
import { AppError, errorServices } from './errors';

describe('errorHint', () => {
  it('names who refused a sign-in, and speaks of the kubeconfig only for the cluster', () => {
    expect(errorHint({ code: 'unauthenticated', service: 'cluster' })).toBe(
      'The cluster did not accept your credentials. Sign in again or check the kubeconfig.',
    );
    const mlflow = errorHint({ code: 'unauthenticated', service: 'mlflow' });
    expect(mlflow).toMatch(/^The MLflow server did not accept/);
    expect(mlflow).toMatch(/MLflow connection settings/);
    expect(errorHint({ code: 'unauthenticated', service: 'kfp' })).toMatch(/^Kubeflow Pipelines did not accept/);
    expect(errorHint({ code: 'unauthenticated', service: 'object-store' })).toMatch(/^The S3 store did not accept/);
    expect(errorHint({ code: 'unauthenticated', service: 'jupyter' })).toMatch(/^The Jupyter server did not accept the token/);
    for (const service of errorServices.filter((s) => s !== 'cluster')) {
      const hint = errorHint({ code: 'unauthenticated', service }) ?? '';
      expect(hint, service).not.toMatch(/cluster did not|kubeconfig/);
      expect(hint, service).not.toBe('');
    }
    // who refused is not known: no service is blamed
    expect(errorHint({ code: 'unauthenticated' })).toBe('The service did not accept the credentials MLDeck sent.');
  });

  it('says RBAC only for a refusal by the cluster, names any other service, and adds nothing when it is not known', () => {
    expect(errorHint({ code: 'forbidden', service: 'cluster' })).toBe('Your account is not allowed to do this (Kubernetes RBAC).');
    expect(errorHint({ code: 'forbidden', service: 'mlflow' })).toBe('The MLflow server does not allow your account to do this.');
    expect(errorHint({ code: 'forbidden', service: 'object-store' })).toBe('The S3 store does not allow your account to do this.');
    expect(errorHint({ code: 'forbidden' })).toBeUndefined();
  });

  it('names the service that could not be reached, and says nothing for what is not set up', () => {
    expect(errorHint({ code: 'unavailable', service: 'mlflow', retryable: true })).toBe('The MLflow server could not be reached.');
    expect(errorHint({ code: 'unavailable' })).toBe('The cluster or service could not be reached.');
    expect(errorHint({ code: 'unavailable', service: 'mlflow', retryable: false })).toBeUndefined();
    expect(errorHint({ code: 'timeout' })).toBe('It took too long to answer.');
  });

  it('reads the service an error carries across the wire', () => {
    const sent = new AppError('unauthenticated', 'MLflow at http://x asks for credentials.', undefined, undefined, 'mlflow').toData();
    expect(sent).toEqual({ code: 'unauthenticated', message: 'MLflow at http://x asks for credentials.', service: 'mlflow' });
    expect(errorHint(AppError.fromData(JSON.parse(JSON.stringify(sent)) as typeof sent))).toMatch(/^The MLflow server/);
  });
});
