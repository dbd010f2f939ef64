// SPDX-License-Identifier: Apache-2.0
/**
 * The deploy draft, kept in localStorage per cluster and starting point (a new service, a
 * registry version, a canary of a service) on every change, so a failed deploy, a crash or a
 * reload never loses it. S3 keys typed for a new Secret are never kept.
 */
import type { DeployForm } from '../../../shared/serving/deploy-form';

/** The S3 access part of the form (without the keys). */
export interface S3Choice {
  mode: 'existing' | 'create' | 'none';
  serviceAccountName: string;
  secretName: string;
  endpoint: string;
  useHttps: boolean;
  region: string;
  verifySsl: boolean;
}

/** What is kept. */
export interface DeployDraft {
  form: DeployForm;
  yaml: string | undefined;
  tab: 'form' | 'yaml';
  s3: S3Choice;
  /** Canary share (canary mode). */
  percent: number;
  savedAt: number;
}

const prefix = 'mldeck.deploy-draft.';

/** The storage key of a draft. */
export function deployDraftKey(clusterId: string, source: string): string {
  return `${prefix}${clusterId}|${source}`;
}

/** The draft at `key`, if there is a readable one. */
export function loadDeployDraft(key: string, storage: Storage = localStorage): DeployDraft | undefined {
  try {
    const raw = storage.getItem(key);
    if (!raw) return undefined;
    const d = JSON.parse(raw) as Partial<DeployDraft>;
    if (!d.form || typeof d.form !== 'object' || typeof d.form.storageUri !== 'string' || !d.s3 || typeof d.s3 !== 'object') return undefined;
    return {
      form: d.form,
      yaml: typeof d.yaml === 'string' ? d.yaml : undefined,
      tab: d.tab === 'yaml' ? 'yaml' : 'form',
      s3: d.s3,
      percent: typeof d.percent === 'number' ? d.percent : 10,
      savedAt: Number(d.savedAt) || 0,
    };
  } catch {
    return undefined; // unreadable: start fresh (the bad copy is overwritten on the next change)
  }
}

/**
 * Keeps the draft.
 * @returns false when the browser refused to store it (quota), so the page can say so
 */
export function saveDeployDraft(key: string, draft: Omit<DeployDraft, 'savedAt'>, storage: Storage = localStorage): boolean {
  try {
    storage.setItem(key, JSON.stringify({ ...draft, savedAt: Date.now() }));
    return true;
  } catch {
    return false;
  }
}

/** Forgets the draft. */
export function discardDeployDraft(key: string, storage: Storage = localStorage): void {
  storage.removeItem(key);
}
