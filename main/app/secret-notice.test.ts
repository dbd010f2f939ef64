// SPDX-License-Identifier: Apache-2.0
/**
 * The secret box as the services use it: app:info says where secrets go, and a host whose
 * safeStorage fell back to basic_text tells the user once, at the first secret saved.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { secretStorageNoticeTitle } from '../../shared/features/app/secret-storage';
import type { Topic } from '../../shared/ipc/define';
import type { CallContext } from '../ipc/dispatcher';
import { safeStorageBox } from '../platform/secret-box';
import { createServices, type Services } from './create-services';

const dirs: string[] = [];
const open: Services[] = [];
afterEach(() => {
  for (const s of open.splice(0)) s.dispose();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A stand-in for safeStorage on Linux without a keyring (reversible, like basic_text's fixed key). */
const basicText = {
  isEncryptionAvailable: () => true,
  getSelectedStorageBackend: () => 'basic_text',
  encryptString: (s: string) => Buffer.from(`v10${s}`),
  decryptString: (b: Buffer) => b.toString().slice(3),
};

async function services(secretBox: ReturnType<typeof safeStorageBox>) {
  const dataDir = mkdtempSync(join(tmpdir(), 'mldeck-secret-notice-'));
  dirs.push(dataDir);
  const notices: { title: string; message: string }[] = [];
  const s = await createServices({
    dataDir,
    host: secretBox ? 'electron' : 'browser',
    version: 'test',
    publisher: {
      publish: <Ev>(t: Topic<Ev>, ev: Ev) => {
        if (t.id === 'app:notice') notices.push(ev as { title: string; message: string });
      },
      publishTo: () => undefined,
    },
    openExternal: async () => false,
    secretBox,
    env: { KUBECONFIG: join(dataDir, 'no-kubeconfig') },
  });
  open.push(s);
  const ctx = { clientId: 'c1' } as CallContext;
  const call = async (id: string, payload: unknown) => {
    const r = await s.dispatcher.dispatch(id, payload, ctx);
    if (!r.ok) throw new Error(`${id}: ${r.error.message}`);
    return r.value;
  };
  return { call, notices, dataDir };
}

describe('where saved secrets go', () => {
  it('basic_text: app:info says so, and one notice comes at the first secret saved', async () => {
    const { call, notices, dataDir } = await services(safeStorageBox(basicText, 'linux'));
    expect(await call('app:info', {})).toMatchObject({ secretStorage: 'basic-text' });
    expect(notices).toEqual([]);
    await call('notebooks:set-settings', { clusterId: 'c1', gatewayUrl: 'https://kf.example.com', gatewayToken: 'tok-1' });
    await call('notebooks:set-settings', { clusterId: 'c2', gatewayUrl: 'https://kf2.example.com', gatewayToken: 'tok-2' });
    expect(notices).toEqual([
      {
        level: 'warning',
        title: secretStorageNoticeTitle,
        message: expect.stringMatching(/^Saved secrets are stored unencrypted on this system \(no keyring found\)/),
      },
    ]);
    expect(readFileSync(join(dataDir, 'notebook-connections.json'), 'utf8')).not.toContain('tok-1');
  });

  it('browser mode: app:info says plain-file (the forms then say: unencrypted, in a 0600 file)', async () => {
    const { call } = await services(undefined);
    expect(await call('app:info', {})).toMatchObject({ secretStorage: 'plain-file' });
  });
});
