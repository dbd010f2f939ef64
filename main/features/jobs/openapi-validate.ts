// SPDX-License-Identifier: Apache-2.0
/**
 * Checks an object against a Kubernetes OpenAPI v3 schema the way the API server's structural
 * schema validation does, for the editor's as-you-type markers: types, required, enum,
 * minimum/maximum, lengths, pattern, items, additionalProperties, `x-kubernetes-int-or-string`,
 * `x-kubernetes-preserve-unknown-fields`, `x-kubernetes-embedded-resource` and `$ref` to
 * `#/components/schemas`. Unknown fields are reported as with `fieldValidation=Strict`.
 * Paths are written like the server's: `spec.pytorchReplicaSpecs.Worker.template.spec.containers[0].image`.
 */

/** An OpenAPI schema object. */
export type Schema = Record<string, unknown>;

/** One problem. */
export interface SchemaProblem {
  path: string;
  message: string;
}

/** Options. */
export interface ValidateOptions {
  /** Named schemas `$ref`s point at (`#/components/schemas/<name>`). */
  components?: Record<string, Schema>;
  /** Report fields the schema does not know (default true, as `fieldValidation=Strict`). */
  strictUnknownFields?: boolean;
  /** Stop after this many problems (default 200). */
  maxProblems?: number;
}

/** How deep values (and `allOf`/`anyOf` nesting) are followed; deeper is reported as a problem. */
export const maxValidationDepth = 100;

const refPrefix = '#/components/schemas/';
const regexCache = new Map<string, RegExp | null>();

function regex(pattern: string): RegExp | null {
  if (!regexCache.has(pattern)) {
    try {
      regexCache.set(pattern, new RegExp(pattern, 'u'));
    } catch {
      regexCache.set(pattern, null); // a pattern JS cannot read is not checked here; the server still does
    }
  }
  return regexCache.get(pattern) ?? null;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

function show(v: unknown): string {
  let s: string | undefined;
  try {
    s = JSON.stringify(v);
  } catch {
    return `(${typeOf(v)})`; // too deep (or circular) to print
  }
  return s === undefined ? String(v) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
}

const join = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * Validates `value` against `schema`.
 * @returns the problems, in document order; empty when valid
 */
export function validateAgainstSchema(value: unknown, schema: Schema, opts: ValidateOptions = {}): SchemaProblem[] {
  return validateFrom(value, schema, opts, 0);
}

function validateFrom(value: unknown, schema: Schema, opts: ValidateOptions, startDepth: number): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const max = opts.maxProblems ?? 200;
  const strict = opts.strictUnknownFields !== false;
  const components = opts.components ?? {};

  const resolve = (s: Schema, seen = 0): Schema => {
    const ref = s.$ref;
    if (typeof ref !== 'string' || seen > 32) return s;
    const target = ref.startsWith(refPrefix) ? components[ref.slice(refPrefix.length)] : undefined;
    if (!target) return {}; // an unknown reference constrains nothing here
    const { $ref: _r, ...rest } = s;
    return { ...resolve(target, seen + 1), ...rest };
  };

  const add = (path: string, message: string) => {
    if (out.length < max) out.push({ path, message });
  };

  const check = (v: unknown, raw: Schema, path: string, depth: number): void => {
    if (out.length >= max) return;
    if (depth > maxValidationDepth) {
      add(path, `Forbidden: ${path || 'the object'} is nested more than ${maxValidationDepth} levels deep; not checked further`);
      return;
    }
    const s = resolve(raw);
    for (const part of (s.allOf as Schema[] | undefined) ?? []) check(v, part, path, depth + 1);
    if (v === null && s.nullable === true) return;
    const preserve = s['x-kubernetes-preserve-unknown-fields'] === true;
    const t = typeOf(v);
    if (s['x-kubernetes-int-or-string'] === true) {
      if (t !== 'integer' && t !== 'string') add(path, `Invalid value: ${show(v)}: ${path} in body must be of type integer or string: "${t}"`);
      checkScalar(v, s, path);
      return;
    }
    const anyOf = s.anyOf as Schema[] | undefined;
    if (anyOf && !s.type && !anyOf.some((alt) => validateFrom(v, alt, { ...opts, maxProblems: 1 }, depth + 1).length === 0)) {
      add(path, `Invalid value: ${show(v)}: ${path} in body does not match any of the allowed shapes`);
      return;
    }
    const type = s.type as string | undefined;
    if (type) {
      const ok = type === t || (type === 'number' && t === 'integer');
      if (!ok) {
        add(path, `Invalid value: ${show(v)}: ${path} in body must be of type ${type}: "${t}"`);
        return;
      }
    }
    checkScalar(v, s, path);
    if (t === 'array') {
      const items = v as unknown[];
      if (typeof s.minItems === 'number' && items.length < s.minItems)
        add(path, `Invalid value: ${items.length}: ${path} in body should have at least ${s.minItems} items`);
      if (typeof s.maxItems === 'number' && items.length > s.maxItems) add(path, `Too many: ${items.length}: must have at most ${s.maxItems} items`);
      const itemSchema = s.items as Schema | undefined;
      if (itemSchema) items.forEach((item, i) => check(item, itemSchema, `${path}[${i}]`, depth + 1));
      return;
    }
    if (t !== 'object') return;
    const o = v as Record<string, unknown>;
    for (const req of (s.required as string[] | undefined) ?? []) {
      if (o[req] === undefined) add(join(path, req), 'Required value');
    }
    const props = (s.properties as Record<string, Schema> | undefined) ?? {};
    const additional = s.additionalProperties;
    const embedded = s['x-kubernetes-embedded-resource'] === true;
    for (const [key, child] of Object.entries(o)) {
      const p = join(path, key);
      const prop = props[key];
      if (prop) check(child, prop, p, depth + 1);
      else if (embedded && ['apiVersion', 'kind', 'metadata'].includes(key)) continue;
      else if (additional === false) add(p, `Forbidden: ${p}: unknown field "${key}"`);
      else if (typeof additional === 'object' && additional !== null) check(child, additional as Schema, p, depth + 1);
      else if (strict && !preserve && additional === undefined && Object.keys(props).length > 0) add(p, `unknown field "${p}"`);
    }
  };

  const checkScalar = (v: unknown, s: Schema, path: string) => {
    const en = s.enum as unknown[] | undefined;
    if (en && !en.some((e) => e === v)) add(path, `Unsupported value: ${show(v)}: supported values: ${en.map((e) => show(e)).join(', ')}`);
    if (typeof v === 'number') {
      if (typeof s.minimum === 'number' && (s.exclusiveMinimum === true ? v <= s.minimum : v < s.minimum))
        add(path, `Invalid value: ${v}: ${path} in body should be greater than ${s.exclusiveMinimum === true ? '' : 'or equal to '}${s.minimum}`);
      if (typeof s.maximum === 'number' && (s.exclusiveMaximum === true ? v >= s.maximum : v > s.maximum))
        add(path, `Invalid value: ${v}: ${path} in body should be less than ${s.exclusiveMaximum === true ? '' : 'or equal to '}${s.maximum}`);
    }
    if (typeof v === 'string') {
      const len = [...v].length;
      if (typeof s.minLength === 'number' && len < s.minLength)
        add(path, `Invalid value: ${show(v)}: ${path} in body should be at least ${s.minLength} chars long`);
      if (typeof s.maxLength === 'number' && len > s.maxLength) add(path, `Too long: may not be more than ${s.maxLength} bytes`);
      const re = typeof s.pattern === 'string' ? regex(s.pattern) : null;
      if (re && !re.test(v)) add(path, `Invalid value: ${show(v)}: ${path} in body should match '${String(s.pattern)}'`);
    }
  };

  check(value, schema, '', startDepth);
  return out;
}

/** The names of every component a schema refers to, directly or through others. */
export function referencedComponents(schema: Schema, components: Record<string, Schema>): string[] {
  const found = new Set<string>();
  const walk = (node: unknown) => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith(refPrefix)) {
        const name = v.slice(refPrefix.length);
        if (!found.has(name) && components[name]) {
          found.add(name);
          walk(components[name]);
        }
      } else walk(v);
    }
  };
  walk(schema);
  return [...found];
}
