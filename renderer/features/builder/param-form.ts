// SPDX-License-Identifier: Apache-2.0
/**
 * A pipeline parameter's default as the user types it, read for its type: text as is for STRING,
 * numbers, true/false, JSON for LIST and STRUCT; empty means no default. A value that does not
 * fit says why.
 */
import { AppError } from '../../../shared/errors';
import type { JsonValue, ParameterType } from '../../../shared/kfp/ir-types';

/** The parameter types a pipeline parameter can have. */
export const paramTypes: ParameterType[] = ['STRING', 'NUMBER_INTEGER', 'NUMBER_DOUBLE', 'BOOLEAN', 'LIST', 'STRUCT'];

/** The typed default of `text`, or undefined when empty. */
export function parseDefault(text: string, type: ParameterType): JsonValue | undefined {
  if (text.trim() === '' && type !== 'STRING') return undefined;
  if (text === '') return undefined;
  switch (type) {
    case 'STRING':
      return text;
    case 'NUMBER_INTEGER': {
      const n = Number(text);
      if (!Number.isInteger(n)) throw new AppError('validation', `"${text}" is not a whole number`, 'defaultValue');
      return n;
    }
    case 'NUMBER_DOUBLE': {
      const n = Number(text);
      if (!Number.isFinite(n)) throw new AppError('validation', `"${text}" is not a number`, 'defaultValue');
      return n;
    }
    case 'BOOLEAN':
      if (text.trim() === 'true') return true;
      if (text.trim() === 'false') return false;
      throw new AppError('validation', 'A BOOLEAN is true or false', 'defaultValue');
    default: {
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch {
        throw new AppError('validation', `The default of a ${type} is JSON, like ${type === 'LIST' ? '[1, 2]' : '{"a": 1}'}`, 'defaultValue');
      }
      if (type === 'LIST' && !Array.isArray(v)) throw new AppError('validation', 'A LIST default is a JSON array', 'defaultValue');
      if (type === 'STRUCT' && (typeof v !== 'object' || v === null || Array.isArray(v)))
        throw new AppError('validation', 'A STRUCT default is a JSON object', 'defaultValue');
      return v as JsonValue;
    }
  }
}

/** A default as the user edits it. */
export function defaultText(v: JsonValue | undefined): string {
  if (v === undefined) return '';
  return typeof v === 'string' ? v : JSON.stringify(v);
}
