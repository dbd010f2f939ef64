// SPDX-License-Identifier: Apache-2.0
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveExecCommand, withPluginDirs } from './exec-command';

describe('resolveExecCommand', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'mldeck-path-'));
  const bin1 = path.join(root, 'bin1');
  const bin2 = path.join(root, 'bin2');
  mkdirSync(bin1);
  mkdirSync(bin2);
  writeFileSync(path.join(bin1, 'plugin'), '#!/bin/sh\n'); // not executable
  writeFileSync(path.join(bin2, 'plugin'), '#!/bin/sh\n');
  chmodSync(path.join(bin2, 'plugin'), 0o755);
  mkdirSync(path.join(bin1, 'dir-plugin'));

  it('looks bare names up in PATH, skipping non-executables, directories and relative entries', async () => {
    const env = { PATH: ['', '.', 'relative/bin', bin1, bin2].join(':') };
    expect(await resolveExecCommand('plugin', { env, platform: 'linux' })).toBe(path.join(bin2, 'plugin'));
    await expect(resolveExecCommand('dir-plugin', { env, platform: 'linux' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('checks absolute paths as they are', async () => {
    const p = path.join(bin2, 'plugin');
    expect(await resolveExecCommand(p, { env: {}, platform: 'linux' })).toBe(p);
    await expect(resolveExecCommand(path.join(bin1, 'plugin'), { env: {}, platform: 'linux' })).rejects.toMatchObject({ code: 'not-found' });
  });

  it('refuses relative paths (only possible from pasted kubeconfigs)', async () => {
    await expect(resolveExecCommand('./plugin', { env: {}, platform: 'linux' })).rejects.toMatchObject({ code: 'validation' });
  });

  it('adds the install hint when missing', async () => {
    const e = resolveExecCommand('gke-gcloud-auth-plugin', {
      env: { PATH: bin1 },
      platform: 'linux',
      installHint: 'Install it with gcloud components install gke-gcloud-auth-plugin',
    });
    await expect(e).rejects.toMatchObject({
      code: 'not-found',
      message: 'The credential plugin "gke-gcloud-auth-plugin" was not found.\nInstall it with gcloud components install gke-gcloud-auth-plugin',
    });
  });
});

describe('withPluginDirs', () => {
  it('appends common install directories after the user PATH, without duplicates', () => {
    const env = withPluginDirs({ PATH: '/usr/bin:/usr/local/bin', X: '1' }, 'darwin', '/Users/ana');
    expect(env['X']).toBe('1');
    expect(env['PATH']?.split(':').slice(0, 4)).toEqual(['/usr/bin', '/usr/local/bin', '/opt/homebrew/bin', '/Users/ana/.local/bin']);
    expect(env['PATH']?.split(':').filter((d) => d === '/usr/local/bin')).toHaveLength(1);
    expect(withPluginDirs({ PATH: 'C:\\bin' }, 'win32', 'C:\\Users\\ana')['PATH']).toBe('C:\\bin');
  });
});
