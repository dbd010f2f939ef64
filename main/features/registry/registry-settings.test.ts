// SPDX-License-Identifier: Apache-2.0
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { RegistrySettingsInput } from '../../../shared/features/registry/registry.contract';
import { RegistrySettingsStore } from './registry-settings';
import { tempFile } from '../../platform/testing/temp-dir';

const settingsFile = () => tempFile('mldeck-registry-settings-', 'mlflow-settings.json');

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
    const s = await new RegistrySettingsStore(settingsFile(), undefined).get('c9');
    expect(s).toMatchObject({ clusterId: 'c9', mode: 'auto', url: '', auth: 'none', hasPassword: false, hasToken: false, artifactStore: '' });
  });

  it('keeps secrets in main: the view says only that they are set; the file is 0600', async () => {
    const file = settingsFile();
    const store = new RegistrySettingsStore(file, undefined);
    const view = await store.set(input());
    expect(view).toMatchObject({ auth: 'basic', username: 'ana', hasPassword: true, secretsSealed: false });
    expect(JSON.stringify(view)).not.toContain('pw-1');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await store.resolve('c1')).auth).toEqual({ kind: 'basic', username: 'ana', password: 'pw-1' });
  });

  it('seals secrets with the box when there is one', async () => {
    const file = settingsFile();
    const store = new RegistrySettingsStore(file, box);
    await store.set(input({ auth: 'bearer', token: 'tok-9', password: undefined }));
    expect(readFileSync(file, 'utf8')).not.toContain('tok-9');
    expect((await store.resolve('c1')).auth).toEqual({ kind: 'bearer', token: 'tok-9' });
    // a host without the keychain cannot read it, and says so
    await expect(new RegistrySettingsStore(file, undefined).resolve('c1')).rejects.toMatchObject({ code: 'unauthenticated' });
  });

  it('keeps a secret left out, removes one given as empty, drops secrets of another auth kind', async () => {
    const store = new RegistrySettingsStore(settingsFile(), undefined);
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
    const store = new RegistrySettingsStore(settingsFile(), undefined);
    await store.set(input({ s3Endpoint: 'http://minio:9000', s3AccessKeyId: 'AK', s3SecretAccessKey: 'SK' }));
    expect((await store.resolve('c1')).s3).toEqual({ endpoint: 'http://minio:9000', region: 'us-east-1', accessKeyId: 'AK', secretAccessKey: 'SK' });
    await store.set(input({ s3Endpoint: 'http://minio:9000', s3AccessKeyId: 'AK', s3SecretAccessKey: '' }));
    expect((await store.resolve('c1')).s3).toBeUndefined();
  });

  it('refuses a URL mode without a URL and bad URLs, and reports a damaged file', async () => {
    const file = settingsFile();
    const store = new RegistrySettingsStore(file, undefined);
    await expect(store.set(input({ url: '' }))).rejects.toMatchObject({ code: 'validation' });
    await expect(store.set(input({ url: 'http://user:pw@host' }))).rejects.toMatchObject({ code: 'validation' });
    writeFileSync(file, '{not json');
    await expect(store.get('c1')).rejects.toMatchObject({ code: 'internal', message: expect.stringMatching(/not valid JSON/) });
  });

  it('sends credentials only where they were saved for: a change of URL, mode or pinned service drops them', async () => {
    const store = new RegistrySettingsStore(settingsFile(), undefined);
    const pin = { namespace: 'kubeflow', name: 'mlflow', uid: 'uid-1' };
    await store.set(input({ mode: 'auto', url: '', pin, password: 'pw-pinned' }));
    expect((await store.resolve('c1')).auth).toEqual({ kind: 'basic', username: 'ana', password: 'pw-pinned' });
    // saved again without a password and the same target: kept
    expect(await store.set(input({ mode: 'auto', url: '', password: undefined }))).toMatchObject({ hasPassword: true, pin });
    // the same name, made again (another uid): a new target, the password is gone
    expect(await store.set(input({ mode: 'auto', url: '', pin: { ...pin, uid: 'uid-2' }, password: undefined }))).toMatchObject({ hasPassword: false });
    expect((await store.resolve('c1')).auth).toEqual({ kind: 'basic', username: 'ana', password: '' });
    // typed again with the change: kept for the new target
    await store.set(input({ mode: 'auto', url: '', pin, password: 'pw-2' }));
    expect(await store.set(input({ mode: 'url', url: 'http://other.example.com', password: undefined }))).toMatchObject({ hasPassword: false, pin });
    await store.set(input({ mode: 'url', url: 'http://other.example.com', password: 'pw-3' }));
    expect(await store.set(input({ mode: 'url', url: 'http://third.example.com', password: undefined }))).toMatchObject({ hasPassword: false });
    // clearing the pin is a change of target too
    await store.set(input({ mode: 'auto', url: '', pin, auth: 'bearer', token: 'tok' }));
    expect(await store.set(input({ mode: 'auto', url: '', pin: null, auth: 'bearer', token: undefined }))).toMatchObject({ hasToken: false, pin: null });
  });

  it('drops the S3 secret when the S3 endpoint changes', async () => {
    const store = new RegistrySettingsStore(settingsFile(), undefined);
    const s3 = { s3Endpoint: 'http://minio.example.com:9000', s3AccessKeyId: 'k', s3SecretAccessKey: 'secret' };
    await store.set(input(s3));
    expect(await store.set(input({ ...s3, s3SecretAccessKey: undefined }))).toMatchObject({ hasS3Secret: true });
    expect(await store.set(input({ ...s3, s3Endpoint: 'http://evil.example.com:9000', s3SecretAccessKey: undefined }))).toMatchObject({ hasS3Secret: false });
    expect((await store.resolve('c1')).s3).toBeUndefined();
  });

  it('opens a file saved before, sealed and clear secrets alike, and writes secrets in the same shape', async () => {
    const file = settingsFile();
    const entry = { mode: 'url', url: 'http://m.example.com', username: 'ana', artifactStore: '', s3Region: '' };
    const s3 = { s3Endpoint: 'http://minio.example.com:9000', s3AccessKeyId: 'k', s3SecretAccessKey: { sealed: false, value: 's3-plain' } };
    const saved = {
      version: 1,
      clusters: {
        c1: { ...entry, auth: 'basic', password: { sealed: true, value: box.seal('pw-old') }, ...s3 },
        c2: { ...entry, auth: 'bearer', token: { sealed: false, value: 'tok-old' }, s3Endpoint: '', s3AccessKeyId: '' },
      },
    };
    writeFileSync(file, JSON.stringify(saved), { mode: 0o600 });
    const store = new RegistrySettingsStore(file, box);
    const c1 = await store.resolve('c1');
    expect(c1.auth).toEqual({ kind: 'basic', username: 'ana', password: 'pw-old' });
    expect(c1.s3?.secretAccessKey).toBe('s3-plain');
    expect((await store.resolve('c2')).auth).toEqual({ kind: 'bearer', token: 'tok-old' });
    await store.set(input({ clusterId: 'c3', password: 'pw-new' }));
    expect(JSON.parse(readFileSync(file, 'utf8')).clusters.c3.password).toEqual({ sealed: true, value: box.seal('pw-new') });
    await new RegistrySettingsStore(file, undefined).set(input({ clusterId: 'c4', password: 'pw-clear' }));
    expect(JSON.parse(readFileSync(file, 'utf8')).clusters.c4.password).toEqual({ sealed: false, value: 'pw-clear' });
    await expect(new RegistrySettingsStore(file, undefined).resolve('c1')).rejects.toMatchObject({
      code: 'unauthenticated',
      message: "The MLflow password was sealed with the desktop app's keychain and cannot be read here; enter it again.",
    });
    const refusing = {
      seal: box.seal,
      open: () => {
        throw new Error('not this keychain');
      },
    };
    await expect(new RegistrySettingsStore(file, refusing).resolve('c1')).rejects.toMatchObject({
      code: 'unauthenticated',
      message: 'The MLflow password could not be unsealed by the OS keychain; enter it again.',
      detail: 'not this keychain',
    });
  });
});
