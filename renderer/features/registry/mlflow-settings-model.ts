// SPDX-License-Identifier: Apache-2.0
/**
 * Pure rules of the MLflow connection form: the draft made from saved settings (secrets are
 * never read back: undefined keeps what is stored, '' removes it, text replaces it), the
 * problems of each field, whether anything changed, whether the target moved (stored secrets
 * are then dropped by main), and the settings input a save sends.
 */
import { mlflowUrlProblem, type RegistrySettings, type RegistrySettingsInput } from '../../../shared/features/registry/registry.contract';
import { samePin, type ServicePin } from '../../../shared/kube/service-pin';

/** A secret in the form: undefined keeps what is stored, '' removes it, text replaces it. */
export type SecretDraft = string | undefined;

/** The form's state. */
export interface MlflowDraft {
  mode: 'auto' | 'url';
  url: string;
  auth: 'none' | 'basic' | 'bearer';
  username: string;
  password: SecretDraft;
  token: SecretDraft;
  artifactStore: string;
  s3Endpoint: string;
  s3Region: string;
  s3AccessKeyId: string;
  s3SecretAccessKey: SecretDraft;
  pin: ServicePin | null;
}

/** The form as saved settings fill it (secrets kept). */
export const draftOf = (s: RegistrySettings): MlflowDraft => ({
  mode: s.mode,
  url: s.url,
  auth: s.auth,
  username: s.username,
  password: undefined,
  token: undefined,
  artifactStore: s.artifactStore,
  s3Endpoint: s.s3Endpoint,
  s3Region: s.s3Region,
  s3AccessKeyId: s.s3AccessKeyId,
  s3SecretAccessKey: undefined,
  pin: s.pin,
});

/** The artifact store's problem: empty, or an s3://, gs:// or pvc:// location. */
export const storeProblem = (s: string): string | undefined =>
  s.trim() === '' || /^(s3|gs|pvc):\/\/[^/\s]+(\/\S*)?$/.test(s.trim()) ? undefined : 'Enter s3://bucket/path, gs://bucket/path or pvc://claim/path';

/** The problems of the form's fields (undefined: none). */
export function draftProblems(draft: MlflowDraft): { url: string | undefined; s3: string | undefined; artifactStore: string | undefined } {
  return {
    url: draft.mode === 'url' ? (draft.url.trim() === '' ? 'Enter the MLflow URL' : mlflowUrlProblem(draft.url)) : undefined,
    s3: draft.s3Endpoint.trim() === '' ? undefined : mlflowUrlProblem(draft.s3Endpoint),
    artifactStore: storeProblem(draft.artifactStore),
  };
}

/** The form differs from what is saved (a typed or removed secret is a change). */
export function draftChanged(draft: MlflowDraft, saved: RegistrySettings): boolean {
  return (
    JSON.stringify({ ...draft, password: undefined, token: undefined, s3SecretAccessKey: undefined }) !== JSON.stringify(draftOf(saved)) ||
    draft.password !== undefined ||
    draft.token !== undefined ||
    draft.s3SecretAccessKey !== undefined
  );
}

/** The form points at another MLflow than the saved settings (mode, URL or pinned service). */
export function targetMoved(draft: MlflowDraft, saved: RegistrySettings): boolean {
  return draft.mode !== saved.mode || draft.url.trim() !== saved.url || !samePin(draft.pin, saved.pin);
}

/** What a save sends: trimmed fields; in auto mode a URL only when it is a valid one; secrets only when typed or removed. */
export function settingsInput(clusterId: string, draft: MlflowDraft): RegistrySettingsInput {
  return {
    clusterId,
    mode: draft.mode,
    url: draft.mode === 'url' ? draft.url.trim() : draft.url.trim() === '' || mlflowUrlProblem(draft.url) ? '' : draft.url.trim(),
    auth: draft.auth,
    username: draft.username.trim(),
    artifactStore: draft.artifactStore.trim(),
    s3Endpoint: draft.s3Endpoint.trim(),
    s3Region: draft.s3Region.trim(),
    s3AccessKeyId: draft.s3AccessKeyId.trim(),
    pin: draft.pin,
    ...(draft.password !== undefined ? { password: draft.password } : {}),
    ...(draft.token !== undefined ? { token: draft.token } : {}),
    ...(draft.s3SecretAccessKey !== undefined ? { s3SecretAccessKey: draft.s3SecretAccessKey } : {}),
  };
}
