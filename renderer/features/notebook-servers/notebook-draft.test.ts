// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { newNotebookForm } from '../../../shared/kube/notebook-form';
import { discardNotebookDraft, loadNotebookDraft, notebookDraftKey, saveNotebookDraft } from './notebook-draft';

function memoryStorage(quota = Infinity): Storage {
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
      if (v.length > quota) throw new Error('QuotaExceededError');
      m.set(k, v);
    },
  };
}

describe('the new-server draft', () => {
  it('is kept per cluster until discarded', () => {
    const s = memoryStorage();
    const key = notebookDraftKey('c1');
    const form = { ...newNotebookForm('team-a'), name: 'mine' };
    expect(saveNotebookDraft(key, { form, yaml: 'kind: List', tab: 'yaml' }, s)).toBe(true);
    expect(loadNotebookDraft(key, s)).toMatchObject({ form, yaml: 'kind: List', tab: 'yaml' });
    expect(loadNotebookDraft(notebookDraftKey('c2'), s)).toBeUndefined();
    discardNotebookDraft(key, s);
    expect(loadNotebookDraft(key, s)).toBeUndefined();
  });

  it('ignores an unreadable copy and says when the browser refuses to keep it', () => {
    const s = memoryStorage(10);
    s.setItem('x', '{bad');
    expect(loadNotebookDraft('x', s)).toBeUndefined();
    expect(saveNotebookDraft('y', { form: newNotebookForm('ns'), yaml: undefined, tab: 'form' }, s)).toBe(false);
  });
});
