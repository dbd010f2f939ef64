// SPDX-License-Identifier: Apache-2.0
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SecretBox } from '../secret-box';
import { SavedTrackingServersFile } from './saved-tracking-servers';
import { tempFile } from '../testing/temp-dir';

/** A reversible stand-in for the keychain box, so sealed values read back. */
const box: SecretBox = {
  storage: 'os-keychain',
  seal: (s) => Buffer.from(`enc:${s}`).toString('base64'),
  open: (s) => Buffer.from(s, 'base64').toString().slice(4),
};

const fileIn = () => tempFile('mldeck-saved-servers-', 'mlflow-servers.json');

describe('SavedTrackingServersFile', () => {
  it('keeps servers in the order saved, secrets sealed and never in the list', async () => {
    const file = fileIn();
    const saved = new SavedTrackingServersFile(file, box, () => 1000);
    await saved.save({ url: 'https://a.example.com', name: 'Team A', auth: { kind: 'basic', username: 'alice', password: 'pw-1' } });
    await saved.save({ url: 'http://127.0.0.1:5000', name: '', auth: { kind: 'bearer', token: 'tok-2' } });
    expect(await saved.list()).toEqual([
      { url: 'https://a.example.com', name: 'Team A', auth: 'basic', username: 'alice', secretSealed: true, addedAt: 1000 },
      { url: 'http://127.0.0.1:5000', name: '', auth: 'bearer', username: '', secretSealed: true, addedAt: 1000 },
    ]);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain('pw-1');
    expect(text).not.toContain('tok-2');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await saved.resolve('https://a.example.com'))?.auth).toEqual({ kind: 'basic', username: 'alice', password: 'pw-1' });
    expect((await saved.resolve('http://127.0.0.1:5000'))?.auth).toEqual({ kind: 'bearer', token: 'tok-2' });
    expect(await saved.resolve('https://b.example.com')).toBeUndefined();
  });

  it('replaces a server saved again at the same URL (its secret too) and removes one', async () => {
    let t = 1;
    const saved = new SavedTrackingServersFile(fileIn(), box, () => t++);
    await saved.save({ url: 'https://a.example.com', name: 'A', auth: { kind: 'bearer', token: 'old' } });
    await saved.save({ url: 'https://a.example.com', name: 'A2', auth: { kind: 'none' } });
    expect(await saved.list()).toEqual([{ url: 'https://a.example.com', name: 'A2', auth: 'none', username: '', secretSealed: false, addedAt: 1 }]);
    expect((await saved.resolve('https://a.example.com'))?.auth).toEqual({ kind: 'none' });
    expect(await saved.remove('https://a.example.com')).toBe(true);
    expect(await saved.remove('https://a.example.com')).toBe(false);
    expect(await saved.list()).toEqual([]);
  });

  it('without a box keeps secrets plain in the 0600 file; a box-sealed secret read without one asks to add again', async () => {
    const file = fileIn();
    await new SavedTrackingServersFile(file, box).save({ url: 'https://a.example.com', name: '', auth: { kind: 'bearer', token: 't' } });
    await expect(new SavedTrackingServersFile(file, undefined).resolve('https://a.example.com')).rejects.toMatchObject({
      code: 'unauthenticated',
      message: expect.stringContaining('add the server again'),
    });
    const plain = new SavedTrackingServersFile(file, undefined);
    await plain.save({ url: 'https://b.example.com', name: '', auth: { kind: 'bearer', token: 'plain-t' } });
    expect((await plain.list())[1]?.secretSealed).toBe(false);
    expect((await plain.resolve('https://b.example.com'))?.auth).toEqual({ kind: 'bearer', token: 'plain-t' });
  });

  it('reports a damaged file instead of replacing it', async () => {
    const file = fileIn();
    writeFileSync(file, '{"version":1,"servers":[{"url":1}]}');
    const saved = new SavedTrackingServersFile(file, box);
    await expect(saved.list()).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('unexpected shape') });
    await expect(saved.save({ url: 'https://a.example.com', name: '', auth: { kind: 'none' } })).rejects.toMatchObject({ code: 'internal' });
    expect(readFileSync(file, 'utf8')).toBe('{"version":1,"servers":[{"url":1}]}');
    writeFileSync(file, 'not json');
    await expect(saved.list()).rejects.toMatchObject({ message: expect.stringContaining('not valid JSON') });
  });

  it('opens a file saved before, sealed and clear secrets alike, and writes secrets in the same shape', async () => {
    const file = fileIn();
    const servers = [
      { url: 'https://a.example.com', name: 'A', auth: 'basic', username: 'ana', secret: { sealed: true, value: box.seal('pw-old') }, addedAt: 1 },
      { url: 'https://b.example.com', name: 'B', auth: 'bearer', username: '', secret: { sealed: false, value: 'tok-old' }, addedAt: 2 },
    ];
    writeFileSync(file, JSON.stringify({ version: 1, servers }), { mode: 0o600 });
    const saved = new SavedTrackingServersFile(file, box, () => 3);
    expect((await saved.resolve('https://a.example.com'))?.auth).toEqual({ kind: 'basic', username: 'ana', password: 'pw-old' });
    expect((await saved.resolve('https://b.example.com'))?.auth).toEqual({ kind: 'bearer', token: 'tok-old' });
    await saved.save({ url: 'https://c.example.com', name: '', auth: { kind: 'bearer', token: 'tok-new' } });
    await new SavedTrackingServersFile(file, undefined, () => 4).save({ url: 'https://d.example.com', name: '', auth: { kind: 'bearer', token: 'tok-clear' } });
    const written = JSON.parse(readFileSync(file, 'utf8')) as { servers: { secret: unknown }[] };
    expect(written.servers.map((s) => s.secret)).toEqual([
      ...servers.map((s) => s.secret),
      { sealed: true, value: box.seal('tok-new') },
      { sealed: false, value: 'tok-clear' },
    ]);
    const refusing: SecretBox = {
      ...box,
      open: () => {
        throw new Error('not this keychain');
      },
    };
    await expect(new SavedTrackingServersFile(file, refusing).resolve('https://a.example.com')).rejects.toMatchObject({
      code: 'unauthenticated',
      message: 'The secret saved for https://a.example.com could not be unsealed by the OS keychain; add the server again.',
      detail: 'not this keychain',
    });
    await expect(new SavedTrackingServersFile(file, undefined).resolve('https://a.example.com')).rejects.toMatchObject({
      message: "The secret saved for https://a.example.com was sealed with the desktop app's keychain and cannot be read here; add the server again.",
    });
  });
});
