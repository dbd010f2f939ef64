// SPDX-License-Identifier: Apache-2.0
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secretStorageWarning, type SecretStorage } from '../../shared/features/app/secret-storage';
import { ConnectionSettingsStore } from '../features/notebooks/connection-settings';
import { RegistrySettingsStore } from '../features/registry/registry-settings';
import { safeStorageBox, safeStorageKind, tellingOnce, type SafeStorageLike } from './secret-box';

/** A stand-in for Electron's safeStorage (reversible, so sealed values read back). */
function fakeSafeStorage(available: boolean, backend?: string): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    ...(backend ? { getSelectedStorageBackend: () => backend } : {}),
    encryptString: (s) => Buffer.from(`enc:${s}`),
    decryptString: (b) => b.toString().replace(/^enc:/, ''),
  };
}

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'mldeck-secret-box-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('safeStorageKind', () => {
  it('names Linux without a keyring (basic_text) as not encrypting', () => {
    expect(safeStorageKind(fakeSafeStorage(true, 'basic_text'), 'linux')).toBe('basic-text');
    expect(safeStorageKind(fakeSafeStorage(true, 'unknown'), 'linux')).toBe('basic-text');
  });
  it('trusts a Linux keyring, the macOS Keychain and Windows', () => {
    for (const b of ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6']) expect(safeStorageKind(fakeSafeStorage(true, b), 'linux')).toBe('os-keychain');
    expect(safeStorageKind(fakeSafeStorage(true), 'darwin')).toBe('os-keychain');
    expect(safeStorageKind(fakeSafeStorage(true), 'win32')).toBe('os-keychain');
  });
  it('has no box when safeStorage cannot encrypt: secrets go to plain files', () => {
    expect(safeStorageKind(fakeSafeStorage(false, 'basic_text'), 'linux')).toBe('plain-file');
    expect(safeStorageBox(fakeSafeStorage(false), 'darwin')).toBeUndefined();
  });
});

describe('secretStorageWarning', () => {
  it('says nothing for a keychain and tells the truth otherwise', () => {
    expect(secretStorageWarning('os-keychain')).toBeUndefined();
    expect(secretStorageWarning('basic-text')).toMatch(/^Saved secrets are stored unencrypted on this system \(no keyring found\)/);
    expect(secretStorageWarning('plain-file')).toMatch(/unencrypted.*plain text.*mode 0600/);
  });
});

describe('tellingOnce', () => {
  it('tells once, at the first secret saved with basic_text, and seals every secret', async () => {
    const told: SecretStorage[] = [];
    const box = tellingOnce(safeStorageBox(fakeSafeStorage(true, 'basic_text'), 'linux'), (s) => told.push(s));
    expect(box?.storage).toBe('basic-text');
    const store = new RegistrySettingsStore(join(tempDir(), 'mlflow-settings.json'), box);
    const input = {
      clusterId: 'c1',
      mode: 'url',
      url: 'http://mlflow:5000',
      auth: 'basic',
      username: 'ana',
      artifactStore: '',
      s3Endpoint: '',
      s3Region: '',
      s3AccessKeyId: '',
    } as const;
    expect(told).toEqual([]);
    await store.set({ ...input, password: 'pw-1' });
    await store.set({ ...input, password: 'pw-2' });
    expect(told).toEqual(['basic-text']);
    expect((await store.resolve('c1')).auth).toEqual({ kind: 'basic', username: 'ana', password: 'pw-2' });
  });

  it('never tells when the OS keychain seals', () => {
    const told: SecretStorage[] = [];
    const box = tellingOnce(safeStorageBox(fakeSafeStorage(true, 'gnome_libsecret'), 'linux'), (s) => told.push(s));
    box?.seal('x');
    expect(told).toEqual([]);
  });

  it('without a box (browser mode) a token is written as plain text to a 0600 file, as the words say', async () => {
    const file = join(tempDir(), 'notebook-connections.json');
    const store = new ConnectionSettingsStore(
      file,
      tellingOnce(undefined, () => undefined),
    );
    await store.set({ clusterId: 'c1', gatewayUrl: 'https://kf.example.com', gatewayToken: 'tok-123' });
    expect(readFileSync(file, 'utf8')).toContain('"plain": "tok-123"');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
