// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { parseProxyUrl, parseServerUrl, proxyFromEnv } from './urls';

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
  it('refuses socks with a clear message that does not repeat the password', () => {
    const r = parseProxyUrl('socks5://me:hunter2@p:1080');
    expect(r).toEqual({ ok: false, problem: 'proxy-url uses socks5, which MLDeck does not support; use an HTTP or HTTPS proxy' });
  });
});

describe('proxyFromEnv', () => {
  const t = (u: string) => new URL(u);
  const env = { HTTPS_PROXY: 'http://corp:3128', http_proxy: 'http://plain:80', NO_PROXY: '.internal,exact.example,10.0.0.0/8,port.example:6443' };
  it('picks HTTPS_PROXY for https and HTTP_PROXY for http', () => {
    expect(proxyFromEnv(t('https://api.example'), env)).toBe('http://corp:3128');
    expect(proxyFromEnv(t('http://api.example'), env)).toBe('http://plain:80');
  });
  it('honours NO_PROXY names, suffixes, CIDRs and ports, and never proxies loopback', () => {
    expect(proxyFromEnv(t('https://a.b.internal'), env)).toBeUndefined();
    expect(proxyFromEnv(t('https://internal'), env)).toBeUndefined();
    expect(proxyFromEnv(t('https://exact.example'), env)).toBeUndefined();
    expect(proxyFromEnv(t('https://sub.exact.example'), env)).toBeUndefined();
    expect(proxyFromEnv(t('https://10.2.3.4:6443'), env)).toBeUndefined();
    expect(proxyFromEnv(t('https://11.2.3.4:6443'), env)).toBe('http://corp:3128');
    expect(proxyFromEnv(t('https://port.example:6443'), env)).toBeUndefined();
    expect(proxyFromEnv(t('https://port.example:443'), env)).toBe('http://corp:3128');
    expect(proxyFromEnv(t('https://127.0.0.1:6443'), env)).toBeUndefined();
    expect(proxyFromEnv(t('https://localhost'), env)).toBeUndefined();
    expect(proxyFromEnv(t('https://x'), { ...env, NO_PROXY: '*' })).toBeUndefined();
  });
});
