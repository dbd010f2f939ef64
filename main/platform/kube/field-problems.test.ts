// SPDX-License-Identifier: Apache-2.0
/** The API server's rejections as field problems. */
import { describe, expect, it } from 'vitest';
import { problemsOf } from './field-problems';

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
        { what: 'InferenceService', namespace: 'ns' },
      ),
    ).toEqual([{ field: 'metadata.name', message: 'Invalid value: "Bad"' }]);
    expect(
      problemsOf(400, { message: 'strict decoding error: unknown field "spec.predictor.model.storageUrl"' }, { what: 'InferenceService', namespace: 'ns' }),
    ).toEqual([{ field: 'spec.predictor.model.storageUrl', message: 'unknown field "spec.predictor.model.storageUrl"' }]);
    expect(problemsOf(409, { reason: 'AlreadyExists' }, { what: 'InferenceService', namespace: 'team-a' })?.[0]?.field).toBe('metadata.name');
    expect(
      problemsOf(
        400,
        { message: 'admission webhook "inferenceservice.kserve-webhook-server.validator" denied the request: spec.predictor.model.storageUri: bad' },
        { what: 'InferenceService', namespace: 'ns' },
      ),
    ).toEqual([{ field: 'spec.predictor.model.storageUri', message: 'bad' }]);
    // KServe's validating webhook denies with 403: that is about the object, not RBAC
    expect(
      problemsOf(
        403,
        { message: 'admission webhook "inferenceservice.kserve-webhook-server.validator" denied the request: spec.predictor.minReplicas: must be >= 0' },
        { what: 'InferenceService', namespace: 'ns' },
      ),
    ).toEqual([{ field: 'spec.predictor.minReplicas', message: 'must be >= 0' }]);
    // RBAC and other failures are errors, not problems
    expect(problemsOf(403, { message: 'forbidden' }, { what: 'InferenceService', namespace: 'ns' })).toBeUndefined();
    expect(problemsOf(409, { reason: 'Conflict' }, { what: 'InferenceService', namespace: 'ns' })).toBeUndefined();
  });

  it('names a taken name, with the caller’s advice, and drops follow-on causes', () => {
    expect(problemsOf(409, { reason: 'AlreadyExists' }, { what: 'PyTorchJob', namespace: 'team-a' })).toEqual([
      { field: 'metadata.name', message: 'A PyTorchJob with this name already exists in team-a; choose another name.' },
    ]);
    expect(
      problemsOf(409, { reason: 'AlreadyExists' }, { what: 'InferenceService', namespace: 'ns', taken: '; deploy to it as a canary.' })?.[0]?.message,
    ).toBe('An InferenceService with this name already exists in ns; deploy to it as a canary.');
    const causes = [
      { field: 'spec.x', message: 'Invalid value: "string": spec.x in body must be of type integer' },
      { field: '<nil>', message: 'some validation rules were not checked because the object was invalid' },
      { field: 'spec.x', message: '.status.conditions accessor error: <nil>' },
    ];
    expect(problemsOf(422, { details: { causes } }, { what: 'PyTorchJob', namespace: 'ns' })).toEqual([causes[0]]);
  });
});
