// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { referencedComponents, validateAgainstSchema, type Schema } from './openapi-validate';

const quantity = {
  anyOf: [{ type: 'integer' }, { type: 'string' }],
  pattern: '^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$',
  'x-kubernetes-int-or-string': true,
};

/** A small job-like schema in the shape the API server publishes. */
const schema: Schema = {
  type: 'object',
  properties: {
    apiVersion: { type: 'string' },
    kind: { type: 'string' },
    metadata: { allOf: [{ $ref: '#/components/schemas/Meta' }] },
    spec: {
      type: 'object',
      required: ['replicaSpecs'],
      properties: {
        replicaSpecs: {
          type: 'object',
          additionalProperties: {
            type: 'object',
            properties: {
              replicas: { type: 'integer', format: 'int32', minimum: 0, maximum: 1000 },
              restartPolicy: { type: 'string', enum: ['Always', 'OnFailure', 'Never', 'ExitCode'] },
              template: {
                type: 'object',
                properties: {
                  spec: {
                    type: 'object',
                    required: ['containers'],
                    properties: {
                      containers: {
                        type: 'array',
                        minItems: 1,
                        items: {
                          type: 'object',
                          required: ['name'],
                          properties: {
                            name: { type: 'string', maxLength: 63 },
                            image: { type: 'string' },
                            resources: { type: 'object', properties: { limits: { type: 'object', additionalProperties: quantity } } },
                          },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
        },
        runPolicy: {
          type: 'object',
          properties: { backoffLimit: { type: 'integer', minimum: 0 }, ratio: { type: 'number', minimum: 0, maximum: 1, exclusiveMaximum: true } },
        },
        port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        closed: { type: 'object', additionalProperties: false, properties: { a: { type: 'string' } } },
        embedded: { type: 'object', 'x-kubernetes-embedded-resource': true, properties: { spec: { type: 'object' } } },
        nullableThing: { type: 'string', nullable: true },
      },
    },
  },
};
const components: Record<string, Schema> = {
  Meta: {
    type: 'object',
    properties: { name: { type: 'string', pattern: '^[a-z0-9-]+$' }, labels: { type: 'object', additionalProperties: { type: 'string' } } },
  },
};

const job = (spec: Record<string, unknown>, metadata: Record<string, unknown> = { name: 'ok' }) => ({
  apiVersion: 'kubeflow.org/v1',
  kind: 'X',
  metadata,
  spec,
});
const worker = (w: Record<string, unknown>) => ({
  replicaSpecs: { Worker: { replicas: 1, template: { spec: { containers: [{ name: 'c', image: 'i' }] } }, ...w } },
});
const check = (v: unknown) => validateAgainstSchema(v, schema, { components });

describe('OpenAPI schema validation', () => {
  it('accepts a valid object', () => {
    expect(check(job(worker({})))).toEqual([]);
  });

  it('reports wrong types with the server’s path', () => {
    expect(check(job(worker({ replicas: 'two' })))).toEqual([
      {
        path: 'spec.replicaSpecs.Worker.replicas',
        message: 'Invalid value: "two": spec.replicaSpecs.Worker.replicas in body must be of type integer: "string"',
      },
    ]);
    expect(check(job(worker({ replicas: 1.5 })))[0]?.message).toMatch(/must be of type integer: "number"/);
    expect(check(job({ ...worker({}), runPolicy: { ratio: 1 } }))[0]?.message).toMatch(/should be less than 1/);
  });

  it('reports missing required fields', () => {
    expect(check(job({}))).toEqual([{ path: 'spec.replicaSpecs', message: 'Required value' }]);
    expect(check(job(worker({ template: { spec: { containers: [{ image: 'i' }] } } })))).toEqual([
      { path: 'spec.replicaSpecs.Worker.template.spec.containers[0].name', message: 'Required value' },
    ]);
  });

  it('checks enums, minimum/maximum and lengths', () => {
    expect(check(job(worker({ restartPolicy: 'Sometimes' })))[0]?.message).toBe(
      'Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never", "ExitCode"',
    );
    expect(check(job(worker({ replicas: -1 })))[0]?.message).toMatch(/should be greater than or equal to 0/);
    expect(check(job(worker({ replicas: 5000 })))[0]?.message).toMatch(/should be less than or equal to 1000/);
    expect(check(job(worker({ template: { spec: { containers: [] } } })))[0]?.message).toMatch(/at least 1 items/);
    expect(check(job(worker({ template: { spec: { containers: [{ name: 'n'.repeat(64) }] } } })))[0]?.message).toMatch(/more than 63/);
  });

  it('checks patterns, through $ref and allOf', () => {
    expect(check(job(worker({}), { name: 'Bad_Name' }))).toEqual([
      { path: 'metadata.name', message: `Invalid value: "Bad_Name": metadata.name in body should match '^[a-z0-9-]+$'` },
    ]);
  });

  it('accepts int-or-string and checks quantity patterns on map values', () => {
    expect(check(job({ ...worker({}), port: 8080 }))).toEqual([]);
    expect(check(job({ ...worker({}), port: 'http' }))).toEqual([]);
    expect(check(job({ ...worker({}), port: true }))[0]?.message).toMatch(/integer or string/);
    const gpus = (v: unknown) => check(job(worker({ template: { spec: { containers: [{ name: 'c', resources: { limits: { 'nvidia.com/gpu': v } } }] } } })));
    expect(gpus(2)).toEqual([]);
    expect(gpus('2')).toEqual([]);
    expect(gpus('two')[0]?.path).toBe('spec.replicaSpecs.Worker.template.spec.containers[0].resources.limits.nvidia.com/gpu');
    expect(gpus('two')[0]?.message).toMatch(/should match/);
  });

  it('reports unknown fields, except where unknown fields are kept', () => {
    expect(check(job({ ...worker({}), bogus: 1 }))).toEqual([{ path: 'spec.bogus', message: 'unknown field "spec.bogus"' }]);
    expect(check(job({ ...worker({}), closed: { a: 'x', b: 'y' } }))).toEqual([
      { path: 'spec.closed.b', message: 'Forbidden: spec.closed.b: unknown field "b"' },
    ]);
    expect(check(job({ ...worker({}), extra: { anything: { at: 'all' } } }))).toEqual([]);
    expect(check(job({ ...worker({}), embedded: { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: {} } }))).toEqual([]);
    expect(validateAgainstSchema(job({ ...worker({}), bogus: 1 }), schema, { components, strictUnknownFields: false })).toEqual([]);
  });

  it('allows null where the schema is nullable', () => {
    expect(check(job({ ...worker({}), nullableThing: null }))).toEqual([]);
    expect(check(job({ ...worker({}), port: null }))[0]?.message).toMatch(/integer or string/);
  });

  it('treats an unknown $ref as unconstrained and stops at maxProblems', () => {
    expect(validateAgainstSchema({ a: 1 }, { $ref: '#/components/schemas/Missing' })).toEqual([]);
    const many = { type: 'array', items: { type: 'string' } };
    expect(validateAgainstSchema([1, 2, 3, 4], many, { maxProblems: 2 })).toHaveLength(2);
  });

  it('stops at a nesting depth of 100 and reports where, instead of overflowing the stack', () => {
    const tree: Schema = { $ref: '#/components/schemas/Node' };
    const comps: Record<string, Schema> = { Node: { type: 'object', additionalProperties: { $ref: '#/components/schemas/Node' } } };
    const nested = (levels: number) => {
      const root: Record<string, unknown> = {};
      let at = root;
      for (let i = 0; i < levels; i++) at = (at.a = {}) as Record<string, unknown>;
      return root;
    };
    expect(validateAgainstSchema(nested(99), tree, { components: comps })).toEqual([]);
    const deep = validateAgainstSchema(nested(100_000), tree, { components: comps });
    expect(deep).toHaveLength(1);
    expect(deep[0]?.path).toBe(Array.from({ length: 101 }, () => 'a').join('.'));
    expect(deep[0]?.message).toMatch(/nested more than 100 levels deep/);
    // a type mismatch on a value too deep to print still reports, without throwing
    expect(validateAgainstSchema({ s: nested(100_000) }, { type: 'object', properties: { s: { type: 'string' } } })).toEqual([
      { path: 's', message: 'Invalid value: (object): s in body must be of type string: "object"' },
    ]);
    // a schema whose allOf refers to itself ends too
    const loop: Record<string, Schema> = { L: { allOf: [{ $ref: '#/components/schemas/L' }] } };
    expect(validateAgainstSchema({}, { $ref: '#/components/schemas/L' }, { components: loop })[0]?.message).toMatch(/more than 100 levels/);
  });

  it('finds the components a schema needs, transitively', () => {
    const comps: Record<string, Schema> = {
      A: { properties: { b: { $ref: '#/components/schemas/B' } } },
      B: { items: { $ref: '#/components/schemas/C' } },
      C: { type: 'string' },
      Unused: { type: 'string' },
    };
    expect(referencedComponents({ properties: { a: { $ref: '#/components/schemas/A' } } }, comps).sort()).toEqual(['A', 'B', 'C']);
  });
});
