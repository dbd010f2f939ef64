// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { pinLabel, samePin, ServicePin } from './service-pin';

describe('service pins', () => {
  const pin = { namespace: 'kubeflow', name: 'mlflow', uid: 'u-1' };
  it('are the same only with the same namespace, name and uid', () => {
    expect(samePin(pin, { ...pin })).toBe(true);
    expect(samePin(pin, { ...pin, uid: 'u-2' })).toBe(false);
    expect(samePin(pin, { ...pin, namespace: 'aaa' })).toBe(false);
    expect(samePin(pin, null)).toBe(false);
    expect(samePin(undefined, null)).toBe(true);
  });
  it('are validated and labelled', () => {
    expect(ServicePin.safeParse({ namespace: 'Bad_NS', name: 'x', uid: 'u' }).success).toBe(false);
    expect(ServicePin.safeParse({ namespace: 'kubeflow', name: 'mlflow', uid: '' }).success).toBe(false);
    expect(pinLabel(pin)).toBe('kubeflow/mlflow');
  });
});
