// SPDX-License-Identifier: Apache-2.0
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SecretBox } from '../../platform/secret-box';
import { StoreConnectionsFile } from './store-connections';
import { tempFile } from '../../platform/testing/temp-dir';

const fileIn = () => tempFile('mldeck-store-connections-', 'storage-connections.json');

/** A box that marks what it sealed (stands in for Electron safeStorage). */
const box: SecretBox = { storage: 'os-keychain', seal: (s) => `sealed:${s}`, open: (s) => s.slice(7) };
const refusing: SecretBox = {
  ...box,
  open: () => {
    throw new Error('not this keychain');
  },
};

const entry = (id: string, secret: unknown, sessionToken?: unknown) => ({
  id,
  name: id,
  kind: 's3',
  reach: { kind: 'url', url: 'http://minio.example.com:9000' },
  region: 'us-east-1',
  pathStyle: true,
  auth: 'keys',
  accessKeyId: 'AK',
  secret,
  ...(sessionToken ? { sessionToken } : {}),
  profile: '',
});

describe('StoreConnectionsFile secrets', () => {
  it('opens a file saved before, sealed and clear secrets alike, and writes secrets in the same shape', async () => {
    const file = fileIn();
    const saved = {
      version: 1,
      clusters: {
        c1: {
          connections: [
            entry('sealed', { sealed: true, value: 'sealed:sk-old' }, { sealed: true, value: 'sealed:st-old' }),
            entry('clear', { sealed: false, value: 'sk-plain' }),
          ],
        },
      },
    };
    writeFileSync(file, JSON.stringify(saved), { mode: 0o600 });
    const conns = new StoreConnectionsFile(file, box);
    expect((await conns.resolve('c1', 'sealed')).keys).toEqual({ accessKeyId: 'AK', secretAccessKey: 'sk-old', sessionToken: 'st-old' });
    expect((await conns.resolve('c1', 'clear')).keys).toEqual({ accessKeyId: 'AK', secretAccessKey: 'sk-plain' });
    const input = {
      clusterId: 'c1',
      name: 'new',
      kind: 's3',
      endpoint: 'http://minio.example.com:9000',
      region: '',
      pathStyle: true,
      auth: 'keys',
      accessKeyId: 'AK',
      profile: '',
    } as const;
    await conns.save({ ...input, secretAccessKey: 'sk-new' });
    await new StoreConnectionsFile(file, undefined).save({ ...input, name: 'plain', secretAccessKey: 'sk-clear' });
    const written = JSON.parse(readFileSync(file, 'utf8')) as { clusters: { c1: { connections: { secret: unknown }[] } } };
    expect(written.clusters.c1.connections.map((c) => c.secret)).toEqual([
      { sealed: true, value: 'sealed:sk-old' },
      { sealed: false, value: 'sk-plain' },
      { sealed: true, value: 'sealed:sk-new' },
      { sealed: false, value: 'sk-clear' },
    ]);
  });

  it('tells the user to enter a secret again when this host cannot open it', async () => {
    const file = fileIn();
    writeFileSync(file, JSON.stringify({ version: 1, clusters: { c1: { connections: [entry('sealed', { sealed: true, value: 'sealed:sk' })] } } }));
    await expect(new StoreConnectionsFile(file, undefined).resolve('c1', 'sealed')).rejects.toMatchObject({
      code: 'unauthenticated',
      message: "This secret was sealed with the desktop app's keychain and cannot be read here; enter it again.",
    });
    await expect(new StoreConnectionsFile(file, refusing).resolve('c1', 'sealed')).rejects.toMatchObject({
      code: 'unauthenticated',
      message: 'A storage secret could not be unsealed by the OS keychain; enter it again.',
      detail: 'not this keychain',
    });
  });
});
