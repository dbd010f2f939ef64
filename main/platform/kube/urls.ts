// SPDX-License-Identifier: Apache-2.0
/**
 * URL rules for a cluster: which server and proxy URLs are accepted, and which proxy the
 * environment (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) selects when the kubeconfig names none.
 */
import { BlockList, isIP } from 'node:net';

/** A parsed URL, or the sentence saying why it was refused. */
export type UrlCheck = { ok: true; url: URL } | { ok: false; problem: string };

/**
 * Checks a cluster's `server`: an absolute http or https URL without credentials.
 * @param raw - the kubeconfig value
 */
export function parseServerUrl(raw: string | undefined): UrlCheck {
  if (!raw) return { ok: false, problem: 'the cluster has no server URL' };
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: `server "${raw}" is not a valid URL` };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, problem: `server "${raw}" must use https:// or http://, not ${url.protocol}` };
  }
  if (url.username || url.password) return { ok: false, problem: 'the server URL must not contain a user name or password' };
  if (url.search || url.hash) return { ok: false, problem: `server "${raw}" must not have a query or fragment` };
  return { ok: true, url };
}

/**
 * Checks a `proxy-url` (or environment proxy): http or https CONNECT proxies only.
 * Messages never repeat the URL, which may hold a proxy password.
 * @param raw - the configured value
 */
export function parseProxyUrl(raw: string): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    return { ok: false, problem: 'proxy-url is not a valid URL' };
  }
  if (url.protocol.startsWith('socks')) {
    return {
      ok: false,
      problem: `proxy-url uses ${url.protocol.slice(0, -1)}, which MLDeck does not support; use an HTTP or HTTPS proxy`,
    };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { ok: false, problem: `proxy-url scheme ${url.protocol} is not supported; use http:// or https://` };
  }
  return { ok: true, url };
}

function envValue(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  return env[name] ?? env[name.toLowerCase()];
}

function bypassed(host: string, port: string, noProxy: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  for (const raw of noProxy.split(',')) {
    const entry = raw.trim().toLowerCase();
    if (entry === '') continue;
    if (entry === '*') return true;
    const slash = entry.indexOf('/');
    if (slash > 0 && isIP(bare) !== 0) {
      const net = entry.slice(0, slash);
      const family = isIP(net) === 6 ? 'ipv6' : 'ipv4';
      const prefix = Number(entry.slice(slash + 1));
      const list = new BlockList();
      try {
        list.addSubnet(net, prefix, family);
        if (list.check(bare, isIP(bare) === 6 ? 'ipv6' : 'ipv4')) return true;
      } catch {
        /* a malformed CIDR entry matches nothing */
      }
      continue;
    }
    const m = /^(.*?)(?::(\d+))?$/.exec(entry);
    const name = (m?.[1] ?? entry).replace(/^\*?\./, '');
    if (m?.[2] && m[2] !== port) continue;
    if (bare === name || bare.endsWith(`.${name}`)) return true;
  }
  return false;
}

/**
 * The proxy the environment selects for a target, as Go's ProxyFromEnvironment does: HTTPS_PROXY
 * for https, HTTP_PROXY for http, nothing for loopback hosts or NO_PROXY matches (names, `.suffix`,
 * `*`, CIDRs, optional `:port`). Upper-case names win over lower-case ones.
 * @param target - the server URL
 * @param env - the environment to read
 * @returns the raw proxy value, or undefined for a direct connection
 */
export function proxyFromEnv(target: URL, env: Readonly<Record<string, string | undefined>>): string | undefined {
  const host = target.hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || /^127\./.test(host) || host === '::1') return undefined;
  const raw = target.protocol === 'https:' ? envValue(env, 'HTTPS_PROXY') : envValue(env, 'HTTP_PROXY');
  if (!raw) return undefined;
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  const noProxy = envValue(env, 'NO_PROXY');
  if (noProxy && bypassed(host, port, noProxy)) return undefined;
  return raw;
}
