// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { RegistrySettingsInput } from '../../../shared/features/registry/registry.contract';
import { RegistrySettingsStore } from './registry-settings';

const dirs: string[] = [];
const tempFile = () => {
  const d = mkdtempSync(join(tmpdir(), 'mldeck-registry-settings-'));
  dirs.push(d);
  return join(d, 'mlflow-settings.json');
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const input = (patch: Partial<RegistrySettingsInput> = {}): RegistrySettingsInput => ({
  clusterId: 'c1',
  mode: 'url',
  url: 'http://mlflow.example.com:5000',
  auth: 'basic',
  username: 'ana',
  password: 'pw-1',
  artifactStore: 's3://mlflow/artifacts',
  s3Endpoint: '',
  s3Region: '',
  s3AccessKeyId: '',
  ...patch,
});

/** A box that marks what it sealed (stands in for Electron safeStorage). */
const box = { seal: (s: string) => `sealed:${Buffer.from(s).toString('base64')}`, open: (s: string) => Buffer.from(s.slice(7), 'base64').toString() };

describe('RegistrySettingsStore', () => {
  it('defaults to finding MLflow in the cluster without auth', async () => {
    const s = await new RegistrySettingsStore(tempFile(), undefined).get('c9');
    expect(s).toMatchObject({ clusterId: 'c9', mode: 'auto', url: '', auth: 'none', hasPassword: false, hasToken: false, artifactStore: '' });
  });

  it('keeps secrets in main: the view says only that they are set; the file is 0600', async () => {
    const file = tempFile();
    const store = new RegistrySettingsStore(file, undefined);
    const view = await store.set(input());
    expect(view).toMatchObject({ auth: 'basic', username: 'ana', hasPassword: true, secretsSealed: false });
    expect(JSON.stringify(view)).not.toContain('pw-1');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await store.resolve('c1')).auth).toEqual({ kind: 'basic', username: 'ana', password: 'pw-1' });
  });

  it('seals secrets with the box when there is one', async () => {
    const file = tempFile();
    const store = new RegistrySettingsStore(file, box);
    await store.set(input({ auth: 'bearer', token: 'tok-9', password: undefined }));
    expect(readFileSync(file, 'utf8')).not.toContain('tok-9');
    expect((await store.resolve('c1')).auth).toEqual({ kind: 'bearer', token: 'tok-9' });
    // a host without the keychain cannot read it, and says so
    await expect(new RegistrySettingsStore(file, undefined).resolve('c1')).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('keeps a secret left out, removes one given as empty, drops secrets of another auth kind', async () => {
    const store = new RegistrySettingsStore(tempFile(), undefined);
    await store.set(input());
    expect((await store.set(input({ password: undefined }))).hasPassword).toBe(true);
    expect((await store.resolve('c1')).auth).toMatchObject({ password: 'pw-1' });
    expect((await store.set(input({ password: '' }))).hasPassword).toBe(false);
    await store.set(input({ password: 'pw-2' }));
    const none = await store.set(input({ auth: 'none', password: undefined }));
    expect(none.hasPassword).toBe(false);
    expect((await store.resolve('c1')).auth).toEqual({ kind: 'none' });
  });

  it('gives S3 access only when endpoint, key id and secret are all set', async () => {
    const store = new RegistrySettingsStore(tempFile(), undefined);
    await store.set(input({ s3Endpoint: 'http://minio:9000', s3AccessKeyId: 'AK', s3SecretAccessKey: 'SK' }));
    expect((await store.resolve('c1')).s3).toEqual({ endpoint: 'http://minio:9000', region: 'us-east-1', accessKeyId: 'AK', secretAccessKey: 'SK' });
    await store.set(input({ s3Endpoint: 'http://minio:9000', s3AccessKeyId: 'AK', s3SecretAccessKey: '' }));
    expect((await store.resolve('c1')).s3).toBeUndefined();
  });

  it('refuses a URL mode without a URL and bad URLs, and reports a damaged file', async () => {
    const file = tempFile();
    const store = new RegistrySettingsStore(file, undefined);
    await expect(store.set(input({ url: '' }))).rejects.toMatchObject({ code: 'validation' });
    await expect(store.set(input({ url: 'http://user:pw@host' }))).rejects.toMatchObject({ code: 'validation' });
    writeFileSync(file, '{not json');
    await expect(store.get('c1')).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/not valid JSON/) });
  });
});
