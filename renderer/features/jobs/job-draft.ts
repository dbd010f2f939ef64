// SPDX-License-Identifier: Apache-2.0
/**
 * The new-job draft, kept in localStorage per cluster and per starting point (a new job, or a
 * clone of one job) on every change, so a failed create, a crash or a reload never loses it.
 */
import type { JobForm } from '../../../shared/kube/job-form';

/** What is kept. */
export interface JobDraft {
  form: JobForm;
  /** The YAML tab's text when it was being edited (it may not parse yet). */
  yaml: string | undefined;
  tab: 'form' | 'yaml';
  savedAt: number;
}

const prefix = 'mldeck.job-draft.';

/** The storage key of a draft. */
export function draftKey(clusterId: string, source: string): string {
  return `${prefix}${clusterId}|${source}`;
}

/** The draft at `key`, if there is a readable one. */
export function loadDraft(key: string, storage: Storage = localStorage): JobDraft | undefined {
  try {
    const raw = storage.getItem(key);
    if (!raw) return undefined;
    const d = JSON.parse(raw) as Partial<JobDraft>;
    if (!d.form || typeof d.form !== 'object' || !d.form.kind || !Array.isArray(d.form.replicas)) return undefined;
    return { form: d.form, yaml: typeof d.yaml === 'string' ? d.yaml : undefined, tab: d.tab === 'yaml' ? 'yaml' : 'form', savedAt: Number(d.savedAt) || 0 };
  } catch {
    return undefined; // unreadable: start fresh (the bad copy is overwritten on the next change)
  }
}

/**
 * Keeps the draft.
 * @returns false when the browser refused to store it (quota), so the page can say so
 */
export function saveDraft(key: string, draft: Omit<JobDraft, 'savedAt'>, storage: Storage = localStorage): boolean {
  try {
    storage.setItem(key, JSON.stringify({ ...draft, savedAt: Date.now() }));
    return true;
  } catch {
    return false;
  }
}

/** Forgets the draft. */
export function discardDraft(key: string, storage: Storage = localStorage): void {
  storage.removeItem(key);
}
