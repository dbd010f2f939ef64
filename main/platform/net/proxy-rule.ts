// SPDX-License-Identifier: Apache-2.0
/**
 * The one rule for which proxy the environment selects for an outgoing request, the same as Go's
 * `golang.org/x/net/http/httpproxy` (`FromEnvironment().ProxyFunc()`, behind `http.ProxyFromEnvironment`,
 * which kubectl and client-go use when a cluster has no `proxy-url`):
 *
 * - `HTTPS_PROXY` for https (and wss) targets, `HTTP_PROXY` for http (and ws) targets; the upper-case
 *   name wins over the lower-case one, and an empty value counts as unset.
 * - A value without `scheme://` means `http://`; `http`, `https`, `socks5` (and any other scheme,
 *   which the caller refuses) are kept as written.
 * - `localhost` and loopback IPs (127.0.0.0/8, ::1) are never proxied, whatever the variables say.
 * - `NO_PROXY`: a comma list of `*` (nothing is proxied), IPs and CIDRs, `[v6]:port` and `ip:port`,
 *   domain names (`foo.com` matches `foo.com` and `x.foo.com`; `.foo.com` and `*.foo.com` only
 *   subdomains), each optionally with `:port`. Malformed entries are ignored, as in Go.
 *
 * Go's refusal of HTTP_PROXY for CGI handlers (REQUEST_METHOD set) is left out: MLDeck is never one.
 * Pure: reads only the environment record it is given.
 */
import { isIP } from 'node:net';

/** An environment to read, `process.env` by default. */
export type ProxyEnv = Readonly<Record<string, string | undefined>>;

/** Go's getEnvAny: the first name with a non-empty value. */
function envAny(env: ProxyEnv, ...names: string[]): string {
  for (const n of names) {
    const v = env[n];
    if (v) return v;
  }
  return '';
}

/** Go's parseProxy: a value without a scheme is an http proxy; unparsable values are ignored. */
function parseProxy(value: string): URL | undefined {
  if (value === '') return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`;
  try {
    return new URL(withScheme);
  } catch {
    return undefined;
  }
}

/** An IP as bytes (IPv4-mapped IPv6 folded to IPv4, as Go's To4 does), or undefined for a name. */
function ipBytes(text: string): number[] | undefined {
  const family = isIP(text);
  if (family === 4) return text.split('.').map(Number);
  if (family !== 6) return undefined;
  let s = text;
  const tail: number[] = [];
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(s);
  if (v4?.[1]) {
    const parts = v4[1].split('.').map(Number);
    tail.push(((parts[0] ?? 0) << 8) | (parts[1] ?? 0), ((parts[2] ?? 0) << 8) | (parts[3] ?? 0));
    s = s.slice(0, -v4[1].length);
    if (!s.endsWith('::')) s = s.slice(0, -1);
  }
  const [head = '', rest] = s.split('::');
  const hs = head === '' ? [] : head.split(':').map((h) => parseInt(h, 16));
  const rs = rest === undefined || rest === '' ? [] : rest.split(':').map((h) => parseInt(h, 16));
  const fill = 8 - tail.length - hs.length - rs.length;
  const words = [...hs, ...Array<number>(rest === undefined ? 0 : fill).fill(0), ...rs, ...tail];
  const bytes = words.flatMap((w) => [(w >> 8) & 0xff, w & 0xff]);
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? bytes.slice(12) : bytes;
}

function isLoopback(ip: number[]): boolean {
  if (ip.length === 4) return ip[0] === 127;
  return ip.slice(0, 15).every((b) => b === 0) && ip[15] === 1;
}

function sameIp(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Go's net.SplitHostPort: host without brackets and port, or undefined when there is no port. */
function splitHostPort(s: string): { host: string; port: string } | undefined {
  if (s.startsWith('[')) {
    const end = s.indexOf(']');
    if (end < 0 || s[end + 1] !== ':') return undefined;
    const port = s.slice(end + 2);
    if (port.includes(':')) return undefined;
    return { host: s.slice(1, end), port };
  }
  const i = s.lastIndexOf(':');
  if (i < 0 || s.slice(0, i).includes(':') || s.includes('[') || s.includes(']')) return undefined;
  return { host: s.slice(0, i), port: s.slice(i + 1) };
}

type Matcher = (host: string, port: string, ip: number[] | undefined) => boolean;

/** The NO_PROXY matchers, split as Go does into IP matchers and domain matchers. */
interface NoProxy {
  all: boolean;
  ip: Matcher[];
  domain: Matcher[];
}

function cidrMatcher(entry: string): Matcher | undefined {
  const slash = entry.indexOf('/');
  if (slash < 0) return undefined;
  const net = ipBytes(entry.slice(0, slash));
  const bitsText = entry.slice(slash + 1);
  if (!net || !/^\d{1,3}$/.test(bitsText)) return undefined;
  // A v4 prefix written in a v6 form (::ffff:a.b.c.d/n) is not folded by Go's ParseCIDR.
  const width = isIP(entry.slice(0, slash)) === 6 ? 128 : 32;
  const bits = Number(bitsText) - (width === 128 && net.length === 4 ? 96 : 0);
  if (Number(bitsText) > width || bits < 0) return undefined;
  return (_host, _port, ip) => {
    if (!ip || ip.length !== net.length) return false;
    for (let b = 0; b < bits; b++) {
      const mask = 0x80 >> (b % 8);
      if (((ip[b >> 3] ?? 0) & mask) !== ((net[b >> 3] ?? 0) & mask)) return false;
    }
    return true;
  };
}

function parseNoProxy(value: string): NoProxy {
  const out: NoProxy = { all: false, ip: [], domain: [] };
  for (const raw of value.split(',')) {
    const p = raw.trim().toLowerCase();
    if (p === '') continue;
    if (p === '*') return { all: true, ip: [], domain: [] };
    const cidr = cidrMatcher(p);
    if (cidr) {
      out.ip.push(cidr);
      continue;
    }
    const split = splitHostPort(p);
    let phost = split ? split.host : p;
    const pport = split ? split.port : '';
    if (split && phost === '') continue;
    const pip = ipBytes(phost);
    if (pip) {
      out.ip.push((_host, port, ip) => ip !== undefined && sameIp(pip, ip) && (pport === '' || pport === port));
      continue;
    }
    if (phost === '') continue;
    if (phost.startsWith('*.')) phost = phost.slice(1);
    const matchHost = !phost.startsWith('.');
    if (matchHost) phost = `.${phost}`;
    phost = toAscii(phost);
    const suffix = phost;
    out.domain.push((host, port) => (host.endsWith(suffix) || (matchHost && host === suffix.slice(1))) && (pport === '' || pport === port));
  }
  return out;
}

/** IDNA to ASCII for a name (`.示例.com` → `.xn--fsq092h.com`), as the URL parser does for hosts. */
function toAscii(name: string): string {
  if ([...name].every((c) => c.charCodeAt(0) < 0x80)) return name;
  const lead = name.startsWith('.') ? '.' : '';
  try {
    return lead + new URL(`http://${name.slice(lead.length)}`).hostname;
  } catch {
    return name;
  }
}

const DEFAULT_PORTS: Readonly<Record<string, string>> = { 'http:': '80', 'https:': '443', 'socks5:': '1080', 'ws:': '80', 'wss:': '443' };

/** Go's useProxy for a host (no brackets) and port. */
function useProxy(hostname: string, port: string, noProxy: NoProxy): boolean {
  if (hostname === 'localhost') return false;
  const ip = ipBytes(hostname);
  if (ip && isLoopback(ip)) return false;
  const host = hostname.trim().toLowerCase();
  if (noProxy.all) return false;
  if (ip && noProxy.ip.some((m) => m(host, port, ip))) return false;
  return !noProxy.domain.some((m) => m(host, port, ip));
}

/**
 * The proxy the environment selects for a request, or undefined for a direct connection.
 * @param target - the request URL (http, https, ws or wss; other schemes are never proxied)
 * @param env - the environment to read; `process.env` by default
 * @returns the proxy URL as written (scheme `http:` when none was given), or undefined
 */
export function proxyFor(target: URL, env: Record<string, string | undefined> = process.env): URL | undefined {
  const scheme = target.protocol;
  let value: string;
  if (scheme === 'https:' || scheme === 'wss:') value = envAny(env, 'HTTPS_PROXY', 'https_proxy');
  else if (scheme === 'http:' || scheme === 'ws:') value = envAny(env, 'HTTP_PROXY', 'http_proxy');
  else return undefined;
  const proxy = parseProxy(value);
  if (!proxy) return undefined;
  const hostname = target.hostname.replace(/^\[|\]$/g, '');
  const port = target.port || (DEFAULT_PORTS[scheme] ?? '');
  const noProxy = parseNoProxy(envAny(env, 'NO_PROXY', 'no_proxy'));
  return useProxy(hostname, port, noProxy) ? proxy : undefined;
}
