// SPDX-License-Identifier: Apache-2.0
/** The deploy page's pure parts: drafts with the S3 choice (never keys), S3 checks, registry prefill, why Deploy is blocked. */
import { describe, expect, it } from 'vitest';
import { newDeployForm } from '../../../shared/serving/deploy-form';
import { draftKey, loadDraft, saveDraft } from '../../components/create/draft-store';
import { deployBlocked, deployChecks, deployDraft, deployPlacement, nameFromModel, noKeys, noS3, prefilled, s3Blocked } from './deploy-model';

const yes = { allowed: true, reason: '' };
const perms = { user: 'alice', create: yes, patch: yes, createSecret: yes, createServiceAccount: yes, portForward: yes };
const s3 = { mode: 'create' as const, serviceAccountName: 'sa', secretName: 'creds', endpoint: 'minio:9000', useHttps: false, region: '', verifySsl: true };

function storage(): Storage {
  const m = new Map<string, string>();
  return {
    length: 0,
    clear: () => m.clear(),
    getItem: (k) => m.get(k) ?? null,
    key: () => null,
    removeItem: (k) => void m.delete(k),
    setItem: (k, v) => void m.set(k, v),
  };
}

describe('deploy model', () => {
  it('keeps the form, the S3 choice and the canary share in the draft, never the keys', () => {
    const st = storage();
    const key = draftKey(deployDraft.prefix, 'c1', 'version:iris@1');
    const form = { ...newDeployForm('team-a'), name: 'iris', storageUri: 's3://models/iris/v1' };
    saveDraft(key, { form, yaml: undefined, tab: 'form', extra: { s3, percent: 20 } }, st);
    expect(loadDraft(deployDraft, key, st)).toMatchObject({ form, extra: { s3, percent: 20 } });
    expect(st.getItem(key)).not.toMatch(/secretAccessKey|accessKeyId/);
    st.setItem('old', JSON.stringify({ form }));
    expect(loadDraft(deployDraft, 'old', st)).toBeUndefined();
  });

  it('checks the S3 part only for s3:// models, with the keys typed', () => {
    const form = { ...newDeployForm('team-a'), name: 'iris', storageUri: 's3://models/iris/v1' };
    const fields = deployChecks(form, s3, noKeys).map((c) => c.field);
    expect(fields).toEqual(expect.arrayContaining(['s3.accessKeyId', 's3.secretAccessKey']));
    expect(deployChecks(form, s3, { accessKeyId: 'a', secretAccessKey: 'b' }).filter((c) => c.field.startsWith('s3.'))).toEqual([]);
    expect(deployChecks({ ...form, storageUri: 'pvc://models/iris' }, s3, noKeys).filter((c) => c.field.startsWith('s3.'))).toEqual([]);
    expect(deployChecks(form, { ...noS3, mode: 'existing' }, noKeys).map((c) => c.field)).toContain('s3.serviceAccountName');
  });

  it('fills a registry version in, naming the service after the model when no name was typed', () => {
    expect(nameFromModel('My_Iris Model')).toBe('my-iris-model');
    const f = prefilled(newDeployForm('a'), { model: 'Iris', version: '3', storageUri: 's3://m/iris/3', format: 'sklearn' });
    expect(f).toMatchObject({ name: 'iris', storageUri: 's3://m/iris/3', modelName: 'Iris', modelVersion: '3', format: 'sklearn' });
    expect(prefilled({ ...newDeployForm('a'), name: 'typed' }, { model: 'Iris', version: '3', storageUri: undefined, format: undefined }).name).toBe('typed');
  });

  it('blocks Deploy without KServe, or with RBAC’s reason (the S3 Secret and account only when they are made)', () => {
    expect(deployBlocked('no kserve', perms, false)).toBe('no kserve');
    expect(deployBlocked(undefined, undefined, true)).toBeUndefined();
    expect(deployBlocked(undefined, { ...perms, create: { allowed: false, reason: 'no isvc' } }, false)).toBe('no isvc');
    const noSecret = { ...perms, createSecret: { allowed: false, reason: 'no secrets' } };
    expect(deployBlocked(undefined, noSecret, false)).toBeUndefined();
    expect(deployBlocked(undefined, noSecret, true)).toBe('no secrets');
    expect(s3Blocked(noSecret)).toBe('no secrets');
    expect(deployPlacement.fieldOf(newDeployForm('a'), { field: 'metadata.name', message: '' })).toBe('name');
  });
});
