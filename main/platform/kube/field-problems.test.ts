// SPDX-License-Identifier: Apache-2.0
/** The API server's rejections as field problems, and the traffic-weighted pick of a revision. */
import { describe, expect, it } from 'vitest';
import { problemsOf } from './kube-send';
import { pickByTraffic } from './predictor-client';

describe('rejections as field problems', () => {
  it('reads 422 causes, strict-validation 400s, a taken name and webhook denials', () => {
    expect(
      problemsOf(
        422,
        {
          message: 'x',
          details: {
            causes: [
              { field: 'metadata.name', message: 'Invalid value: "Bad"' },
              { field: 'metadata.name', message: 'Invalid value: "Bad"' },
            ],
          },
        },
        'InferenceService',
        'ns',
      ),
    ).toEqual([{ field: 'metadata.name', message: 'Invalid value: "Bad"' }]);
    expect(problemsOf(400, { message: 'strict decoding error: unknown field "spec.predictor.model.storageUrl"' }, 'InferenceService', 'ns')).toEqual([
      { field: 'spec.predictor.model.storageUrl', message: 'unknown field "spec.predictor.model.storageUrl"' },
    ]);
    expect(problemsOf(409, { reason: 'AlreadyExists' }, 'InferenceService', 'team-a')?.[0]?.field).toBe('metadata.name');
    expect(
      problemsOf(
        400,
        { message: 'admission webhook "inferenceservice.kserve-webhook-server.validator" denied the request: spec.predictor.model.storageUri: bad' },
        'InferenceService',
        'ns',
      ),
    ).toEqual([{ field: 'spec.predictor.model.storageUri', message: 'bad' }]);
    // KServe's validating webhook denies with 403: that is about the object, not RBAC
    expect(
      problemsOf(
        403,
        { message: 'admission webhook "inferenceservice.kserve-webhook-server.validator" denied the request: spec.predictor.minReplicas: must be >= 0' },
        'InferenceService',
        'ns',
      ),
    ).toEqual([{ field: 'spec.predictor.minReplicas', message: 'must be >= 0' }]);
    // RBAC and other failures are errors, not problems
    expect(problemsOf(403, { message: 'forbidden' }, 'InferenceService', 'ns')).toBeUndefined();
    expect(problemsOf(409, { reason: 'Conflict' }, 'InferenceService', 'ns')).toBeUndefined();
  });

  it('picks a revision in proportion to its traffic', () => {
    const shares = [
      { revision: 'a', percent: 80 },
      { revision: 'b', percent: 20 },
    ];
    expect(pickByTraffic(shares, 0)).toBe('a');
    expect(pickByTraffic(shares, 0.79)).toBe('a');
    expect(pickByTraffic(shares, 0.81)).toBe('b');
    expect(pickByTraffic([{ revision: 'a', percent: 0 }], 0.5)).toBeUndefined();
  });
});
