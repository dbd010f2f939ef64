// SPDX-License-Identifier: Apache-2.0
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { assertLocalCacheLocation, type LocationProbe, mountOf, unsafeLocationReason } from './cache-location';
import { openCache } from './sqlite-cache';
import { tempDir } from './testing/fixtures';

const mounts = [
  '/dev/vda / ext4 rw,relatime 0 0',
  'server:/export/home /home nfs4 rw,vers=4.2 0 0',
  '/dev/vdb /home/local ext4 rw 0 0',
  '//nas/share /mnt/nas cifs rw 0 0',
  'me@host:/data /mnt/my\\040remote fuse.sshfs rw 0 0',
  'tmpfs /tmp tmpfs rw 0 0',
].join('\n');

const linux = (realpath: (p: string) => string = (p) => p): LocationProbe => ({ platform: 'linux', mounts: () => mounts, realpath });

describe('cache location', () => {
  it('accepts local disks', () => {
    expect(unsafeLocationReason('/home/local/me/.config/mldeck/cache.sqlite', linux())).toBeUndefined();
    expect(unsafeLocationReason('/tmp/x/cache.sqlite', linux())).toBeUndefined();
    expect(unsafeLocationReason('/Users/me/Library/Application Support/MLDeck/cache.sqlite', { ...linux(), platform: 'darwin' })).toBeUndefined();
  });

  it('refuses network filesystems from /proc/mounts (longest mount point wins, escapes decoded)', () => {
    expect(unsafeLocationReason('/home/me/.config/mldeck/cache.sqlite', linux())).toBe('it is on a network filesystem (nfs4 mounted at /home)');
    expect(unsafeLocationReason('/mnt/nas/cache.sqlite', linux())).toMatch(/cifs/);
    expect(unsafeLocationReason('/mnt/my remote/cache.sqlite', linux())).toMatch(/fuse\.sshfs/);
    expect(mountOf('/homework/x', mounts)).toEqual({ point: '/', type: 'ext4' });
  });

  it('follows symlinks to where the file really is', () => {
    const realpath = (p: string) => {
      if (p === '/home/local/me/link') return '/mnt/nas/real';
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    expect(unsafeLocationReason('/home/local/me/link/mldeck/cache.sqlite', linux(realpath))).toMatch(/cifs mounted at \/mnt\/nas/);
  });

  it.each([
    ['/home/local/me/OneDrive/mldeck/cache.sqlite', 'OneDrive'],
    ['C:\\Users\\me\\OneDrive - Contoso\\mldeck\\cache.sqlite', 'OneDrive'],
    ['/home/local/me/Dropbox (Personal)/cache.sqlite', 'Dropbox'],
    ['/Users/me/Library/Mobile Documents/com~apple~CloudDocs/mldeck/cache.sqlite', 'iCloud Drive'],
    ['/Users/me/iCloud Drive/cache.sqlite', 'iCloud Drive'],
    ['/home/local/me/Google Drive/cache.sqlite', 'Google Drive'],
    ['G:\\My Drive\\mldeck\\cache.sqlite', 'Google Drive'],
  ])('refuses %s (%s)', (file, service) => {
    const platform = file.includes('\\') ? 'win32' : 'linux';
    expect(unsafeLocationReason(file, { ...linux(), platform })).toBe(`it is inside a ${service} folder`);
  });

  it('refuses macOS CloudStorage and Windows UNC paths', () => {
    expect(unsafeLocationReason('/Users/me/Library/CloudStorage/Box-Box/cache.sqlite', { ...linux(), platform: 'darwin' })).toMatch(/CloudStorage/);
    expect(unsafeLocationReason('\\\\server\\share\\mldeck\\cache.sqlite', { ...linux(), platform: 'win32' })).toMatch(/UNC/);
  });

  it('throws a validation error naming the path, before creating anything', async () => {
    expect(() => assertLocalCacheLocation('/mnt/nas/cache.sqlite', linux())).toThrow(
      expect.objectContaining({ code: 'validation', message: expect.stringContaining('/mnt/nas/cache.sqlite') }),
    );
    const file = path.join(tempDir(), 'Dropbox', 'cache.sqlite');
    await expect(openCache({ file })).rejects.toMatchObject({ code: 'validation', message: expect.stringContaining(file) });
  });
});
