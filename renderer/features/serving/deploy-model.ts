// SPDX-License-Identifier: Apache-2.0
/**
 * The pure parts of the deploy page: its draft kind (the form, the S3 choice and the canary
 * share; never the S3 keys), the InferenceService YAML, where the server's problems go, the S3
 * part's checks, what a registry version fills in, and why Deploy is not available.
 */
import type { FieldProblem, ServingPermissions } from '../../../shared/features/serving/serving.contract';
import { deployFormProblems, formFieldOfPath, formToManifest, manifestToForm, withFormat, type DeployForm } from '../../../shared/serving/deploy-form';
import { guessModelFormat, isS3Uri } from '../../../shared/serving/model-formats';
import type { DraftKind } from '../../components/create/draft-store';
import type { FormCheck, Placement } from '../../components/create/problem-placement';
import { yamlObject, yamlOf, type FormCodec } from '../../components/create/yaml-sync';

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

/** The typed keys (never stored). */
export interface S3Keys {
  accessKeyId: string;
  secretAccessKey: string;
}

/** A fresh choice: no credentials. */
export const noS3: S3Choice = { mode: 'none', serviceAccountName: '', secretName: '', endpoint: '', useHttps: true, region: '', verifySsl: true };

/** No keys typed. */
export const noKeys: S3Keys = { accessKeyId: '', secretAccessKey: '' };

/** What a deploy draft keeps beside the form. */
export interface DeployExtra {
  s3: S3Choice;
  /** Canary share (canary mode). */
  percent: number;
}

/** Deploy and canary drafts (the prefix earlier versions wrote). */
export const deployDraft: DraftKind<DeployForm, DeployExtra> = {
  prefix: 'mldeck.deploy-draft.',
  isForm: (f): f is DeployForm => typeof f === 'object' && f !== null && typeof (f as Partial<DeployForm>).storageUri === 'string',
  extra: (o) => {
    const s3 = o['s3'];
    if (typeof s3 !== 'object' || s3 === null) return undefined;
    return { s3: s3 as S3Choice, percent: typeof o['percent'] === 'number' ? o['percent'] : 10 };
  },
};

/** Form ⇄ manifest of an InferenceService. */
export const deployCodec: FormCodec<DeployForm, Record<string, unknown>> = {
  toManifest: formToManifest,
  fromYaml: (text) => yamlObject(text, 'an InferenceService'),
  toYaml: yamlOf,
  toForm: (m) => manifestToForm(m),
};

/** The server's problems at the form's fields. */
export const deployPlacement: Placement<DeployForm, FieldProblem> = {
  fieldOf: (_form, p) => (p.field ? formFieldOfPath(p.field) : undefined),
};

/** Problems of the S3 part, by field. */
export function s3Problems(c: S3Choice, keys: S3Keys): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const add = (f: string, m: string) => (out[f] ??= []).push(m);
  const dns = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
  if (c.mode === 'existing' && !c.serviceAccountName) add('s3.serviceAccountName', 'Choose a service account.');
  if (c.mode === 'create') {
    if (!dns.test(c.serviceAccountName)) add('s3.serviceAccountName', 'A DNS label.');
    if (!dns.test(c.secretName)) add('s3.secretName', 'A DNS label.');
    if (!/^[A-Za-z0-9.-]+(:\d{1,5})?$/.test(c.endpoint)) add('s3.endpoint', 'host or host:port, without http:// (e.g. minio-service.kubeflow:9000).');
    if (!keys.accessKeyId) add('s3.accessKeyId', 'Required.');
    if (!keys.secretAccessKey) add('s3.secretAccessKey', 'Required.');
  }
  return out;
}

/** The deploy form's checks: its fields, and the S3 part when the model is on S3. */
export function deployChecks(form: DeployForm, s3: S3Choice, keys: S3Keys): FormCheck[] {
  const out: FormCheck[] = isS3Uri(form.storageUri)
    ? Object.entries(s3Problems(s3, keys)).flatMap(([field, list]) => list.map((message) => ({ field, message })))
    : [];
  return [...out, ...deployFormProblems(form)];
}

/** A DNS-label service name from a registry model name. */
export function nameFromModel(model: string): string {
  return model
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^[^a-z]+/, '')
    .replace(/-+$/, '')
    .slice(0, 45)
    .replace(/-+$/, '');
}

/** What a registry version fills in: its format, storageUri and name/version, and a name when none was typed. */
export function prefilled(form: DeployForm, v: { model: string; version: string; storageUri: string | undefined; format: string | undefined }): DeployForm {
  const fmt = guessModelFormat(v.format);
  const next = fmt ? withFormat(form, fmt) : form;
  return { ...next, name: next.name || nameFromModel(v.model), storageUri: v.storageUri ?? next.storageUri, modelName: v.model, modelVersion: v.version };
}

/** Why Deploy is not available, if it is not: no KServe, or RBAC (the service, or the S3 Secret and account to create). */
export function deployBlocked(noKserve: string | undefined, perm: ServingPermissions | undefined, createsS3: boolean): string | undefined {
  if (noKserve) return noKserve;
  if (!perm) return undefined;
  if (!perm.create.allowed) return perm.create.reason;
  return createsS3 ? s3Blocked(perm) : undefined;
}

/** Why the S3 Secret and service account cannot be created, if they cannot. */
export function s3Blocked(perm: ServingPermissions | undefined): string | undefined {
  return perm ? [perm.createSecret, perm.createServiceAccount].find((p) => !p.allowed)?.reason : undefined;
}
