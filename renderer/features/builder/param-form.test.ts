// SPDX-License-Identifier: Apache-2.0
/** Parameter defaults typed in the parameters panel, read for each type, with the reason when they do not fit. */
import { describe, expect, it } from 'vitest';
import { defaultText, parseDefault } from './param-form';

describe('parameter defaults', () => {
  it('reads each type', () => {
    expect(parseDefault('s3://x', 'STRING')).toBe('s3://x');
    expect(parseDefault('5', 'NUMBER_INTEGER')).toBe(5);
    expect(parseDefault('0.01', 'NUMBER_DOUBLE')).toBe(0.01);
    expect(parseDefault('true', 'BOOLEAN')).toBe(true);
    expect(parseDefault('[1, 2]', 'LIST')).toEqual([1, 2]);
    expect(parseDefault('{"a": 1}', 'STRUCT')).toEqual({ a: 1 });
    expect(parseDefault('', 'NUMBER_DOUBLE')).toBeUndefined();
  });

  it('says why a value does not fit', () => {
    expect(() => parseDefault('0.5', 'NUMBER_INTEGER')).toThrow('"0.5" is not a whole number');
    expect(() => parseDefault('yes', 'BOOLEAN')).toThrow('A BOOLEAN is true or false');
    expect(() => parseDefault('{"a": 1}', 'LIST')).toThrow('A LIST default is a JSON array');
    expect(() => parseDefault('[', 'STRUCT')).toThrow(/JSON/);
  });

  it('writes a default back as text', () => {
    expect(defaultText('x')).toBe('x');
    expect(defaultText([1])).toBe('[1]');
    expect(defaultText(undefined)).toBe('');
  });
});
