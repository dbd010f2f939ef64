// SPDX-License-Identifier: Apache-2.0
/**
 * URL rules for a cluster: which server and proxy URLs are accepted. Which proxy the environment
 * selects when the kubeconfig names none is the one proxy rule, `main/platform/net/proxy-rule.ts`.
 */

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

/** The proxy schemes a cluster connection can use (client-go: http, https, socks5; and socks5h). */
const PROXY_SCHEMES = new Set(['http:', 'https:', 'socks5:', 'socks5h:']);

/**
 * Checks a `proxy-url` (or environment proxy): an HTTP(S) CONNECT proxy or a SOCKS5 proxy.
 * Messages never repeat the URL, which may hold a proxy password.
 * @param raw - the configured value
 * @param what - the name of the setting, for messages
 */
export function parseProxyUrl(raw: string, what = 'proxy-url'): UrlCheck {
  let url: URL;
  try {
    url = new URL(raw.includes('://') ? raw : `http://${raw}`);
  } catch {
    return { ok: false, problem: `${what} is not a valid URL` };
  }
  if (!PROXY_SCHEMES.has(url.protocol)) {
    return { ok: false, problem: `${what} scheme ${url.protocol} is not supported; use http://, https://, socks5:// or socks5h://` };
  }
  if (url.hostname === '') return { ok: false, problem: `${what} names no host` };
  return { ok: true, url };
}
