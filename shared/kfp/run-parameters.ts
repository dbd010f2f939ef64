// SPDX-License-Identifier: Apache-2.0
/**
 * A pipeline's runtime parameters, from its root `inputDefinitions`: what a run form asks for
 * (name, type, default, optional, description), the text a user types turned into the value KFP
 * takes (numbers, booleans, lists and structs as JSON), and the check of a set of values against
 * the definitions (unknown names, wrong types, required ones left out), each problem at
 * `parameters.<name>`. Main checks what is sent; the form checks as the user types.
 */
import type { IrInputParameterSpec, IrPipelineSpec, JsonValue, ParameterType } from './ir-types';

/** One runtime parameter of a pipeline. */
export interface RunParameterSpec {
  name: string;
  type: ParameterType;
  /** The pipeline's default; undefined when it has none. */
  defaultValue: JsonValue | undefined;
  /** Optional parameters may be left out even without a default. */
  optional: boolean;
  description: string;
}

/** A problem with one parameter's value. */
export interface ParameterProblem {
  field: string;
  message: string;
}

/** The v1 primitive types kfp 1.x wrote, as their v2 names. */
const v1Types: Record<string, ParameterType> = { INT: 'NUMBER_INTEGER', DOUBLE: 'NUMBER_DOUBLE', STRING: 'STRING' };

function typeOf(p: IrInputParameterSpec): ParameterType {
  return p.parameterType ?? (p.type ? v1Types[p.type] : undefined) ?? 'STRING';
}

/** The runtime parameters of a pipeline spec, in name order. */
export function runParameters(spec: IrPipelineSpec): RunParameterSpec[] {
  const params = spec.root.inputDefinitions?.parameters ?? {};
  return Object.entries(params)
    .map(([name, p]) => ({
      name,
      type: typeOf(p),
      defaultValue: p.defaultValue,
      optional: p.isOptional === true,
      description: p.description ?? '',
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Root inputs that are artifacts: a run form cannot give them (KFP needs an importer). */
export function rootArtifactInputs(spec: IrPipelineSpec): string[] {
  return Object.keys(spec.root.inputDefinitions?.artifacts ?? {}).sort();
}

/** The type in words, for labels and messages. */
export function typeWords(t: ParameterType): string {
  switch (t) {
    case 'NUMBER_INTEGER':
      return 'an integer';
    case 'NUMBER_DOUBLE':
      return 'a number';
    case 'BOOLEAN':
      return 'true or false';
    case 'LIST':
      return 'a JSON list';
    case 'STRUCT':
      return 'a JSON object';
    default:
      return 'text';
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether a value is of a parameter type (as KFP's driver takes it). */
export function valueFits(t: ParameterType, v: unknown): boolean {
  switch (t) {
    case 'NUMBER_INTEGER':
      return typeof v === 'number' && Number.isSafeInteger(v);
    case 'NUMBER_DOUBLE':
      return typeof v === 'number' && Number.isFinite(v);
    case 'BOOLEAN':
      return typeof v === 'boolean';
    case 'LIST':
      return Array.isArray(v);
    case 'STRUCT':
      return isPlainObject(v);
    case 'STRING':
      return typeof v === 'string';
    default:
      return false;
  }
}

/**
 * A typed text as the value KFP takes.
 * @returns the value; `omit` when left empty (the default applies, or the parameter is optional);
 *   or the error in words
 */
export function parseParameterText(p: RunParameterSpec, text: string): { value: JsonValue } | { omit: true } | { error: string } {
  const t = p.type === 'STRING' ? text : text.trim();
  if (t === '' && p.type !== 'STRING')
    return p.defaultValue !== undefined || p.optional ? { omit: true } : { error: `${p.name} is required (${typeWords(p.type)}).` };
  if (p.type === 'STRING' && t === '' && p.defaultValue !== undefined) return { omit: true };
  switch (p.type) {
    case 'STRING':
      return { value: t };
    case 'NUMBER_INTEGER': {
      if (!/^[-+]?\d+$/.test(t)) return { error: `${p.name} must be an integer; “${t}” is not.` };
      const n = Number(t);
      return Number.isSafeInteger(n) ? { value: n } : { error: `${p.name} is too large for an integer.` };
    }
    case 'NUMBER_DOUBLE': {
      const n = Number(t);
      return /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t) && Number.isFinite(n) ? { value: n } : { error: `${p.name} must be a number; “${t}” is not.` };
    }
    case 'BOOLEAN':
      if (t === 'true' || t === 'false') return { value: t === 'true' };
      return { error: `${p.name} must be true or false.` };
    case 'LIST':
    case 'STRUCT': {
      let v: unknown;
      try {
        v = JSON.parse(t);
      } catch (e) {
        return { error: `${p.name} must be ${typeWords(p.type)}: ${(e as Error).message}` };
      }
      return valueFits(p.type, v) ? { value: v as JsonValue } : { error: `${p.name} must be ${typeWords(p.type)}.` };
    }
    default:
      return { error: `${p.name} is a ${p.type} parameter, which a run cannot set.` };
  }
}

/** A value as the text a form shows for it (a clone's or a default's). */
export function parameterText(p: RunParameterSpec, v: unknown): string {
  if (v === undefined || v === null) return '';
  if (p.type === 'STRING' && typeof v === 'string') return v;
  return JSON.stringify(v);
}

/**
 * Checks a run's parameter values against the pipeline's definitions.
 * @returns the problems, each at `parameters.<name>`
 */
export function checkParameters(specs: readonly RunParameterSpec[], values: Record<string, unknown>): ParameterProblem[] {
  const problems: ParameterProblem[] = [];
  const byName = new Map(specs.map((s) => [s.name, s]));
  for (const [name, v] of Object.entries(values)) {
    const s = byName.get(name);
    if (!s) {
      const known = specs.map((x) => x.name).join(', ');
      problems.push({ field: `parameters.${name}`, message: `The pipeline has no parameter ${name}${known ? ` (it has ${known})` : ' (it has none)'}.` });
      continue;
    }
    if (!valueFits(s.type, v)) problems.push({ field: `parameters.${name}`, message: `${name} must be ${typeWords(s.type)}; got ${JSON.stringify(v)}.` });
  }
  for (const s of specs)
    if (!(s.name in values) && s.defaultValue === undefined && !s.optional)
      problems.push({ field: `parameters.${s.name}`, message: `${s.name} is required (${typeWords(s.type)}): the pipeline has no default for it.` });
  return problems;
}
