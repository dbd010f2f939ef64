// SPDX-License-Identifier: Apache-2.0
/** The new-server page's pure parts: the List YAML, problem paths in it, why Create is blocked, drafts read back. */
import { describe, expect, it } from 'vitest';
import { formToManifests, newNotebookForm } from '../../../shared/kube/notebook-form';
import { listPath, manifestsOfYaml, problemTarget, serverCodec, serverCreateBlocked, serverDraft } from './new-server-model';

const yes = { allowed: true, reason: '' };
const perms = { user: 'alice', create: yes, patch: yes, delete: yes, createVolumes: yes, deleteVolumes: yes };

describe('new-server model', () => {
  it('writes the Notebook and its new volumes as one List and reads them back', () => {
    const form = { ...newNotebookForm('team-a'), name: 'nb' };
    const codec = serverCodec([]);
    const text = codec.toYaml(codec.toManifest(form));
    expect(text).toMatch(/^apiVersion: v1\nkind: List\n/);
    const back = manifestsOfYaml(text);
    expect(back).toEqual(formToManifests(form));
    expect(codec.toForm(back).name).toBe('nb');
    expect(() => manifestsOfYaml('kind: PersistentVolumeClaim\n')).toThrow(/exactly one Notebook/);
    expect(() => manifestsOfYaml('kind: Notebook\n---\nkind: Secret\n')).toThrow('Only a Notebook and PersistentVolumeClaims can be created here, not Secret.');
  });

  it('marks a problem at its object in the List: the Notebook first, then the PVCs in order', () => {
    const m = formToManifests({ ...newNotebookForm('team-a'), name: 'nb' });
    const pvc = String((m.volumes[0]?.['metadata'] as { name?: string } | undefined)?.name);
    const text = serverCodec([]).toYaml(m);
    expect(listPath({ target: 'notebook', field: 'spec.template', message: 'x' }, text)).toBe('items[0].spec.template');
    expect(listPath({ target: pvc, field: 'spec.resources', message: 'x' }, text)).toBe('items[1].spec.resources');
    expect(listPath({ target: 'other', field: '', message: 'x' }, text)).toBe('');
    expect(problemTarget({ target: 'nb-workspace', field: '', message: '' })).toBe('nb-workspace');
    expect(problemTarget({ target: 'notebook', field: '', message: '' })).toBeUndefined();
  });

  it('blocks Create with RBAC’s reason, new volumes needing the right to create PVCs', () => {
    const form = newNotebookForm('team-a');
    expect(serverCreateBlocked(form, undefined)).toBeUndefined();
    expect(serverCreateBlocked(form, perms)).toBeUndefined();
    expect(serverCreateBlocked(form, { ...perms, create: { allowed: false, reason: 'no notebooks' } })).toBe('no notebooks');
    expect(serverCreateBlocked(form, { ...perms, createVolumes: { allowed: false, reason: 'no pvcs' } })).toBe('no pvcs');
    expect(serverCreateBlocked({ ...form, workspace: undefined }, { ...perms, createVolumes: { allowed: false, reason: 'no pvcs' } })).toBeUndefined();
  });

  it('reads back only drafts of its own form', () => {
    expect(serverDraft.isForm(newNotebookForm('a'))).toBe(true);
    expect(serverDraft.isForm({ name: 'x' })).toBe(false);
  });
});
