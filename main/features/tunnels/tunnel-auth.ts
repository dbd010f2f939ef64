// SPDX-License-Identifier: Apache-2.0
/**
 * Who may use a loopback tunnel: a request whose Host is the tunnel's own address (so a page
 * that rebinds its DNS name to 127.0.0.1 is refused) and that carries the tunnel's token, on the
 * token path (`/.mldeck-tunnel/<token>/…`, answered with a cookie scoped to this tunnel by its
 * name and a redirect to the rest of the path) or in that cookie. The cookie is HttpOnly and
 * SameSite=Strict, and is taken out of the request before it is forwarded.
 */
import { timingSafeEqual } from 'node:crypto';

/** The path prefix of the link that carries the token. */
export const tokenPathPrefix = '/.mldeck-tunnel/';

/** The cookie of one tunnel. */
export function cookieName(id: string): string {
  return `mldeck_tunnel_${id}`;
}

/** What to do with a request. */
export type TunnelDecision =
  | { kind: 'forward'; cookie: string | undefined }
  | { kind: 'set-cookie'; setCookie: string; location: string }
  | { kind: 'refuse'; status: 403 | 421; reason: string };

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The value of one cookie in a Cookie header. */
export function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return undefined;
}

/** The Cookie header without MLDeck's tunnel cookies (undefined when nothing is left). */
export function withoutTunnelCookies(header: string | undefined): string | undefined {
  const kept = (header ?? '')
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p && !p.startsWith('mldeck_tunnel_'));
  return kept.length ? kept.join('; ') : undefined;
}

/**
 * Decides about one request to a loopback tunnel.
 * @param port - the tunnel's port (Host must be `127.0.0.1:<port>` or `localhost:<port>`)
 */
export function decide(id: string, token: string, port: number, req: { url?: string; host?: string; cookie?: string }): TunnelDecision {
  const host = (req.host ?? '').toLowerCase();
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
    return { kind: 'refuse', status: 421, reason: `This MLDeck tunnel answers only to 127.0.0.1:${port}, not to "${req.host ?? ''}".` };
  }
  const url = req.url ?? '/';
  if (url.startsWith(tokenPathPrefix)) {
    const rest = url.slice(tokenPathPrefix.length);
    const end = rest.search(/[/?#]/);
    const given = end === -1 ? rest : rest.slice(0, end);
    if (!same(given, token)) return { kind: 'refuse', status: 403, reason: 'This link does not carry the tunnel’s token.' };
    const after = end === -1 ? '/' : rest.slice(end);
    return {
      kind: 'set-cookie',
      setCookie: `${cookieName(id)}=${token}; Path=/; HttpOnly; SameSite=Strict`,
      location: after.startsWith('/') ? after : `/${after}`,
    };
  }
  const cookie = cookieValue(req.cookie, cookieName(id));
  if (!cookie || !same(cookie, token)) {
    return {
      kind: 'refuse',
      status: 403,
      reason: 'This MLDeck tunnel needs its token: open it from MLDeck’s Tunnels page (the link carries the token). Nothing was forwarded.',
    };
  }
  return { kind: 'forward', cookie: withoutTunnelCookies(req.cookie) };
}
