// SPDX-License-Identifier: Apache-2.0
/** V1 and V2 request templates and the checks on paths and bodies. */
import { describe, expect, it } from 'vitest';
import { inferenceBodyProblem, inferencePathProblem, modelOfPath, predictPath, prettyBody, requestTemplate } from './inference-request';

describe('inference requests', () => {
  it('makes the iris examples in both protocols', () => {
    const v1 = requestTemplate('v1', 'iris');
    expect(v1.path).toBe('/v1/models/iris:predict');
    expect(JSON.parse(v1.body)).toEqual({
      instances: [
        [5.1, 3.5, 1.4, 0.2],
        [6.7, 3.0, 5.2, 2.3],
      ],
    });
    const v2 = requestTemplate('v2', 'iris-v2');
    expect(v2.path).toBe('/v2/models/iris-v2/infer');
    expect(JSON.parse(v2.body)).toEqual({ inputs: [{ name: 'input-0', shape: [2, 4], datatype: 'FP32', data: [5.1, 3.5, 1.4, 0.2, 6.7, 3.0, 5.2, 2.3] }] });
    expect(inferenceBodyProblem('v1', v1.body)).toBeUndefined();
    expect(inferenceBodyProblem('v2', v2.body)).toBeUndefined();
    expect(inferenceBodyProblem('v2', v1.body)).toMatch(/inputs/);
    expect(inferenceBodyProblem('v1', '{')).toMatch(/Not JSON/);
  });

  it('allows only the protocols’ data-plane paths', () => {
    for (const ok of ['/v1/models/iris:predict', '/v2/models/iris/infer', '/v2/models/iris/versions/2/infer', '/v2/health/ready', '/v1/models'])
      expect(inferencePathProblem(ok)).toBeUndefined();
    for (const bad of ['v1/models/iris:predict', '/v1/models/../../metrics', '/metrics', '/v2/models/iris/infer?x=1', '//evil/v1/models/a:predict'])
      expect(inferencePathProblem(bad)).toBeDefined();
    expect(modelOfPath(predictPath('v1', 'my model'))).toBe('my model');
    expect(prettyBody('{"a":[1]}')).toBe('{\n  "a": [\n    1\n  ]\n}');
    expect(prettyBody('oops')).toBe('oops');
  });
});
