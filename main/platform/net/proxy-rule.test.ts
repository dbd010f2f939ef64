// SPDX-License-Identifier: Apache-2.0
import { describe, expect, it } from 'vitest';
import { proxyFor } from './proxy-rule';

/** Go's URL printing: no trailing slash for an empty path; `<nil>` for no proxy. */
function show(u: URL | undefined): string {
  return u ? u.href.replace(/\/$/, '') : '<nil>';
}

interface Row {
  env: Record<string, string>;
  req?: string;
  want: string;
}

// golang.org/x/net/http/httpproxy proxy_test.go, proxyForURLTests (HTTPProxy → HTTP_PROXY, and so on).
// Left out: the CGI rows (MLDeck is never a CGI handler) and `http://[1000::%25.example.com]:123`,
// a zoned IPv6 host that WHATWG URLs cannot hold.
const proxyForURLTests: Row[] = [
  { env: { HTTP_PROXY: '127.0.0.1:8080' }, want: 'http://127.0.0.1:8080' },
  { env: { HTTP_PROXY: 'cache.corp.example.com:1234' }, want: 'http://cache.corp.example.com:1234' },
  { env: { HTTP_PROXY: 'cache.corp.example.com' }, want: 'http://cache.corp.example.com' },
  { env: { HTTP_PROXY: 'localhost' }, want: 'http://localhost' },
  { env: { HTTP_PROXY: 'https://cache.corp.example.com' }, want: 'https://cache.corp.example.com' },
  { env: { HTTP_PROXY: 'http://127.0.0.1:8080' }, want: 'http://127.0.0.1:8080' },
  { env: { HTTP_PROXY: 'https://127.0.0.1:8080' }, want: 'https://127.0.0.1:8080' },
  { env: { HTTP_PROXY: 'socks5://127.0.0.1' }, want: 'socks5://127.0.0.1' },
  { env: { HTTP_PROXY: 'foo://host' }, want: 'foo://host' },
  { env: { HTTP_PROXY: 'http.proxy.tld', HTTPS_PROXY: 'secure.proxy.tld' }, req: 'http://insecure.tld/', want: 'http://http.proxy.tld' },
  { env: { HTTP_PROXY: 'http.proxy.tld', HTTPS_PROXY: 'secure.proxy.tld' }, req: 'https://secure.tld/', want: 'http://secure.proxy.tld' },
  { env: { HTTP_PROXY: 'http.proxy.tld', HTTPS_PROXY: 'https://secure.proxy.tld' }, req: 'https://secure.tld/', want: 'https://secure.proxy.tld' },
  { env: { HTTP_PROXY: 'http.proxy.tld' }, req: 'https://secure.tld/', want: '<nil>' },
  { env: { HTTP_PROXY: 'http.proxy.tld' }, req: 'ftp://insecure.tld/', want: '<nil>' },
  { env: {}, want: '<nil>' },
  { env: { NO_PROXY: 'example.com', HTTP_PROXY: 'proxy' }, req: 'http://example.com/', want: '<nil>' },
  { env: { NO_PROXY: '.example.com', HTTP_PROXY: 'proxy' }, req: 'http://example.com/', want: 'http://proxy' },
  { env: { NO_PROXY: 'ample.com', HTTP_PROXY: 'proxy' }, req: 'http://example.com/', want: 'http://proxy' },
  { env: { NO_PROXY: 'example.com', HTTP_PROXY: 'proxy' }, req: 'http://foo.example.com/', want: '<nil>' },
  { env: { NO_PROXY: '.foo.com', HTTP_PROXY: 'proxy' }, req: 'http://example.com/', want: 'http://proxy' },
  { env: { NO_PROXY: '.示例.com', HTTP_PROXY: 'proxy' }, req: 'http://www.示例.com', want: '<nil>' },
  { env: { NO_PROXY: 'xn--fsq092h.com', HTTP_PROXY: 'proxy' }, req: 'http://www.示例.com', want: '<nil>' },
  { env: { NO_PROXY: '示例.com', HTTP_PROXY: 'proxy' }, req: 'http://www.xn--fsq092h.com', want: '<nil>' },
];

// proxy_test.go, UseProxyTests against its noProxy list: `match` true means the proxy is used.
const noProxy =
  'foobar.com, .barbaz.net, *.wildcard.io, 192.168.1.1, 192.168.1.2:81, 192.168.1.3:80, 10.0.0.0/30, 2001:db8::52:0:1, [2001:db8::52:0:2]:443, [2001:db8::52:0:3]:80, 2002:db8:a::45/64';
const useProxyTests: [string, boolean][] = [
  ['localhost', false],
  ['127.0.0.1', false],
  ['127.0.0.2', false],
  ['[::1]', false],
  ['[::2]', true],
  ['192.168.1.1', false],
  ['192.168.1.2', true],
  ['192.168.1.3', false],
  ['192.168.1.4', true],
  ['10.0.0.2', false],
  ['[2001:db8::52:0:1]', false],
  ['[2001:db8::52:0:2]', true],
  ['[2001:db8::52:0:3]', false],
  ['[2002:db8:a::123]', false],
  ['[fe80::424b:c8be:1643:a1b6]', true],
  ['barbaz.net', true],
  ['www.barbaz.net', false],
  ['foobar.com', false],
  ['www.foobar.com', false],
  ['foofoobar.com', true],
  ['baz.com', true],
  ['localhost.net', true],
  ['local.localhost', true],
  ['barbarbaz.net', true],
  ['wildcard.io', true],
  ['nested.wildcard.io', false],
  ['awildcard.io', true],
];

describe('proxyFor (Go httpproxy proxyForURLTests)', () => {
  it.each(proxyForURLTests.map((r) => [JSON.stringify(r.env), r.req ?? 'http://example.com', r.want, r.env] as const))(
    '%s %s → %s',
    (_name, req, want, env) => {
      expect(show(proxyFor(new URL(req), env))).toBe(want);
    },
  );
});

describe('proxyFor (Go httpproxy UseProxyTests)', () => {
  const env = { HTTP_PROXY: 'http://proxy.example.org', NO_PROXY: noProxy };
  it.each(useProxyTests)('%s:80 proxied: %s', (host, match) => {
    expect(proxyFor(new URL(`http://${host}:80`), env) !== undefined).toBe(match);
  });
  it('NO_PROXY=* proxies nothing (TestAllNoProxy)', () => {
    for (const [host] of useProxyTests) {
      expect(proxyFor(new URL(`http://${host}:80`), { HTTP_PROXY: 'proxy', NO_PROXY: '*' })).toBeUndefined();
    }
  });
  it('a malformed NO_PROXY entry matches nothing (TestInvalidNoProxy)', () => {
    expect(show(proxyFor(new URL('http://example.com:80'), { HTTP_PROXY: 'proxy', NO_PROXY: ':1' }))).toBe('http://proxy');
  });
});

describe('proxyFor (environment names and MLDeck targets)', () => {
  it('reads upper-case names first, lower-case when upper is unset or empty (getEnvAny)', () => {
    const t = new URL('https://api.corp.example:6443');
    expect(show(proxyFor(t, { HTTPS_PROXY: 'upper:1', https_proxy: 'lower:2' }))).toBe('http://upper:1');
    expect(show(proxyFor(t, { HTTPS_PROXY: '', https_proxy: 'lower:2' }))).toBe('http://lower:2');
    expect(proxyFor(t, { HTTPS_PROXY: 'p:1', NO_PROXY: '', no_proxy: 'corp.example' })).toBeUndefined();
    expect(show(proxyFor(t, { HTTPS_PROXY: 'p:1', NO_PROXY: 'other.example', no_proxy: 'corp.example' }))).toBe('http://p:1');
  });
  it('matches NO_PROXY ports against the default port of the scheme', () => {
    const env = { HTTPS_PROXY: 'p:1', NO_PROXY: 'api.example:443,10.1.0.0/16' };
    expect(proxyFor(new URL('https://api.example'), env)).toBeUndefined();
    expect(show(proxyFor(new URL('https://api.example:6443'), env))).toBe('http://p:1');
    expect(proxyFor(new URL('https://10.1.2.3:6443'), env)).toBeUndefined();
    expect(show(proxyFor(new URL('https://10.2.2.3:6443'), env))).toBe('http://p:1');
  });
  it('treats wss like https and ws like http, and keeps socks5 and socks5h proxies as written', () => {
    const env = { HTTPS_PROXY: 'socks5h://s:1080', HTTP_PROXY: 'socks5://u:p@s:1081' };
    expect(show(proxyFor(new URL('wss://api.example/api/v1/x'), env))).toBe('socks5h://s:1080');
    expect(show(proxyFor(new URL('ws://api.example/'), env))).toBe('socks5://u:p@s:1081');
  });
  it('never proxies loopback, also as IPv4-mapped IPv6 and with NO_PROXY unset', () => {
    const env = { HTTPS_PROXY: 'p:1' };
    expect(proxyFor(new URL('https://127.9.9.9:6443'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://[::ffff:127.0.0.1]:6443'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://localhost:6443'), env)).toBeUndefined();
    expect(show(proxyFor(new URL('https://[::ffff:10.0.0.1]:6443'), env))).toBe('http://p:1');
  });
  it('matches IPv4-mapped IPv6 targets against IPv4 entries, as Go does', () => {
    const env = { HTTPS_PROXY: 'p:1', NO_PROXY: '10.0.0.0/8,192.0.2.7' };
    expect(proxyFor(new URL('https://[::ffff:10.9.9.9]'), env)).toBeUndefined();
    expect(proxyFor(new URL('https://[::ffff:192.0.2.7]'), env)).toBeUndefined();
  });
  it('reads process.env by default', () => {
    const saved = process.env.HTTPS_PROXY;
    process.env.HTTPS_PROXY = 'from-process-env:3128';
    try {
      expect(show(proxyFor(new URL('https://api.example')))).toBe('http://from-process-env:3128');
    } finally {
      if (saved === undefined) delete process.env.HTTPS_PROXY;
      else process.env.HTTPS_PROXY = saved;
    }
  });
});
