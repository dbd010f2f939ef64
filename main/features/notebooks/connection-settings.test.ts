// SPDX-License-Identifier: Apache-2.0
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConnectionSettingsStore, normaliseGatewayUrl } from './connection-settings';
import { tempFile } from '../../platform/testing/temp-dir';

const file = () => tempFile('mldeck-nbset-', 'notebook-connections.json');
const box = { seal: (s: string) => `sealed:${Buffer.from(s).toString('base64')}`, open: (s: string) => Buffer.from(s.slice(7), 'base64').toString() };
const server = { clusterId: 'c1', namespace: 'ns', name: 'nb' };

describe('notebook connection settings', () => {
  it('accepts only http(s) gateway URLs, kept without a trailing slash', () => {
    expect(normaliseGatewayUrl(' https://kubeflow.example.com/ ')).toBe('https://kubeflow.example.com');
    expect(normaliseGatewayUrl('http://10.0.0.1:8080/prefix//')).toBe('http://10.0.0.1:8080/prefix');
    for (const bad of ['javascript:alert(1)', 'file:///x', 'ftp://h', 'https://u:p@h', 'https://h/?q=1', 'nope'])
      expect(() => normaliseGatewayUrl(bad)).toThrow(expect.objectContaining({ code: 'validation' }));
  });

  it('keeps the gateway and tokens sealed, in a 0600 file, and tells the renderer only whether a token is set', async () => {
    const f = file();
    const s = new ConnectionSettingsStore(f, box);
    expect(await s.get('c1')).toEqual({ hasGatewayToken: false });
    expect(await s.set({ clusterId: 'c1', gatewayUrl: 'https://kf.example.com/', gatewayToken: 'gw-secret' })).toEqual({
      gatewayUrl: 'https://kf.example.com',
      hasGatewayToken: true,
    });
    await s.setToken(server, 'jupyter-secret');
    const text = readFileSync(f, 'utf8');
    expect(text).not.toContain('gw-secret');
    expect(text).not.toContain('jupyter-secret');
    expect(statSync(f).mode & 0o777).toBe(0o600);
    expect(await s.gateway('c1')).toEqual({ url: 'https://kf.example.com', token: 'gw-secret' });
    expect(await s.token(server)).toBe('jupyter-secret');
    expect(await s.token({ ...server, name: 'other' })).toBeUndefined();

    // a token sealed by another host (no box here) counts as absent
    const plain = new ConnectionSettingsStore(f, undefined);
    expect(await plain.token(server)).toBeUndefined();
    expect(await plain.get('c1')).toEqual({ gatewayUrl: 'https://kf.example.com', hasGatewayToken: false });

    // clearing
    expect(await s.set({ clusterId: 'c1', gatewayToken: null })).toEqual({ gatewayUrl: 'https://kf.example.com', hasGatewayToken: false });
    expect(await s.set({ clusterId: 'c1', gatewayUrl: null })).toEqual({ hasGatewayToken: false });
    await s.setToken(server, undefined);
    expect(await s.token(server)).toBeUndefined();
  });

  it('reports a damaged file instead of replacing it', async () => {
    const f = file();
    writeFileSync(f, '{not json');
    await expect(new ConnectionSettingsStore(f, undefined).get('c1')).rejects.toMatchObject({ code: 'internal' });
    writeFileSync(f, '{"version": 2}');
    await expect(new ConnectionSettingsStore(f, undefined).token(server)).rejects.toMatchObject({ code: 'internal' });
  });

  it('opens a file saved before ({ sealed } and { plain } tokens) and writes tokens in the same shape', async () => {
    const f = file();
    const key = (name: string) => `c1\u0000ns\u0000${name}`;
    const saved = {
      version: 1,
      clusters: { c1: { gatewayUrl: 'https://kf.example.com', gatewayToken: { sealed: box.seal('gw-old') } } },
      tokens: { [key('nb')]: { plain: 'jt-old' }, [key('sealed')]: { sealed: box.seal('jt-sealed') } },
    };
    writeFileSync(f, JSON.stringify(saved), { mode: 0o600 });
    const s = new ConnectionSettingsStore(f, box);
    expect(await s.gateway('c1')).toEqual({ url: 'https://kf.example.com', token: 'gw-old' });
    expect(await s.token(server)).toBe('jt-old');
    expect(await s.token({ ...server, name: 'sealed' })).toBe('jt-sealed');
    await s.setToken({ ...server, name: 'new' }, 'jt-new');
    await new ConnectionSettingsStore(f, undefined).setToken({ ...server, name: 'clear' }, 'jt-clear');
    const tokens = (JSON.parse(readFileSync(f, 'utf8')) as typeof saved).tokens;
    expect(tokens).toEqual({ ...saved.tokens, [key('new')]: { sealed: box.seal('jt-new') }, [key('clear')]: { plain: 'jt-clear' } });
    // a keychain that did not seal it: absent, as without a box
    const refusing = {
      seal: box.seal,
      open: () => {
        throw new Error('not this keychain');
      },
    };
    expect(await new ConnectionSettingsStore(f, refusing).token({ ...server, name: 'sealed' })).toBeUndefined();
    expect(await new ConnectionSettingsStore(f, refusing).token(server)).toBe('jt-old');
  });
});
