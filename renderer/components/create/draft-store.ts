// SPDX-License-Identifier: Apache-2.0
/**
 * Create-form drafts in localStorage: one per form, cluster and starting point (a new object, a
 * clone of one, a registry version…), written on every change so a failed create, a crash or a
 * reload never loses what was typed, and forgotten once the object is created or the draft
 * discarded. A draft never holds credentials: properties named like one (password, token, secret
 * key…) are dropped and YAML text holding a Secret is not kept. Unreadable drafts are ignored.
 */

/** Which editor the user was in. */
export type CreateTab = 'form' | 'yaml';

/** What is kept; `extra` is the form's own additions, stored beside the rest. */
export interface Draft<F, X extends object = Record<never, never>> {
  form: F;
  /** The YAML tab's text when it was being edited (it may not parse yet). */
  yaml: string | undefined;
  tab: CreateTab;
  savedAt: number;
  extra: X;
}

/** How one form's drafts are told apart and checked when read back. */
export interface DraftKind<F, X extends object = Record<never, never>> {
  /** The localStorage key prefix, e.g. `mldeck.job-draft.`. */
  prefix: string;
  /** Whether a stored form is one this version can show. */
  isForm(form: unknown): form is F;
  /** The extra part from the stored object (undefined: the draft is unreadable). */
  extra?(stored: Record<string, unknown>): X | undefined;
}

/** The storage key of a draft. */
export function draftKey(prefix: string, clusterId: string, source?: string): string {
  return source === undefined ? `${prefix}${clusterId}` : `${prefix}${clusterId}|${source}`;
}

const credentialName = /^(password|passwd|passphrase|token|bearertoken|idtoken|refreshtoken|apikey|privatekey|secretaccesskey|accesskeyid|clientsecret)$/i;

/** `v` without properties named like a credential, at any depth. */
export function withoutCredentials<T>(v: T): T {
  if (Array.isArray(v)) return v.map((x: unknown) => withoutCredentials(x)) as T;
  if (typeof v !== 'object' || v === null) return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (!credentialName.test(k)) out[k] = withoutCredentials(x);
  return out as T;
}

/** Whether YAML text declares a Secret (its data must never be kept in a draft). */
export function yamlHoldsSecret(yaml: string): boolean {
  return /^\s*-?\s*kind:\s*["']?Secret["']?\s*$/m.test(yaml);
}

/** The draft at `key`, if there is a readable one. */
export function loadDraft<F, X extends object>(kind: DraftKind<F, X>, key: string, storage: Storage = localStorage): Draft<F, X> | undefined {
  try {
    const raw = storage.getItem(key);
    if (!raw) return undefined;
    const d: unknown = JSON.parse(raw);
    if (typeof d !== 'object' || d === null || Array.isArray(d)) return undefined;
    const o = d as Record<string, unknown>;
    if (!kind.isForm(o['form'])) return undefined;
    const extra = kind.extra ? kind.extra(o) : ({} as X);
    if (!extra) return undefined;
    return {
      form: o['form'],
      yaml: typeof o['yaml'] === 'string' ? o['yaml'] : undefined,
      tab: o['tab'] === 'yaml' ? 'yaml' : 'form',
      savedAt: Number(o['savedAt']) || 0,
      extra,
    };
  } catch {
    return undefined; // unreadable: start fresh (the bad copy is overwritten on the next change)
  }
}

/**
 * Keeps the draft (without credentials).
 * @returns false when the browser refused to store it (quota), so the page can say so
 */
export function saveDraft<F, X extends object>(key: string, draft: Omit<Draft<F, X>, 'savedAt'>, storage: Storage = localStorage, now = Date.now()): boolean {
  const yaml = draft.yaml !== undefined && !yamlHoldsSecret(draft.yaml) ? draft.yaml : undefined;
  const stored = withoutCredentials({ ...draft.extra, form: draft.form, yaml, tab: draft.tab, savedAt: now });
  try {
    storage.setItem(key, JSON.stringify(stored));
    return true;
  } catch {
    return false;
  }
}

/** Forgets the draft. */
export function discardDraft(key: string, storage: Storage = localStorage): void {
  storage.removeItem(key);
}
