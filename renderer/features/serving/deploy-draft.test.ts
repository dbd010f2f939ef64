// SPDX-License-Identifier: Apache-2.0
/** The deploy draft in localStorage: kept, restored, unreadable ones ignored, quota reported. */
import { describe, expect, it } from 'vitest';
import { newDeployForm } from '../../../shared/serving/deploy-form';
import { deployDraftKey, discardDeployDraft, loadDeployDraft, saveDeployDraft } from './deploy-draft';

class MemoryStorage implements Storage {
  private m = new Map<string, string>();
  full = false;
  get length() {
    return this.m.size;
  }
  clear() {
    this.m.clear();
  }
  getItem(k: string) {
    return this.m.get(k) ?? null;
  }
  key(i: number) {
    return [...this.m.keys()][i] ?? null;
  }
  removeItem(k: string) {
    this.m.delete(k);
  }
  setItem(k: string, v: string) {
    if (this.full) throw new Error('QuotaExceededError');
    this.m.set(k, v);
  }
}

const s3 = { mode: 'create' as const, serviceAccountName: 'sa', secretName: 'creds', endpoint: 'minio:9000', useHttps: false, region: '', verifySsl: true };

describe('deploy draft', () => {
  it('keeps the form, the YAML and the S3 choice per cluster and starting point', () => {
    const st = new MemoryStorage();
    const key = deployDraftKey('c1', 'version:iris@1');
    expect(key).not.toBe(deployDraftKey('c1', 'new'));
    const form = { ...newDeployForm('team-a'), name: 'iris', storageUri: 's3://models/iris/v1' };
    expect(saveDeployDraft(key, { form, yaml: 'kind: InferenceService', tab: 'yaml', s3, percent: 20 }, st)).toBe(true);
    const back = loadDeployDraft(key, st);
    expect(back).toMatchObject({ form, yaml: 'kind: InferenceService', tab: 'yaml', s3, percent: 20 });
    expect(back?.savedAt).toBeGreaterThan(0);
    // the draft type has no place for keys: nothing typed as a key can be in it
    expect(JSON.stringify(back)).not.toMatch(/secretAccessKey|accessKeyId/);
    discardDeployDraft(key, st);
    expect(loadDeployDraft(key, st)).toBeUndefined();
  });

  it('ignores unreadable drafts and reports a full storage', () => {
    const st = new MemoryStorage();
    st.setItem('k', '{not json');
    expect(loadDeployDraft('k', st)).toBeUndefined();
    st.setItem('k', JSON.stringify({ form: { name: 'x' } }));
    expect(loadDeployDraft('k', st)).toBeUndefined();
    st.full = true;
    expect(saveDeployDraft('k2', { form: newDeployForm('a'), yaml: undefined, tab: 'form', s3, percent: 100 }, st)).toBe(false);
  });
});
