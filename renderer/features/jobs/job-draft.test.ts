// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { newJobForm } from '../../../shared/kube/job-form';
import { discardDraft, draftKey, loadDraft, saveDraft } from './job-draft';

/** A Storage in memory, optionally full. */
function memoryStorage(full = false): Storage {
  const m = new Map<string, string>();
  return {
    get length() {
      return m.size;
    },
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: (i) => [...m.keys()][i] ?? null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => {
      if (full) throw new Error('QuotaExceededError');
      m.set(k, v);
    },
  };
}

describe('new-job drafts', () => {
  const form = { ...newJobForm({ group: 'kubeflow.org', version: 'v1', resource: 'pytorchjobs' }, 'team-a'), name: 'draft-1' };

  it('keeps a draft per cluster and starting point, and forgets it on discard', () => {
    const s = memoryStorage();
    const a = draftKey('lab-a', 'new');
    const b = draftKey('lab-b', 'new');
    const clone = draftKey('lab-a', 'clone:kubeflow.org/v1/pytorchjobs/team-a/x');
    expect(new Set([a, b, clone]).size).toBe(3);
    expect(saveDraft(a, { form, yaml: 'kind: PyTorchJob\n  bad: [', tab: 'yaml' }, s)).toBe(true);
    const d = loadDraft(a, s);
    expect(d?.form.name).toBe('draft-1');
    expect(d?.yaml).toBe('kind: PyTorchJob\n  bad: [');
    expect(d?.tab).toBe('yaml');
    expect(d?.savedAt).toBeGreaterThan(0);
    expect(loadDraft(b, s)).toBeUndefined();
    expect(loadDraft(clone, s)).toBeUndefined();
    discardDraft(a, s);
    expect(loadDraft(a, s)).toBeUndefined();
  });

  it('ignores unreadable drafts and reports a full storage', () => {
    const s = memoryStorage();
    s.setItem(draftKey('c', 'new'), '{not json');
    expect(loadDraft(draftKey('c', 'new'), s)).toBeUndefined();
    s.setItem(draftKey('c', 'new'), JSON.stringify({ form: { name: 'x' } }));
    expect(loadDraft(draftKey('c', 'new'), s)).toBeUndefined();
    expect(saveDraft(draftKey('c', 'new'), { form, yaml: undefined, tab: 'form' }, memoryStorage(true))).toBe(false);
  });
});
