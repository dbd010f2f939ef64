// SPDX-License-Identifier: Apache-2.0
/**
 * The new-notebook-server draft, kept in localStorage per cluster on every change, so a failed
 * create, a crash or a reload never loses it; forgotten once the server is created or the draft
 * discarded.
 */
import type { NotebookForm } from '../../../shared/kube/notebook-form';

/** What is kept. */
export interface NotebookDraft {
  form: NotebookForm;
  /** The YAML tab's text when it was being edited (it may not parse yet). */
  yaml: string | undefined;
  tab: 'form' | 'yaml';
  savedAt: number;
}

const prefix = 'mldeck.notebook-server-draft.';

/** The storage key of a cluster's draft. */
export function notebookDraftKey(clusterId: string): string {
  return `${prefix}${clusterId}`;
}

/** The draft at `key`, if there is a readable one. */
export function loadNotebookDraft(key: string, storage: Storage = localStorage): NotebookDraft | undefined {
  try {
    const raw = storage.getItem(key);
    if (!raw) return undefined;
    const d = JSON.parse(raw) as Partial<NotebookDraft>;
    const f = d.form;
    if (
      !f ||
      typeof f !== 'object' ||
      typeof f.name !== 'string' ||
      typeof f.image !== 'string' ||
      !Array.isArray(f.dataVolumes) ||
      !Array.isArray(f.configurations)
    )
      return undefined;
    return { form: f, yaml: typeof d.yaml === 'string' ? d.yaml : undefined, tab: d.tab === 'yaml' ? 'yaml' : 'form', savedAt: Number(d.savedAt) || 0 };
  } catch {
    return undefined; // unreadable: start fresh (the bad copy is overwritten on the next change)
  }
}

/** Keeps the draft; false when the browser refused to store it (quota). */
export function saveNotebookDraft(key: string, draft: Omit<NotebookDraft, 'savedAt'>, storage: Storage = localStorage): boolean {
  try {
    storage.setItem(key, JSON.stringify({ ...draft, savedAt: Date.now() }));
    return true;
  } catch {
    return false;
  }
}

/** Forgets the draft. */
export function discardNotebookDraft(key: string, storage: Storage = localStorage): void {
  storage.removeItem(key);
}
