// SPDX-License-Identifier: Apache-2.0
/** Form ⇄ YAML decisions: what the YAML tab shows, what an edit does to the form, what a submit sends. */
import { describe, expect, it } from 'vitest';
import { manifestToSend, yamlEdited, yamlForForm, yamlObject, yamlObjects, yamlOf, type FormCodec } from './yaml-sync';

interface Form {
  name: string;
  replicas: number;
}
const codec: FormCodec<Form, Record<string, unknown>> = {
  toManifest: (f) => ({ kind: 'Thing', metadata: { name: f.name }, spec: { replicas: f.replicas } }),
  fromYaml: (t) => yamlObject(t, 'a Thing'),
  toYaml: yamlOf,
  toForm: (m) => ({ name: String((m['metadata'] as { name?: string }).name ?? ''), replicas: Number((m['spec'] as { replicas?: number }).replicas ?? 0) }),
};

describe('form ⇄ YAML', () => {
  it('opens the YAML tab with the form’s manifest, and an edit that parses updates the form', () => {
    const text = yamlForForm(codec, { name: 'a', replicas: 2 });
    expect(text).toBe('kind: Thing\nmetadata:\n  name: a\nspec:\n  replicas: 2\n');
    expect(yamlEdited(codec, text.replace('replicas: 2', 'replicas: 3'))).toEqual({ form: { name: 'a', replicas: 3 } });
  });

  it('keeps the form and says why when an edit does not parse or is not one object', () => {
    expect(yamlEdited(codec, 'kind: [').error).toMatch(/./);
    expect(yamlEdited(codec, '- a\n- b\n').error).toBe('The YAML must be one object (a Thing).');
    expect(yamlEdited(codec, 'a: 1\n---\nb: 2\n').error).toBe('The YAML must be one object (a Thing).');
    expect(yamlEdited(codec, '').error).toBe('The YAML must be one object (a Thing).');
  });

  it('sends the YAML exactly as typed on the YAML tab, and the form’s manifest on the form tab', () => {
    const typed = 'kind: Thing\nmetadata: {name: a}\nspec: {replicas: 1}\nextra: kept\n';
    expect(manifestToSend(codec, 'yaml', { name: 'a', replicas: 1 }, typed)).toEqual({
      manifest: { kind: 'Thing', metadata: { name: 'a' }, spec: { replicas: 1 }, extra: 'kept' },
    });
    expect(manifestToSend(codec, 'form', { name: 'b', replicas: 4 }, typed)).toEqual({ manifest: codec.toManifest({ name: 'b', replicas: 4 }) });
    expect(manifestToSend(codec, 'yaml', { name: 'a', replicas: 1 }, 'x: [')).toHaveProperty('error');
  });

  it('reads several objects from documents or a List', () => {
    expect(yamlObjects('a: 1\n---\nb: 2\n')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(yamlObjects('kind: List\nitems:\n  - a: 1\n  - b: 2\n')).toEqual([{ a: 1 }, { b: 2 }]);
    expect(() => yamlObjects('kind: List\nitems: [1]\n')).toThrow('The List’s items must be objects.');
    expect(() => yamlObjects('- 1\n')).toThrow('Each YAML document must be one object.');
  });
});
