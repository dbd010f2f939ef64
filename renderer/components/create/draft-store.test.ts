// SPDX-License-Identifier: Apache-2.0
/** Create-form drafts: kept per form, cluster and start, read back checked, never with credentials, quota reported. */
import { describe, expect, it } from 'vitest';
import { discardDraft, draftKey, loadDraft, saveDraft, withoutCredentials, yamlHoldsSecret, type DraftKind } from './draft-store';

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

interface Form {
  name: string;
  items: string[];
}
const kind: DraftKind<Form, { percent: number }> = {
  prefix: 'test.draft.',
  isForm: (f): f is Form => typeof f === 'object' && f !== null && typeof (f as Form).name === 'string' && Array.isArray((f as Form).items),
  extra: (o) => (typeof o['percent'] === 'number' ? { percent: o['percent'] } : undefined),
};

describe('create drafts', () => {
  it('are kept per cluster and starting point until discarded, with the YAML as typed', () => {
    const s = memoryStorage();
    const a = draftKey(kind.prefix, 'lab-a', 'new');
    const keys = new Set([a, draftKey(kind.prefix, 'lab-b', 'new'), draftKey(kind.prefix, 'lab-a', 'clone:x'), draftKey(kind.prefix, 'lab-a')]);
    expect(keys.size).toBe(4);
    expect(saveDraft(a, { form: { name: 'd1', items: [] }, extra: { percent: 20 }, yaml: 'kind: Job\n  bad: [', tab: 'yaml' }, s, 1234)).toBe(true);
    expect(loadDraft(kind, a, s)).toEqual({ form: { name: 'd1', items: [] }, extra: { percent: 20 }, yaml: 'kind: Job\n  bad: [', tab: 'yaml', savedAt: 1234 });
    expect(loadDraft(kind, draftKey(kind.prefix, 'lab-b', 'new'), s)).toBeUndefined();
    discardDraft(a, s);
    expect(loadDraft(kind, a, s)).toBeUndefined();
  });

  it('ignores unreadable copies and forms of another shape, and says when the browser refuses to keep one', () => {
    const s = memoryStorage();
    s.setItem('k', '{not json');
    expect(loadDraft(kind, 'k', s)).toBeUndefined();
    s.setItem('k', JSON.stringify({ form: { name: 'x' }, percent: 1 }));
    expect(loadDraft(kind, 'k', s)).toBeUndefined();
    s.setItem('k', JSON.stringify({ form: { name: 'x', items: [] } }));
    expect(loadDraft(kind, 'k', s)).toBeUndefined(); // its extra part is missing
    expect(saveDraft('k2', { form: { name: 'x', items: [] }, extra: { percent: 1 }, yaml: undefined, tab: 'form' }, memoryStorage(10))).toBe(false);
  });

  it('never holds credentials: properties named like one are dropped, and YAML holding a Secret is not kept', () => {
    const s = memoryStorage();
    const form = {
      name: 'x',
      items: [],
      s3: { secretName: 'creds', secretAccessKey: 'SECRET', accessKeyId: 'AKIA' },
      auth: [{ token: 't', password: 'p', user: 'u' }],
    };
    saveDraft('k', { form, extra: { percent: 1 }, yaml: 'apiVersion: v1\nkind: Secret\nstringData:\n  key: SECRET\n', tab: 'yaml' }, s);
    const raw = s.getItem('k') ?? '';
    expect(raw).not.toMatch(/SECRET|AKIA|"token"|"password"/);
    expect(loadDraft(kind, 'k', s)?.form).toEqual({ name: 'x', items: [], s3: { secretName: 'creds' }, auth: [{ user: 'u' }] });
    expect(loadDraft(kind, 'k', s)?.yaml).toBeUndefined();
    expect(yamlHoldsSecret('items:\n  - kind: Secret\n')).toBe(true);
    expect(yamlHoldsSecret('kind: SecretStore\n')).toBe(false);
    expect(withoutCredentials({ a: [{ apiKey: 1, b: 2 }] })).toEqual({ a: [{ b: 2 }] });
  });
});
