// SPDX-License-Identifier: Apache-2.0
/**
 * The form ⇄ YAML decisions of a create page, as pure functions. Opening the YAML tab writes the
 * form's manifest; every edit there updates the form when it parses (and says why when it does
 * not, keeping the text as typed); the YAML tab sends exactly what was typed, the form tab the
 * form's manifest.
 */
import { parseAllDocuments, stringify } from 'yaml';
import type { CreateTab } from './draft-store';

/** How a form and its manifest (`M`: one object, or several) turn into each other. */
export interface FormCodec<F, M> {
  toManifest(form: F): M;
  /** The manifest in a YAML text; throws an Error saying what is wrong. */
  fromYaml(text: string): M;
  toYaml(manifest: M): string;
  toForm(manifest: M): F;
}

/** A YAML text for a manifest object (no line folding). */
export function yamlOf(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}

/** The first line of an error's message. */
function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
}

/** The objects of a YAML text: its documents, or the items of a single `kind: List`. */
export function yamlObjects(text: string): Record<string, unknown>[] {
  const docs = parseAllDocuments(text);
  let objects: Record<string, unknown>[] = [];
  for (const d of Array.isArray(docs) ? docs : [docs]) {
    if (d.errors.length) throw new Error(d.errors[0]?.message.split('\n')[0] ?? 'The YAML does not parse.');
    const o: unknown = d.toJS();
    if (o === null || o === undefined) continue;
    if (typeof o !== 'object' || Array.isArray(o)) throw new Error('Each YAML document must be one object.');
    objects.push(o as Record<string, unknown>);
  }
  if (objects.length === 1 && objects[0]?.['kind'] === 'List') {
    const items = objects[0]['items'];
    if (!Array.isArray(items) || items.some((i) => typeof i !== 'object' || i === null || Array.isArray(i)))
      throw new Error('The List’s items must be objects.');
    objects = items as Record<string, unknown>[];
  }
  return objects;
}

/** The one object a YAML text holds; `what` names it in the error (`a job manifest`). */
export function yamlObject(text: string, what: string): Record<string, unknown> {
  const docs = parseAllDocuments(text);
  const list = Array.isArray(docs) ? docs : [docs];
  const first = list[0];
  if (first?.errors.length) throw new Error(first.errors[0]?.message.split('\n')[0] ?? 'The YAML does not parse.');
  const o: unknown = first?.toJS();
  if (list.length !== 1 || typeof o !== 'object' || o === null || Array.isArray(o)) throw new Error(`The YAML must be one object (${what}).`);
  return o as Record<string, unknown>;
}

/** What an edit in the YAML tab does: the form it now describes, or why it describes none. */
export function yamlEdited<F, M>(codec: FormCodec<F, M>, text: string): { form: F; error?: undefined } | { form?: undefined; error: string } {
  try {
    return { form: codec.toForm(codec.fromYaml(text)) };
  } catch (e) {
    return { error: firstLine(e) };
  }
}

/** The YAML tab's text when the user opens it from the form. */
export function yamlForForm<F, M>(codec: FormCodec<F, M>, form: F): string {
  return codec.toYaml(codec.toManifest(form));
}

/** What a submit sends: the YAML as typed on the YAML tab, else the form's manifest. */
export function manifestToSend<F, M>(codec: FormCodec<F, M>, tab: CreateTab, form: F, yaml: string | undefined): { manifest: M } | { error: string } {
  if (tab === 'form') return { manifest: codec.toManifest(form) };
  try {
    return { manifest: codec.fromYaml(yaml ?? '') };
  } catch (e) {
    return { error: firstLine(e) };
  }
}
