// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { describeError } from './notify';

describe('describeError', () => {
  it('blames an MLflow server that refused its token, not the cluster', () => {
    const e = new AppError(
      'unauthenticated',
      'MLflow at http://mlflow.example asks for credentials that MLDeck did not have or it refused them.',
      'bad token',
      undefined,
      'mlflow',
    );
    const d = describeError(e);
    expect(d.title).toBe(e.message);
    expect(d.message).toMatch(/^The MLflow server did not accept the credentials MLDeck sent\./);
    expect(d.message).not.toMatch(/cluster|kubeconfig/);
    expect(d.message).toMatch(/bad token$/);
  });

  it('keeps the kubeconfig hint for the cluster', () => {
    expect(describeError(new AppError('unauthenticated', 'Unauthorized', undefined, false, 'cluster')).message).toMatch(/check the kubeconfig/);
  });
});
