// SPDX-License-Identifier: Apache-2.0
/**
 * Browser-mode access control: a random token that the page carries from its URL into the
 * WebSocket subprotocol, compared in constant time, and an exact Origin check.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';

/** The subprotocol prefix that carries the token (browsers cannot set WebSocket headers). */
export const tokenProtocolPrefix = 'mldeck.token.';

/** A fresh 32-byte token, hex-encoded (legal in a subprotocol). */
export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/** Does the comma-separated Sec-WebSocket-Protocol header carry this token? */
export function protocolHasToken(header: string | undefined, token: string): boolean {
  if (!header) return false;
  const want = Buffer.from(token);
  for (const raw of header.split(',')) {
    const p = raw.trim();
    if (!p.startsWith(tokenProtocolPrefix)) continue;
    const got = Buffer.from(p.slice(tokenProtocolPrefix.length));
    if (got.length === want.length && timingSafeEqual(got, want)) return true;
  }
  return false;
}

/** Is this Origin header exactly the host's own origin? */
export function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return false;
  let parsed: URL;
  try {
    parsed = new URL(origin);
  } catch {
    return false;
  }
  return allowed.includes(parsed.origin) && parsed.origin === origin;
}
