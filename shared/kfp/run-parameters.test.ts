// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import type { IrPipelineSpec } from './ir-types';
import { checkParameters, parameterText, parseParameterText, rootArtifactInputs, runParameters, type RunParameterSpec } from './run-parameters';

const spec = {
  pipelineInfo: { name: 'p' },
  root: {
    inputDefinitions: {
      parameters: {
        lr: { parameterType: 'NUMBER_DOUBLE', defaultValue: 0.01 },
        epochs: { parameterType: 'NUMBER_INTEGER' },
        name: { parameterType: 'STRING', defaultValue: 'x', description: 'who' },
        tags: { parameterType: 'LIST', isOptional: true },
        cfg: { parameterType: 'STRUCT', defaultValue: {} },
        deep: { parameterType: 'BOOLEAN', defaultValue: false },
        old: { type: 'INT' },
      },
      artifacts: { data: { artifactType: { schemaTitle: 'system.Dataset' } } },
    },
    dag: { tasks: {} },
  },
} as unknown as IrPipelineSpec;
const params = runParameters(spec);
const p = (name: string) => params.find((x) => x.name === name) as RunParameterSpec;

describe('run parameters', () => {
  it('reads the root inputDefinitions in name order, v1 types as their v2 names', () => {
    expect(params.map((x) => [x.name, x.type, x.defaultValue, x.optional])).toEqual([
      ['cfg', 'STRUCT', {}, false],
      ['deep', 'BOOLEAN', false, false],
      ['epochs', 'NUMBER_INTEGER', undefined, false],
      ['lr', 'NUMBER_DOUBLE', 0.01, false],
      ['name', 'STRING', 'x', false],
      ['old', 'NUMBER_INTEGER', undefined, false],
      ['tags', 'LIST', undefined, true],
    ]);
    expect(p('name').description).toBe('who');
    expect(rootArtifactInputs(spec)).toEqual(['data']);
  });

  it('turns typed text into values, empty into the default, and says what is wrong', () => {
    expect(parseParameterText(p('epochs'), ' 12 ')).toEqual({ value: 12 });
    expect(parseParameterText(p('epochs'), '1.5')).toEqual({ error: 'epochs must be an integer; “1.5” is not.' });
    expect(parseParameterText(p('epochs'), '')).toEqual({ error: 'epochs is required (an integer).' });
    expect(parseParameterText(p('lr'), '1e-3')).toEqual({ value: 0.001 });
    expect(parseParameterText(p('lr'), 'fast')).toEqual({ error: 'lr must be a number; “fast” is not.' });
    expect(parseParameterText(p('lr'), '')).toEqual({ omit: true });
    expect(parseParameterText(p('deep'), 'true')).toEqual({ value: true });
    expect(parseParameterText(p('deep'), 'yes')).toEqual({ error: 'deep must be true or false.' });
    expect(parseParameterText(p('tags'), '["a", 1]')).toEqual({ value: ['a', 1] });
    expect(parseParameterText(p('tags'), '{"a":1}')).toEqual({ error: 'tags must be a JSON list.' });
    expect(parseParameterText(p('tags'), '')).toEqual({ omit: true });
    expect(parseParameterText(p('cfg'), '[1')).toMatchObject({ error: expect.stringMatching(/^cfg must be a JSON object: /) });
    expect(parseParameterText(p('name'), '  spaced ')).toEqual({ value: '  spaced ' });
    expect(parseParameterText(p('name'), '')).toEqual({ omit: true });
  });

  it('shows values as the text a form edits', () => {
    expect(parameterText(p('name'), 'x')).toBe('x');
    expect(parameterText(p('tags'), ['a'])).toBe('["a"]');
    expect(parameterText(p('lr'), 0.5)).toBe('0.5');
    expect(parameterText(p('lr'), undefined)).toBe('');
  });

  it('checks values against the definitions: unknown names, wrong types, required ones missing', () => {
    expect(checkParameters(params, { epochs: 3, lr: 0.1, deep: true, tags: [], cfg: { a: 1 }, old: 2 })).toEqual([]);
    expect(checkParameters(params, { epochs: 2.5, lr: '0.1', extra: 1, old: 1 })).toEqual([
      { field: 'parameters.epochs', message: 'epochs must be an integer; got 2.5.' },
      { field: 'parameters.lr', message: 'lr must be a number; got "0.1".' },
      { field: 'parameters.extra', message: 'The pipeline has no parameter extra (it has cfg, deep, epochs, lr, name, old, tags).' },
    ]);
    expect(checkParameters(params, {})).toEqual([
      { field: 'parameters.epochs', message: 'epochs is required (an integer): the pipeline has no default for it.' },
      { field: 'parameters.old', message: 'old is required (an integer): the pipeline has no default for it.' },
    ]);
  });
});
