// SPDX-License-Identifier: Apache-2.0
/**
 * KFP v1 component files (`component.yaml`: name, inputs and outputs with v1 types,
 * `implementation.container` with `{inputValue}`, `{inputPath}`, `{inputUri}`, `{outputPath}`,
 * `{outputUri}`, `concat` and `if/isPresent` placeholders) read as KFP v2 container components,
 * as the kfp 2.x SDK's `load_component_from_file` converts them
 * (`kfp.dsl.structures.ComponentSpec.from_v1_component_spec`): names sanitised, v1 types mapped to
 * parameter types or artifact schemas, defaults cast as `type_utils.deserialize_v1_component_yaml_default`
 * does, placeholders written as the compiler writes them (`{{$.inputs.parameters['x']}}`, a
 * `{"IfPresent": …}` JSON text), and what the compiler refuses (a path placeholder on a parameter,
 * a value placeholder on an artifact, an unknown name) refused with the same reason.
 */
import { parse } from 'yaml';
import { AppError } from '../errors';
import type { PaletteComponent } from './graph-edit';
import type {
  IrComponentSpec,
  IrInputArtifactSpec,
  IrInputParameterSpec,
  IrOutputArtifactSpec,
  IrOutputParameterSpec,
  JsonValue,
  ParameterType,
} from './ir-types';

const parameterTypes: Record<string, ParameterType> = {
  integer: 'NUMBER_INTEGER',
  int: 'NUMBER_INTEGER',
  double: 'NUMBER_DOUBLE',
  float: 'NUMBER_DOUBLE',
  string: 'STRING',
  str: 'STRING',
  text: 'STRING',
  bool: 'BOOLEAN',
  boolean: 'BOOLEAN',
  dict: 'STRUCT',
  list: 'LIST',
  jsonobject: 'STRUCT',
  jsonarray: 'LIST',
};

const artifactTitles: Record<string, string> = {
  artifact: 'system.Artifact',
  model: 'system.Model',
  dataset: 'system.Dataset',
  metrics: 'system.Metrics',
  classificationmetrics: 'system.ClassificationMetrics',
  slicedclassificationmetrics: 'system.SlicedClassificationMetrics',
  html: 'system.HTML',
  markdown: 'system.Markdown',
};

type V1Type = string | Record<string, unknown> | undefined;
interface V1Io {
  name: string;
  type?: V1Type;
  default?: unknown;
  optional?: boolean;
}

const isObj = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/** kfp's `utils.maybe_rename_for_k8s`. */
export function k8sName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^-0-9a-z]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** kfp's `utils.sanitize_input_name`. */
export function ioName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^_0-9a-z]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

/** `get_canonical_name_for_outer_generic`: `typing.List[str]` → `List`. */
function canonical(t: string): string {
  const s = t.startsWith('typing.') ? t.slice(7) : t;
  return /^(list|dict)/i.test(s) ? (s.split('[')[0] ?? s) : s;
}

/** `type_utils.is_parameter_type` (what `{outputPath}` and the placeholder checks go by). */
function isParameterType(t: V1Type): boolean {
  let name: string;
  if (typeof t === 'string') name = /^(?:typing\.)?(\w+)(?:\[.+\])?/.exec(t)?.[1] ?? t;
  else if (isObj(t)) name = Object.keys(t)[0] ?? '';
  else return false;
  return name.toLowerCase() in parameterTypes || name === 'PipelineTaskFinalStatus';
}

/** What a v1 type becomes in the IR. */
function irType(t: V1Type): { parameter: ParameterType } | { artifact: string } {
  const c = typeof t === 'string' ? canonical(t) : t;
  if (typeof c === 'string' && c === 'PipelineTaskFinalStatus') return { parameter: 'TASK_FINAL_STATUS' };
  if (typeof c === 'string' && c.toLowerCase() in parameterTypes) return { parameter: parameterTypes[c.toLowerCase()]! };
  if (typeof c === 'string' && /^google.[A-Za-z]+$/.test(c)) return { artifact: c };
  if (typeof c === 'string' && c.toLowerCase() in artifactTitles) return { artifact: artifactTitles[c.toLowerCase()]! };
  return { artifact: 'system.Artifact' };
}

const truthy = new Set(['y', 'yes', 't', 'true', 'on', '1']);
const falsy = new Set(['n', 'no', 'f', 'false', 'off', '0']);

/** Python's `str()` of a YAML scalar. */
function pyStr(v: unknown): string {
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** `deserialize_v1_component_yaml_default`: the default cast by the input's v1 type, as written. */
function castDefault(input: V1Io): JsonValue | undefined {
  const d = input.default;
  if (d === undefined || d === null) return undefined;
  if (typeof input.type !== 'string') return d as JsonValue;
  const bad = () => new AppError('validation', `The default of "${input.name}" (${pyStr(d)}) is not a ${input.type}`);
  switch (input.type.toLowerCase()) {
    case 'integer':
    case 'int': {
      if (typeof d === 'number') return Math.trunc(d);
      if (typeof d === 'boolean') return d ? 1 : 0;
      const s = pyStr(d).trim();
      if (!/^[+-]?\d+(_\d+)*$/.test(s)) throw bad();
      return Number(s.replace(/_/g, ''));
    }
    case 'double':
    case 'float': {
      const n = typeof d === 'number' ? d : typeof d === 'boolean' ? Number(d) : Number(pyStr(d).trim());
      if (!Number.isFinite(n) || (typeof d === 'string' && d.trim() === '')) throw bad();
      return n;
    }
    case 'string':
    case 'str':
    case 'text':
      return pyStr(d);
    case 'bool':
    case 'boolean': {
      if (typeof d !== 'string') return d as JsonValue;
      if (truthy.has(d.toLowerCase())) return true;
      if (falsy.has(d.toLowerCase())) return false;
      throw bad();
    }
    case 'dict':
    case 'list':
    case 'jsonobject':
    case 'jsonarray':
      if (typeof d !== 'string') return d as JsonValue;
      try {
        return JSON.parse(d) as JsonValue;
      } catch {
        return d;
      }
    default:
      return d as JsonValue;
  }
}

/** Python's `json.dumps` (", " and ": " separators, non-ASCII escaped): the compiler's text of IfPresent and Concat. */
function pyJson(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  if (Array.isArray(v)) return `[${v.map(pyJson).join(', ')}]`;
  if (isObj(v))
    return `{${Object.entries(v)
      .map(([k, x]) => `${pyJson(k)}: ${pyJson(x)}`)
      .join(', ')}}`;
  return JSON.stringify(v);
}

interface Ios {
  inputs: Map<string, V1Io>;
  outputs: Map<string, V1Io>;
  raw: V1Io[];
}

/** One command-line element: a string, or (inside IfPresent / Concat) the compiler's struct. */
function element(arg: unknown, io: Ios, nested: boolean): unknown {
  if (typeof arg === 'string') return arg;
  if (typeof arg === 'number' || typeof arg === 'boolean') return pyStr(arg);
  if (!isObj(arg) || Object.keys(arg).length !== 1)
    throw new AppError('validation', `Unexpected command-line element ${JSON.stringify(arg)}: expected a string or a one-key placeholder`);
  const [key, value] = Object.entries(arg)[0]!;
  const input = (placeholder: string, wantParameter: boolean) => {
    const name = ioName(String(value));
    const spec = io.inputs.get(name);
    if (!spec) throw new AppError('validation', `The placeholder {${placeholder}: ${String(value)}} names no input of the component`);
    if (isParameterType(spec.type) !== wantParameter)
      throw new AppError(
        'validation',
        `Input "${name}" with type "${typeof spec.type === 'string' ? spec.type : 'Artifact'}" cannot be paired with ${placeholder} (kfp refuses it too)`,
      );
    return name;
  };
  const output = (placeholder: string) => {
    const spec = io.raw.find((o) => o.name === value);
    if (!spec) throw new AppError('validation', `The placeholder {${placeholder}: ${String(value)}} names no output of the component`);
    return { name: ioName(spec.name), parameter: isParameterType(spec.type) };
  };
  const struct = (s: Record<string, unknown>) => (nested ? s : pyJson(s));
  switch (key) {
    case 'inputValue':
      return `{{$.inputs.parameters['${input('InputValuePlaceholder', true)}']}}`;
    case 'inputPath':
      return `{{$.inputs.artifacts['${input('InputPathPlaceholder', false)}'].path}}`;
    case 'inputUri':
      return `{{$.inputs.artifacts['${input('InputUriPlaceholder', false)}'].uri}}`;
    case 'outputPath': {
      const o = output('outputPath');
      return o.parameter ? `{{$.outputs.parameters['${o.name}'].output_file}}` : `{{$.outputs.artifacts['${o.name}'].path}}`;
    }
    case 'outputUri': {
      const o = output('outputUri');
      if (o.parameter)
        throw new AppError('validation', `Output "${o.name}" is a parameter: it cannot be paired with OutputUriPlaceholder (kfp refuses it too)`);
      return `{{$.outputs.artifacts['${o.name}'].uri}}`;
    }
    case 'executorInput':
      return '{{$}}';
    case 'concat':
      if (!Array.isArray(value)) throw new AppError('validation', 'concat takes a list');
      return struct({ Concat: value.map((x) => element(x, io, true)) });
    case 'if': {
      if (!isObj(value) || !isObj(value.cond) || typeof value.cond.isPresent !== 'string')
        throw new AppError('validation', 'An if placeholder needs cond: {isPresent: <input>} (the only condition kfp reads)');
      const branch = (b: unknown) => (Array.isArray(b) ? b.map((x) => element(x, io, true)) : element(b, io, true));
      const s: Record<string, unknown> = { InputName: ioName(value.cond.isPresent), Then: branch(value.then ?? []) };
      if (value.else !== undefined && value.else !== null && !(Array.isArray(value.else) && value.else.length === 0)) s.Else = branch(value.else);
      return struct({ IfPresent: s });
    }
    default:
      throw new AppError('validation', `Unknown placeholder {${key}: …}`);
  }
}

function ioList(v: unknown, what: string): V1Io[] {
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) throw new AppError('validation', `${what} must be a list`);
  return v.map((x, i) => {
    if (!isObj(x) || typeof x.name !== 'string' || !x.name.trim()) throw new AppError('validation', `${what}[${i}] has no name`);
    return x as unknown as V1Io;
  });
}

/** Whether a parsed YAML document is a v1 component (has `implementation`, no pipeline spec). */
export function isV1Component(doc: unknown): boolean {
  return isObj(doc) && isObj(doc.implementation) && !('pipelineInfo' in doc) && !('deploymentSpec' in doc);
}

/** A v1 component file's text as a palette component (a v2 container component). */
export function v1ComponentFromYaml(text: string): PaletteComponent {
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (e) {
    throw new AppError('validation', `Not YAML: ${e instanceof Error ? e.message : String(e)}`);
  }
  return v1Component(doc);
}

/** A parsed v1 component as a palette component (a v2 container component). */
export function v1Component(doc: unknown): PaletteComponent {
  if (!isObj(doc)) throw new AppError('validation', 'A component file is a YAML mapping');
  if (!isObj(doc.implementation)) throw new AppError('validation', 'Implementation field not found');
  const container = doc.implementation.container;
  if (!isObj(container)) throw new AppError('validation', 'Only container components can be read (implementation.container not found)');
  if (typeof container.image !== 'string' || !container.image) throw new AppError('validation', 'implementation.container has no image');
  const rawInputs = ioList(doc.inputs, 'inputs');
  const rawOutputs = ioList(doc.outputs, 'outputs');
  const io: Ios = { inputs: new Map(rawInputs.map((i) => [ioName(i.name), i])), outputs: new Map(rawOutputs.map((o) => [ioName(o.name), o])), raw: rawOutputs };
  const name = k8sName(typeof doc.name === 'string' ? doc.name : 'name') || 'component';

  const parameters: Record<string, IrInputParameterSpec> = {};
  const artifacts: Record<string, IrInputArtifactSpec> = {};
  for (const i of rawInputs) {
    const key = ioName(i.name);
    const t = irType(i.type);
    const optional = i.optional === true || 'default' in i;
    if ('parameter' in t) {
      const dv = t.parameter === 'TASK_FINAL_STATUS' ? undefined : castDefault(i);
      parameters[key] = {
        parameterType: t.parameter,
        ...(dv !== undefined ? { defaultValue: dv } : {}),
        ...(optional || t.parameter === 'TASK_FINAL_STATUS' ? { isOptional: true } : {}),
      };
    } else artifacts[key] = { artifactType: { schemaTitle: t.artifact, schemaVersion: '0.0.1' }, ...(optional ? { isOptional: true } : {}) };
  }
  const outParams: Record<string, IrOutputParameterSpec> = {};
  const outArtifacts: Record<string, IrOutputArtifactSpec> = {};
  for (const o of rawOutputs) {
    const t = irType(o.type);
    if ('parameter' in t) outParams[ioName(o.name)] = { parameterType: t.parameter };
    else outArtifacts[ioName(o.name)] = { artifactType: { schemaTitle: t.artifact, schemaVersion: '0.0.1' } };
  }
  const strings = (v: unknown, what: string): string[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) throw new AppError('validation', `implementation.container.${what} must be a list`);
    return v.map((x) => element(x, io, false) as string);
  };
  const command = strings(container.command, 'command');
  const args = strings(container.args, 'args');
  if (container.env !== undefined && container.env !== null && !isObj(container.env))
    throw new AppError('validation', 'implementation.container.env must be a mapping');
  const env = Object.entries(container.env ?? {}).map(([k, v]) => ({ name: k, value: element(v, io, false) as string }));

  const spec: IrComponentSpec = { executorLabel: `exec-${name}` };
  if (Object.keys(parameters).length > 0 || Object.keys(artifacts).length > 0)
    spec.inputDefinitions = { ...(Object.keys(artifacts).length > 0 ? { artifacts } : {}), ...(Object.keys(parameters).length > 0 ? { parameters } : {}) };
  if (Object.keys(outParams).length > 0 || Object.keys(outArtifacts).length > 0)
    spec.outputDefinitions = {
      ...(Object.keys(outArtifacts).length > 0 ? { artifacts: outArtifacts } : {}),
      ...(Object.keys(outParams).length > 0 ? { parameters: outParams } : {}),
    };
  return {
    name,
    spec,
    executor: {
      container: {
        image: container.image,
        ...(command.length > 0 ? { command } : {}),
        ...(args.length > 0 ? { args } : {}),
        ...(env.length > 0 ? { env } : {}),
      },
    },
  };
}
