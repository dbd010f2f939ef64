// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { parseProxyUrl, parseServerUrl } from './urls';

describe('parseServerUrl', () => {
  it('accepts http(s) URLs, with a path prefix', () => {
    const r = parseServerUrl('https://rancher.example/k8s/clusters/c-1');
    expect(r.ok && r.url.pathname).toBe('/k8s/clusters/c-1');
    expect(parseServerUrl('http://127.0.0.1:8001').ok).toBe(true);
  });
  it('refuses other schemes, credentials, queries and garbage', () => {
    expect(parseServerUrl(undefined)).toEqual({ ok: false, problem: 'the cluster has no server URL' });
    expect(parseServerUrl('file:///etc/passwd').ok).toBe(false);
    expect(parseServerUrl('https://u:p@x').ok).toBe(false);
    expect(parseServerUrl('https://x/?a=b').ok).toBe(false);
    expect(parseServerUrl('not a url').ok).toBe(false);
  });
});

describe('parseProxyUrl', () => {
  it('accepts http and https proxies, and bare host:port', () => {
    expect(parseProxyUrl('http://proxy:3128').ok).toBe(true);
    expect(parseProxyUrl('https://proxy').ok).toBe(true);
    const bare = parseProxyUrl('proxy.corp:8080');
    expect(bare.ok && bare.url.href).toBe('http://proxy.corp:8080/');
  });
  it('accepts socks5 and socks5h, and refuses other schemes without repeating the password', () => {
    expect(parseProxyUrl('socks5://me:hunter2@p:1080').ok).toBe(true);
    expect(parseProxyUrl('socks5h://p').ok).toBe(true);
    const r = parseProxyUrl('socks4://me:hunter2@p:1080');
    expect(r).toEqual({ ok: false, problem: 'proxy-url scheme socks4: is not supported; use http://, https://, socks5:// or socks5h://' });
  });
});
